"""Synthetic daily sales of a fictional supermarket chain, with hidden true demand.

:func:`make_supermarket_sales` is a pure function in the style of scikit-learn's ``make_*``
generators; its tables and their files are :mod:`dxquest.synth.supermarket_tables`.
Every effect is documented in the data card ``datasets/demand_forecast.md``; keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

import jpholiday
import numpy as np
import pandas as pd

from dxquest.synth._demand import nb_mean
from dxquest.synth.shelf import FifoShelf
from dxquest.synth.supermarket_tables import SupermarketData
from dxquest.synth.weather import forecast_table, make_area_weather, weather_table

__all__ = ["make_supermarket_sales"]

LOCATION_TYPES = ("station", "residential", "roadside")
# Log-scale demand effects by location type.
_LOC_SCALE = np.log([1.25, 1.0, 0.85])  # foot traffic per m2
_LOC_WEEKDAY = np.array(
    [  # Mon..Sun: commuters vanish at weekends, car shoppers come at weekends
        [0.05, 0.05, 0.05, 0.05, 0.10, -0.20, -0.30],
        [-0.05, -0.05, -0.05, -0.05, 0.00, 0.12, 0.10],
        [-0.10, -0.10, -0.10, -0.10, 0.00, 0.22, 0.25],
    ]
)
_LOC_HOLIDAY = np.array([-0.10, 0.15, 0.20])  # a holiday at a station looks like a Sunday
_LOC_OBON = np.array([-0.25, 0.05, 0.15])  # offices close, families drive to relatives
_LOC_RAIN = np.array([-0.03, -0.08, -0.12])  # station shoppers have no choice; drivers stay home
_PAYDAY = 0.07
_FLYER = 0.25  # log uplift of being in the flyer, on top of the price elasticity
_NOVELTY = 0.30  # log uplift of a new item, decaying with a 14-day time constant
_STOCKOUT_RECORDED = 0.6
_DUPLICATE_SHARE = 0.003
_NB_SIZE = 30.0  # median NB size of regular items: mildly over-dispersed
# Managers' ordering: cushion and noise ranges per store, sell-out bump, promotion factor.
_CUSHION = (0.05, 0.25)
_NOISE = (0.1, 0.3)
_SELLOUT_BUMP = 0.3
_PROMO_GUESS = 1.5
# Evening markdown (見切り): mean share of the half-price units that sell, by category (bento and
# deli draw the evening shoppers; drinks and ice rarely reach their last day and sell slowly).
_MARKDOWN_SELL_THROUGH = {
    "bento": 0.65, "deli": 0.60, "bakery": 0.50, "dairy": 0.45,
    "drinks": 0.35, "ice": 0.30, "oden": 0.50, "produce": 0.55,
}  # fmt: skip


@dataclass(frozen=True)
class _Category:
    names: tuple[str, ...]
    price: tuple[int, int]  # regular price range, yen
    shelf_life: tuple[int, ...]  # drawn uniformly from these
    base: float  # mean daily units at a 1000 m2 residential store
    season_amp: float  # log amplitude of the annual cycle
    season_peak: int  # day of year of the peak
    temp_coef: float  # log change per deg C above the seasonal normal
    rain_mult: float
    year_end: float  # Dec 28-31
    new_year: float  # Jan 1-3


CATEGORIES: dict[str, _Category] = {
    "bento": _Category(
        ("幕の内弁当", "唐揚げ弁当", "のり弁当", "鮭弁当", "ハンバーグ弁当", "生姜焼き弁当",
         "カツ丼"),
        (398, 598), (1,), 48.0, 0.05, 15, -0.005, 1.0, 0.15, -0.35,
    ),
    "deli": _Category(
        ("ポテトサラダ", "コロッケ", "焼き鳥盛り合わせ", "餃子", "春巻き", "肉じゃが",
         "天ぷら盛り合わせ"),
        (198, 398), (1, 1, 2), 36.0, 0.08, 350, 0.0, 1.0, 0.50, 0.15,
    ),
    "bakery": _Category(
        ("メロンパン", "カレーパン", "あんパン", "クロワッサン", "食パン", "クリームパン",
         "塩パン"),
        (128, 248), (1, 1, 1, 2), 39.0, 0.05, 300, -0.005, 1.0, 0.10, -0.45,
    ),
    "dairy": _Category(
        ("牛乳", "ヨーグルト", "プリン", "飲むヨーグルト", "チーズケーキ", "生クリーム"),
        (158, 298), (3, 4, 5), 27.0, 0.05, 200, 0.01, 1.0, 0.30, -0.15,
    ),
    "drinks": _Category(
        ("緑茶", "麦茶", "スポーツドリンク", "炭酸水", "コーラ", "缶コーヒー"),
        (98, 178), (5,), 39.0, 0.25, 210, 0.04, 1.0, 0.30, 0.10,
    ),
    "ice": _Category(
        ("バニラアイス", "かき氷", "抹茶アイス", "チョコモナカ", "アイスキャンディー"),
        (128, 248), (5,), 18.0, 0.45, 215, 0.06, 1.3, 0.00, -0.20,
    ),
    "oden": _Category(
        ("おでん大根", "おでん玉子", "おでん盛り合わせ", "肉まん", "豚汁"),
        (98, 198), (1,), 24.0, 0.60, 20, -0.06, 0.5, 0.35, 0.00,
    ),
    "produce": _Category(
        ("カットフルーツ", "カット野菜", "千切りキャベツ", "バナナ", "冷やしトマト",
         "カットスイカ"),
        (198, 498), (1, 2, 2, 3), 24.0, 0.12, 200, 0.01, 1.0, 0.45, -0.25,
    ),
}  # fmt: skip
# Every category appears among the first eight items, so small test draws cover them all.
_CATEGORY_CYCLE = (
    "bento deli bakery dairy drinks ice oden produce "
    "bento deli bakery drinks bento deli bakery dairy drinks ice oden produce"
).split()

_PLACES = (
    "港北", "青葉台", "溝の口", "新百合ヶ丘", "日吉", "綱島", "鷺沼", "たまプラーザ", "中山",
    "鴨居",
    "長津田", "十日市場", "センター南", "センター北", "あざみ野", "江田", "市が尾", "藤が丘",
    "宮前平", "梶ヶ谷",
)  # fmt: skip
_PLACE_PREFIXES = ("", "東", "西", "南", "北", "新")
_LOC_SUFFIX = {"station": "駅前店", "residential": "店", "roadside": "バイパス店"}


def _round_price(x):
    """Japanese shelf prices end in 8 (398, 158)."""
    return np.maximum(np.round(np.asarray(x, dtype=float) / 10) * 10 - 2, 8).astype(np.int64)


def _make_stores(rng: np.random.Generator, n_stores: int) -> pd.DataFrame:
    n_areas = min(4, n_stores)
    # The first three stores cover the three location types so small draws show all of them.
    loc = np.concatenate(
        [np.arange(min(3, n_stores)), rng.choice(3, size=max(0, n_stores - 3), p=[0.3, 0.45, 0.25])]
    )
    area_mean = np.log([650.0, 1000.0, 1600.0])[loc]
    floor = np.round(np.exp(area_mean + rng.normal(0, 0.2, n_stores)), -1).astype(np.int64)
    places = [p + q for p in _PLACE_PREFIXES for q in _PLACES]
    if n_stores > len(places):
        raise ValueError(f"n_stores must be at most {len(places)}")
    place_idx = rng.permutation(len(_PLACES))  # unprefixed names first, in a random order
    place_idx = np.concatenate([place_idx, np.arange(len(_PLACES), len(places))])
    return pd.DataFrame(
        {
            "store_id": [f"S{i + 1:02d}" for i in range(n_stores)],
            "store_name": [
                places[place_idx[i]] + _LOC_SUFFIX[LOCATION_TYPES[loc[i]]] for i in range(n_stores)
            ],
            "area_id": [f"A{i % n_areas + 1}" for i in range(n_stores)],
            "location_type": [LOCATION_TYPES[k] for k in loc],
            "floor_area_m2": floor,
        }
    )


def _make_items(rng: np.random.Generator, n_items: int, dates: pd.DatetimeIndex) -> dict:
    """Item master plus the hidden per-item parameters."""
    cats = [_CATEGORY_CYCLE[i % len(_CATEGORY_CYCLE)] for i in range(n_items)]
    seen: dict[str, int] = {}
    names = []
    for c in cats:
        k = seen.get(c, 0)
        seen[c] = k + 1
        pool = CATEGORIES[c].names
        names.append(pool[k % len(pool)] + ("" if k < len(pool) else f"（{k // len(pool) + 1}）"))
    spec = [CATEGORIES[c] for c in cats]
    lo = np.array([s.price[0] for s in spec], dtype=float)
    hi = np.array([s.price[1] for s in spec], dtype=float)
    price0 = _round_price(rng.uniform(lo, hi))
    cost = np.round(price0 * rng.uniform(0.55, 0.72, n_items)).astype(np.int64)
    life = np.array([rng.choice(s.shelf_life) for s in spec], dtype=np.int64)

    n_slow = max(1, round(0.15 * n_items))
    slow = np.zeros(n_items, bool)
    slow[rng.choice(n_items, n_slow, replace=False)] = True
    base = np.array([s.base for s in spec]) * np.exp(rng.normal(0, 0.35, n_items))
    base[slow] = rng.uniform(0.8, 2.5, n_slow)
    nb_size = np.clip(np.exp(rng.normal(np.log(_NB_SIZE), 0.5, n_items)), 1.5, 100)
    nb_size[slow] = rng.uniform(0.8, 2.0, n_slow)
    zero_prob = np.where(slow, rng.uniform(0.3, 0.6, n_items), 0.0)
    temp_coef = np.array([s.temp_coef for s in spec]) + rng.normal(0, 0.008, n_items)
    elasticity = rng.uniform(-2.5, -1.0, n_items)

    # Launches and discontinuations: about 15 % new during the period, 10 % dropped.
    n_days = len(dates)
    order = rng.permutation(n_items)
    n_new = max(1, round(0.15 * n_items))
    n_gone = max(1, round(0.10 * n_items))
    launch = -rng.integers(30, 1500, n_items)  # days relative to the start
    launch[order[:n_new]] = rng.integers(n_days // 10, n_days - 60, n_new)
    gone = np.full(n_items, n_days + 10_000)
    gone[order[n_new : n_new + n_gone]] = rng.integers(
        min(120, n_days // 3), n_days - min(30, n_days // 10), n_gone
    )

    # Regular price changes: zero to two per item, each -8 % .. +12 %.
    n_days_idx = np.arange(n_days)
    reg_price = np.repeat(price0[None, :].astype(float), n_days, axis=0)
    for i in range(n_items):
        for day in np.sort(rng.integers(30, n_days, rng.choice([0, 1, 1, 2]))):
            reg_price[n_days_idx >= day, i] *= rng.uniform(0.92, 1.12)
    reg_price = _round_price(reg_price)

    start = dates[0]
    items = pd.DataFrame(
        {
            "item_id": [f"P{i + 1:03d}" for i in range(n_items)],
            "item_name": names,
            "category": cats,
            "unit_cost": cost,
            "regular_price": reg_price[-1],  # the master shows today's price
            "shelf_life_days": life,
            "launch_date": start + pd.to_timedelta(launch, unit="D"),
            "discontinue_date": pd.Series(
                start + pd.to_timedelta(np.where(gone > n_days, 0, gone), unit="D")
            ).where(gone <= n_days),
        }
    )
    items["launch_date"] = items["launch_date"].astype("datetime64[ns]")
    items["discontinue_date"] = items["discontinue_date"].astype("datetime64[ns]")
    return {
        "table": items,
        "cat_idx": np.array([list(CATEGORIES).index(c) for c in cats]),
        "price0": price0,
        "reg_price": reg_price,
        "base": base,
        "nb_size": nb_size,
        "zero_prob": zero_prob,
        "temp_coef": temp_coef,
        "elasticity": elasticity,
        "launch": launch,
        "gone": gone,
        "slow": slow,
    }


def _promotions(rng, dates, n_stores: int, reg_price: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flyer promotions: weekend sale (Fri-Sun) and Tuesday market, chosen weeks in advance."""
    n_days, n_items = reg_price.shape
    dow = dates.day_of_week.to_numpy()
    week = (np.arange(n_days) + dates[0].day_of_week) // 7
    n_weeks = week[-1] + 1
    promo = np.zeros((n_days, n_stores, n_items), bool)
    discount = np.zeros((n_days, n_items))
    for days, p in (((4, 5, 6), 0.12), ((1,), 0.12)):
        pick = rng.random((n_weeks, n_items)) < p
        disc = np.round(rng.uniform(0.10, 0.30, (n_weeks, n_items)) * 20) / 20
        joins = rng.random((n_weeks, n_stores, n_items)) < 0.85
        on_day = np.isin(dow, days)
        promo |= on_day[:, None, None] & (pick & joins.transpose(1, 0, 2)).transpose(1, 0, 2)[week]
        discount = np.where(on_day[:, None] & pick[week], disc[week], discount)
    price = np.where(
        promo, _round_price(reg_price * (1 - discount))[:, None, :], reg_price[:, None]
    )
    return promo, price


