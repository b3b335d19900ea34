"""Which due date and late policy apply to a case, and does nbgrader's plugin take them off?"""

import datetime as dt

import pytest
from nbgrader.api import Gradebook
from nbgrader.preprocessors import AssignLatePenalties

# The session's empty gradebook of demand_forecast (creating one runs alembic: seconds).
from support.fixtures import forecast_case, forecast_cells, forecast_template  # noqa: F401
from support.gradebooks import copy_gradebook

from dxquest.caseinfo import get_case
from dxquest.course_plugins import LatePenalty
from dxquest.deadlines import DAY_SECONDS, LatePolicy, late_policy, write_due_date
from dxquest.paths import COHORT_CONFIG_ENV
from dxquest.settings import CohortSettings, SettingsError, load_cohort_settings

JST = dt.timezone(dt.timedelta(hours=9))


def _settings(tmp_path, text: str) -> CohortSettings:
    path = tmp_path / "cohort.toml"
    path.write_text(text, encoding="utf-8")
    return load_cohort_settings(path)


def test_the_cohorts_case_setting_beats_its_every_case_setting_which_beats_case_toml(tmp_path):
    case = get_case("effort_prediction")  # its case.toml: 0.1 a day, at most 0.5
    assert late_policy(case, CohortSettings()) == LatePolicy(None, 0.1, 0.5)
    settings = _settings(
        tmp_path,
        "[deadline]\npenalty_per_day = 0.2\n\n[deadline.effort_prediction]\n"
        "due = 2025-07-31T23:59:00+09:00\nmax_penalty = 0.3\n",
    )
    due = dt.datetime(2025, 7, 31, 23, 59, tzinfo=JST)
    assert late_policy(case, settings) == LatePolicy(due, 0.2, 0.3)
    assert late_policy(get_case("demand_forecast"), settings) == LatePolicy(None, 0.2, 0.5)


def test_each_day_or_part_of_one_costs_its_share_up_to_the_cap():
    policy = LatePolicy(None, penalty_per_day=0.1, max_penalty=0.5)
    assert policy.penalty(10, 0) == 0
    assert policy.penalty(10, 1) == pytest.approx(1)
    assert policy.penalty(10, DAY_SECONDS) == pytest.approx(1)
    assert policy.penalty(10, DAY_SECONDS + 1) == pytest.approx(2)
    assert policy.penalty(10, 30 * DAY_SECONDS) == pytest.approx(5)
    assert policy.penalty(0, 30 * DAY_SECONDS) == 0


@pytest.mark.parametrize(
    ("text", "ja", "en"),
    [
        ("[deadline]\npenalty_per_days = 0.1\n", "知らない項目", "unknown key(s) penalty_per_days"),
        ("[deadlines]\n", "知らない項目", "unknown key(s) deadlines"),
        (
            "[deadline.effort_prediction]\ndue = 2025-07-31T23:59:00\n",
            "時差付きの日時",
            "with its offset",
        ),
        ("[deadline]\nmax_penalty = 1.5\n", "0 から 1", "a share from 0 to 1"),
    ],
)
def test_a_setting_that_cannot_apply_is_refused_in_both_languages(tmp_path, text, ja, en):
    with pytest.raises(SettingsError) as caught:
        late_policy(get_case("effort_prediction"), _settings(tmp_path, text))
    assert ja in caught.value.problem.ja and en in caught.value.problem.en


def test_the_due_date_goes_into_the_gradebook_in_utc(
    tmp_path,
    monkeypatch,
    forecast_template,  # noqa: F811 (the fixture imported above)
):
    db_url = copy_gradebook(forecast_template, tmp_path / "gradebook.db")
    cohort = tmp_path / "cohort.toml"
    monkeypatch.setenv(COHORT_CONFIG_ENV, str(cohort))
    cohort.write_text("[deadline.demand_forecast]\ndue = 2025-07-31T23:59:00+09:00\n")
    write_due_date(db_url, get_case("demand_forecast"))
    with Gradebook(db_url) as gb:
        assert gb.find_assignment("demand_forecast").duedate == dt.datetime(2025, 7, 31, 14, 59)
    cohort.write_text("")  # the operator removed the due date: nothing is late any more
    write_due_date(db_url, get_case("demand_forecast"))
    with Gradebook(db_url) as gb:
        assert gb.find_assignment("demand_forecast").duedate is None


def test_nbgraders_late_step_asks_the_case_policy_through_the_plugin(monkeypatch):
    monkeypatch.setenv(COHORT_CONFIG_ENV, "")  # the case's own policy: 0.1 a day, at most 0.5
    step = AssignLatePenalties(plugin_class=LatePenalty)
    step.assignment_id = "effort_prediction"  # as nbgrader sets it before making the plugin
    step.init_plugin()
    assert step.plugin_inst.late_submission_penalty("aiko", 10, DAY_SECONDS + 60) == 2
    step.assignment_id = "not_a_case"  # the operator's own assignment: no policy, no penalty
    assert step.plugin_inst.late_submission_penalty("aiko", 10, DAY_SECONDS) is None
