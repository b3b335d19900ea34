"""Synthetic advance notices (内示) and firm orders of a fictional parts maker's customers, with the
hidden true process.

:func:`make_advance_orders` is a pure function in the style of scikit-learn's ``make_*``
generators; its tables and their files are :mod:`dxquest.synth.parts_orders_tables`. Every effect
is documented in the data card ``datasets/advance_orders.md``; keep the two in step.

The process, per part and month ``m``: a true level ``mu`` (base volume x life cycle x the
customer's season x model changes x a slow trend), and firm orders ``mu * exp(e3 + e2 + e1 + e0)``
plus a rare one-off spike. The shocks ``e3``, ``e2`` and ``e1`` become known to the customer
three, two and one months ahead and go into its notices from then on (its plans firm up as the
month nears); ``e0`` arises in the month itself. A notice issued ``h`` months ahead is the
customer's own view of the level (late with model changes and run-downs, optimistic in a launch
ramp, flattening the season more the further ahead it looks), times its bias for that horizon
(which drifts), times the shocks known by then, times a little noise, rounded to the box.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dxquest.synth.parts_orders_tables import DATE_COLUMNS, AdvanceOrdersData
from dxquest.synth.printing import working_days

__all__ = ["HORIZONS", "NOTICE_DAY", "make_advance_orders"]

HORIZONS = (1, 2, 3)
"""A notice issued in month ``t`` covers months ``t + 1``, ``t + 2`` and ``t + 3``."""
NOTICE_DAY = 20
"""Customers send their notices on the 20th of each month."""
ORDER_LEAD_DAYS = 7
"""A firm order arrives one week before its delivery day."""

SHOCK_SD = {3: 0.06, 2: 0.06, 1: 0.06, 0: 0.09}
"""Log-scale sd of the shock that becomes known ``h`` months ahead (``0``: in the month itself),
for a part of noise scale 1."""
NOTICE_NOISE_SD = 0.03
"""Log-scale sd of the notice's own noise (the customer's spreadsheet, not its plans)."""
BIAS_HORIZON_FACTOR = {1: 0.7, 2: 1.0, 3: 1.3}
"""A customer's log bias is larger the further ahead it looks."""
SEASON_OMITTED = {1: 0.3, 2: 0.7, 3: 1.0}
"""Share of its own seasonal swing (in logs) a notice leaves out, by horizon: three months ahead a
customer announces a flat level."""
MONTH_SEASON = np.array([0.92, 1.02, 1.15, 0.98, 0.85, 1.00, 1.04, 0.82, 1.08, 1.00, 1.02, 0.90])
"""Firm orders by calendar month (Jan..Dec) for a customer of amplitude 1: fiscal year end
(March) and half year end (September) pushes, Golden Week (May), Obon (August) and year end
(December) shutdowns at the customers' plants."""
RAMP_MONTHS_OPTIMISM = 2
"""In a launch ramp the customer announces the level of two months further along the ramp."""
DECLINE_MONTHS = 6
"""A part at end of life runs down over its last six months before the last-time buy."""
EOL_NOTICE_MONTHS = 3
"""The end of a part's life (its last month and last-time buy) is announced three months before
its last month; notices of the months after it stop then."""
SPIKE_P = 0.015
"""Monthly probability of a one-off extra order nobody announced (line trouble at the customer,
service parts)."""

_CUSTOMERS = (
    ("北陸オートパーツ", "自動車"),
    ("加賀建機", "建設機械"),
    ("能登電機", "家電"),
    ("白山工機", "工作機械"),
    ("越前農機", "農業機械"),
    ("立山住設", "住宅設備"),
    ("富山モビリティ", "自動車"),
    ("七尾ロボティクス", "産業用ロボット"),
)
_BIAS_PROFILES = (0.28, 0.16, -0.10, 0.08, 0.22, -0.04, 0.12, 0.02)
"""Starting log biases of the customers' notices at two months ahead (before shuffling): most
inflate, some are cautious."""
_PART_WORDS = (
    "ブラケット", "シャフト", "ハウジング", "フランジ", "カバー", "ギア", "スリーブ", "プレート",
    "ピン", "ナット", "ブッシュ", "ホルダー",
)  # fmt: skip