def _calendar_effects(dates, loc, cat_idx) -> np.ndarray:
    """Log demand effect of calendar days, shape (n_days, n_stores, n_items)."""
    cats = list(CATEGORIES.values())
    doy = dates.day_of_year.to_numpy()
    month, day = dates.month.to_numpy(), dates.day.to_numpy()
    dow = dates.day_of_week.to_numpy()
    holidays = {d for d, _ in jpholiday.between(dates[0].date(), dates[-1].date())}
    holiday = np.array([d in holidays for d in dates.date])
    year_end = (month == 12) & (day >= 28)
    new_year = (month == 1) & (day <= 3)
    obon = (month == 8) & (day >= 13) & (day <= 16)
    payday = np.isin(day, (25, 26, 27))

    amp = np.array([c.season_amp for c in cats])[cat_idx]
    peak = np.array([c.season_peak for c in cats])[cat_idx]
    season = amp * np.cos(2 * np.pi * (doy[:, None] - peak) / 365.25)
    special = (
        year_end[:, None] * np.array([c.year_end for c in cats])[cat_idx]
        + new_year[:, None] * np.array([c.new_year for c in cats])[cat_idx]
    )
    store_day = (
        _LOC_WEEKDAY[loc][:, dow].T
        + (holiday & ~new_year)[:, None] * _LOC_HOLIDAY[loc]
        + obon[:, None] * _LOC_OBON[loc]
        + payday[:, None] * _PAYDAY
    )
    return store_day[:, :, None] + (season + special)[:, None, :]


