"""Matplotlib's font list, built once by the grader and handed to every sandboxed kernel.

matplotlib keeps the list of the system's fonts in its config folder, which in the sandbox is a
fresh ``/tmp``: every kernel that imported pyplot scanned the fonts again (0.75 s on a busy
2-core machine, for each notebook of each submission). The fonts are the system's, the
same inside the sandbox (read-only there), so the grader builds the list once per process
(:func:`font_list`) and the kernel's first code copies it into its own config folder
(:func:`install_font_list`), where matplotlib finds it as if it had built it itself.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

FONT_LIST_ENV = "DXQUEST_FONT_LIST"
"""Set by the grader for the sandbox: the font list's path, readable there."""


@functools.cache
def font_list() -> Path:
    """The font list matplotlib builds on first use, built here once per process, in a folder
    the sandbox user can read and removed when the process ends."""
    from matplotlib import font_manager

    folder = Path(tempfile.mkdtemp(prefix="dxquest-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / f"fontlist-v{font_manager.FontManager.__version__}.json"
    font_manager.json_dump(font_manager.FontManager(), path)
    folder.chmod(0o755)  # the kernel runs as another user
    path.chmod(0o644)
    return path


def install_font_list(config_dir: str) -> None:
    """Inside the sandbox: copy the grader's font list (if it handed one) into ``config_dir``,
    matplotlib's config folder."""
    source = os.environ.pop(FONT_LIST_ENV, None)
    if source and os.path.isfile(source):
        os.makedirs(config_dir, exist_ok=True)
        shutil.copy(source, config_dir)
