"""Find one submission per learner in a folder or an archive of submissions.

Three layouts are recognised, entry by entry, under the given folder:

* nbgrader collect: ``[submitted/]<student>/<case>/*.ipynb`` (with nbgrader's ``timestamp.txt``);
* nbgrader exchange inbound: ``<student>+<case>+<timestamp>[+…]/*.ipynb`` (the latest one counts);
* plain: ``<student>/*.ipynb``, one folder per learner.

A learner folder without notebooks is still a submission (every notebook then scores 0 with a
message), so nobody silently drops out of the gradebook.
"""

from __future__ import annotations

import hashlib
import shutil
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

_ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path  # the folder holding this learner's notebooks
    layout: str  # "collect", "exchange" or "plain"
    timestamp: str = ""

    def fingerprint(self) -> str:
        """Hash of the submitted files' names and bytes: a changed resubmission is graded again."""
        digest = hashlib.sha256()
        if self.path.is_dir():
            for file in sorted(self.path.rglob("*")):
                if file.is_file() and ".ipynb_checkpoints" not in file.parts:
                    digest.update(str(file.relative_to(self.path)).encode() + b"\0")
                    digest.update(file.read_bytes() + b"\0")
        digest.update(self.timestamp.encode())
        return digest.hexdigest()


def is_archive(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(_ARCHIVES)


def extract_archive(archive: Path, target: Path) -> Path:
    """Unpack ``archive`` into ``target`` (emptied first); members may not leave ``target``."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    if archive.name.lower().endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            root = target.resolve()
            for member in zf.namelist():
                if not (target / member).resolve().is_relative_to(root):
                    raise ValueError(f"{archive.name}: member {member!r} leaves the folder")
            zf.extractall(target)
    else:
        with tarfile.open(archive) as tf:
            tf.extractall(target, filter="data")  # refuses absolute paths, '..' and device files
    # An archive of one folder (the usual "zip the submissions folder") is that folder.
    entries = [p for p in target.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir() and not list(entries[0].glob("*.ipynb")):
        return entries[0]
    return target


def _visible_dirs(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "__MACOSX"))
    )


def _timestamp(folder: Path) -> str:
    stamp = folder / "timestamp.txt"
    return stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else ""


def find_submissions(folder: Path, case_id: str) -> list[Submission]:
    """One :class:`Submission` per learner under ``folder``, sorted by student id."""
    if (folder / "submitted").is_dir() and not list(folder.glob("*.ipynb")):
        folder = folder / "submitted"  # an nbgrader course root
    if (folder / "inbound").is_dir():
        folder = folder / "inbound"  # an nbgrader exchange course folder
    found: dict[str, Submission] = {}
    for entry in _visible_dirs(folder):
        parts = entry.name.split("+")
        if len(parts) >= 3:
            if parts[1] != case_id:
                continue
            sub = Submission(parts[0], entry, "exchange", parts[2])
            previous = found.get(sub.student)
            if previous is None or previous.timestamp < sub.timestamp:
                found[sub.student] = sub  # nbgrader timestamps sort as text
        elif (entry / case_id).is_dir():
            found[entry.name] = Submission(
                entry.name, entry / case_id, "collect", _timestamp(entry / case_id)
            )
        elif list(entry.glob("*.ipynb")) or not _visible_dirs(entry):
            found[entry.name] = Submission(entry.name, entry, "plain", _timestamp(entry))
        # else: a learner folder holding only other assignments: not part of this case's batch
    return [found[student] for student in sorted(found)]
