"""Does the advance-notice generator produce the documented tables, effects and quirks?"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest

from dxquest.synth.parts_orders import (
    MONTH_SEASON,
    NOTICE_DAY,
    ORDER_LEAD_DAYS,
    make_advance_orders,
)
from dxquest.synth.parts_orders_tables import read_advance_orders
from dxquest.synth.tables import write_public_tables


@pytest.fixture(scope="module")
def draw():
    return make_advance_orders(seed=0, return_truth=True)


def _canonical(data) -> tuple[dict, dict]:
    """Part codes and customer ids as one company would keep them: the renamed part under its old
    code, the merged customer's parts under their first customer."""
    former = data.parts.dropna(subset=["former_part_id"])
    codes = dict(zip(former["part_id"], former["former_part_id"], strict=True))
    owner = dict(zip(data.parts["part_id"], data.parts["customer_id"], strict=True))
    return codes, owner


@pytest.fixture(scope="module")
def rows(draw):
    """Notice rows with the month's firm quantity of their part and the truth."""
    codes, owner = _canonical(draw)
    orders = draw.orders.assign(
        part=draw.orders["part_id"].replace(codes),
        target_month=draw.orders["delivery_date"].dt.strftime("%Y-%m"),
    )
    actual = orders.groupby(["part", "target_month"])["quantity"].sum()
    notices = draw.notices.assign(part=draw.notices["part_id"].replace(codes))
    notices["first_customer"] = notices["part"].map(owner)
    index = pd.MultiIndex.from_frame(notices[["part", "target_month"]])
    notices["actual"] = actual.reindex(index).fillna(0).to_numpy()
    return pd.concat([notices, draw.truth[["stage", "bias", "revealed"]]], axis=1)


def _wape(actual, forecast) -> float:
    return float(np.abs(actual - forecast).sum() / actual.sum())


def test_same_arguments_same_bytes(tmp_path):
    """Is the draw a pure function of its arguments, and does another seed give other data?"""

    def digest(seed: int, folder) -> str:
        write_public_tables(make_advance_orders(seed=seed, return_truth=True), folder)
        return hashlib.sha256(
            b"".join(p.read_bytes() for p in sorted(folder.glob("*.csv")))
        ).hexdigest()

    assert digest(3, tmp_path / "a") == digest(3, tmp_path / "b")
    assert digest(3, tmp_path / "a") != digest(4, tmp_path / "c")


def test_files_read_back_with_their_dtypes(draw, tmp_path):
    write_public_tables(draw, tmp_path)
    back = read_advance_orders(tmp_path)
    for name, table in draw.public_tables().items():
        pd.testing.assert_frame_equal(getattr(back, name), table, check_dtype=False)
    assert back.notices["issued_on"].dtype == "datetime64[ns]"
    assert back.params["n_parts"] == draw.params["n_parts"]


def test_sizes_and_calendar(draw):
    """Notices on the 20th for one to three months ahead, orders a week before delivery."""
    assert len(draw.customers) == 6
    assert draw.parts["former_part_id"].isna().sum() == 60
    assert (draw.notices["issued_on"].dt.day == NOTICE_DAY).all()
    assert set(draw.notices["horizon"]) == {1, 2, 3}
    gap = (draw.orders["delivery_date"] - draw.orders["order_date"]).dt.days
    assert (gap == ORDER_LEAD_DAYS).all()
    assert (draw.orders["quantity"] > 0).all()
    assert draw.orders["delivery_date"].dt.to_period("M").nunique() == 36


def test_notice_error_grows_with_horizon(rows):
    errors = [_wape(g["actual"], g["quantity"]) for _, g in rows.groupby("horizon")]
    assert errors[0] < errors[1] < errors[2]


def test_each_customers_bias_shows_in_its_notices(rows):
    """The hidden bias, averaged by customer, agrees with the notices' own error."""
    mature = rows[(rows["stage"] == "mature") & (rows["actual"] > 0) & (rows["horizon"] == 2)]
    seen = mature.groupby("customer_id").apply(
        lambda g: np.log(g["quantity"] / g["actual"]).mean(), include_groups=False
    )
    hidden = mature.groupby("customer_id")["bias"].mean()
    assert np.corrcoef(seen, hidden.loc[seen.index])[0, 1] > 0.9
    assert (hidden > 0.1).sum() >= 2  # most customers inflate


