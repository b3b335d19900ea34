"""Synthetic job history of a fictional small printing company, with hidden true job times.

:func:`make_print_jobs` is a pure function in the style of scikit-learn's ``make_*`` generators;
its tables and their files are :mod:`dxquest.synth.printing_tables`, the shop's published
standards (imposition, costing sheet) :mod:`dxquest.synth.printing_standards`. Every effect is
documented in the data card ``datasets/effort_prediction.md``; keep the two in step.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import jpholiday
import numpy as np
import pandas as pd

from dxquest.synth.printing_standards import IMPOSITION, press_layout, standard_hours
from dxquest.synth.printing_tables import DATE_COLUMNS, PrintShopData

__all__ = ["make_print_jobs"]

SHIFT_HOURS = 8.0
SUPPORT_STAFF = 4
"""Press assistants and finishing staff on the production floor besides the operators."""
NOISE_SIGMA = 0.22
"""Log-scale sd of the multiplicative noise on a job's undisrupted time (jobs differ in ways no
ticket records: ink and paper behaviour, interruptions, how the day goes)."""
BREAKDOWN_MIN_HOURS = 0.5
BREAKDOWN_MEAN_EXTRA_HOURS = 1.5
"""A breakdown costs 0.5 h plus an exponential repair time with this mean."""
REPRINT_SHARE = (0.2, 1.0)
"""A reprint repeats a uniform share in this range of the press work (make-ready and run)."""
_REPRINT_P = 0.015
_CANCELLED_SHARE = 0.02
_DUPLICATE_SHARE = 0.005
_RUSH_SHARE = 0.12
_NEW_CUSTOMER_SHARE = 0.1
_REPEAT_SHARE = 0.22
# Paper: run speed factor and make-ready factor (thick and special papers feed and dry slowly).
_PAPER = {
    "coated": (1.00, 1.0),
    "matte": (0.95, 1.0),
    "uncoated": (1.00, 1.0),
    "thick": (0.75, 1.3),
    "special": (0.70, 1.35),
}
_MONTH_WEIGHT = np.array([0.9, 1.0, 1.3, 1.1, 0.9, 1.0, 1.0, 0.75, 1.0, 1.05, 1.2, 1.25])
"""Jobs per working day by month (Jan..Dec): fiscal year end in March, calendars and year-end
greetings in November and December, the Obon lull in August."""


@dataclass(frozen=True)
class _Machine:
    id: str
    name: str
    kind: str  # offset | digital
    sheet: str  # sheet class
    units: int  # colour units
    perfecting: bool  # prints both sides in one pass
    rated: int  # rated sheets per hour
    crew: int  # people at the press
    setup_h: float  # standard make-ready per form and pass
    plate_h: float  # standard make-ready per plate
    efficiency: float  # real speed / rated speed (hidden)
    makeready_factor: float  # real make-ready / standard (hidden)
    breakdown_per_h: float  # breakdown hazard per press hour (hidden)


MACHINES = (
    _Machine("M1", "菊全判4色オフセット機", "offset", "kiku_zen", 4, False, 13000, 2, 0.45, 0.12,
             0.85, 1.0, 0.004),
    _Machine("M2", "菊全判2色オフセット機（1998年製）", "offset", "kiku_zen", 2, False, 9000, 2,
             0.40, 0.15, 0.66, 1.25, 0.012),
    _Machine("M3", "菊半裁8色両面オフセット機", "offset", "kiku_han", 8, True, 11000, 2, 0.55,
             0.10, 0.85, 0.9, 0.004),
    _Machine("M4", "菊半裁1色オフセット機", "offset", "kiku_han", 1, False, 8000, 1, 0.25, 0.15,
             0.80, 1.1, 0.006),
    _Machine("M5", "デジタル印刷機（トナー）", "digital", "a3_plus", 4, False, 2400, 1, 0.10, 0.0,
             0.95, 1.0, 0.008),
)  # fmt: skip


@dataclass(frozen=True)
class _Process:
    name: str
    label: str  # Japanese name
    unit: str  # what hours_per_1000 counts
    setup_h: float
    per_1000_h: float
    crew: int
    real_factor: float  # real time / standard (hidden)


PROCESSES = (
    _Process("prepress", "データチェック・面付け・刷版", "pages", 0.25, 20.0, 1, 1.0),
    _Process("cutting", "断裁", "sheets", 0.2, 0.1, 1, 1.0),
    _Process("folding", "折り", "folds", 0.3, 0.2, 1, 0.9),
    _Process("saddle", "中綴じ", "signatures", 0.5, 0.3, 2, 1.1),
    _Process("perfect", "無線綴じ", "signatures", 1.0, 0.8, 2, 1.35),
    _Process("ring", "リング製本", "copies", 0.5, 8.0, 1, 1.2),
    _Process("lamination", "PP加工", "sheets", 0.5, 0.8, 1, 0.9),
    _Process("die_cut", "型抜き", "sheets", 1.2, 0.7, 1, 1.15),
    _Process("packing", "検品・梱包", "copies", 0.2, 0.1, 1, 1.0),
)
"""The shop's standard costing sheet (積算基準) for everything but the press: hours per job =
``setup_h + per_1000_h x units / 1000``, person-hours = hours x crew. Real times differ by a hidden
factor per process (the perfect binder is old, the folder was replaced)."""
DIGITAL_INSTALLED_SHARE = 0.38
"""The digital press arrives this far into the period (first of that month)."""
NEW_HIRE_SHARE = 0.45
"""The last operator joins this far into the period and learns over the first months."""
FOREMAN_SIGMA = 0.3
"""Log-scale sd of the foreman's own scatter around his rule of thumb."""
_LEARNING = (0.5, 4.0)  # extra make-ready share at joining, decay time in months
_OFF_MAIN_MACHINE = 1.2  # make-ready factor of an operator away from their main machine
_SUMMER_MAKEREADY = 1.1  # June-September humidity: ink-water balance and paper curl (offset)
_NEW_CUSTOMER_MAKEREADY = 1.25  # colour approval at the press with the customer
_REPEAT_MAKEREADY = 0.6  # plates and settings of the earlier job are kept

