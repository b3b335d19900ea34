"""Does a roster saved by (Japanese) Excel put every learner's names and e-mail in the gradebook,
and does a bad roster change nothing and say which rows to fix?"""

import pytest
from click.testing import CliRunner
from nbgrader.api import Gradebook
from support.gradebooks import copy_gradebook

from dxquest.cli import main
from dxquest.cohort.roster import RosterError, import_roster

ROSTER = (
    "id（受講者ID）,last_name（姓）,first_name（名）,email（メールアドレス）\r\n"
    "aiko,佐藤,愛子,Aiko.Sato@example.jp\r\n"
    'ken-2,"高橋, Jr.",健,ken@example.jp\r\n'
)


def _students(db_url: str) -> dict[str, tuple]:
    with Gradebook(db_url) as gb:
        return {s.id: (s.last_name, s.first_name, s.email) for s in gb.students}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_names_and_e_mail_arrive_whichever_way_excel_saved_the_roster(
    tmp_path, build_dir, forecast_template, encoding
):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ROSTER.encode(encoding))
    db_url = copy_gradebook(forecast_template, tmp_path / "gradebook.db")
    result = import_roster(roster, lang="en", db_url=db_url)
    assert result.added == ["aiko", "ken-2"] and result.updated == []
    assert _students(db_url) == {
        "aiko": ("佐藤", "愛子", "Aiko.Sato@example.jp"),
        "ken-2": ("高橋, Jr.", "健", "ken@example.jp"),
    }


def test_importing_again_updates_the_columns_it_has_and_removes_nobody(
    tmp_path, build_dir, forecast_template
):
    db_url = copy_gradebook(forecast_template, tmp_path / "gradebook.db")
    (tmp_path / "first.csv").write_text(ROSTER, encoding="utf-8")
    import_roster(tmp_path / "first.csv", lang="en", db_url=db_url)
    (tmp_path / "again.csv").write_text("受講者ID,メールアドレス\nken-2,k.t@example.jp\nmio,\n")
    result = import_roster(tmp_path / "again.csv", lang="en", db_url=db_url)
    assert result.added == ["mio"] and result.updated == ["ken-2"]
    assert _students(db_url) == {
        "aiko": ("佐藤", "愛子", "Aiko.Sato@example.jp"),
        "ken-2": ("高橋, Jr.", "健", "k.t@example.jp"),
        "mio": (None, None, None),
    }


def test_every_bad_row_is_named_in_both_languages_and_nothing_is_imported(
    tmp_path, build_dir, forecast_template
):
    db_url = copy_gradebook(forecast_template, tmp_path / "gradebook.db")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,last_name,first_name,email\n"
        "aiko,佐藤,愛子,aiko@example.jp\n"  # fine, yet not imported: the roster has problems
        ",山田,花子,hanako@example.jp\n"
        "ken/2,高橋,健,ken@example.jp\n"
        "aiko,佐藤,愛子,aiko@example.jp\n"
        "mio,小林,澪,mio-at-example.jp\n"
        "sora,田中,空,sora@example.jp,extra\n",
        encoding="utf-8",
    )
    with pytest.raises(RosterError) as caught:
        import_roster(roster, lang="en", db_url=db_url)
    en = [p.en for p in caught.value.problems]
    ja = [p.ja for p in caught.value.problems]
    assert en == [
        "Row 3: the learner id is empty.",
        "Row 4: learner id 'ken/2' cannot be used (letters, digits, '.', '_' or '-', at most 64, "
        "starting with a letter or digit).",
        "Row 5: learner id aiko is on row 2 too.",
        "Row 6: e-mail 'mio-at-example.jp' is not an e-mail address.",
        "Row 7: more cells than headers (extra). Quote a name that holds a comma.",
    ]
    assert (
        ja[0] == "3行目：受講者IDが空です。"
        and ja[2] == "5行目：受講者ID aiko は 2行目にもあります。"
    )
    assert _students(db_url) == {}


def test_the_command_prints_the_problems_in_the_cohorts_language_and_exits_1(
    tmp_path, build_dir, forecast_template
):
    db_url = copy_gradebook(forecast_template, tmp_path / "gradebook.db")
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\n佐藤,aiko@example.jp\n", encoding="utf-8")
    command = ["cohort", "roster", "import", str(roster), "--db-url", db_url]
    bad = CliRunner().invoke(main, command)
    assert bad.exit_code == 1 and "何も変更していません" in bad.output
    assert "id（受講者ID）の列がありません" in bad.output
    roster.write_text(ROSTER, encoding="utf-8")
    good = CliRunner().invoke(main, [*command, "--lang", "en"])
    assert good.exit_code == 0 and "Roster imported: 2 added, 0 updated" in good.output
