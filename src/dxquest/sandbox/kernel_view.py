"""The part of the kit a graded kernel can see: the learner-facing modules, nothing of the grader.

A graded kernel imports the kit's library to load its data and run the public checks. Mounting the
whole library would put every case's reference solution, oracle, generator and marking one import
(or one file read) away from learner code. Instead the grader stages a *view*: a copy of the
library holding only :data:`KERNEL_LIBRARY` and each case package's ``[kernel] modules``
(``case.toml``), mounted read-only where the library and the case package live, so the real ones
are hidden behind it. Modules outside the view do not exist for learner code, by any import,
attribute path or file read.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import dxquest
from dxquest import paths
from dxquest.caseinfo import CaseInfo

KERNEL_LIBRARY = (
    "__init__.py",
    "paths.py",
    "i18n.py",
    "parent_death.py",
    "threads.py",
    "caseinfo.py",
    "answers.py",
    "grader_channel.py",
    "public_data.py",
    "exercise.py",
    "hints.py",
    "sandbox/__init__.py",
    "sandbox/policy.py",
    "sandbox/kernel_view.py",
    "sandbox/boot.py",
    "sandbox/fonts.py",
    "synth/__init__.py",
    "synth/tables.py",
    "synth/*_tables.py",
    "synth/printing_standards.py",
)
"""Library files (globs relative to the package) a kernel needs: the question runtime, the data
readers, the published standards learners compute features with, the kernel's boot code. No
generator, reference, oracle, marking or secret."""


def library_dir() -> Path:
    return Path(dxquest.__file__).resolve().parent


def case_package_dir(case: CaseInfo) -> Path:
    spec = importlib.util.find_spec(case.python_module)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"case {case.id}: no package {case.python_module}")
    return Path(list(spec.submodule_search_locations)[0]).resolve()


def view_files(case: CaseInfo) -> dict[Path, Path]:
    """The files of the view, as target (real location) → source."""
    library = library_dir()
    files = {p: p for pattern in KERNEL_LIBRARY for p in sorted(library.glob(pattern))}
    package = case_package_dir(case)
    for module in case.kernel_modules:
        source = package / f"{module}.py"
        if not source.is_file():
            raise FileNotFoundError(f"case {case.id}: kernel module {module} ({source}) not found")
        files[source] = source
    return files


@dataclass(frozen=True)
class KernelView:
    """A staged view: ``import_roots`` go first on the kernel's ``sys.path``; ``mounts`` (staged
    folder → real folder) hide the real library and case package behind the view in the sandbox."""

    root: Path
    import_roots: tuple[Path, ...]
    mounts: tuple[tuple[Path, Path], ...]


def stage_kernel_view(case: CaseInfo) -> KernelView:
    """Copy the view's files under the build folder, ``<root>/<n>/<package name>/...`` for the
    library (0) and, when it lives outside the library, the case package (1).

    The staged folder is named by a digest of the files' contents, so a view is built once per
    version of the kit and shared by every kernel of a cohort."""
    files = view_files(case)
    digest = hashlib.sha256()
    for real in sorted(files):
        digest.update(str(real).encode() + b"\0" + real.read_bytes())
    root = paths.build_dir() / "kernel-views" / digest.hexdigest()[:16]
    library, package = library_dir(), case_package_dir(case)
    homes = [library] + ([] if package.is_relative_to(library) else [package])
    staged = [root / str(i) / home.name for i, home in enumerate(homes)]
    if not root.is_dir():
        # Staged apart and renamed into place: cohort workers may stage the same view at once.
        partial = root.with_name(f"{root.name}.{os.getpid()}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        for real in files:
            i = next(i for i, home in enumerate(homes) if real.is_relative_to(home))
            target = partial / str(i) / homes[i].name / real.relative_to(homes[i])
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(real, target)
        try:
            partial.rename(root)
        except OSError:  # another process staged it first: the same files
            shutil.rmtree(partial, ignore_errors=True)
    return KernelView(
        root,
        tuple(folder.parent for folder in staged),
        tuple(zip(staged, homes, strict=True)),
    )