_SURNAMES = (
    "佐々木", "高橋", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "松本",
    "井上", "木村", "林", "清水", "山崎", "森", "池田", "橋本", "阿部",
)  # fmt: skip
_GIVEN = ("健", "誠", "亮", "翔太", "大輔", "直樹", "美咲", "陽子", "拓也", "恵", "剛", "由佳")


def working_days(start, end) -> pd.DatetimeIndex:
    """Mondays to Fridays from ``start`` to ``end`` without Japanese public holidays, the
    year-end closure (29 Dec - 3 Jan) and the Obon closure (13-15 Aug)."""
    days = pd.date_range(start, end, freq="D")
    holidays = {d for d, _ in jpholiday.between(days[0].date(), days[-1].date())}
    month, day = days.month, days.day
    closed = (
        (days.day_of_week >= 5)
        | np.array([d in holidays for d in days.date])
        | ((month == 12) & (day >= 29))
        | ((month == 1) & (day <= 3))
        | ((month == 8) & (day >= 13) & (day <= 15))
    )
    return days[~closed]


def _round_to(x, step):
    return np.round(np.asarray(x, dtype=float) / step) * step


def _choice(rng, options, p, n):
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=n, p=p)]


def _lognormal_int(rng, median, sd, n, step, low, high):
    return np.clip(_round_to(median * np.exp(rng.normal(0, sd, n)), step), low, high).astype(
        np.int64
    )


