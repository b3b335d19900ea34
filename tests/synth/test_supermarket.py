"""Does the supermarket generator produce the documented tables, effects and quirks?"""

from __future__ import annotations

import hashlib

import jpholiday
import numpy as np
import pandas as pd
import pytest

from dxquest.synth.supermarket import make_supermarket_sales
from dxquest.synth.supermarket_tables import read_supermarket_data
from dxquest.synth.tables import write_public_tables
from dxquest.synth.weather import temp_forecast_sd

SMALL = dict(n_stores=3, n_items=12, start="2024-01-01", end="2024-12-31")


@pytest.fixture(scope="module")
def small():
    return make_supermarket_sales(**SMALL, seed=1, return_truth=True)


@pytest.fixture(scope="module")
def big():
    """Two years, enough stores for calendar effects to stand out of the noise."""
    return make_supermarket_sales(n_stores=8, n_items=24, seed=0, return_truth=True)


@pytest.fixture(scope="module")
def joined(big):
    """Truth joined to the cleaned public sales, plus demand relative to its series mean."""
    q = big.params["quirks"]
    sales = big.sales.drop_duplicates().copy()
    sales["item_id"] = sales["item_id"].replace(q["renamed_code"], q["renamed_item"])
    df = big.truth.merge(sales, on=["date", "store_id", "item_id", "price"], how="left")
    df = df.merge(big.stores[["store_id", "location_type", "area_id"]], on="store_id")
    df = df.merge(big.items[["item_id", "category", "shelf_life_days"]], on="item_id")
    df = df.merge(big.weather, on=["date", "area_id"])
    df["rel"] = df["demand"] / df.groupby(["store_id", "item_id"])["demand"].transform("mean")
    return df


def _sha(paths):
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in paths.items()}


def test_same_arguments_give_identical_bytes_and_other_seed_differs(tmp_path):
    a = write_public_tables(make_supermarket_sales(**SMALL, seed=3), tmp_path / "a")
    b = write_public_tables(make_supermarket_sales(**SMALL, seed=3), tmp_path / "b")
    c = write_public_tables(make_supermarket_sales(**SMALL, seed=4), tmp_path / "c")
    assert set(a) == {"stores", "items", "sales", "weather", "weather_forecasts", "ordering_log"}
    assert _sha(a) == _sha(b)
    assert _sha(a)["sales"] != _sha(c)["sales"]


def test_truth_is_written_only_when_returned_and_reads_back(small, tmp_path):
    paths = write_public_tables(small, tmp_path)
    assert "truth" in paths
    back = read_supermarket_data(tmp_path)
    for name in (*small.public_tables(), "truth"):
        pd.testing.assert_frame_equal(
            getattr(back, name), getattr(small, name), check_dtype=False, check_exact=False
        )
    assert back.sales["date"].dtype.kind == "M"
    assert back.items["discontinue_date"].dtype.kind == "M"
    assert pd.api.types.is_string_dtype(back.sales["store_id"])
    assert back.sales["item_id"].iloc[0] == "P001"
    assert (
        read_supermarket_data(
            write_public_tables(make_supermarket_sales(**SMALL), tmp_path / "x")["sales"].parent
        ).truth
        is None
    )


def test_public_columns(small):
    assert list(small.stores.columns) == [
        "store_id", "store_name", "area_id", "location_type", "floor_area_m2"
    ]  # fmt: skip
    assert list(small.items.columns) == [
        "item_id", "item_name", "category", "unit_cost", "regular_price", "shelf_life_days",
        "launch_date", "discontinue_date",
    ]  # fmt: skip
    assert list(small.sales.columns) == [
        "date", "store_id", "item_id", "price", "on_promo", "ordered_qty", "stock_available",
        "sales_qty", "markdown_qty", "waste_qty", "stockout_flag",
    ]  # fmt: skip
    assert list(small.weather.columns) == [
        "date", "area_id", "temp_max_forecast", "rain_prob_forecast", "temp_max", "rain_mm"
    ]  # fmt: skip
    assert list(small.weather_forecasts.columns) == [
        "issued_on", "date", "area_id", "temp_max_forecast", "rain_prob_forecast"
    ]  # fmt: skip
    assert list(small.ordering_log.columns) == ["date", "store_id", "minutes"]
    assert set(small.stores["location_type"]) == {"station", "residential", "roadside"}
    assert small.items["shelf_life_days"].between(1, 5).all()
    assert (small.items["unit_cost"] < small.items["regular_price"]).all()


