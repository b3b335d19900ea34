"""How the kernels the kit starts itself (papermill, progress, validation) talk to it.

The kernel spec declares CurveZMQ support, so jupyter_client can hand each kernel its own keys:
the traffic on the local TCP ports is encrypted, and ipykernel no longer warns at every start that
it is not ("Kernel is running over TCP without encryption", which learners read as an error).
The sandboxed grader uses IPC sockets in a private folder instead.

A kernel whose notebook has run is stopped at once (``shutdown_kernel = "immediate"``: SIGKILL to
its process group) rather than asked to shut down and waited for: every output has arrived with
the last cell's reply, and the polite shutdown only waited about 0.3 s for ipykernel's own exit,
at every kernel the kit, its tests and a cohort's grading start.
"""

from __future__ import annotations

from traitlets.config import Config

KERNEL_MANAGER_SETTINGS = {"transport_encryption": "auto"}
SHUTDOWN = "immediate"


def kernel_config() -> Config:
    """Configuration for a ``NotebookClient`` (or papermill) that starts its own kernel."""
    return Config(
        {
            "KernelManager": dict(KERNEL_MANAGER_SETTINGS),
            "NotebookClient": {"shutdown_kernel": SHUTDOWN},
        }
    )