def _sample_specs(rng: np.random.Generator, product: str, n: int) -> dict[str, np.ndarray]:
    """Job specifications of ``n`` jobs of one product type."""
    zeros = np.zeros(n, np.int64)
    s: dict[str, np.ndarray] = {"binding": np.full(n, "none", dtype=object)}
    if product == "flyer":
        s["size"] = _choice(rng, ["A4", "B4", "A3"], [0.6, 0.25, 0.15], n)
        s["pages"] = np.where(rng.random(n) < 0.6, 1, 2)
        front = np.where(rng.random(n) < 0.85, 4, 1)
        s["colors_front"], s["colors_back"] = front, np.where(s["pages"] == 2, front, 0)
        s["copies"] = _lognormal_int(rng, 5000, 0.9, n, 500, 500, 100_000)
        s["paper"] = _choice(rng, ["coated", "matte", "uncoated"], [0.8, 0.15, 0.05], n)
        s["paper_gsm"] = _choice(rng, [73, 81, 90], [0.3, 0.4, 0.3], n)
        s["folds"] = np.where(rng.random(n) < 0.15, 1, 0)
        s["lamination"], s["die_cut"] = zeros.copy(), zeros.copy()
    elif product == "brochure":
        s["size"] = np.full(n, "A4", dtype=object)
        s["pages"] = _choice(rng, [4, 6, 8], [0.6, 0.25, 0.15], n).astype(np.int64)
        s["colors_front"], s["colors_back"] = np.full(n, 4), np.full(n, 4)
        s["copies"] = _lognormal_int(rng, 2000, 0.8, n, 100, 200, 50_000)
        s["paper"] = _choice(rng, ["coated", "matte"], [0.65, 0.35], n)
        s["paper_gsm"] = _choice(rng, [104, 128, 157], [0.4, 0.45, 0.15], n)
        s["folds"] = np.select([s["pages"] == 4, s["pages"] == 6], [1, 2], 3)
        s["lamination"], s["die_cut"] = zeros.copy(), zeros.copy()
    elif product == "booklet":
        s["size"] = _choice(rng, ["A4", "B5", "A5"], [0.6, 0.2, 0.2], n)
        perfect = rng.random(n) < 0.4
        s["binding"] = np.where(perfect, "perfect", "saddle").astype(object)
        s["pages"] = np.where(
            perfect, 8 * rng.integers(4, 21, n), 4 * rng.integers(2, 13, n)
        ).astype(np.int64)
        mono = rng.random(n) < 0.35
        s["colors_front"] = np.where(mono, 1, 4)
        s["colors_back"] = s["colors_front"].copy()
        s["copies"] = _lognormal_int(rng, 400, 0.9, n, 50, 50, 10_000)
        s["paper"] = _choice(rng, ["coated", "matte", "uncoated"], [0.45, 0.25, 0.3], n)
        s["paper_gsm"] = _choice(rng, [73, 90, 104], [0.35, 0.4, 0.25], n)
        s["folds"] = zeros.copy()
        s["lamination"] = (perfect & (rng.random(n) < 0.3)).astype(np.int64)
        s["die_cut"] = zeros.copy()
    elif product == "business_card":
        s["size"] = np.full(n, "91x55", dtype=object)
        s["pages"] = np.where(rng.random(n) < 0.7, 2, 1)
        front = _choice(rng, [4, 1], [0.6, 0.4], n).astype(np.int64)
        s["colors_front"], s["colors_back"] = front, np.where(s["pages"] == 2, front, 0)
        s["copies"] = 100 * (1 + rng.poisson(3, n))
        s["paper"] = _choice(rng, ["thick", "special"], [0.75, 0.25], n)
        s["paper_gsm"] = _choice(rng, [180, 220, 260], [0.3, 0.4, 0.3], n)
        s["folds"] = zeros.copy()
        s["lamination"] = zeros.copy()
        s["die_cut"] = (rng.random(n) < 0.05).astype(np.int64)
    elif product == "poster":
        s["size"] = _choice(rng, ["B2", "A2", "B3"], [0.4, 0.3, 0.3], n)
        s["pages"] = np.ones(n, np.int64)
        s["colors_front"], s["colors_back"] = np.full(n, 4), zeros.copy()
        s["copies"] = _lognormal_int(rng, 300, 1.0, n, 10, 20, 5000)
        s["paper"] = _choice(rng, ["coated", "special"], [0.7, 0.3], n)
        s["paper_gsm"] = _choice(rng, [135, 157, 180], [0.4, 0.4, 0.2], n)
        s["folds"] = zeros.copy()
        s["lamination"] = (rng.random(n) < 0.3).astype(np.int64)
        s["die_cut"] = zeros.copy()
    elif product == "postcard":
        s["size"] = np.full(n, "100x148", dtype=object)
        s["pages"] = np.full(n, 2)
        s["colors_front"] = np.full(n, 4)
        s["colors_back"] = _choice(rng, [1, 4], [0.6, 0.4], n).astype(np.int64)
        s["copies"] = _lognormal_int(rng, 3000, 1.0, n, 100, 100, 50_000)
        s["paper"] = _choice(rng, ["thick", "coated"], [0.7, 0.3], n)
        s["paper_gsm"] = _choice(rng, [180, 210, 220], [0.3, 0.4, 0.3], n)
        s["folds"] = zeros.copy()
        s["lamination"] = zeros.copy()
        s["die_cut"] = (rng.random(n) < 0.08).astype(np.int64)
    elif product == "calendar":
        s["size"] = _choice(rng, ["A3", "A4", "B3"], [0.5, 0.3, 0.2], n)
        s["pages"] = _choice(rng, [7, 13], [0.4, 0.6], n).astype(np.int64)
        s["colors_front"], s["colors_back"] = np.full(n, 4), zeros.copy()
        s["copies"] = _lognormal_int(rng, 500, 0.8, n, 50, 50, 5000)
        s["paper"] = _choice(rng, ["coated", "thick"], [0.6, 0.4], n)
        s["paper_gsm"] = _choice(rng, [135, 157, 180], [0.3, 0.4, 0.3], n)
        s["binding"] = np.full(n, "ring", dtype=object)
        s["folds"] = zeros.copy()
        s["lamination"] = zeros.copy()
        s["die_cut"] = (rng.random(n) < 0.1).astype(np.int64)
    else:  # pragma: no cover - the product list is fixed below
        raise ValueError(product)
    for k in ("pages", "colors_front", "colors_back", "copies", "paper_gsm"):
        s[k] = np.asarray(s[k], dtype=np.int64)
    return s


PRODUCTS = ("flyer", "brochure", "booklet", "business_card", "poster", "postcard", "calendar")
_PRODUCT_SHARE = np.array([0.28, 0.15, 0.15, 0.16, 0.07, 0.12, 0.07])
_SPEC_KEYS = (
    "size", "pages", "colors_front", "colors_back", "copies", "paper", "paper_gsm", "binding",
    "folds", "lamination", "die_cut",
)  # fmt: skip