def make_supermarket_sales(
    *,
    n_stores: int = 10,
    n_items: int = 40,
    start: str = "2023-12-01",
    end: str = "2025-11-30",
    seed: int = 0,
    return_truth: bool = False,
) -> SupermarketData:
    """Generate daily sales, ordering and weather of a fictional supermarket chain.

    Demand of each (store, item, day) is zero-inflated negative binomial around a log-mean
    built from store size and location, item category, weekday by location type, annual
    seasonality, Japanese public holidays, year end, New Year, Obon, paydays, price and flyer
    promotions, the novelty of new items and the day's weather (temperature anomaly and rain).
    Store managers order by hand (last week's same-weekday sales plus a cushion); sales are
    demand censored by the stock on the shelf, with FIFO ageing and waste. The export is messy:
    exact duplicate rows, a few lost days for one store, and one item code renamed part way.
    Each evening the weather service issues calibrated forecasts of the next seven days whose
    error grows with the lead (:mod:`dxquest.synth.weather`).
    The data card ``datasets/demand_forecast.md`` documents every effect and quirk.

    Parameters
    ----------
    n_stores, n_items : int
        Number of stores (at most 120) and items.
    start, end : str
        First and last date (inclusive), ISO format; at least 70 days apart.
    seed : int
        Seed of all randomness; the same arguments give identical tables.
    return_truth : bool
        Also return the hidden ground truth (true demand and its distribution per row).

    Returns
    -------
    SupermarketData
    """
    dates = pd.date_range(start, end, freq="D")
    if n_stores < 1 or n_items < 1:
        raise ValueError("n_stores and n_items must be at least 1")
    if len(dates) < 70:
        raise ValueError("the period must span at least 70 days")
    params = dict(
        n_stores=n_stores, n_items=n_items, start=start, end=end, seed=seed,
        return_truth=return_truth,
    )  # fmt: skip
    # One independent stream per concern, so adding a table never changes the others (a new
    # stream goes last: spawn(n) begins with the same children as spawn(n - 1)).
    (
        s_store, s_item, s_weather, s_promo, s_demand, s_manager, s_messy, s_log, s_forecast,
        s_markdown,
    ) = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(10))  # fmt: skip

    stores = _make_stores(s_store, n_stores)
    loc = stores["location_type"].map(LOCATION_TYPES.index).to_numpy()
    area = stores["area_id"].str[1:].astype(int).to_numpy() - 1
    it = _make_items(s_item, n_items, dates)
    wx = make_area_weather(s_weather, s_forecast, dates, area.max() + 1)
    promo, price = _promotions(s_promo, dates, n_stores, it["reg_price"])
    dm = _demand(s_demand, dates, stores, loc, area, it, wx, promo, price)
    dm.update(_markdowns(s_markdown, it, dm["demand"].shape))
    shop = _managers_ordering(s_manager, it, dm, promo)
    sales, flat = _sales_table(s_messy, dates, stores, it["table"], price, promo, shop)
    truth = _truth_table(sales, dm, flat) if return_truth else None
    sales, params["quirks"] = _mess_up(s_messy, sales, it["table"], stores, dates, it)
    return SupermarketData(
        stores=stores,
        items=it["table"],
        sales=sales,
        weather=weather_table(dates, wx),
        weather_forecasts=forecast_table(dates, wx),
        ordering_log=_ordering_log(s_log, dates, stores, dm["on_sale"]),
        truth=truth,
        params=params,
    )


