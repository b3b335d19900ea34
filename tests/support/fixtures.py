"""Fixtures of the cohort stages' tests: a released case, a real PostgreSQL, filled gradebooks.

The stages' tests live in several folders (mirroring ``dxquest.cohort``, ``dxquest.peer``, …), each
importing these into its ``conftest.py``. pytest then holds one fixture per folder, so what is
costly (a PostgreSQL server, a release, alembic creating a gradebook) is made once per session
here and shared, not once per folder.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dxquest.caseinfo import get_case
from dxquest.release import ensure_release
from support.gradebooks import GradeCellSpec, empty_gradebook, grade_cells, sqlite_url
from support.learners import LANG

_POSTGRES_URL = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def case(build_dir):
    """demand_forecast released in English once for every cohort test."""
    case = get_case("demand_forecast")
    ensure_release(case, LANG)
    return case


# --- PostgreSQL: a throwaway server of the machine's own installation ---------------------------


def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))  # Debian keeps it off PATH
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url(request) -> str:
    """URL of a fresh PostgreSQL server, started once and stopped after the session.

    PostgreSQL refuses to run as root: as root the server runs as the ``postgres`` (or
    ``nobody``) user. Where PostgreSQL is not installed the test fails, saying why: the gradebook's
    PostgreSQL path is a real part that CI must prove, never skip.
    """
    if _POSTGRES_URL not in request.config.stash:
        request.config.stash[_POSTGRES_URL] = _start_postgres(request.config)
    return request.config.stash[_POSTGRES_URL]


def _start_postgres(config: pytest.Config) -> str:
    pg_bin = _pg_bin()
    if pg_bin is None:
        pytest.fail(
            "PostgreSQL server binaries (initdb, pg_ctl) not installed; `bash run.sh test` "
            "installs them"
        )
    prefix: list[str] = []
    data = Path(tempfile.mkdtemp(prefix="dxquest-pg-"))
    if os.geteuid() == 0:
        for name in ("postgres", "nobody"):
            try:
                user = pwd.getpwnam(name)
                break
            except KeyError:
                continue
        else:
            pytest.fail("running as root and no unprivileged user for PostgreSQL")
        os.chown(data, user.pw_uid, user.pw_gid)
        prefix = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]
    port = _free_port()
    db = data / "db"
    subprocess.run(
        [
            *prefix,
            str(pg_bin / "initdb"),
            "-D",
            str(db),
            "-U",
            "dxquest",
            "--auth=trust",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *prefix,
            str(pg_bin / "pg_ctl"),
            "-D",
            str(db),
            "-l",
            str(data / "server.log"),
            "-w",
            "-o",
            f"-h 127.0.0.1 -p {port} -k {data}",
            "start",
        ],
        check=True,
        capture_output=True,
    )

    def stop() -> None:
        subprocess.run(
            [*prefix, str(pg_bin / "pg_ctl"), "-D", str(db), "-m", "immediate", "stop"],
            capture_output=True,
        )
        time.sleep(0.2)
        shutil.rmtree(data, ignore_errors=True)

    config.add_cleanup(stop)
    return f"postgresql+psycopg://dxquest@127.0.0.1:{port}/postgres"


def empty_database(server_url: str, name: str) -> str:
    """URL of database ``name``, made new and empty on the server of ``server_url`` (a test's own:
    others grade into the server's default database)."""
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


# --- gradebooks filled without kernels (badges, leaderboard, item statistics) -------------------


@pytest.fixture(scope="session")
def forecast_case():
    """demand_forecast's metadata (no release needed: its grade cells come from the sources)."""
    return get_case("demand_forecast")


@pytest.fixture(scope="session")
def forecast_cells(forecast_case) -> list[GradeCellSpec]:
    return grade_cells(forecast_case)


@pytest.fixture(scope="session")
def forecast_template(tmp_path_factory, forecast_case, forecast_cells) -> str:
    """An empty gradebook of the case, created once: creating one runs alembic (seconds)."""
    path = tmp_path_factory.getbasetemp() / "gradebook-template" / "gradebook.db"
    if not path.is_file():
        path.parent.mkdir(exist_ok=True)
        empty_gradebook(path, forecast_case, forecast_cells)
    return sqlite_url(path)