def _calendar_season(month: np.ndarray) -> np.ndarray:
    """Calendars are printed from September to December only."""
    return np.isin(month, (9, 10, 11, 12)) * 3.0


def _processes_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "process": [p.name for p in PROCESSES],
            "process_name": [p.label for p in PROCESSES],
            "unit": [p.unit for p in PROCESSES],
            "setup_hours": [p.setup_h for p in PROCESSES],
            "hours_per_1000_units": [p.per_1000_h for p in PROCESSES],
            "crew": [p.crew for p in PROCESSES],
        }
    )


def _machines_table(start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    installed = (start + (end - start) * DIGITAL_INSTALLED_SHARE).to_period("M").to_timestamp()
    return pd.DataFrame(
        {
            "machine_id": [m.id for m in MACHINES],
            "machine_name": [m.name for m in MACHINES],
            "kind": [m.kind for m in MACHINES],
            "sheet_size": [m.sheet for m in MACHINES],
            "color_units": [m.units for m in MACHINES],
            "perfecting": [int(m.perfecting) for m in MACHINES],
            "rated_sheets_per_hour": [m.rated for m in MACHINES],
            "crew": [m.crew for m in MACHINES],
            "std_setup_hours": [m.setup_h for m in MACHINES],
            "std_plate_hours": [m.plate_h for m in MACHINES],
            "installed": [pd.NaT] * (len(MACHINES) - 1) + [installed],
        }
    )


def _operators_table(rng, n_operators: int, start, end) -> tuple[pd.DataFrame, dict]:
    # Regular operators by how busy each offset press is; the new hire runs the digital press.
    offsets = ("M1", "M3", "M1", "M4", "M3", "M2", "M1")
    main = [offsets[i % len(offsets)] for i in range(n_operators - 1)] + ["M5"]
    join_new = (start + (end - start) * NEW_HIRE_SHARE).to_period("M").to_timestamp()
    years = rng.integers(3, 30, n_operators)
    joined = [
        (start - pd.DateOffset(years=int(y))).to_period("M").to_timestamp() for y in years[:-1]
    ] + [join_new]
    names = [
        _SURNAMES[rng.integers(len(_SURNAMES))] + " " + _GIVEN[rng.integers(len(_GIVEN))]
        for _ in range(n_operators)
    ]
    table = pd.DataFrame(
        {
            "operator_id": [f"OP{i + 1:02d}" for i in range(n_operators)],
            "operator_name": names,
            "joined": pd.to_datetime(joined).astype("datetime64[ns]"),
            "main_machine": main,
        }
    )
    hidden = {
        # Make-ready skill (colour matching, plate and paper set-up) varies a lot between
        # operators; run speed a little. The new hire starts slower and learns.
        "makeready_skill": np.exp(rng.normal(0, 0.2, n_operators)),
        "run_skill": np.exp(rng.normal(0, 0.05, n_operators)),
    }
    hidden["makeready_skill"][-1] = 1.1
    return table, hidden


def make_print_jobs(
    *,
    n_jobs: int = 3600,
    n_operators: int = 8,
    start: str = "2022-12-01",
    end: str = "2025-11-30",
    seed: int = 0,
    return_truth: bool = False,
) -> PrintShopData:
    """Generate the job history of a fictional small printing company.

    Each job (flyers, brochures, booklets, business cards, posters, postcards, calendars) has a
    ticket: product, size, pages, copies, colours, paper, press sheets, machine, operator,
    finishing steps, rush and repeat flags and the foreman's estimate of its work hours. Its true
    time is make-ready (per form, pass and plate, by machine; paper, new customers, repeat orders,
    summer humidity, the operator's skill and learning) + run (sheets x passes / the machine's
    real speed for the paper) + finishing (cutting, folding, binding, lamination, die-cutting),
    times lognormal noise, plus a tail of breakdowns and reprints. The foreman estimates from a
    rule-of-thumb table with his own biases and noise. A monthly attendance record per operator
    shows the overtime and idle hours that follow from booking each job for the foreman's
    estimate. The data card ``datasets/effort_prediction.md`` documents every effect and quirk.

    Parameters
    ----------
    n_jobs : int
        Number of jobs in the period (before duplicates; cancelled jobs included).
    n_operators : int
        Press operators (at least 2); the last one joins part way through the period.
    start, end : str
        First and last date (inclusive), ISO format; at least 180 days apart.
    seed : int
        Seed of all randomness; the same arguments give identical tables.
    return_truth : bool
        Also return the hidden ground truth (each job's true time distribution and draw).

    Returns
    -------
    PrintShopData
    """
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    if n_jobs < 50 or n_operators < 2:
        raise ValueError("n_jobs must be at least 50 and n_operators at least 2")
    if (end_ts - start_ts).days < 180:
        raise ValueError("the period must span at least 180 days")
    params = dict(
        n_jobs=n_jobs, n_operators=n_operators, start=start, end=end, seed=seed,
        return_truth=return_truth,
    )  # fmt: skip
    # One independent stream per concern, so adding a table never changes the others.
    (s_shop, s_dates, s_specs, s_orders, s_assign, s_time, s_foreman, s_messy) = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8)
    )

    machines = _machines_table(start_ts, end_ts)
    operators, skill = _operators_table(s_shop, n_operators, start_ts, end_ts)
    days = working_days(start_ts, end_ts)
    start_idx = _start_days(s_dates, days, n_jobs)
    start_date = days[start_idx]
    product, spec = _products_and_specs(s_specs, start_date.month.to_numpy())
    customer, new_customer, repeat = _customers(s_orders, product, start_idx, spec)
    machine = _assign_press(s_assign, spec, start_date, machines)
    op_idx = _assign_operator(s_assign, machine, start_date, operators)
    rush = (s_assign.random(n_jobs) < _RUSH_SHARE).astype(np.int64)
    specs, layout = _press_sheets(spec, machine, machines)
    processes = _processes_table()
    std = standard_hours(specs, machines, processes)
    job = {"machine": machine, "operator": op_idx, "start_date": start_date, "rush": rush,
           "new_customer": new_customer == 1, "repeat": repeat == 1}  # fmt: skip
    hours = _true_hours(s_time, spec, job, std, operators, skill)
    sheets = specs["sheets"].to_numpy()
    estimate = _foreman_estimate(s_foreman, spec, job, sheets, layout, hours["crew"])
    order_date, due_date = _order_and_due_dates(s_orders, days, start_idx, rush, estimate)
    cancelled = s_messy.random(n_jobs) < _CANCELLED_SHARE
    jobs = _jobs_table(
        product, spec, sheets, job, customer, operators, estimate, hours,
        order_date, due_date, cancelled,
    )  # fmt: skip
    truth = _truth_table(jobs, hours, cancelled) if return_truth else None
    for frame, columns in ((jobs, DATE_COLUMNS["jobs"]), (machines, ["installed"])):
        for c in columns:  # the same unit read_print_data gives
            frame[c] = frame[c].astype("datetime64[ns]")
    attendance = _attendance(jobs, operators, days)
    jobs, params["quirks"] = _mess_up(s_messy, jobs)
    return PrintShopData(
        jobs=jobs,
        machines=machines,
        processes=processes,
        operators=operators,
        attendance=attendance,
        truth=truth,
        params=params,
    )


