"""First code inside the sandbox: apply the limits, drop to the sandbox user, become the kernel.

Limits are set here rather than in the launcher so that bubblewrap itself is not bound by them;
everything the kernel starts inherits them and cannot raise them again.
"""

from __future__ import annotations

import json
import os
import resource
import sys

from dxquest.parent_death import die_with_parent
from dxquest.sandbox.fonts import install_font_list
from dxquest.sandbox.policy import Limits


def apply_limits(limits: Limits, uid: int) -> None:
    for which, value in (
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_AS, limits.memory_bytes),
        (resource.RLIMIT_FSIZE, limits.file_bytes),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
    ):
        resource.setrlimit(which, (value, value))
    if os.geteuid() == 0:
        # RLIMIT_NPROC counts the processes of the real user and is ignored for root: drop first.
        parent = os.getppid()
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        die_with_parent(parent)  # the change of user cleared bubblewrap's --die-with-parent
    # A non-root grader shares its user's process count; the limit then allows for its processes.
    own = 0 if os.getuid() == uid else _processes_of_this_user()
    resource.setrlimit(resource.RLIMIT_NPROC, (own + limits.processes, own + limits.processes))


def _processes_of_this_user() -> int:
    uid = os.getuid()
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                count += os.stat(f"/proc/{entry}").st_uid == uid
            except OSError:
                pass
    return count


def main(argv: list[str]) -> None:
    policy_json, uid, connection_file, *kernel_args = argv
    apply_limits(Limits(**json.loads(policy_json)["limits"]), int(uid))
    if "MPLCONFIGDIR" in os.environ:  # as the sandbox user, who must be able to rewrite it
        install_font_list(os.environ["MPLCONFIGDIR"])
    os.execv(
        sys.executable,
        [sys.executable, "-m", "ipykernel_launcher", "-f", connection_file, *kernel_args],
    )


if __name__ == "__main__":
    main(sys.argv[1:])
