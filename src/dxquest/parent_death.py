"""Processes that must not outlive the one that started them (Linux)."""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Receive SIGKILL when the parent exits, and exit now if it already has.

    The request is cleared by a change of user, so a process that changes its user asks again
    afterwards. ``parent_pid`` is the parent as the caller knew it before asking: if the parent
    died in between, the request came too late and the caller exits at once.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent_pid:
        os._exit(1)