def _demand(rng, dates, stores, loc, area, it, wx, promo, price) -> dict:
    """The hidden demand model: dense arrays of shape (n_days, n_stores, n_items), its
    parameters per row and the drawn demand."""
    n_days, n_stores = len(dates), len(stores)
    n_items = len(it["base"])
    days = np.arange(n_days)
    on_sale = (days[:, None] >= it["launch"]) & (days[:, None] < it["gone"])  # (T, I)
    since_launch = np.clip(days[:, None] - it["launch"], 0, None)
    novelty = np.where(it["launch"] >= 0, _NOVELTY * np.exp(-since_launch / 14), 0.0)
    store_level = (
        0.6 * np.log(stores["floor_area_m2"].to_numpy() / 1000)
        + _LOC_SCALE[loc]
        + rng.normal(0, 0.1, n_stores)
    )
    series_effect = rng.normal(0, 0.15, (n_stores, n_items))
    log_mu_base = (
        np.log(it["base"])
        + store_level[:, None]
        + series_effect
        + _calendar_effects(dates, loc, it["cat_idx"])
        + novelty[:, None, :]
        + _FLYER * promo
        + it["elasticity"] * np.log(price / it["price0"])
    )
    temp_coef = np.broadcast_to(it["temp_coef"], log_mu_base.shape)
    rain_mult = np.array([c.rain_mult for c in CATEGORIES.values()])[it["cat_idx"]]
    rain_coef = np.broadcast_to(_LOC_RAIN[loc][:, None] * rain_mult, log_mu_base.shape)
    temp = wx["actual"][:, area, None]
    temp_normal = np.broadcast_to(wx["normal"][:, area, None], log_mu_base.shape)
    rain = wx["rain"][:, area, None]
    m = nb_mean(log_mu_base, temp_coef, temp, temp_normal, rain_coef, rain)
    k = it["nb_size"]
    zero = it["zero_prob"]
    demand = rng.poisson(rng.gamma(k, m / k))
    demand = np.where(rng.random(m.shape) < zero, 0, demand)
    return {
        "on_sale": on_sale,
        "typical": np.exp(np.log(it["base"]) + store_level[:, None] + series_effect).ravel(),
        "demand": demand,
        "mu": (1 - zero) * m,
        "log_mu_base": log_mu_base,
        "temp_coef": temp_coef,
        "temp_normal": temp_normal,
        "rain_coef": rain_coef,
        "nb_size": k,
        "zero_prob": zero,
    }


