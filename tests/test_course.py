"""The course's gradebooks: new ones are stamped as nbgrader itself would stamp them."""

import sqlite3
import subprocess
import sys
from pathlib import Path

from dxquest.course import open_gradebook


def test_a_new_gradebook_carries_the_migration_head_nbgrader_asks_alembic_for(tmp_path):
    # What nbgrader's own lookup asks: the alembic command, with nbgrader's alembic.ini.
    from nbgrader.dbutil import _temp_alembic_ini

    with _temp_alembic_ini("sqlite:///unused.db") as ini:
        asked = subprocess.run(
            [Path(sys.executable).with_name("alembic"), "-c", ini, "heads"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[0]
    path = tmp_path / "gradebook.db"
    with open_gradebook(f"sqlite:///{path}") as gb:
        gb.add_student("hanako")
    with sqlite3.connect(path) as db:
        [(stamped,)] = db.execute("SELECT version_num FROM alembic_version").fetchall()
    assert asked and stamped == asked
    # nbgrader opens it again as one of its own (an unknown stamp would make its upgrade fail).
    with open_gradebook(f"sqlite:///{path}") as gb:
        assert [s.id for s in gb.students] == ["hanako"]