@dataclass(frozen=True)
class _Part:
    customer: int
    base: float
    noise: float
    stage: str  # mature | launch | eol | change
    event: int  # launch month, last month, or model-change month (-1 for none)
    change: float  # model-change factor (1 for none)
    extra: float  # last-time buy, in months of the declining level (0 for none)
    trend: float  # log growth a year


def _month_grid(start: str, end: str) -> pd.PeriodIndex:
    months = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq="M")
    if len(months) < 18:
        raise ValueError("the period must span at least 18 months")
    return months


def _customers(rng, n_customers: int, months: pd.PeriodIndex) -> tuple[pd.DataFrame, dict]:
    """The customer master and each customer's hidden notice behaviour."""
    k = len(months)
    order = rng.permutation(n_customers)
    bias0 = np.asarray(_BIAS_PROFILES)[order]
    # Each customer's bias drifts slowly (a random walk); one changes behaviour late in the
    # period (a new planning system): its bias steps to near zero.
    walk = np.cumsum(rng.normal(0, 0.015, (n_customers, k)), axis=1)
    bias = bias0[:, None] + walk
    changer = int(np.argmax(bias0[: n_customers - 1]))  # the most inflating (not the merged one)
    shift_month = int(rng.integers(k - 22, k - 16))
    bias[changer, shift_month:] = (
        rng.normal(0.02, 0.02) + walk[changer, shift_month:] - walk[changer, shift_month]
    )
    amplitude = rng.uniform(0.6, 1.4, n_customers)
    merged, acquirer = n_customers - 1, 1
    merge_month = int(rng.integers(12, min(21, k - 6)))
    names = [_CUSTOMERS[i] for i in range(n_customers)]
    table = pd.DataFrame(
        {
            "customer_id": [f"C{i + 1:02d}" for i in range(n_customers)],
            "customer_name": [f"{name}株式会社" for name, _ in names],
            "industry": [industry for _, industry in names],
            "merged_into": [None] * n_customers,
            "merged_on": pd.Series([pd.NaT] * n_customers, dtype="datetime64[ns]"),
        }
    )
    table.loc[merged, "merged_into"] = table.loc[acquirer, "customer_id"]
    table.loc[merged, "merged_on"] = months[merge_month].to_timestamp()
    table["merged_into"] = table["merged_into"].astype("str")  # the reader's dtype: NaN for none
    # After the merger the acquirer's planning department issues the merged customer's notices.
    bias[merged, merge_month:] = bias[acquirer, merge_month:]
    behaviour = {
        "bias": bias,
        "amplitude": amplitude,
        "merged": merged,
        "acquirer": acquirer,
        "merge_month": merge_month,
        "changer": changer,
        "shift_month": shift_month,
    }
    return table, behaviour


def _parts(rng, n_parts: int, n_customers: int, k: int) -> list[_Part]:
    """Each part's customer, volume, noise and life cycle."""
    weights = 0.8 ** np.arange(n_customers)
    customer = np.concatenate(
        [np.repeat(np.arange(n_customers), 3), rng.choice(n_customers, n_parts - 3 * n_customers,
                                                          p=weights / weights.sum())]
    )  # fmt: skip
    customer = np.sort(customer)
    base = np.clip(np.round(1500 * np.exp(rng.normal(0, 0.9, n_parts)), -1), 100, 30_000)
    noise = rng.uniform(0.8, 1.4, n_parts)
    stage = rng.choice(["mature", "launch", "eol", "change"], n_parts, p=[0.64, 0.12, 0.14, 0.10])
    trend = rng.normal(0, 0.08, n_parts)
    parts = []
    for i in range(n_parts):
        event, change, extra = -1, 1.0, 0.0
        if stage[i] == "launch":
            event = int(rng.integers(2, k - 14))
        elif stage[i] == "eol":
            event = int(rng.integers(12, k - 1))
            extra = float(rng.uniform(1.5, 3.0))
        elif stage[i] == "change":
            event = int(rng.integers(6, k - 2))
            change = float(rng.choice([0.55, 0.7, 1.35, 1.6]))
        parts.append(
            _Part(int(customer[i]), float(base[i]), float(noise[i]), str(stage[i]), event,
                  change, extra, float(trend[i]))
        )  # fmt: skip
    return parts