def _markdowns(rng, it: dict, shape: tuple[int, int, int]) -> dict:
    """The evening markdown: each item's sell-through (its category's ± 0.08) and the draw that
    rounds each (day, store, item)'s expected markdown sales down or up. Both are kept to the
    six decimals the truth file holds, so a policy simulated from that file faces the same shelf."""
    cats = it["table"]["category"]
    mean = cats.map(_MARKDOWN_SELL_THROUGH).to_numpy(dtype=float)
    sell_through = np.clip(mean + rng.uniform(-0.08, 0.08, mean.size), 0.05, 0.95)
    return {
        "markdown_sell_through": np.round(sell_through, 6),
        "markdown_draw": np.floor(rng.random(shape) * 1e6) / 1e6,
    }


def _managers_ordering(rng, it: dict, dm: dict, promo: np.ndarray) -> dict:
    """Today's practice: the store managers' hand ordering, one loop over days, on a FIFO shelf.

    Arrays of shape (n_days, n_stores * n_items): whether the item is on sale, its demand, and
    the ordered, available, sold, marked-down and wasted units."""
    n_days, n_stores, n_items = dm["demand"].shape
    shape2 = (n_days, n_stores * n_items)
    active = np.broadcast_to(dm["on_sale"][:, None, :], dm["demand"].shape).reshape(shape2)
    dem2 = np.where(active, dm["demand"].reshape(shape2), 0)
    promo2 = promo.reshape(shape2)
    cushion = np.repeat(rng.uniform(*_CUSHION, n_stores), n_items)
    noise_sd = np.repeat(rng.uniform(*_NOISE, n_stores), n_items)
    noise = rng.normal(0, 1, shape2)
    # A rough guess for the first week: the series' typical level, misjudged by ~25 %.
    typical = dm["typical"]
    rough = np.rint(typical * (1 + cushion) * np.exp(rng.normal(0, 0.25, typical.size)))
    shelf = FifoShelf(
        np.tile(it["table"]["shelf_life_days"].to_numpy(), n_stores),
        np.tile(dm["markdown_sell_through"], n_stores),
    )
    draw = dm["markdown_draw"].reshape(shape2)
    ordered, available, sold, marked_down, waste = (np.zeros(shape2, np.int64) for _ in range(5))
    for t in range(n_days):
        if t >= 7:
            ref = sold[t - 7]
            # Managers see an empty shelf but not the lost demand, so they under-react; they
            # do read the flyer plan and scale for promotions.
            soldout = ref == available[t - 7]
            from_ref = np.rint(
                (ref * (1 + cushion) + noise_sd * np.sqrt(ref + 1) * noise[t])
                * (1 + _SELLOUT_BUMP * soldout)
                * _PROMO_GUESS ** (promo2[t].astype(float) - promo2[t - 7])
            )
            target = np.where(active[t - 7], from_ref, rough)
        else:
            target = rough
        # An empty facing is never planned: at least one unit is always ordered up to.
        target = np.maximum(target, 1).astype(np.int64)
        ordered[t] = np.where(active[t], np.maximum(target - shelf.carry, 0), 0)
        available[t], sold[t], marked_down[t], waste[t] = shelf.step(ordered[t], dem2[t], draw[t])
    return {
        "active": active,
        "demand": dem2,
        "ordered": ordered,
        "available": available,
        "sold": sold,
        "marked_down": marked_down,
        "waste": waste,
    }


