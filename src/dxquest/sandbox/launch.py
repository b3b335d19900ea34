"""The kernel launcher behind the ``dxquest-sandbox`` kernelspec (runs outside the sandbox).

jupyter_client starts ``python -m dxquest.sandbox.launch GRADER_PID CONNECTION_FILE [kernel
args]``. This process builds the sandbox from the :class:`~dxquest.sandbox.policy.Policy` in its
environment, starts the kernel inside it through :mod:`dxquest.sandbox.boot`, and kills it when
the wall-clock limit is reached. bubblewrap runs in its own session, so jupyter_client's SIGINT to
this process group reaches only the launcher, which forwards it to the kernel (bubblewrap would
die of it).

bubblewrap's own process is the init of the sandbox's PID namespace and the kernel its child: when
the grader, this launcher or bubblewrap goes, the init goes and the kernel takes every process of
the namespace with it (a kernel that is itself the init would lose its parent-death signal with its
change of user, and survive).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from dxquest.parent_death import die_with_parent
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
        "--hostname",
        "sandbox",
        "--die-with-parent",
        "--clearenv",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        # tmpfs first: later binds may sit inside /tmp (e.g. a virtualenv there).
        "--size",
        str(policy.limits.tmp_bytes),
        "--tmpfs",
        "/tmp",
        "--size",
        str(policy.limits.tmp_bytes),
        "--tmpfs",
        HOME,
        "--chdir",
        HOME,
    ]
    if os.geteuid() != 0:
        args.append("--unshare-user")
    for folder in SYSTEM_DIRS:
        args += ["--ro-bind-try", folder, folder]
    for folder in policy.readonly:
        args += _parents(folder) + ["--ro-bind", folder, folder]
    for staged, real in policy.mounts:  # the kernel's view hides the real library
        args += _parents(real) + ["--ro-bind", staged, real]
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
        return (
            bubblewrap_args(policy, _private_connection_dir(connection_file, uid)) + ["--"] + boot
        )
    if os.geteuid() == 0:
        _private_connection_dir(connection_file, uid)
    return boot


def _sandbox_init_pid(info: int) -> int | None:
    """The pid, as seen from here, of the sandbox's init (bubblewrap reports it on --info-fd)."""
    with os.fdopen(info) as stream:
        try:
            return int(json.loads(stream.read() or "{}")["child-pid"])
        except (ValueError, KeyError):
            return None


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _interrupt(kernel: subprocess.Popen, init_pid: int | None) -> None:
    """SIGINT to the kernel: the init's children inside the sandbox, the child itself without."""
    for pid in _children(init_pid) if init_pid else [kernel.pid]:
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            pass


def _relay_stderr(stream, budget: int = 64 * 2**10) -> None:
    """Pass the kernel's log on to the grader's, up to a budget: a kernel (or a fork bomb of
    kernels) writing errors without end must not fill the grader's log."""
    for line in stream:
        if budget > 0:
            sys.stderr.buffer.write(line[:budget])
            sys.stderr.flush()
        budget -= len(line)


def main(argv: list[str]) -> int:
    # A grader killed with SIGKILL cannot stop its kernels: they go with this launcher instead.
    die_with_parent(int(argv[0]))
    connection_file = Path(argv[1]).resolve()
    policy = Policy.from_env()
    command = kernel_command(policy, connection_file, argv[2:])
    sandboxed = policy.level is IsolationLevel.BUBBLEWRAP
    # Without bubblewrap the kernel gets the policy's environment and a folder of its own here.
    env = None if sandboxed else {"HOME": str(connection_file.parent), **policy.env}
    info_read, info_write = os.pipe() if sandboxed else (None, None)
    if sandboxed:
        command = command[:1] + ["--info-fd", str(info_write)] + command[1:]
    # The kernel's banner is not the grader's output; its errors reach the notebook.
    kernel = subprocess.Popen(
        command,
        env=env,
        cwd=None if sandboxed else str(connection_file.parent),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        pass_fds=(info_write,) if sandboxed else (),
    )
    init_pid = None
    if sandboxed:
        os.close(info_write)
        init_pid = _sandbox_init_pid(info_read)
    threading.Thread(target=_relay_stderr, args=(kernel.stderr,), daemon=True).start()
    signal.signal(signal.SIGINT, lambda *_: _interrupt(kernel, init_pid))
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