def test_rows_only_while_on_sale(big):
    s = big.truth.merge(big.items, on="item_id")
    assert (s["date"] >= s["launch_date"]).all()
    assert (s["discontinue_date"].isna() | (s["date"] < s["discontinue_date"])).all()
    assert (big.items["launch_date"] > pd.Timestamp("2024-01-01")).any()
    assert big.items["discontinue_date"].notna().any()


def test_sales_are_censored_demand_with_fifo_waste(joined):
    df = joined.dropna(subset=["sales_qty"])
    assert (df["sales_qty"] <= df["stock_available"]).all()
    assert (df["sales_qty"] == np.minimum(df["demand"], df["stock_available"])).all()
    stockout = df["demand"] > df["stock_available"]
    assert 0.05 < stockout.mean() < 0.5
    # Staff record only part of the stockouts, and never a false one.
    assert 0.5 < df.loc[stockout, "stockout_flag"].mean() < 0.7
    assert df.loc[~stockout, "stockout_flag"].sum() == 0
    one_day = df["shelf_life_days"] == 1
    waste_share = df.loc[one_day, "waste_qty"].sum() / df.loc[one_day, "ordered_qty"].sum()
    assert 0.03 < waste_share < 0.35


def test_evening_markdown_sells_part_of_the_last_day_units(joined):
    """Only units on their last day are marked down, and about the item's sell-through of them
    sells: the records let a learner estimate it as markdown / (markdown + waste)."""
    df = joined.dropna(subset=["sales_qty"])
    one_day = df[df["shelf_life_days"] == 1]
    left = one_day["stock_available"] - one_day["sales_qty"]
    assert (one_day["markdown_qty"] + one_day["waste_qty"] == left).all()
    per_item = one_day.groupby("item_id")
    sums = per_item[["markdown_qty", "waste_qty"]].sum()
    estimate = sums["markdown_qty"] / (sums["markdown_qty"] + sums["waste_qty"])
    truth = per_item["markdown_sell_through"].first()
    np.testing.assert_allclose(estimate, truth, atol=0.03)


def test_slow_movers_are_zero_inflated(big):
    slow = big.truth["zero_prob"] > 0
    assert slow.any()
    assert (big.truth.loc[slow, "demand"] == 0).mean() > 0.3
    assert (big.truth.loc[~slow, "demand"] == 0).mean() < 0.05


def test_temperature_response_sign_by_category(joined):
    anomaly = joined["temp_max"] - joined["temp_normal"]
    ratio = joined["demand"] / np.exp(joined["log_mu_base"])
    hot, cold = anomaly > 2, anomaly < -2
    for category, sign in (("ice", 1), ("drinks", 1), ("oden", -1)):
        c = joined["category"] == category
        assert sign * (ratio[c & hot].mean() - ratio[c & cold].mean()) > 0.05, category


def test_weekday_pattern_differs_by_location(joined):
    weekend = joined["date"].dt.day_of_week >= 5
    by = joined.groupby(["location_type", weekend])["rel"].mean().unstack()
    assert by.loc["station", True] < 0.9 * by.loc["station", False]
    assert by.loc["roadside", True] > 1.1 * by.loc["roadside", False]


def test_holiday_year_end_and_payday_uplift(joined):
    d = joined["date"]
    weekday = d.dt.day_of_week < 5
    new_year = (d.dt.month == 1) & (d.dt.day <= 3)
    holidays = [pd.Timestamp(x) for x, _ in jpholiday.between(d.min().date(), d.max().date())]
    holiday = d.isin(holidays) & weekday & ~new_year
    suburban = joined["location_type"] != "station"
    rel = joined["rel"]
    assert rel[holiday & suburban].mean() > 1.08 * rel[~holiday & weekday & suburban].mean()

    december = d.dt.month == 12
    year_end = december & (d.dt.day >= 28)
    deli = joined["category"] == "deli"
    assert rel[year_end & deli].mean() > 1.3 * rel[december & ~year_end & deli].mean()
    bakery = joined["category"] == "bakery"
    assert rel[new_year & bakery].mean() < 0.8 * rel[(d.dt.month == 1) & ~new_year & bakery].mean()

    payday = d.dt.day.isin([25, 26, 27])
    before = d.dt.day.between(18, 24)
    assert rel[payday].mean() > 1.03 * rel[before].mean()


def test_promotions_cut_price_and_lift_demand(joined):
    df = joined.dropna(subset=["on_promo"])
    share = df["on_promo"].mean()
    assert 0.04 < share < 0.09
    promo = df["on_promo"] == 1
    assert df.loc[promo, "rel"].mean() > 1.4 * df.loc[~promo, "rel"].mean()
    regular = df[~promo].groupby("item_id")["price"].nunique()
    assert (regular > 1).any()  # regular price changes over time


