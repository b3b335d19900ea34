"""Is the stretch task's material reservation scored against an honest ceiling and an honest
today's practice: the oracle's quantile covers nine months in ten in whole boxes without seeing
the realised shocks, the calibrated notice covers as often, and the bands tell a reservation
without a model from one with it?"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from checker_tests import ensure_built

from dxquest.answers import Incorrect
from dxquest.cases.advance_orders import exercises as ex
from dxquest.cases.advance_orders import reference
from dxquest.cases.advance_orders.business import RESERVATION_COVERED, RESERVATION_HORIZON
from dxquest.cases.advance_orders.data import holdout_tasks
from dxquest.cases.advance_orders.evaluation import (
    calibrated_notices,
    reservation_scores,
)
from dxquest.cases.advance_orders.oracle import oracle_delivered_quantile, oracle_quantile
from dxquest.marking import judge_answer
from dxquest.skill import pinball_loss
from dxquest.synth.parts_orders import make_advance_orders

CASE = "advance_orders"


@pytest.fixture(scope="module", autouse=True)
def built(build_dir):
    """The self-check's material: the case's data built in the session's build folder, whichever
    tests ran before on this worker."""
    ensure_built(CASE)


@pytest.fixture(scope="module")
def data():
    return make_advance_orders(seed=7, return_truth=True)


@pytest.fixture(scope="module")
def rows(data):
    every = reference.with_firm_quantity(data.notices, data.orders, data.parts)
    truth = data.truth.drop(columns=["customer_id", "target_month"])
    every = every.merge(truth, on=["issued_on", "part_id", "horizon"], validate="one_to_one")
    last = data.orders["delivery_date"].max().strftime("%Y-%m")
    return every[every["target_month"] < last].reset_index(drop=True)


def _boxes(data, rows) -> pd.Series:
    return rows["part_id"].map(data.parts.set_index("part_id")["box_quantity"])


def test_the_delivered_quantile_covers_as_often_as_asked_in_whole_boxes(data, rows):
    """Over some 5,000 rows the fewest whole boxes that cover 90 % cover at least that share
    (within two standard errors) and not much more, where the quantile of the pieces before
    boxing and one-off orders covers too few."""
    box = _boxes(data, rows)
    delivered = oracle_delivered_quantile(rows, rows["quantity"], box, RESERVATION_COVERED)
    assert np.all(delivered % box == 0)
    covered = np.mean(rows["firm"] <= delivered)
    assert RESERVATION_COVERED - 0.01 < covered < RESERVATION_COVERED + 0.02
    unboxed = oracle_quantile(rows, rows["quantity"], RESERVATION_COVERED)
    assert np.mean(rows["firm"] <= unboxed) < RESERVATION_COVERED - 0.01


def test_the_delivered_quantile_never_sees_the_realised_shocks(data, rows):
    moved = rows.assign(revealed=rows["revealed"] + 1.0, notice_noise=0.0)
    box = _boxes(data, rows)
    np.testing.assert_array_equal(
        oracle_delivered_quantile(moved, moved["quantity"], box, RESERVATION_COVERED),
        oracle_delivered_quantile(rows, rows["quantity"], box, RESERVATION_COVERED),
    )


def test_no_scaling_of_the_delivered_quantile_scores_much_better(data, rows):
    box = _boxes(data, rows)
    oracle = oracle_delivered_quantile(rows, rows["quantity"], box, RESERVATION_COVERED)
    best = pinball_loss(rows["firm"], oracle, RESERVATION_COVERED).mean()
    for factor in (0.95, 0.98, 1.02, 1.05):
        scaled = pinball_loss(rows["firm"], factor * oracle, RESERVATION_COVERED).mean()
        assert scaled > 0.99 * best


def test_todays_practice_made_honest_covers_about_nine_months_in_ten(data):
    """The notice times one factor from the months before each meeting: calibrated on what was
    known, it covers about 90 % of the hidden rows, and the oracle scores better."""
    scores = reservation_scores(data, [t[1]["quantity"] for t in holdout_tasks(data)])
    assert abs(scores["baseline_covered"] - RESERVATION_COVERED) < 0.05
    assert scores["oracle"] < scores["baseline"] < scores["learner"]
    assert scores["skill"] < 0


def test_the_calibrated_factor_reads_only_months_delivered_before_the_meeting(data):
    """Handing it every order, of later months too, changes nothing: the months it reads were
    delivered in full before the meeting."""
    history, future = holdout_tasks(data)[0]
    every_order = replace(history, orders=data.orders)
    np.testing.assert_array_equal(
        calibrated_notices(history, future), calibrated_notices(every_order, future)
    )


def customer_habit_corrected(history, future):
    """A reservation without a model: each customer's median three-month miss of the last
    twelve delivered months taken off its notices, then the 90 % point of what is left."""
    notices = history.notices[history.notices["horizon"] == RESERVATION_HORIZON]
    meeting = history.notices["issued_on"].max().strftime("%Y-%m")
    done = sorted(m for m in notices["target_month"].unique() if m < meeting)[-12:]
    rows = reference.with_firm_quantity(
        notices[notices["target_month"].isin(done)], history.orders, history.parts
    )
    rows = rows[(rows["quantity"] > 0) & (rows["firm"] > 0)]
    miss = np.log(rows["firm"] / rows["quantity"])
    habit = miss.groupby(rows["customer_id"]).median()
    rest = np.quantile(miss - rows["customer_id"].map(habit), RESERVATION_COVERED)
    correction = future["customer_id"].map(habit).fillna(0).to_numpy()
    return future["quantity"].to_numpy(dtype=float) * np.exp(correction + rest)


def test_a_reservation_without_a_model_records_merit_not_distinction():
    """Correcting each customer's habit covers as asked and beats today's practice well, but
    leaves the season and the parts' lives to the margin: merit, not distinction."""
    merit = judge_answer(CASE, "material_reservation_merit", customer_habit_corrected)
    assert merit.passed and "covered" in merit.summary.render("en")
    distinction = judge_answer(CASE, "material_reservation_distinction", customer_habit_corrected)
    assert not distinction.passed and "below 0.9" in distinction.message.render("en")


@pytest.mark.parametrize(
    ("reservation", "message"),
    [
        (lambda history, future: future["quantity"].to_numpy(dtype=float), "too small"),
        (lambda history, future: 2.0 * future["quantity"].to_numpy(dtype=float), "too large"),
    ],
    ids=["notice", "double"],
)
def test_reservations_covering_too_rarely_or_too_often_fail(reservation, message):
    """The notice as it is covers about two months in three; twice the notice nearly always."""
    with pytest.raises(Incorrect, match=("少なすぎ" if message == "too small" else "多すぎ")):
        ex.material_reservation_merit.grade(reservation)
    verdict = judge_answer(CASE, "material_reservation_merit", reservation)
    assert not verdict.passed and message in verdict.message.render("en")
