"""Does the printing generator produce the documented tables, effects and quirks?"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from dxquest.synth.printing import NOISE_SIGMA, make_print_jobs
from dxquest.synth.printing_standards import press_layout, standard_hours
from dxquest.synth.printing_tables import TICKET_COLUMNS, read_print_data
from dxquest.synth.tables import write_public_tables

SMALL = dict(n_jobs=300, n_operators=4, start="2024-01-01", end="2024-12-31")


@pytest.fixture(scope="module")
def small():
    return make_print_jobs(**SMALL, seed=1, return_truth=True)


@pytest.fixture(scope="module")
def big():
    """The default size: three years, enough jobs for every effect to stand out of the noise."""
    return make_print_jobs(seed=0, return_truth=True)


@pytest.fixture(scope="module")
def jobs(big):
    """Completed jobs (duplicates dropped) with their truth, layout and standard hours."""
    done = big.jobs.drop_duplicates()
    done = done[done["status"] == "completed"].reset_index(drop=True)
    truth = big.truth.set_index("job_id").loc[done["job_id"]].reset_index(drop=True)
    std = standard_hours(done, big.machines, big.processes).add_prefix("std_")
    layout = press_layout(done, big.machines)
    df = pd.concat([done, truth, std, layout], axis=1)
    df["std_finishing"] = df["std_total"] - df[["std_prepress", "std_makeready", "std_run"]].sum(
        axis=1
    )
    df["mr_ratio"] = df["makeready_hours"] / df["std_makeready"]
    df["run_ratio"] = df["run_hours"] / df["std_run"]
    df["log_error"] = np.log(df["foreman_estimate_hours"] / df["actual_hours"])
    return df


def _effects(y, frame: pd.DataFrame, reference: dict[str, str], numeric=()) -> dict[str, float]:
    """Least-squares effects on ``y`` of each level against ``reference`` (and of ``numeric``
    columns), holding the others fixed: one effect is not mistaken for another it travels with."""
    columns = [pd.Series(1.0, index=frame.index, name="const")]
    for column, level in reference.items():
        dummies = pd.get_dummies(frame[column].astype(str), prefix=column, dtype=float)
        columns.append(dummies.drop(columns=f"{column}_{level}"))
    columns += [frame[c].astype(float) for c in numeric]
    x = pd.concat(columns, axis=1)
    beta, *_ = np.linalg.lstsq(x.to_numpy(), np.asarray(y, dtype=float), rcond=None)
    return dict(zip(x.columns, beta, strict=True))


def _sha(paths):
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in paths.items()}


def test_same_arguments_give_identical_bytes_and_other_seed_differs(tmp_path):
    a = write_public_tables(make_print_jobs(**SMALL, seed=3), tmp_path / "a")
    b = write_public_tables(make_print_jobs(**SMALL, seed=3), tmp_path / "b")
    c = write_public_tables(make_print_jobs(**SMALL, seed=4), tmp_path / "c")
    assert set(a) == {"jobs", "machines", "processes", "operators", "attendance"}
    assert _sha(a) == _sha(b)
    assert _sha(a)["jobs"] != _sha(c)["jobs"]


def test_truth_is_written_only_when_returned_and_reads_back(small, tmp_path):
    paths = write_public_tables(small, tmp_path)
    assert "truth" in paths
    back = read_print_data(tmp_path)
    for name in ("jobs", "machines", "processes", "operators", "attendance", "truth"):
        pd.testing.assert_frame_equal(
            getattr(back, name), getattr(small, name), check_dtype=False, check_exact=False
        )
    assert back.jobs["start_date"].dtype.kind == "M"
    assert pd.api.types.is_string_dtype(back.jobs["job_id"])
    assert pd.api.types.is_string_dtype(back.attendance["month"])
    plain = make_print_jobs(**SMALL)
    assert read_print_data(write_public_tables(plain, tmp_path / "x")["jobs"].parent).truth is None


def test_public_columns(small):
    assert list(small.jobs.columns) == [*TICKET_COLUMNS, "status", "actual_hours", "issue"]
    assert list(small.machines.columns) == [
        "machine_id", "machine_name", "kind", "sheet_size", "color_units", "perfecting",
        "rated_sheets_per_hour", "crew", "std_setup_hours", "std_plate_hours", "installed",
    ]  # fmt: skip
    assert list(small.processes.columns) == [
        "process", "process_name", "unit", "setup_hours", "hours_per_1000_units", "crew"
    ]  # fmt: skip
    assert list(small.operators.columns) == [
        "operator_id", "operator_name", "joined", "main_machine"
    ]  # fmt: skip
    assert list(small.attendance.columns) == [
        "month", "working_days", "staff", "scheduled_hours", "booked_hours", "job_hours",
        "overtime_hours", "idle_hours",
    ]  # fmt: skip
    assert (small.jobs["due_date"] >= small.jobs["start_date"]).all()
    assert (small.jobs["order_date"] < small.jobs["start_date"]).all()


def test_size_and_period(big):
    done = big.jobs.drop_duplicates()
    assert done["job_id"].is_unique and len(done) == 3600
    months = done["start_date"].dt.to_period("M").nunique()
    assert months == 36
    assert 80 < len(done) / months < 120  # about a hundred jobs a month
    assert set(done["product"]) == {
        "flyer", "brochure", "booklet", "business_card", "poster", "postcard", "calendar"
    }  # fmt: skip


def test_true_time_is_components_times_lognormal_noise_plus_disruptions(jobs):
    parts = jobs[["prepress_hours", "makeready_hours", "run_hours", "finishing_hours"]].sum(axis=1)
    np.testing.assert_allclose(parts, jobs["base_hours"], rtol=1e-5, atol=5e-6)
    np.testing.assert_allclose(
        jobs["press_hours"], jobs["makeready_hours"] + jobs["run_hours"], rtol=1e-5, atol=5e-6
    )
    log_noise = np.log((jobs["true_hours"] - jobs["disruption_hours"]) / jobs["base_hours"])
    assert abs(log_noise.mean()) < 0.02
    assert NOISE_SIGMA - 0.015 < log_noise.std() < NOISE_SIGMA + 0.015
    recorded = np.maximum(np.round(jobs["true_hours"] * 4) / 4, 0.25)
    np.testing.assert_array_equal(recorded, jobs["actual_hours"])


def test_heavy_right_skew(jobs):
    hours = jobs["actual_hours"]
    assert hours.mean() > 1.5 * hours.median()
    assert hours.skew() > 2
    assert hours.quantile(0.99) > 8 * hours.median()


def test_run_time_follows_sheets_passes_and_real_machine_speed(jobs):
    ratio = jobs.groupby("machine_id")["run_ratio"].median()
    # Real speed below rated speed everywhere; the 1998 press furthest below.
    assert (ratio > 1).all()
    assert ratio["M2"] > 1.2 * ratio["M1"]
    # Proportional to sheets x passes / rated speed (the standard run time) on one press.
    m1 = (jobs["machine_id"] == "M1") & (jobs["paper"] == "coated")
    slope = np.polyfit(np.log(jobs.loc[m1, "std_run"]), np.log(jobs.loc[m1, "run_hours"]), 1)[0]
    assert 0.97 < slope < 1.03


def test_paper_slows_the_press(jobs):
    by_paper = jobs[jobs["machine_id"] == "M1"].groupby("paper")
    run, makeready = by_paper["run_ratio"].median(), by_paper["mr_ratio"].median()
    assert run["special"] > 1.25 * run["coated"]
    assert makeready["special"] > 1.15 * makeready["coated"]


def test_operators_differ_in_make_ready_and_the_new_hire_learns(jobs, big):
    regular = jobs[jobs["operator_id"] != big.operators["operator_id"].iloc[-1]]
    on_main = regular["operator_id"].map(big.operators.set_index("operator_id")["main_machine"])
    per_operator = regular[on_main == regular["machine_id"]].groupby("operator_id")["mr_ratio"]
    spread = per_operator.median()
    assert spread.max() > 1.25 * spread.min()

    new = big.operators.iloc[-1]
    mine = jobs[(jobs["operator_id"] == new["operator_id"]) & (jobs["machine_id"] == "M5")]
    months_in = (mine["start_date"] - new["joined"]).dt.days / 30.4
    assert (mine["start_date"] >= new["joined"]).all()
    assert (
        mine.loc[months_in < 3, "mr_ratio"].median()
        > 1.2 * mine.loc[months_in > 12, "mr_ratio"].median()
    )


def test_operators_are_slower_away_from_their_main_machine(jobs, big):
    main = jobs["operator_id"].map(big.operators.set_index("operator_id")["main_machine"])
    frame = jobs.assign(
        away=(main != jobs["machine_id"]).astype(int),
        summer=jobs["start_date"].dt.month.isin([6, 7, 8, 9]).astype(int),
    )
    veterans = frame[frame["operator_id"] != big.operators["operator_id"].iloc[-1]]
    veterans = veterans[veterans["machine_id"] != "M5"]
    effect = _effects(
        np.log(veterans["mr_ratio"]),
        veterans,
        {"operator_id": "OP01", "machine_id": "M1", "paper": "coated"},
        numeric=("away", "new_customer", "repeat_order", "summer"),
    )
    assert (veterans["away"] == 1).sum() > 100
    assert np.log(1.1) < effect["away"] < np.log(1.35)


def test_customers_and_repeat_orders(jobs, big):
    prepress = jobs["prepress_hours"] / jobs["std_prepress"]
    assert prepress[jobs["new_customer"] == 1].median() == pytest.approx(2.5)
    assert prepress[jobs["repeat_order"] == 1].median() == pytest.approx(0.3)
    base = (jobs["new_customer"] == 0) & (jobs["repeat_order"] == 0)
    for flag, lo, hi in (("new_customer", 1.1, 1.5), ("repeat_order", 0.45, 0.75)):
        rel = jobs.loc[jobs[flag] == 1, "mr_ratio"].median() / jobs.loc[base, "mr_ratio"].median()
        assert lo < rel < hi, flag
    # A repeat order is a reprint of an earlier job of the same customer: same specs.
    spec = ["customer_id", "product", "size", "pages", "colors_front", "colors_back", "paper"]
    repeats = jobs.loc[jobs["repeat_order"] == 1, ["job_id", "start_date", *spec]]
    pairs = repeats.merge(big.jobs[["job_id", "start_date", *spec]], on=spec)
    earlier = pairs[pairs["start_date_y"] <= pairs["start_date_x"]]
    earlier = earlier[earlier["job_id_x"] != earlier["job_id_y"]]
    assert set(earlier["job_id_x"]) == set(repeats["job_id"])
    assert 0.15 < jobs["repeat_order"].mean() < 0.3
    assert 0.04 < jobs["new_customer"].mean() < 0.12


def test_summer_humidity_slows_offset_make_ready(jobs):
    offset = jobs[jobs["machine_id"] != "M5"]
    summer = offset["start_date"].dt.month.isin([6, 7, 8, 9])
    rel = offset.loc[summer, "mr_ratio"].median() / offset.loc[~summer, "mr_ratio"].median()
    assert 1.04 < rel < 1.18


def _consistent(events, probabilities) -> bool:
    """Realised count of rare independent events within 3 sd of its expectation."""
    p = np.asarray(probabilities, dtype=float)
    return abs(np.sum(events) - p.sum()) < 3 * np.sqrt(np.sum(p * (1 - p)))


def test_disruptions_are_rare_and_depend_on_rush_and_machine(jobs):
    hit = jobs["issue"] != "none"
    assert 0.02 < hit.mean() < 0.08
    assert ((jobs["disruption_hours"] > 0) == hit).all()
    assert (jobs.loc[hit, "actual_hours"] / jobs.loc[hit, "base_hours"]).median() > 1.2
    # Realised reprints and breakdowns follow their probabilities, which double for rush jobs
    # and are three times higher per press hour on the 1998 press.
    reprint = jobs["issue"].str.contains("reprint")
    breakdown = jobs["issue"].str.contains("breakdown")
    for rush in (0, 1):
        rows = jobs["rush"] == rush
        assert _consistent(reprint[rows], jobs.loc[rows, "p_reprint"])
    plain = (jobs["new_customer"] == 0) & (jobs["paper"] != "special")
    by_rush = jobs[plain].groupby("rush")["p_reprint"].median()
    assert by_rush[1] == pytest.approx(2 * by_rush[0])
    for machine in ("M1", "M2"):
        rows = jobs["machine_id"] == machine
        assert _consistent(breakdown[rows], jobs.loc[rows, "p_breakdown"])
    hazard = -np.log1p(-jobs["p_breakdown"]) / (jobs["press_hours"] / jobs["crew"])
    per_machine = hazard.groupby(jobs["machine_id"]).median()
    assert per_machine["M2"] == pytest.approx(3 * per_machine["M1"], rel=1e-3)


def test_foreman_is_biased_and_noisy(jobs):
    err = jobs["log_error"]
    assert 0.35 < err.std() < 0.6
    assert 2 < (jobs["foreman_estimate_hours"] - jobs["actual_hours"]).abs().mean() < 4.5
    # He ignores paper, prices rush jobs short, ignores the old press's real speed and does not
    # trust the digital press (effects on his log error, holding the others fixed).
    effect = _effects(
        err,
        jobs,
        {"product": "flyer", "machine_id": "M1", "paper": "coated"},
        numeric=("rush", "repeat_order", "new_customer"),
    )
    assert (effect["paper_thick"] + effect["paper_special"]) / 2 < -0.1
    assert effect["rush"] < -0.1
    assert effect["new_customer"] < -0.1
    assert effect["machine_id_M2"] < -0.1
    assert effect["machine_id_M5"] > 0.3
    assert (jobs["foreman_estimate_hours"] * 2 % 1 == 0).all()  # half hours


def test_digital_press_arrives_part_way(big):
    installed = big.machines.set_index("machine_id").loc["M5", "installed"]
    digital = big.jobs[big.jobs["machine_id"] == "M5"]
    assert big.jobs["start_date"].min() < installed < big.jobs["start_date"].max()
    assert (digital["start_date"] >= installed).all()
    assert len(digital) > 300


def test_seasons_of_the_order_book(big):
    done = big.jobs.drop_duplicates()
    days = done.groupby(done["start_date"].dt.month)["start_date"].nunique()
    per_day = done.groupby(done["start_date"].dt.month).size() / days
    assert per_day[3] > 1.15 * per_day[8]
    assert per_day[12] > 1.1 * per_day[8]
    calendar_months = set(done.loc[done["product"] == "calendar", "start_date"].dt.month)
    assert calendar_months <= {9, 10, 11, 12}


def test_attendance_sums_the_slots_of_the_foremans_plan(big, jobs):
    month = jobs["start_date"].dt.strftime("%Y-%m")
    over = (jobs["actual_hours"] - jobs["foreman_estimate_hours"]).clip(lower=0)
    idle = (jobs["foreman_estimate_hours"] - jobs["actual_hours"]).clip(lower=0)
    att = big.attendance.set_index("month")
    np.testing.assert_allclose(over.groupby(month).sum(), att["overtime_hours"])
    np.testing.assert_allclose(idle.groupby(month).sum(), att["idle_hours"])
    np.testing.assert_allclose(jobs["actual_hours"].groupby(month).sum(), att["job_hours"])
    assert (att["scheduled_hours"] == att["working_days"] * att["staff"] * 8).all()
    assert att["working_days"].between(15, 23).all()
    monthly = att["overtime_hours"].mean() + att["idle_hours"].mean()
    assert 200 < monthly < 450


def test_messy_records(big):
    q = big.params["quirks"]
    jobs = big.jobs
    assert jobs.duplicated().sum() == q["n_duplicates"] > 0
    assert jobs["job_id"].duplicated().sum() == q["n_duplicates"]
    cancelled = jobs["status"] == "cancelled"
    assert cancelled.sum() >= q["n_cancelled"] > 0
    assert jobs.loc[cancelled, "actual_hours"].isna().all()
    assert jobs.loc[cancelled, "issue"].isna().all()
    assert jobs.loc[~cancelled, "actual_hours"].notna().all()


def test_standard_hours_add_up(small):
    std = standard_hours(small.jobs, small.machines, small.processes)
    parts = std.drop(columns="total").sum(axis=1)
    np.testing.assert_allclose(parts, std["total"])
    assert (std[["prepress", "makeready", "run", "cutting", "packing"]] > 0).all().all()
    layout = press_layout(small.jobs, small.machines)
    assert (layout["forms"] * layout["pages_per_sheet"] >= small.jobs["pages"]).all()
    digital = small.jobs["machine_id"].to_numpy() == "M5"
    assert (layout.loc[digital, "plates"] == 0).all()