def test_weather_forecasts(big):
    w = big.weather
    err = w["temp_max"] - w["temp_max_forecast"]
    assert abs(err.mean()) < 0.15
    assert 1.3 < err.std() < 1.7
    rain = (w["rain_mm"] > 0).astype(float)
    calib = rain.groupby(w["rain_prob_forecast"].round(1)).mean()
    counts = w["rain_prob_forecast"].round(1).value_counts()
    well = counts[counts > 100].index
    assert np.allclose(calib[well], well, atol=0.08)
    assert w["temp_max"].groupby(w["date"].dt.month).mean().idxmax() in (7, 8)


def test_weather_service_forecasts_the_next_seven_days_each_evening(big):
    issues = big.weather_forecasts
    lead = (issues["date"] - issues["issued_on"]).dt.days
    assert lead.between(1, 7).all()
    assert issues["issued_on"].between(big.weather["date"].min(), big.weather["date"].max()).all()
    # The issue of the evening before is the weather table's forecast.
    evening_before = issues[lead == 1].merge(big.weather, on=["date", "area_id"])
    for column in ("temp_max_forecast", "rain_prob_forecast"):
        assert (evening_before[f"{column}_x"] == evening_before[f"{column}_y"]).all()


def test_forecasts_are_calibrated_and_err_more_the_further_ahead(big):
    issues = big.weather_forecasts.merge(big.weather[["date", "area_id", "temp_max", "rain_mm"]])
    lead = (issues["date"] - issues["issued_on"]).dt.days
    error = issues["temp_max"] - issues["temp_max_forecast"]
    spread = error.groupby(lead).std()
    # Two years of an autocorrelated anomaly: a tenth of the sd is the sampling noise here.
    np.testing.assert_allclose(spread, temp_forecast_sd(spread.index), rtol=0.1)
    assert spread.is_monotonic_increasing
    assert (error.groupby(lead).mean().abs() < 0.3).all()
    rain = issues["rain_mm"] > 0
    week_ahead = lead == 7
    calib = rain[week_ahead].groupby(issues.loc[week_ahead, "rain_prob_forecast"]).mean()
    counts = issues.loc[week_ahead, "rain_prob_forecast"].value_counts()
    well = counts[counts > 300].index
    assert np.allclose(calib[well], well, atol=0.08)
    brier = ((rain - issues["rain_prob_forecast"]) ** 2).groupby(lead).mean()
    assert brier[1] < brier[7]


def test_messy_records(big):
    q = big.params["quirks"]
    sales = big.sales
    n_dup = sales.duplicated().sum()
    assert n_dup == q["n_duplicates"]
    assert 0.002 < n_dup / len(sales) < 0.004
    # The outage: the store has no rows on those days although they happened.
    lost = (sales["store_id"] == q["outage_store"]) & sales["date"].isin(
        pd.to_datetime(q["outage_dates"])
    )
    assert not lost.any()
    assert 3 <= len(q["outage_dates"]) <= 5
    truth_lost = (big.truth["store_id"] == q["outage_store"]) & big.truth["date"].isin(
        pd.to_datetime(q["outage_dates"])
    )
    assert truth_lost.any()
    # The renamed code appears in sales from a date on, but not in the item master.
    renamed = sales[sales["item_id"] == q["renamed_code"]]
    assert renamed["date"].min() == pd.Timestamp(q["renamed_from"])
    assert q["renamed_code"] not in set(big.items["item_id"])
    old = sales[sales["item_id"] == q["renamed_item"]]
    assert old["date"].max() < pd.Timestamp(q["renamed_from"])
    assert len(big.truth) == len(sales) - n_dup + truth_lost.sum()


def test_managers_follow_last_week(joined):
    df = joined.dropna(subset=["sales_qty"]).sort_values(["store_id", "item_id", "date"])
    lag = df.groupby(["store_id", "item_id"])["sales_qty"].shift(7)
    fresh = df["shelf_life_days"] == 1
    ok = lag.notna() & fresh & (df["date"] > df["date"].min() + pd.Timedelta(days=14))
    assert np.corrcoef(lag[ok], df.loc[ok, "stock_available"])[0, 1] > 0.8


def test_ordering_log(small):
    log = small.ordering_log
    assert len(log) == 3 * 366
    assert log["minutes"].between(5, 60).all()
