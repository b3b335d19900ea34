"""Which build of the kit made a piece of material: the learner's data and self-check material,
the grader's cached hidden inputs and holdouts.

They are built once and kept (a folder per case, a file per cohort secret). A kit upgraded or
edited in place changes what they would be (a question's inputs, a reference's answers), so
material made by another build of the kit is made again rather than checked against: a learner's
right answer would otherwise fail a self-check built for other inputs, and the grader would cut
hidden inputs the way the old kit did.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import dxquest


@functools.cache
def fingerprint() -> str:
    """A digest of the kit's code, the text of every module of the package. A case whose code
    lives outside the package (a project's own, found through its cases folder) is not in it:
    after editing such a case's code, run ``dxquest build-data CASE``."""
    package = Path(dxquest.__file__).parent
    digest = hashlib.sha256()
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


def made_by_this_kit(checks_file: Path) -> bool:
    """Whether the self-check material ``checks_file`` exists and this build of the kit wrote it."""
    try:
        return json.loads(checks_file.read_text(encoding="utf-8")).get("kit") == fingerprint()
    except (OSError, ValueError):
        return False