def test_firm_orders_follow_the_japanese_calendar(rows):
    """Orders per mature part are lower in May (Golden Week) and August (Obon) than in March
    (fiscal year end), and the three-month-ahead notice leaves the swing out."""
    mature = rows[(rows["stage"] == "mature") & (rows["horizon"] == 3)]
    month = mature["target_month"].str[5:].astype(int)
    ratio = np.log(mature["actual"].clip(lower=1) / mature["quantity"])
    by_month = ratio.groupby(month).mean()
    assert by_month[3] - by_month[8] > 0.2
    assert by_month[3] - by_month[5] > 0.15
    assert MONTH_SEASON[2] > MONTH_SEASON[4] and MONTH_SEASON[2] > MONTH_SEASON[7]


def test_later_notices_carry_more_of_the_shocks(rows):
    """The customer's plan firms up: the one-month notice is revised towards the firm orders."""
    both = rows.pivot_table(index=["part", "target_month"], columns="horizon", values="quantity")
    actual = rows.groupby(["part", "target_month"])["actual"].first()
    both = both.dropna().join(actual)
    assert _wape(both["actual"], both[1]) < _wape(both["actual"], both[3])


def test_end_of_life_last_time_buy_and_stop(draw, rows):
    eol = rows[rows["stage"] == "eol"]
    assert len(eol) > 0
    codes, _ = _canonical(draw)
    orders = draw.orders.assign(part=draw.orders["part_id"].replace(codes))
    monthly = orders.groupby(["part", orders["delivery_date"].dt.to_period("M")])["quantity"].sum()
    end = orders["delivery_date"].max().to_period("M")
    ended = 0
    for part in eol["part"].unique():
        series = monthly.loc[part]
        last = series.index.max()
        if last < end:  # the part's life ended inside the period: a last-time buy, then nothing
            assert series.loc[last] > 1.5 * series.loc[last - 1]
            ended += 1
    assert ended >= 1


def test_messy_records(draw):
    quirks = draw.params["quirks"]
    old, new = quirks["renamed_part"]["from"], quirks["renamed_part"]["to"]
    notices, orders = draw.notices, draw.orders
    assert (
        notices.loc[notices["part_id"] == new, "issued_on"].min()
        > notices.loc[notices["part_id"] == old, "issued_on"].min()
    )
    assert (orders["part_id"] == new).any() and (orders["part_id"] == old).any()
    merged = quirks["merger"]["merged"]
    on = pd.Timestamp(quirks["merger"]["on"])
    assert not (notices.loc[notices["issued_on"] >= on, "customer_id"] == merged).any()
    assert (notices["customer_id"] == merged).any()
    assert (
        draw.customers.set_index("customer_id").loc[merged, "merged_into"]
        == (quirks["merger"]["into"])
    )
    missing = quirks["missing_notice"]
    month = notices["issued_on"].dt.strftime("%Y-%m")
    assert not (
        (notices["customer_id"] == missing["customer"]) & (month == missing["issued"])
    ).any()
    assert (month == missing["issued"]).any()


def test_truth_lines_up_with_the_notices(draw):
    """The truth's notice core, plus the shocks known by then and the notice's noise, gives the
    notice (before rounding to the box)."""
    truth = draw.truth
    assert len(truth) == len(draw.notices)
    assert (truth["part_id"].to_numpy() == draw.notices["part_id"].to_numpy()).all()
    value = np.exp(truth["notice_log_core"] + truth["revealed"] + truth["notice_noise"])
    box = draw.notices["part_id"].map(draw.parts.set_index("part_id")["box_quantity"])
    assert (np.abs(value - draw.notices["quantity"]) <= box / 2 + 1e-6).all()


@pytest.mark.parametrize("kwargs", [{"n_customers": 4}, {"n_parts": 20}, {"end": "2023-06-30"}])
def test_invalid_sizes_are_refused(kwargs):
    with pytest.raises(ValueError):
        make_advance_orders(**kwargs)