def _start_days(rng, days: pd.DatetimeIndex, n_jobs: int) -> np.ndarray:
    """When jobs run: indices into ``days``, sorted, working days weighted by month."""
    weight = _MONTH_WEIGHT[days.month - 1]
    return np.sort(rng.choice(len(days), size=n_jobs, p=weight / weight.sum()))


def _products_and_specs(rng, month: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """What is printed: the product by season, then the specifications of each job."""
    n_jobs = len(month)
    share = np.tile(_PRODUCT_SHARE, (n_jobs, 1))
    share[:, -1] *= _calendar_season(month)
    share /= share.sum(axis=1, keepdims=True)
    pick = (share.cumsum(axis=1) > rng.random((n_jobs, 1))).argmax(axis=1)
    product = np.asarray(PRODUCTS, dtype=object)[pick]
    spec = {k: np.empty(n_jobs, dtype=object) for k in _SPEC_KEYS}
    for p in PRODUCTS:
        rows = np.flatnonzero(product == p)
        drawn = _sample_specs(rng, p, len(rows))
        for k in _SPEC_KEYS:
            spec[k][rows] = drawn[k]
    return product, spec


def _customers(
    rng, product: np.ndarray, start_idx: np.ndarray, spec: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who orders each job: ``(customer, new_customer, repeat)``. A repeat order takes the specs
    (all but the copies) of the earlier job it repeats, in ``spec`` itself."""
    n_jobs = len(product)
    customer = np.zeros(n_jobs, np.int64)
    new_customer = np.zeros(n_jobs, np.int64)
    repeat = np.zeros(n_jobs, np.int64)
    # Established customers before the period; new ones join as they place their first order.
    # Customers are drawn by popularity (cumulative weights, so a draw is a binary search).
    n_customers = max(10, n_jobs // 30)
    popularity = rng.pareto(1.5, n_customers + n_jobs) + 0.2
    cumulative = np.cumsum(popularity)
    earlier: dict[str, list[int]] = {p: [] for p in PRODUCTS}
    earlier_day: dict[str, list[int]] = {p: [] for p in PRODUCTS}
    u_new, u_rep, u_pick = rng.random(n_jobs), rng.random(n_jobs), rng.random(n_jobs)
    for j in range(n_jobs):
        p = product[j]
        # A repeat order reprints a job of the same product from the last year (260 working days).
        first = bisect.bisect_left(earlier_day[p], start_idx[j] - 259)
        n_recent = len(earlier[p]) - first
        if n_recent and u_rep[j] < _REPEAT_SHARE:
            k = earlier[p][first + int(u_pick[j] * n_recent)]
            customer[j] = customer[k]
            for key in _SPEC_KEYS:
                if key != "copies":
                    spec[key][j] = spec[key][k]
            repeat[j] = 1
        elif u_new[j] < _NEW_CUSTOMER_SHARE:
            customer[j] = n_customers
            n_customers += 1
            new_customer[j] = 1
        else:
            total = cumulative[n_customers - 1]
            customer[j] = int(np.searchsorted(cumulative[:n_customers], u_pick[j] * total))
        earlier[p].append(j)
        earlier_day[p].append(int(start_idx[j]))
    for k in ("pages", "colors_front", "colors_back", "copies", "paper_gsm", "folds",
              "lamination", "die_cut"):  # fmt: skip
        spec[k] = spec[k].astype(np.int64)
    return customer, new_customer, repeat


def _assign_press(rng, spec: dict, start_date: pd.DatetimeIndex, machines) -> np.ndarray:
    """Which press: the planner's rule."""
    installed = machines["installed"].iloc[-1]
    max_colors = np.maximum(spec["colors_front"], spec["colors_back"])
    up = np.array([IMPOSITION[s] for s in spec["size"]])
    approx_sheets = spec["copies"] * spec["pages"] / np.maximum(up[:, 1], 1) / 2
    u = rng.random(len(start_date))
    digital_ok = (start_date >= installed) & (up[:, 2] > 0) & (approx_sheets <= 600)
    needs_full = up[:, 1] == 0
    return np.select(
        [
            digital_ok & (u < 0.85),
            needs_full & (max_colors <= 2),
            needs_full,
            (max_colors <= 1) & (u < 0.75),
            max_colors <= 2,
            (spec["colors_back"] > 0) & (approx_sheets < 15000) & (u < 0.6),
        ],
        ["M5", "M2", "M1", "M4", "M2", "M3"],
        "M1",
    ).astype(object)


def _assign_operator(rng, machine: np.ndarray, start_date, operators) -> np.ndarray:
    """Who runs it (index into ``operators``): mostly the machine's regular operator."""
    joined = operators["joined"].to_numpy()
    mains = operators["main_machine"].to_numpy()
    weight = np.where(mains[None, :] == machine[:, None], 1.0, 0.15) * (
        joined[None, :] <= start_date.to_numpy()[:, None]
    )
    cum_weight = weight.cumsum(axis=1)
    draw = rng.random(len(machine)) * cum_weight[:, -1]
    return (cum_weight <= draw[:, None]).sum(axis=1)


def _press_sheets(spec: dict, machine: np.ndarray, machines) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The job specs as a table with the press and the press sheets (spoilage included), and
    the press layout (forms, passes, plates, pages per sheet)."""
    specs = pd.DataFrame({k: spec[k] for k in _SPEC_KEYS})
    specs["machine_id"] = machine
    layout = press_layout(specs, machines)
    forms, passes = layout["forms"].to_numpy(), layout["passes"].to_numpy()
    net_sheets = np.ceil(spec["copies"] * spec["pages"] / layout["pages_per_sheet"].to_numpy())
    spoilage = np.where(machine == "M5", 0.01 * net_sheets, 0.03 * net_sheets + 80 * forms * passes)
    specs["sheets"] = np.ceil(net_sheets + spoilage).astype(np.int64)
    return specs, layout


def _true_hours(rng, spec: dict, job: dict, std: pd.DataFrame, operators, skill: dict) -> dict:
    """True time of each job in person-hours, by part, with its disruptions."""
    machine, op_idx, start_date = job["machine"], job["operator"], job["start_date"]
    n_jobs = len(machine)
    new_c, rep, rush = job["new_customer"], job["repeat"], job["rush"]
    digital = machine == "M5"
    month = start_date.month.to_numpy()
    m_idx = np.array([int(x[1:]) - 1 for x in machine])
    m = {f: np.array([getattr(MACHINES[i], f) for i in m_idx]) for f in
         ("efficiency", "makeready_factor", "breakdown_per_h", "crew")}  # fmt: skip
    paper_speed = np.array([_PAPER[p][0] for p in spec["paper"]])
    paper_mr = np.array([_PAPER[p][1] for p in spec["paper"]])
    joined = operators["joined"].to_numpy()
    months_in = (start_date - pd.DatetimeIndex(joined[op_idx])).days.to_numpy() / 30.44
    learning = 1 + _LEARNING[0] * np.exp(-np.maximum(months_in, 0) / _LEARNING[1])
    learning = np.where(op_idx == len(operators) - 1, learning, 1.0)
    off_main = np.where(
        operators["main_machine"].to_numpy()[op_idx] != machine, _OFF_MAIN_MACHINE, 1.0
    )
    summer = np.where(~digital & np.isin(month, (6, 7, 8, 9)), _SUMMER_MAKEREADY, 1.0)
    prepress = std["prepress"].to_numpy() * np.where(new_c, 2.5, 1.0) * np.where(rep, 0.3, 1.0)
    makeready = (
        std["makeready"].to_numpy()
        * m["makeready_factor"]
        * np.where(digital, 1.0, paper_mr)
        * np.where(new_c, _NEW_CUSTOMER_MAKEREADY, 1.0)
        * np.where(rep, _REPEAT_MAKEREADY, 1.0)
        * summer
        * skill["makeready_skill"][op_idx]
        * off_main
        * learning
    )
    run = std["run"].to_numpy() / (m["efficiency"] * paper_speed * skill["run_skill"][op_idx])
    finishing = sum(
        std[p.name].to_numpy() * p.real_factor for p in PROCESSES if p.name != "prepress"
    )
    press = makeready + run  # person-hours at the press
    base = prepress + press + finishing
    p_breakdown = 1 - np.exp(-m["breakdown_per_h"] * press / m["crew"])
    p_reprint = (
        _REPRINT_P
        * np.where(rush == 1, 2.0, 1.0)
        * np.where(new_c, 1.5, 1.0)
        * np.where(spec["paper"] == "special", 1.5, 1.0)
    )
    noise = np.exp(rng.normal(0, NOISE_SIGMA, n_jobs))
    broke = rng.random(n_jobs) < p_breakdown
    repair = m["crew"] * (BREAKDOWN_MIN_HOURS + rng.exponential(BREAKDOWN_MEAN_EXTRA_HOURS, n_jobs))
    reprinted = rng.random(n_jobs) < p_reprint
    redo = press * rng.uniform(*REPRINT_SHARE, n_jobs)
    disruption = broke * repair + reprinted * redo
    true_hours = base * noise + disruption
    return {
        "crew": m["crew"],
        "prepress": prepress,
        "makeready": makeready,
        "run": run,
        "finishing": finishing,
        "press": press,
        "base": base,
        "p_breakdown": p_breakdown,
        "p_reprint": p_reprint,
        "broke": broke,
        "reprinted": reprinted,
        "disruption": disruption,
        "true_hours": true_hours,
        "actual": np.maximum(_round_to(true_hours, 0.25), 0.25),
    }


def _foreman_estimate(rng, spec: dict, job: dict, sheets, layout, crew) -> np.ndarray:
    """The foreman's rule of thumb, with his biases and noise (hours, to the half hour)."""
    binding = spec["binding"]
    passes, plates = layout["passes"].to_numpy(), layout["plates"].to_numpy()
    press_rule = np.where(
        job["machine"] == "M5",
        0.5 + sheets * passes / 1_500,
        (0.5 + 0.2 * plates + sheets * passes / 9_000) * crew,
    )
    finishing_rule = (
        1.0  # cutting and packing
        + (spec["folds"] > 0) * 1.0
        + (binding == "saddle") * 3.0
        + (binding == "perfect") * 6.0
        + (binding == "ring") * 4.0
        + spec["lamination"] * 1.0
        + spec["die_cut"] * 2.0
    )
    rule = (
        (0.5 + press_rule + finishing_rule)
        * np.where(job["repeat"], 0.8, 1.0)
        * np.where(job["rush"] == 1, 0.85, 1.0)
    )
    noise = np.exp(rng.normal(0, FOREMAN_SIGMA, len(rule)))
    return np.maximum(_round_to(rule * noise, 0.5), 0.5)


def _order_and_due_dates(rng, days, start_idx, rush, estimate) -> tuple:
    """When each job was ordered (lead time) and when it is due (its days of work plus slack)."""
    n_jobs = len(start_idx)
    lead = np.where(rush == 1, rng.integers(1, 4, n_jobs), rng.integers(3, 16, n_jobs))
    order_date = _nth_working_day(days, start_idx - lead)
    finish_days = np.ceil(estimate / SHIFT_HOURS).astype(np.int64)
    slack = np.where(rush == 1, 0, rng.integers(1, 6, n_jobs))
    due_date = _nth_working_day(days, start_idx + finish_days + slack)
    return order_date, due_date


def _jobs_table(
    product, spec, sheets, job, customer, operators, estimate, hours, order_date, due_date,
    cancelled,
) -> pd.DataFrame:  # fmt: skip
    """The exported job list, before its quirks: one row per job, results empty if cancelled."""
    start_date = job["start_date"]
    issue = np.select(
        [hours["broke"] & hours["reprinted"], hours["broke"], hours["reprinted"]],
        ["breakdown+reprint", "breakdown", "reprint"],
        "none",
    )
    job_id = np.array([f"J{d:%y%m}-{k:04d}" for k, d in enumerate(start_date, 1)], dtype=object)
    return pd.DataFrame(
        {
            "job_id": pd.array(job_id, dtype="str"),
            "customer_id": pd.array([f"C{c + 1:04d}" for c in customer], dtype="str"),
            "order_date": order_date,
            "start_date": start_date,
            "due_date": due_date,
            "product": pd.array(product, dtype="str"),
            "size": pd.array(spec["size"], dtype="str"),
            "pages": spec["pages"],
            "copies": spec["copies"],
            "colors_front": spec["colors_front"],
            "colors_back": spec["colors_back"],
            "paper": pd.array(spec["paper"], dtype="str"),
            "paper_gsm": spec["paper_gsm"],
            "sheets": sheets,
            "machine_id": pd.array(job["machine"], dtype="str"),
            "operator_id": pd.array(
                operators["operator_id"].to_numpy()[job["operator"]], dtype="str"
            ),
            "binding": pd.array(spec["binding"], dtype="str"),
            "folds": spec["folds"],
            "lamination": spec["lamination"],
            "die_cut": spec["die_cut"],
            "rush": job["rush"],
            "repeat_order": job["repeat"].astype(np.int64),
            "new_customer": job["new_customer"].astype(np.int64),
            "foreman_estimate_hours": estimate,
            "status": pd.array(np.where(cancelled, "cancelled", "completed"), dtype="str"),
            "actual_hours": np.where(cancelled, np.nan, hours["actual"]),
            "issue": pd.array(np.where(cancelled, None, issue), dtype="str"),
        }
    )


def _truth_table(jobs: pd.DataFrame, hours: dict, cancelled: np.ndarray) -> pd.DataFrame:
    """Each job's true time distribution and draw (what the oracle needs)."""
    return pd.DataFrame(
        {
            "job_id": jobs["job_id"],
            "base_hours": np.round(hours["base"], 6),
            "sigma": NOISE_SIGMA,
            "p_breakdown": np.round(hours["p_breakdown"], 6),
            "crew": hours["crew"],
            "p_reprint": np.round(hours["p_reprint"], 6),
            "press_hours": np.round(hours["press"], 6),
            "prepress_hours": np.round(hours["prepress"], 6),
            "makeready_hours": np.round(hours["makeready"], 6),
            "run_hours": np.round(hours["run"], 6),
            "finishing_hours": np.round(hours["finishing"], 6),
            "disruption_hours": np.round(np.where(cancelled, np.nan, hours["disruption"]), 6),
            "true_hours": np.round(np.where(cancelled, np.nan, hours["true_hours"]), 6),
        }
    )


def _nth_working_day(days: pd.DatetimeIndex, idx: np.ndarray) -> pd.DatetimeIndex:
    """``days[idx]``, extrapolated at 7 calendar days per 5 working days outside the period."""
    inside = np.clip(idx, 0, len(days) - 1)
    return days[inside] + pd.to_timedelta(np.round((idx - inside) * 7 / 5), "D")


def _attendance(
    jobs: pd.DataFrame, operators: pd.DataFrame, days: pd.DatetimeIndex
) -> pd.DataFrame:
    """Monthly record of the production floor: each completed job was booked for the foreman's
    estimate; a job past its slot is finished in overtime, one that ends early leaves idle time."""
    done = jobs[jobs["status"] == "completed"]
    per_job = pd.DataFrame(
        {
            "month": done["start_date"].dt.strftime("%Y-%m"),
            "booked_hours": done["foreman_estimate_hours"],
            "job_hours": done["actual_hours"],
            "overtime_hours": (done["actual_hours"] - done["foreman_estimate_hours"]).clip(lower=0),
            "idle_hours": (done["foreman_estimate_hours"] - done["actual_hours"]).clip(lower=0),
        }
    )
    sums = per_job.groupby("month").sum()
    month_of_day = pd.Series(days.strftime("%Y-%m"), index=days)
    table = month_of_day.value_counts().sort_index().rename("working_days").to_frame()
    first_day = pd.to_datetime(table.index + "-01")
    table["staff"] = [
        int((operators["joined"] <= first).sum()) + SUPPORT_STAFF for first in first_day
    ]
    table["scheduled_hours"] = table["working_days"] * table["staff"] * SHIFT_HOURS
    table = table.join(sums).fillna(0.0)
    table.index.name = "month"
    table = table.reset_index()
    table["month"] = table["month"].astype("str")
    return table


def _mess_up(rng, jobs: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Export quirks: re-entered duplicate rows right after their original."""
    copies = np.ones(len(jobs), np.int64)
    n_dup = round(_DUPLICATE_SHARE * len(jobs))
    copies[rng.choice(len(jobs), n_dup, replace=False)] = 2
    jobs = jobs.iloc[np.repeat(np.arange(len(jobs)), copies)].reset_index(drop=True)
    quirks = {
        "n_duplicates": n_dup,
        "n_cancelled": int((jobs.drop_duplicates()["status"] == "cancelled").sum()),
    }
    return jobs, quirks
