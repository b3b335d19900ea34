"""What a graded kernel may use, and how strongly this machine can enforce it."""

from __future__ import annotations

import enum
import functools
import json
import os
import shutil
import subprocess
import sys
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dxquest import paths
from dxquest.caseinfo import CaseInfo
from dxquest.grader_channel import INPUTS_ENV
from dxquest.sandbox.fonts import FONT_LIST_ENV, font_list
from dxquest.sandbox.kernel_view import stage_kernel_view
from dxquest.threads import ONE_THREAD_ENV

#: Kernels run as an unprivileged uid from this range when the grader runs as root: one uid per
#: launcher process, so the process limit of one learner's kernel never starves another's.
SANDBOX_UIDS = range(200_000, 260_000)
ENV_VAR = "DXQUEST_SANDBOX_POLICY"


class IsolationLevel(enum.StrEnum):
    """How a graded kernel is isolated (shown in every grading report)."""

    BUBBLEWRAP = "bubblewrap"  # namespaces: no network, private filesystem view, own user
    RLIMITS = "rlimits"  # fallback: resource limits (and another user when root) only

    def describe(self) -> str:
        return {
            IsolationLevel.BUBBLEWRAP: (
                "bubblewrap: no network, private filesystem view (runtime, library and the case's "
                "public data read-only), unprivileged user, CPU/wall/memory/process/file limits"
            ),
            IsolationLevel.RLIMITS: (
                "rlimits only: CPU/wall/memory/process/file limits and an unprivileged user when "
                "run as root; NO network or filesystem isolation (install bubblewrap)"
            ),
        }[self]


@dataclass(frozen=True)
class Limits:
    """Resource limits of one graded kernel (one notebook)."""

    cpu_seconds: int = 900
    wall_seconds: int = 1200
    memory_bytes: int = 6 * 2**30  # address space: numpy/LightGBM reserve far more than they use
    processes: int = 64
    file_bytes: int = 256 * 2**20
    open_files: int = 1024
    output_bytes_per_cell: int = 1 * 2**20
    tmp_bytes: int = 512 * 2**20
    cell_seconds: int | None = None  # per-cell timeout; None keeps nbgrader_config.py's


@dataclass(frozen=True)
class Policy:
    """Everything the kernel launcher needs, passed to it through the environment."""

    level: IsolationLevel
    limits: Limits = field(default_factory=Limits)
    readonly: tuple[str, ...] = ()  # host folders the kernel may read (runtime, data, view)
    env: dict[str, str] = field(default_factory=dict)  # the kernel's whole environment
    # (staged, real) folders: the staged one is mounted read-only over the real one.
    mounts: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> str:
        payload = asdict(self)
        payload["level"] = self.level.value
        return json.dumps(payload)

    def to_env(self) -> dict[str, str]:
        return {ENV_VAR: self.to_json()}

    @classmethod
    def from_env(cls) -> Policy:
        if ENV_VAR not in os.environ:
            raise RuntimeError(
                f"{ENV_VAR} is not set: the sandboxed kernel is started by dxquest's grader only"
            )
        return cls.from_json(os.environ[ENV_VAR])

    @classmethod
    def from_json(cls, text: str) -> Policy:
        payload = json.loads(text)
        return cls(
            level=IsolationLevel(payload["level"]),
            limits=Limits(**payload["limits"]),
            readonly=tuple(payload["readonly"]),
            env=payload["env"],
            mounts=tuple(tuple(m) for m in payload["mounts"]),
        )


@functools.cache
def isolation_level() -> IsolationLevel:
    """The strongest isolation this machine supports, probed once per process.

    Warns loudly when bubblewrap is missing or cannot create namespaces here (e.g. inside a
    container without user namespaces): grading then runs with resource limits only.
    """
    bwrap = shutil.which("bwrap")
    if bwrap:
        probe = subprocess.run(
            [
                bwrap,
                "--ro-bind",
                "/",
                "/",
                "--dev",
                "/dev",
                "--unshare-net",
                "--unshare-pid",
                "--die-with-parent",
                "true",
            ],
            capture_output=True,
            text=True,
        )
        if probe.returncode == 0:
            return IsolationLevel.BUBBLEWRAP
        reason = f"bubblewrap cannot create namespaces here: {probe.stderr.strip()[:200]}"
    else:
        reason = "bubblewrap (bwrap) is not installed; on Debian/Ubuntu: apt-get install bubblewrap"
    warnings.warn(
        f"LEARNER CODE IS NOT ISOLATED: {reason}. Grading falls back to resource limits only: "
        "submissions can read files this user can read and reach the network.",
        RuntimeWarning,
        stacklevel=2,
    )
    return IsolationLevel.RLIMITS


def grading_policy(
    case: CaseInfo, limits: Limits | None = None, hidden_inputs: Path | None = None
) -> Policy:
    """The policy for grading ``case``: the runtime, the kernel's view of the kit
    (:mod:`dxquest.sandbox.kernel_view`), the case's public data and the cohort's hidden inputs
    readable; an environment with nothing of the grader's in it."""
    view = stage_kernel_view(case)
    readonly = {sys.base_prefix, sys.prefix, str(view.root), str(paths.data_dir(case.id))}
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/bin", "/bin"]),
        "HOME": "/home/learner",
        "LANG": "C.UTF-8",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "IPYTHONDIR": "/tmp/ipython",
        "DXQUEST_BUILD_DIR": str(paths.build_dir()),
        # The view first on sys.path: without bubblewrap nothing hides the real library, but
        # imports still resolve to the view.
        "PYTHONPATH": os.pathsep.join(str(p) for p in view.import_roots),
        # One thread per kernel: graders run kernels side by side on every core.
        **ONE_THREAD_ENV,
        # The sandbox has no shared memory for semaphores: joblib (under scikit-learn and
        # LightGBM) would find out at import and warn in English in the learner's feedback. It
        # runs serially either way, as the kernel has one core.
        "JOBLIB_MULTIPROCESSING": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    fonts = font_list()
    readonly.add(str(fonts.parent))
    env[FONT_LIST_ENV] = str(fonts)
    if hidden_inputs is not None:
        readonly.add(str(hidden_inputs))
        env[INPUTS_ENV] = str(hidden_inputs)
    mounts = tuple((str(staged), str(real)) for staged, real in view.mounts)
    return Policy(isolation_level(), limits or Limits(), tuple(sorted(readonly)), env, mounts)
