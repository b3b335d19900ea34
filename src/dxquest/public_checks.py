"""The public self-checks' material, written next to the learner's data (grader side).

For every question the grader runs the reference (or, for a model, the case's own figures of the
learner's data) on the inputs the kernel will cut from the learner's data, and stores what the
kernel needs to confirm a right answer without holding it: salted hashes of the tolerance bins
(:mod:`dxquest.answers`). A new salt each build: a digest copied from an old build confirms nothing.
The material names the build of the kit that wrote it (:mod:`dxquest.kit_build`).
"""

from __future__ import annotations

import json
import secrets

from dxquest import kit_build, paths
from dxquest.caseinfo import get_case
from dxquest.exercise import CHECKS_FILE
from dxquest.marking import case_exercises, case_marks


def write_public_checks(case_id: str) -> None:
    """Write ``public_checks.json`` into the case's data folder (the data must be built)."""
    case = get_case(case_id)
    exercises, marks = case_exercises(case), case_marks(case)
    salt = secrets.token_hex(16)
    draw = exercises.public_draw
    checks = {
        "kit": kit_build.fingerprint(),
        "salt": salt,
        "questions": {
            name: marks[name].public_material(question, draw, salt)
            for name, question in exercises.questions.items()
        },
    }
    target = paths.data_dir(case_id) / CHECKS_FILE
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(checks), encoding="utf-8")
    temporary.replace(target)  # kernels reading the file never see half of it