def _ramp(months_in: np.ndarray) -> np.ndarray:
    """Share of the mature level ``months_in`` months after launch (0 before it)."""
    return np.where(months_in >= 0, 1 / (1 + np.exp(-(months_in - 3) / 1.2)), 0.0)


def _life_cycle(part: _Part, m: np.ndarray) -> np.ndarray:
    """The part's true level (share of its base) in months ``m``, last-time buy included."""
    m = np.asarray(m)
    if part.stage == "launch":
        return _ramp(m - part.event)
    if part.stage == "eol":
        into = np.clip((m - (part.event - DECLINE_MONTHS)) / DECLINE_MONTHS, 0, 1)
        level = 1 - 0.55 * into
        return np.where(m < part.event, level, np.where(m == part.event, 0.45 * (1 + part.extra),
                                                                         0.0))  # fmt: skip
    return np.ones(m.shape)


def _notice_level(part: _Part, m: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The customer's view, at issue month ``t``, of the part's level in month ``m``."""
    if part.stage == "launch":
        return _ramp(m - part.event + RAMP_MONTHS_OPTIMISM)
    if part.stage == "eol":
        # Until the end is announced the customer keeps announcing today's level; from then on
        # its notices follow the run-down and the last-time buy.
        flat = _life_cycle(part, np.minimum(t, part.event - 1))
        return np.where(t >= part.event - EOL_NOTICE_MONTHS, _life_cycle(part, m), flat)
    if part.stage == "change":
        announced = t >= part.event - 1
        return np.where((m >= part.event) & announced, part.change, 1.0)
    return np.ones(np.shape(m))


def _true_change(part: _Part, m: np.ndarray) -> np.ndarray:
    return np.where((part.stage == "change") & (np.asarray(m) >= part.event), part.change, 1.0)


def _box(base: float) -> int:
    """Parts per box (入数): notices are in boxes, and so are orders."""
    return 10 if base < 500 else 50 if base < 3000 else 100


def _season(amplitude: float, month_of_year: np.ndarray) -> np.ndarray:
    return np.exp(amplitude * np.log(MONTH_SEASON[np.asarray(month_of_year) - 1]))


def _draw_months(rng_shock, rng_spike, parts, behaviour, months) -> tuple[pd.DataFrame, dict]:
    """Per part and target month, the true level and the realised firm quantity; per notice row,
    the notice's true distribution and its realised value."""
    k = len(months)
    moy = months.month.to_numpy()
    m_all = np.arange(k)
    monthly, notice_rows = [], []
    for p, part in enumerate(parts):
        c = part.customer
        season = _season(behaviour["amplitude"][c], moy)
        trend = np.exp(part.trend * m_all / 12)
        mu = part.base * _life_cycle(part, m_all) * season * _true_change(part, m_all) * trend
        shocks = {h: rng_shock.normal(0, SHOCK_SD[h] * part.noise, k) for h in (3, 2, 1, 0)}
        spike = np.where(
            rng_spike.random(k) < SPIKE_P, part.base * rng_spike.uniform(0.5, 1.5, k), 0.0
        )
        box = _box(part.base)
        total = shocks[3] + shocks[2] + shocks[1] + shocks[0]
        quantity = np.round((mu * np.exp(total) + spike) / box) * box
        monthly.append(pd.DataFrame({"part": p, "month": m_all, "mu": mu, "quantity": quantity,
                                     "spike": spike, "box": box}))  # fmt: skip
        for h in HORIZONS:
            t = m_all - h
            ok = t >= 0
            m, t = m_all[ok], t[ok]
            level = _notice_level(part, m, t)
            seen = season[m] ** (1 - SEASON_OMITTED[h])
            issued = (level > 0.05) & (mu[m] > 0)
            if part.stage == "eol":  # notices stop once the end is announced
                issued &= (t < part.event - EOL_NOTICE_MONTHS) | (m <= part.event)
            bias = behaviour["bias"][c, t] * BIAS_HORIZON_FACTOR[h]
            core = np.log(np.maximum(part.base * level * seen * trend[m], 1e-9)) + bias
            revealed = sum(shocks[j][m] for j in HORIZONS if j >= h)
            u = rng_shock.normal(0, NOTICE_NOISE_SD, len(m))
            value = np.round(np.exp(core + revealed + u) / box) * box
            sd_revealed = np.sqrt(sum(SHOCK_SD[j] ** 2 for j in HORIZONS if j >= h)) * part.noise
            sd_rest = np.sqrt(sum(SHOCK_SD[j] ** 2 for j in (0, *HORIZONS) if j < h)) * part.noise
            notice_rows.append(
                pd.DataFrame(
                    {
                        "part": p, "issue": t, "target": m, "horizon": h, "notice": value,
                        "notice_log_core": core, "actual_log_median": np.log(np.maximum(mu[m],
                                                                                        1e-9)),
                        "sd_revealed": sd_revealed, "sd_unrevealed": sd_rest,
                        "sd_notice": NOTICE_NOISE_SD, "revealed": revealed, "notice_noise": u,
                        "bias": bias, "issued": issued,
                    }
                )
            )  # fmt: skip
    monthly = pd.concat(monthly, ignore_index=True)
    notices = pd.concat(notice_rows, ignore_index=True)
    notices = notices[notices["issued"]].drop(columns="issued").reset_index(drop=True)
    return monthly, {"notices": notices}


def _weekly_orders(rng, monthly: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """Each month's firm quantity split over its delivery weeks in boxes, in proportion to the
    working days of each week (Golden Week, Obon and the year end give short weeks)."""
    days = working_days(months[0].to_timestamp(), months[-1].to_timestamp(how="end"))
    frame = pd.DataFrame({"day": days})
    frame["month"] = days.to_period("M")
    frame["week"] = days.to_period("W-SUN")
    weeks = frame.groupby(["month", "week"]).agg(first=("day", "min"), n=("day", "size"))
    per_month = {
        month: (group["first"].to_numpy(), group["n"].to_numpy(dtype=float))
        for month, group in weeks.reset_index().groupby("month")
    }
    rows = []
    for row in monthly.itertuples(index=False):
        boxes = int(row.quantity // row.box)
        if boxes <= 0:
            continue
        delivery, n = per_month[months[row.month]]
        split = rng.multinomial(boxes, n / n.sum())
        keep = split > 0
        rows.append(pd.DataFrame({"part": row.part, "month": row.month,
                                  "delivery_date": delivery[keep],
                                  "quantity": split[keep] * row.box}))  # fmt: skip
    return pd.concat(rows, ignore_index=True)


def make_advance_orders(
    *,
    n_customers: int = 6,
    n_parts: int = 60,
    start: str = "2022-12-01",
    end: str = "2025-11-30",
    seed: int = 0,
    return_truth: bool = False,
) -> AdvanceOrdersData:
    """Generate a parts maker's customers' advance notices (内示) and firm orders.

    Every month on the 20th each customer sends a notice of how many of each of its parts it will
    order one, two and three months ahead, so each month is announced up to three times; firm
    orders arrive weekly, a week before delivery. The notices are systematically off: each
    customer's bias drifts (and one customer changes its behaviour late in the period), notices
    flatten the customers' seasons (fiscal year end, Golden Week, Obon, year end), are
    optimistic in a launch ramp, announce run-downs, last-time buys and model changes late, and
    miss one-off extra orders. The records are messy: one part number is renamed, one customer
    is merged into another, and one customer's notice file of one month is missing. The data
    card ``datasets/advance_orders.md`` documents every effect and quirk.

    Parameters
    ----------
    n_customers : int
        Customers (5 to 8); the last one is merged into the second part way through.
    n_parts : int
        Part numbers (at least 6 per customer), before the renaming.
    start, end : str
        First and last day of the period (whole months), ISO format; at least 18 months.
    seed : int
        Seed of all randomness; the same arguments give identical tables.
    return_truth : bool
        Also return the hidden ground truth (per notice row, the true distribution of the
        month's firm orders and of the notice).

    Returns
    -------
    AdvanceOrdersData
    """
    if not 5 <= n_customers <= len(_CUSTOMERS):
        raise ValueError(f"n_customers must be between 5 and {len(_CUSTOMERS)}")
    if n_parts < 6 * n_customers:
        raise ValueError("n_parts must be at least 6 per customer")
    months = _month_grid(start, end)
    k = len(months)
    params = dict(n_customers=n_customers, n_parts=n_parts, start=start, end=end, seed=seed,
                  return_truth=return_truth)  # fmt: skip
    # One independent stream per concern, so adding a table never changes the others.
    (s_cust, s_parts, s_shock, s_spike, s_weeks, s_messy) = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(6)
    )
    customers, behaviour = _customers(s_cust, n_customers, months)
    parts = _parts(s_parts, n_parts, n_customers, k)
    monthly, drawn = _draw_months(s_shock, s_spike, parts, behaviour, months)
    weekly = _weekly_orders(s_weeks, monthly, months)

    # Messy records: a renamed part, the merger, a missing notice file.
    renamed = int(s_messy.choice([i for i, p in enumerate(parts) if p.stage == "mature"
                                  and p.customer != behaviour["merged"]]))  # fmt: skip
    rename_month = int(s_messy.integers(8, 17))
    missing_customer = int(s_messy.integers(0, n_customers - 1))
    missing_month = int(s_messy.integers(4, 15))
    part_ids = [f"KP-{1001 + 2 * i}" for i in range(len(parts))]
    new_id = part_ids[renamed] + "B"

    def part_id(p: np.ndarray, from_new: np.ndarray) -> np.ndarray:
        ids = np.asarray(part_ids, dtype=object)[p]
        return np.where((p == renamed) & from_new, new_id, ids)

    customer_of = np.array([p.customer for p in parts])
    cust_ids = customers["customer_id"].to_numpy(dtype=object)
    merged_on = customers.loc[behaviour["merged"], "merged_on"]

    def customer_id(p: np.ndarray, month: np.ndarray) -> np.ndarray:
        c = customer_of[p]
        after = (c == behaviour["merged"]) & (month >= behaviour["merge_month"])
        return cust_ids[np.where(after, behaviour["acquirer"], c)]

    notices = drawn["notices"]
    notices = notices[
        ~((customer_id(notices["part"].to_numpy(), notices["issue"].to_numpy())
           == cust_ids[missing_customer]) & (notices["issue"] == missing_month))
    ].reset_index(drop=True)  # fmt: skip
    issue, target = notices["issue"].to_numpy(), notices["target"].to_numpy()
    issued_on = (months[issue].to_timestamp() + pd.Timedelta(days=NOTICE_DAY - 1)).astype(
        "datetime64[ns]"
    )
    notice_table = pd.DataFrame(
        {
            "issued_on": issued_on,
            "customer_id": customer_id(notices["part"].to_numpy(), issue),
            "part_id": part_id(notices["part"].to_numpy(), issue >= rename_month),
            "target_month": months[target].strftime("%Y-%m"),
            "horizon": notices["horizon"].to_numpy(dtype=np.int64),
            "quantity": notices["notice"].to_numpy(dtype=np.int64),
        }
    )
    order_keys = notice_table.sort_values(["issued_on", "customer_id", "part_id", "horizon"]).index
    notice_table = notice_table.loc[order_keys].reset_index(drop=True)

    delivery = pd.DatetimeIndex(weekly["delivery_date"]).astype("datetime64[ns]")
    order_date = delivery - pd.Timedelta(days=ORDER_LEAD_DAYS)
    wp = weekly["part"].to_numpy()
    orders = pd.DataFrame(
        {
            "order_date": order_date,
            "delivery_date": delivery,
            "customer_id": np.where(
                (customer_of[wp] == behaviour["merged"]) & (order_date >= merged_on),
                cust_ids[behaviour["acquirer"]],
                cust_ids[customer_of[wp]],
            ),
            "part_id": part_id(wp, weekly["month"].to_numpy() > rename_month),
            "quantity": weekly["quantity"].to_numpy(dtype=np.int64),
        }
    )
    orders = orders.sort_values(["order_date", "customer_id", "part_id"], kind="stable")
    orders = orders.reset_index(drop=True)
    orders.insert(0, "order_id", [f"O{i + 1:06d}" for i in range(len(orders))])

    price = np.round(350 * np.exp(s_parts.normal(0, 0.8, len(parts))))
    price = np.clip(price, 20, 5000)
    material = np.round(price * s_parts.uniform(0.35, 0.6, len(parts)))
    words = s_parts.choice(len(_PART_WORDS), len(parts))
    parts_table = pd.DataFrame(
        {
            "part_id": part_ids,
            "customer_id": cust_ids[customer_of],
            "part_name": [f"{_PART_WORDS[w]} {part_ids[i][3:]}" for i, w in enumerate(words)],
            "unit_price_yen": price.astype(np.int64),
            "material_cost_yen": material.astype(np.int64),
            "box_quantity": [_box(p.base) for p in parts],
            "former_part_id": [None] * len(parts),
        }
    )
    renamed_row = parts_table.iloc[[renamed]].assign(
        part_id=new_id, former_part_id=part_ids[renamed]
    )
    parts_table = pd.concat([parts_table, renamed_row], ignore_index=True)
    parts_table["former_part_id"] = parts_table["former_part_id"].astype("str")

    quirks = {
        "renamed_part": {"from": part_ids[renamed], "to": new_id,
                         "first_notice": months[rename_month].strftime("%Y-%m"),
                         "first_delivery": months[rename_month + 1].strftime("%Y-%m")},
        "merger": {"merged": cust_ids[behaviour["merged"]],
                   "into": cust_ids[behaviour["acquirer"]],
                   "on": months[behaviour["merge_month"]].strftime("%Y-%m")},
        "missing_notice": {"customer": cust_ids[missing_customer],
                           "issued": months[missing_month].strftime("%Y-%m")},
        "behaviour_change": {"customer": cust_ids[behaviour["changer"]],
                             "from_issue": months[behaviour["shift_month"]].strftime("%Y-%m")},
    }  # fmt: skip
    params["quirks"] = quirks

    truth = None
    if return_truth:
        kept = notices
        stage = np.array([parts[p].stage for p in kept["part"]], dtype=object)
        truth = (
            pd.DataFrame(
                {
                    "issued_on": issued_on,
                    "customer_id": customer_id(kept["part"].to_numpy(), issue),
                    "part_id": part_id(kept["part"].to_numpy(), issue >= rename_month),
                    "target_month": months[target].strftime("%Y-%m"),
                    "horizon": kept["horizon"].to_numpy(dtype=np.int64),
                    "stage": stage,
                    "actual_log_median": kept["actual_log_median"].to_numpy(),
                    "notice_log_core": kept["notice_log_core"].to_numpy(),
                    "sd_revealed": kept["sd_revealed"].to_numpy(),
                    "sd_unrevealed": kept["sd_unrevealed"].to_numpy(),
                    "sd_notice": kept["sd_notice"].to_numpy(),
                    "bias": kept["bias"].to_numpy(),
                    "revealed": kept["revealed"].to_numpy(),
                    "notice_noise": kept["notice_noise"].to_numpy(),
                }
            )
            .loc[order_keys]
            .reset_index(drop=True)
        )
    for frame, columns in ((notice_table, DATE_COLUMNS["notices"]),
                           (orders, DATE_COLUMNS["orders"])):  # fmt: skip
        for c in columns:  # the same unit read_advance_orders gives
            frame[c] = frame[c].astype("datetime64[ns]")
    if truth is not None:
        truth["issued_on"] = truth["issued_on"].astype("datetime64[ns]")
    return AdvanceOrdersData(
        customers=customers,
        parts=parts_table,
        notices=notice_table,
        orders=orders,
        truth=truth,
        params=params,
    )