def _sales_table(rng, dates, stores, items, price, promo, shop) -> tuple[pd.DataFrame, tuple]:
    """The POS export before its quirks (rows only while the item is on sale), and the
    (day, store, item) index of each row into the dense arrays."""
    n_items = len(items)
    t_idx, n_idx = np.nonzero(shop["active"])
    s_idx, i_idx = np.divmod(n_idx, n_items)
    store_ids = stores["store_id"].to_numpy(dtype=object)
    item_ids = items["item_id"].to_numpy(dtype=object)
    lost = shop["demand"][t_idx, n_idx] - shop["sold"][t_idx, n_idx]
    flagged = (lost > 0) & (rng.random(lost.size) < _STOCKOUT_RECORDED)
    flat = (t_idx, s_idx, i_idx)
    sales = pd.DataFrame(
        {
            "date": dates[t_idx],
            "store_id": pd.array(store_ids[s_idx], dtype="str"),
            "item_id": pd.array(item_ids[i_idx], dtype="str"),
            "price": price[flat],
            "on_promo": promo[flat].astype(np.int64),
            "ordered_qty": shop["ordered"][t_idx, n_idx],
            "stock_available": shop["available"][t_idx, n_idx],
            "sales_qty": shop["sold"][t_idx, n_idx],
            "markdown_qty": shop["marked_down"][t_idx, n_idx],
            "waste_qty": shop["waste"][t_idx, n_idx],
            "stockout_flag": flagged.astype(np.int64),
        }
    )
    return sales, flat


