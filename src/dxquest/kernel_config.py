"""How the kernels the kit starts itself (papermill, progress, validation) talk to it.

The kernel spec declares CurveZMQ support, so jupyter_client can hand each kernel its own keys:
the traffic on the local TCP ports is encrypted, and ipykernel no longer warns at every start that
it is not ("Kernel is running over TCP without encryption", which learners read as an error).
The sandboxed grader uses IPC sockets in a private folder instead.
"""

from __future__ import annotations

from traitlets.config import Config

KERNEL_MANAGER_SETTINGS = {"transport_encryption": "auto"}


def kernel_config() -> Config:
    """Configuration for a ``NotebookClient`` (or papermill) that starts its own kernel."""
    return Config({"KernelManager": dict(KERNEL_MANAGER_SETTINGS)})
