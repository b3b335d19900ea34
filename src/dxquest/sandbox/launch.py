"""The kernel launcher behind the ``dxquest-sandbox`` kernelspec (runs outside the sandbox).

jupyter_client starts ``python -m dxquest.sandbox.launch CONNECTION_FILE [kernel args]``. This
process builds the sandbox from the :class:`~dxquest.sandbox.policy.Policy` in its environment,
starts the kernel inside it through :mod:`dxquest.sandbox.boot`, and kills it when the wall-clock
limit is reached. bubblewrap runs in its own session, so jupyter_client's SIGINT to this process
group reaches only the launcher, which forwards it to the kernel (bubblewrap would die of it).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from dxquest.sandbox.policy import SANDBOX_UIDS, IsolationLevel, Policy

HOME = "/home/learner"
# The runtime the kernel needs beyond Python itself (shared libraries, fonts, certificates).
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc")


def bubblewrap_args(policy: Policy, connection_dir: Path) -> list[str]:
    """bwrap options: an empty root with only what the kernel needs, nothing shared."""
    args = [
        shutil.which("bwrap") or "bwrap",
        "--unshare-net",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--hostname", "sandbox",
        "--die-with-parent",
        "--as-pid-1",
        "--clearenv",
        "--proc", "/proc",
        "--dev", "/dev",
        # tmpfs first: later binds may sit inside /tmp (e.g. a virtualenv there).
        "--size", str(policy.limits.tmp_bytes), "--tmpfs", "/tmp",
        "--size", str(policy.limits.tmp_bytes), "--tmpfs", HOME,
        "--chdir", HOME,
    ]
    if os.geteuid() != 0:
        args.append("--unshare-user")
    for folder in SYSTEM_DIRS:
        args += ["--ro-bind-try", folder, folder]
    for folder in policy.readonly:
        args += _parents(folder) + ["--ro-bind", folder, folder]
    # The kernel creates its IPC sockets here; the grader connects to them from outside.
    args += _parents(str(connection_dir)) + ["--bind", str(connection_dir), str(connection_dir)]
    if os.geteuid() == 0:
        args += ["--chmod", "0777", HOME, "--chmod", "1777", "/tmp"]
    for name, value in policy.env.items():
        args += ["--setenv", name, value]
    return args


def _parents(folder: str) -> list[str]:
    """Create ``folder``'s parents traversable: bwrap would make them 0700, closed to the sandbox
    user (e.g. a Python installed under /root)."""
    args = []
    for parent in reversed(Path(folder).parents[:-1]):
        args += ["--perms", "0755", "--dir", str(parent)]
    return args


def _private_connection_dir(connection_file: Path, uid: int) -> Path:
    """The connection file's folder, made usable by the sandbox user (sockets are created there)."""
    folder = connection_file.parent
    if os.geteuid() == 0:
        os.chown(folder, uid, uid)
        os.chown(connection_file, uid, uid)
    return folder


def kernel_command(policy: Policy, connection_file: Path, kernel_args: list[str]) -> list[str]:
    uid = SANDBOX_UIDS[os.getpid() % len(SANDBOX_UIDS)] if os.geteuid() == 0 else os.getuid()
    boot = [
        sys.executable,
        "-m",
        "dxquest.sandbox.boot",
        policy.to_json(),
        str(uid),
        str(connection_file),
        *kernel_args,
    ]
    if policy.level is IsolationLevel.BUBBLEWRAP:
        return bubblewrap_args(policy, _private_connection_dir(connection_file, uid)) + ["--"] + boot
    if os.geteuid() == 0:
        _private_connection_dir(connection_file, uid)
    return boot


def _kernel_pid(info: int, child: int, level: IsolationLevel) -> int:
    """The kernel's pid as seen from here (bubblewrap reports its child's pid on --info-fd)."""
    with os.fdopen(info) as stream:
        if level is not IsolationLevel.BUBBLEWRAP:
            return child
        try:
            return int(json.loads(stream.read() or "{}").get("child-pid", child))
        except ValueError:
            return child


def _forward(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def main(argv: list[str]) -> int:
    connection_file = Path(argv[0]).resolve()
    policy = Policy.from_env()
    command = kernel_command(policy, connection_file, argv[1:])
    env = None if policy.level is IsolationLevel.BUBBLEWRAP else dict(policy.env)
    if env is not None:
        env.setdefault("HOME", str(connection_file.parent))
    cwd = None if policy.level is IsolationLevel.BUBBLEWRAP else str(connection_file.parent)
    # The kernel's banner and logs are not the grader's output; its errors reach the notebook.
    info_read, info_write = os.pipe()
    if policy.level is IsolationLevel.BUBBLEWRAP:
        command = command[:1] + ["--info-fd", str(info_write)] + command[1:]
    kernel = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
        pass_fds=(info_write,),
    )
    os.close(info_write)
    kernel_pid = _kernel_pid(info_read, kernel.pid, policy.level)
    signal.signal(signal.SIGINT, lambda *_: _forward(kernel_pid, signal.SIGINT))
    signal.signal(signal.SIGTERM, lambda *_: kernel.kill())
    try:
        return kernel.wait(timeout=policy.limits.wall_seconds)
    except subprocess.TimeoutExpired:
        kernel.kill()
        kernel.wait()
        print(
            f"dxquest sandbox: wall-clock limit of {policy.limits.wall_seconds} s reached; "
            "kernel stopped",
            file=sys.stderr,
        )
        return 137


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