def _truth_table(sales: pd.DataFrame, dm: dict, flat: tuple) -> pd.DataFrame:
    """True demand and its distribution, one row per row of the export before its quirks."""
    i_idx = flat[2]
    return pd.DataFrame(
        {
            "date": sales["date"],
            "store_id": sales["store_id"],
            "item_id": sales["item_id"],
            "demand": dm["demand"][flat],
            "mu": np.round(dm["mu"][flat], 6),
            "price": sales["price"],
            "log_mu_base": np.round(dm["log_mu_base"][flat], 6),
            "temp_coef": np.round(dm["temp_coef"][flat], 6),
            "temp_normal": np.round(dm["temp_normal"][flat], 6),
            "rain_coef": np.round(dm["rain_coef"][flat], 6),
            "nb_size": np.round(dm["nb_size"][i_idx], 6),
            "zero_prob": np.round(dm["zero_prob"][i_idx], 6),
            "markdown_sell_through": np.round(dm["markdown_sell_through"][i_idx], 6),
            "markdown_draw": np.round(dm["markdown_draw"][flat], 6),
        }
    )


def _ordering_log(rng, dates, stores, on_sale) -> pd.DataFrame:
    """Managers' daily ordering minutes per store."""
    n_days, n_stores = len(dates), len(stores)
    n_on_sale = on_sale.sum(axis=1)
    # The 40 items stand in for a store's whole fresh assortment: 1.5-3 minutes each makes the
    # 60-120 minutes a day the case story reports.
    per_item = rng.uniform(1.5, 3.0, n_stores)
    minutes = n_on_sale[:, None] * per_item * np.exp(rng.normal(0, 0.15, (n_days, n_stores)))
    store_ids = np.tile(stores["store_id"].to_numpy(dtype=object), n_days)
    return pd.DataFrame(
        {
            "date": np.repeat(dates, n_stores),
            "store_id": pd.array(store_ids, dtype="str"),
            "minutes": np.rint(minutes + 5).astype(np.int64).ravel(),
        }
    )


def _mess_up(rng, sales, items, stores, dates, it) -> tuple[pd.DataFrame, dict]:
    """Export quirks: a renamed item code, a few lost days for one store, duplicate rows."""
    n_days = len(dates)
    always = np.flatnonzero((it["launch"] < 0) & (it["gone"] > n_days))
    renamed = items["item_id"].iloc[rng.choice(always)]
    rename_day = dates[rng.integers(int(0.4 * n_days), int(0.7 * n_days))]
    hit = (sales["item_id"] == renamed) & (sales["date"] >= rename_day)
    sales.loc[hit, "item_id"] = renamed + "N"

    outage_store = stores["store_id"].iloc[rng.integers(len(stores))]
    outage_len = int(rng.integers(3, 6))
    first = rng.integers(int(0.2 * n_days), int(0.8 * n_days) - outage_len)
    outage_days = dates[first : first + outage_len]
    lost = (sales["store_id"] == outage_store) & sales["date"].isin(outage_days)
    sales = sales.loc[~lost]

    # Duplicates sit right after their original row, as a re-sent export batch would.
    copies = np.ones(len(sales), np.int64)
    n_dup = round(_DUPLICATE_SHARE * len(sales))
    copies[rng.choice(len(sales), n_dup, replace=False)] = 2
    sales = sales.iloc[np.repeat(np.arange(len(sales)), copies)].reset_index(drop=True)
    quirks = {
        "renamed_item": renamed,
        "renamed_code": renamed + "N",
        "renamed_from": rename_day.strftime("%Y-%m-%d"),
        "outage_store": outage_store,
        "outage_dates": [d.strftime("%Y-%m-%d") for d in outage_days],
        "n_duplicates": n_dup,
    }
    return sales, quirks
