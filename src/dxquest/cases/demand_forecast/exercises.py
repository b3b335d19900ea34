"""The graded questions of the demand-forecast case (kernel side: nothing here knows an answer).

Notebooks use them as ``ex.<question>.check(answer)`` (self-check), ``ex.<question>.hint()``, and in
nbgrader test cells ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``.
Answers are functions, so hidden checks can call them on the cohort's hidden inputs; the grader
marks the outputs with the case's ``marking`` module.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from dxquest.answers import Number, Predictions, Table, Values, expect
from dxquest.cases.demand_forecast.data import (
    RENAMED_CODE_SUFFIX,
    forecast_task,
    holdout_origins,
    load_data,
)
from dxquest.exercise import Draw, Exercises
from dxquest.i18n import Msg
from dxquest.synth.supermarket_tables import SupermarketData

EXERCISES = Exercises("demand_forecast", load_data)
setup = EXERCISES.setup
ask = EXERCISES.question

# ---------------------------------------------------------------- 01 business problem


def _earlier_end(rng: np.random.Generator, last: pd.Timestamp) -> pd.Timestamp:
    """A day one to six months before ``last``: a cut-off date written for the learner's own data
    does not carry over to an export taken that day."""
    return last - pd.Timedelta(days=int(rng.integers(30, 180)))


def _export_taken_earlier(draw: Draw, days: int | None = None) -> pd.DataFrame:
    """The sales export as if taken on an earlier day, its last ``days`` days (all if None), in
    which one more item (drawn from the draw's seed) was renamed half-way: a code fix written for
    the one item renamed in the learner's export does not carry over either."""
    rng, sales, known = draw.rng, draw.data.sales, set(draw.data.items["item_id"])
    end = _earlier_end(rng, sales["date"].max())
    start = sales["date"].min() if days is None else end - pd.Timedelta(days=days - 1)
    export = sales[sales["date"].between(start, end)].reset_index(drop=True)
    renamed_already = {
        code.removesuffix(RENAMED_CODE_SUFFIX) for code in set(export["item_id"]) - known
    }
    on_sale_at_end = set(export.loc[export["date"] == end, "item_id"])
    item = str(rng.choice(sorted((on_sale_at_end & known) - renamed_already)))
    renamed_from = end - pd.Timedelta(days=min(182, (end - start).days // 2))
    renamed = (export["item_id"] == item) & (export["date"] > renamed_from)
    export.loc[renamed, "item_id"] = item + RENAMED_CODE_SUFFIX
    return export


def _sales_and_items(draw: Draw) -> list[tuple]:
    """The learner's whole export, then one taken earlier with another item renamed."""
    items = draw.data.items
    return [(draw.data.sales.copy(), items.copy()), (_export_taken_earlier(draw), items.copy())]


def _clean_sales_inputs(draw: Draw) -> list[tuple]:
    """The learner's whole export, then eight weeks of one taken earlier with another item
    renamed (short: a table's check reads every row)."""
    items = draw.data.items
    return [
        (draw.data.sales.copy(), items.copy()),
        (_export_taken_earlier(draw, days=56), items.copy()),
    ]


def _clean_properties(cleaned, args) -> None:
    """What a cleaned export must satisfy, whatever the right rows are."""
    _, items = args
    expect(not cleaned.duplicated().any(), Msg("重複行が残っています。", "Duplicate rows remain."))
    unknown = set(cleaned["item_id"]) - set(items["item_id"])
    expect(
        not unknown,
        Msg(
            f"items にない商品コードが残っています: {sorted(unknown)}",
            f"Item codes missing from items remain: {sorted(unknown)}",
        ),
    )


SALES_COLUMNS = (
    "date",
    "store_id",
    "item_id",
    "price",
    "on_promo",
    "ordered_qty",
    "stock_available",
    "sales_qty",
    "waste_qty",
    "stockout_flag",
)

clean_sales = ask(
    "clean_sales",
    Msg("売上データのクレンジング", "Cleaning the sales export"),
    Msg(
        "`duplicated()` で完全に同じ行を探し、items 表にない商品コードを items の "
        "コードと見比べてみましょう（末尾に文字が付いていませんか）。",
        "Look for exact duplicate rows with `duplicated()`, and compare item codes missing from "
        "the items table with the codes there (is a letter appended?).",
    ),
    _clean_sales_inputs,
    Table(Msg("クレンジング後の売上", "the cleaned sales"), SALES_COLUMNS, _clean_properties),
)

YEAR_TOTAL_TOLERANCE = 1e-4
"""Relative tolerance of a last-year total: its definition leaves a right answer nothing but
rounding to differ by, while the smallest mistakes the notebook warns about move a total by 0.1 to
0.7 % on one export (duplicates are ~0.3 % of the rows and one extra day ~0.27 % of a year on
average, but a quiet extra day moved a lost margin by only 0.09 %)."""

annual_waste_cost = ask(
    "annual_waste_cost",
    Msg("直近1年の廃棄額（円）", "waste cost of the last year (yen)"),
    Msg(
        "重複を除いた売上データの直近365日について、waste_qty × unit_cost を合計します。",
        "Over the last 365 days of the cleaned sales, add up waste_qty × unit_cost.",
    ),
    _sales_and_items,
    Number(Msg("直近1年の廃棄額（円）", "waste cost of the last year (yen)"), YEAR_TOTAL_TOLERANCE),
)

lost_margin = ask(
    "lost_margin",
    Msg("直近1年の欠品による推定粗利損失（円）", "estimated margin lost to stockouts (yen)"),
    Msg(
        "欠品フラグは一部しか記録されていません。sales_qty が stock_available に達した日も "
        "欠品とみなしましょう。需要の推定値は、同じ店・商品・曜日の欠品でない日の平均販売数です。",
        "The stockout flag is recorded only sometimes: treat days whose sales reached "
        "stock_available as stockouts too. Estimate demand as the mean sales of the same store, "
        "item and weekday on days without a stockout.",
    ),
    _sales_and_items,
    Number(Msg("推定粗利損失（円）", "estimated lost margin (yen)"), YEAR_TOTAL_TOLERANCE),
)


def _ordering_logs(draw: Draw) -> list[tuple]:
    """The learner's whole log, then the log as if taken on an earlier day."""
    log = draw.data.ordering_log
    end = _earlier_end(draw.rng, log["date"].max())
    return [(log.copy(),), (log[log["date"] <= end].reset_index(drop=True),)]


ordering_hours = ask(
    "ordering_hours",
    Msg("直近1年の発注作業時間（時間）", "ordering hours of the last year"),
    Msg(
        "ordering_log の直近365日の minutes を合計し、60 で割ります。",
        "Add up minutes over the last 365 days of ordering_log and divide by 60.",
    ),
    _ordering_logs,
    Number(
        Msg("直近1年の発注作業時間（時間）", "ordering hours of the last year"),
        YEAR_TOTAL_TOLERANCE,
    ),
)

# ---------------------------------------------------------------- 02 forecast trial


def _wape_inputs(draw: Draw) -> list[tuple]:
    """Hand-made cases (a zero actual, a perfect forecast), then random ones from the draw's seed."""
    rng = draw.rng
    fixed = [
        (np.array([10.0, 0.0, 5.0]), np.array([8.0, 1.0, 5.0])),
        (np.array([3.0, 3.0, 3.0, 1.0]), np.array([3.0, 3.0, 3.0, 1.0])),
    ]
    return fixed + [(rng.poisson(4, 50).astype(float), rng.gamma(2, 2, 50)) for _ in range(3)]


wape = ask(
    "wape",
    Msg("WAPE（加重絶対誤差率）", "WAPE (weighted absolute percentage error)"),
    Msg(
        "WAPE = Σ|実績 − 予測| ÷ Σ実績。行ごとの誤差率の平均（MAPE）ではありません。",
        "WAPE = Σ|actual − forecast| ÷ Σ actual, not the mean of per-row percentages (MAPE).",
    ),
    _wape_inputs,
    Number(Msg("WAPE", "WAPE"), 1e-9),
)


def _week_from(
    data: SupermarketData, origin: pd.Timestamp, keep: Callable[[pd.DataFrame], pd.Series]
) -> tuple | None:
    """The forecasting week from ``origin`` with four weeks of history before it, its future cut
    to the rows ``keep(future)`` selects; None when the data has no such week."""
    first, last = data.sales["date"].min(), data.sales["date"].max()
    if origin - pd.Timedelta(days=28) < first or origin + pd.Timedelta(days=6) > last:
        return None
    history, future = forecast_task(data, origin)
    return history, future[keep(future)].reset_index(drop=True)


def _baseline_weeks(draw: Draw) -> list[tuple]:
    """The last week, then weeks in which today's rule needs its other branches, cut to the rows
    that need them: a store's week after the export lost some of its days (no sales a week
    before: the 28-day mean), the last new item's first days (no sales at all: 0), and the days
    after an item's code changed (last week's sales are under the old code)."""
    data = draw.data
    sales, items = data.sales, data.items
    weeks = [forecast_task(data, holdout_origins(data, weeks=1)[0])]
    every_day = pd.DatetimeIndex(sales["date"].unique())
    for store, days in sales.groupby("store_id")["date"]:
        lost = every_day[(every_day > days.min()) & (every_day < days.max())].difference(days)
        if len(lost):
            after_loss = lost.max() + pd.Timedelta(days=1)
            weeks.append(_week_from(data, after_loss, lambda f, s=store: f["store_id"] == s))
    launches = [
        _week_from(data, launch - pd.Timedelta(days=3), lambda f, i=item: f["item_id"] == i)
        for item, launch in items.sort_values("launch_date")[["item_id", "launch_date"]].values
        if launch > sales["date"].min()
    ]
    weeks += [week for week in launches if week is not None][-1:]
    for code in sorted(set(sales["item_id"]) - set(items["item_id"])):
        renamed_on = sales.loc[sales["item_id"] == code, "date"].min()
        after_rename = renamed_on + pd.Timedelta(days=3)
        weeks.append(_week_from(data, after_rename, lambda f, c=code: f["item_id"] == c))
    return [week for week in weeks if week is not None]


def _future_rows(args: tuple) -> int:
    return len(args[1])


baseline_forecast = ask(
    "baseline_forecast",
    Msg("ベースライン：先週の同じ曜日", "Baseline: same weekday last week"),
    Msg(
        "history.sales をクレンジングし、日付を7日ずらして future と結合します。見つからない行は "
        "その店・商品の直近28日平均、それもなければ 0 にします。",
        "Clean history.sales, shift dates by 7 days and join to future. Rows with no match get "
        "the store × item mean of the last 28 days, or 0 if there is none.",
    ),
    _baseline_weeks,
    Values(Msg("ベースラインの予測", "the baseline forecast"), 0.01, _future_rows),
)


def forecast_weeks(draw: Draw) -> list[tuple]:
    """The last two forecasting weeks of the data, each as HQ sees it on the week's origin."""
    return [forecast_task(draw.data, origin) for origin in holdout_origins(draw.data)]


def censored_wape(sales, forecast, sold_out) -> float:
    """WAPE against sales the stock may have cut: on a sold-out day demand was at least the sales,
    so there only a forecast below them is an error.

    Scoring sold-out days as if their sales were demand rewards forecasts biased low; leaving those
    days out does too, because the days kept are the ones on which demand happened to be low.
    """
    sales = np.asarray(sales, dtype=float)
    forecast = np.asarray(forecast, dtype=float)
    shortfall = np.clip(sales - forecast, 0, None)
    error = np.where(np.asarray(sold_out, dtype=bool), shortfall, np.abs(sales - forecast))
    return float(error.sum() / sales.sum())


def _beats_baseline(predictions: list[float], material: dict) -> Msg | None:
    """On the learner's last two weeks: the learner's censored WAPE below the baseline's (the
    grader stored the sales there, which of those days sold out, and the baseline's score)."""
    mine = np.asarray(predictions)[material["rows"]]
    learner = censored_wape(material["sales"], mine, material["sold_out"])
    baseline = material["baseline_score"]
    print(
        Msg(
            f"あなたのデータの最後の2週間の WAPE（売り切れた日は「需要は販売数以上」として採点）: "
            f"{learner:.3f}、ベースライン {baseline:.3f}",
            f"WAPE on the last two weeks of your data (sold-out days scored as demand of at least "
            f"the sales): {learner:.3f}, baseline {baseline:.3f}",
        )
    )
    if learner < baseline:
        return None
    return Msg(
        f"あなたのデータの最後の2週間で、ベースライン（{baseline:.3f}）に勝てていません"
        f"（あなた: {learner:.3f}）。",
        f"On the last two weeks of your data you do not beat the baseline "
        f"({baseline:.3f}; yours: {learner:.3f}).",
    )


_FORECAST_HINT = Msg(
    "ラグは7日以上前のもの（lag_7, lag_14, 直近4週平均）だけを使い、曜日・祝日・給料日・"
    "気温予報・価格・販促を特徴量に。欠品日（欠品フラグ、または販売数＝在庫数）を捨てずに "
    "`fit_demand_model` の sold_out に渡しましょう。",
    "Use only lags of 7 days or more (lag_7, lag_14, a 4-week mean), plus weekday, holidays, "
    "payday, the temperature forecast, price and promotion. Keep sold-out days (stockout flag, or "
    "sales equal to the stock) and pass them to `fit_demand_model` as sold_out.",
)
_FORECASTS = Predictions(Msg("予測", "the forecast"), _future_rows, _beats_baseline)

forecast_beats_baseline = ask(
    "forecast_beats_baseline",
    Msg("予測がベースラインに勝つ", "Forecast beats the baseline"),
    _FORECAST_HINT,
    forecast_weeks,
    _FORECASTS,
    expensive=True,
)
FORECAST_PASS_SKILL = 0.7
"""Above the pass band: a LightGBM trained on sold-out days' sales as if they were demand (the
mistake notebook 02 warns about) reached a skill of 0.61 over five hidden draws; the reference's
forecast had at least 0.77 over seven."""

forecast_skill_pass = ask(
    "forecast_skill_pass",
    Msg(
        f"予測 skill ≥ {FORECAST_PASS_SKILL}（合格）",
        f"Forecast skill ≥ {FORECAST_PASS_SKILL} (pass)",
    ),
    _FORECAST_HINT,
    forecast_weeks,
    _FORECASTS,
    expensive=True,
)

# ---------------------------------------------------------------- 03 ordering and operations


def _ratio_inputs(draw: Draw) -> list[tuple]:
    """Hand-made items, a flyer's loss leader sold below cost (a negative ratio) and one sold at
    cost (0) among them, then random prices and costs from the draw's seed."""
    rng = draw.rng
    cost = rng.uniform(50, 500, 8).round()
    price = (cost * rng.uniform(0.8, 2.5, 8)).round()
    hand_made = (np.array([398.0, 200.0, 98.0, 150.0]), np.array([250.0, 60.0, 120.0, 150.0]))
    return [hand_made, (price, cost)]


critical_ratio = ask(
    "critical_ratio",
    Msg("新聞売り子問題の臨界比率", "Newsvendor critical ratio"),
    Msg(
        "1個足りないと 売価−原価、1個余ると 原価 を失います。臨界比率 = 不足コスト ÷ "
        "(不足コスト + 過剰コスト)。",
        "One unit short loses price − cost; one unit over loses the cost. Critical ratio = "
        "underage ÷ (underage + overage).",
    ),
    _ratio_inputs,
    Values(Msg("臨界比率", "the critical ratio"), 1e-6, lambda args: len(args[0])),
)


def _plausible_levels(levels: list[float], material: dict) -> Msg | None:
    """Whole units (a level is a number of units to stock, not a forecast of demand), their mean
    near recent mean sales (the grader stored that mean)."""
    if not np.allclose(levels, np.round(levels)):
        return Msg(
            "発注目標は朝の棚に置く個数です。予測そのものではなく、予測から決めた個数を整数で返してください。",
            "An order-up-to level is a number of units on the morning shelf: return whole numbers "
            "you decided from the forecast, not the forecast itself.",
        )
    mean_target, typical = float(np.mean(levels)), material["recent_mean_sales"]
    if 0.5 * typical <= mean_target <= 3 * typical:
        return None
    return Msg(
        f"発注目標の平均 {mean_target:.1f} が、最近の平均販売数 {typical:.1f} と比べて不自然です。",
        f"The mean order-up-to level {mean_target:.1f} is implausible next to recent mean "
        f"sales {typical:.1f}.",
    )


_ORDER_HINT = Msg(
    "予測した平均 μ からポアソン分布を仮定し、`scipy.stats.poisson.ppf(臨界比率, μ)` で発注目標を"
    "決めます。",
    "Assume a Poisson distribution around your forecast μ and order up to "
    "`scipy.stats.poisson.ppf(critical_ratio, μ)`.",
)
_ORDER_LEVELS = Predictions(
    Msg("発注目標", "the order-up-to levels"), _future_rows, _plausible_levels
)

orders_beat_managers = ask(
    "orders_beat_managers",
    Msg("発注コストが店長の発注より低い", "Ordering cost below the managers'"),
    _ORDER_HINT,
    forecast_weeks,
    _ORDER_LEVELS,
    expensive=True,
)
ORDERING_PASS_SKILL = 0.7
"""Above the pass band: the managers' cost, the skill's zero, varies more from draw to draw than a
policy's, and at 0.5 a policy costing 40 % more than the reference's passed on some hidden draws
(its skill reached 0.58 over seven draws; stocking the 95 % quantile of every item, 0.49). The
reference's skill was at least 0.81 on the same draws."""

orders_skill_pass = ask(
    "orders_skill_pass",
    Msg(
        f"発注コスト skill ≥ {ORDERING_PASS_SKILL}", f"Ordering cost skill ≥ {ORDERING_PASS_SKILL}"
    ),
    _ORDER_HINT,
    forecast_weeks,
    _ORDER_LEVELS,
    expensive=True,
)

# ---------------------------------------------------------------- 04 executive pitch

_BENEFIT_KEYS = ("waste_yen", "lost_margin_yen", "ordering_hours")


def _benefit_inputs(draw: Draw) -> list[tuple]:
    """A made-up example, then random before/after figures from the draw's seed."""
    rng = draw.rng
    example = (
        {"waste_yen": 9e6, "lost_margin_yen": 6e6, "ordering_hours": 3000.0},
        {"waste_yen": 6e6, "lost_margin_yen": 4e6, "ordering_hours": 900.0},
    )
    randoms = [
        tuple(dict(zip(_BENEFIT_KEYS, rng.uniform(1e3, 1e7, 3), strict=True)) for _ in range(2))
        for _ in range(3)
    ]
    return [example, *randoms]


annual_benefit = ask(
    "annual_benefit",
    Msg("年間効果額（円）", "Annual benefit (yen)"),
    Msg(
        "廃棄額と欠品損失の減少分に、削減時間 × 時給（business.MANAGER_HOURLY_COST_YEN）を足します。",
        "Add the reductions in waste and lost margin to the hours saved × the hourly cost "
        "(business.MANAGER_HOURLY_COST_YEN).",
    ),
    _benefit_inputs,
    Number(Msg("年間効果額", "annual benefit"), 1e-6),
)


def _payback_inputs(draw: Draw) -> list[tuple]:
    """A made-up example, one that never pays back, one whose benefit just covers the running cost
    (never either), and random ones from the draw's seed."""
    rng = draw.rng
    randoms = [
        (float(rng.uniform(1e6, 6e7)), float(rng.uniform(1e6, 3e7)), float(rng.uniform(1e6, 8e6)))
        for _ in range(3)
    ]
    return [(30e6, 12e6, 3.6e6), (2e6, 5e6, 2.5e6), (3.6e6, 12e6, 3.6e6), *randoms]


payback_months = ask(
    "payback_months",
    Msg("投資回収期間（月）", "Payback period (months)"),
    Msg(
        "月あたりの正味効果 = (年間効果 − 年間運用費) ÷ 12。回収期間 = 初期費用 ÷ 月あたりの正味効果。",
        "Net monthly benefit = (annual benefit − annual running cost) ÷ 12; payback = initial "
        "cost ÷ net monthly benefit.",
    ),
    _payback_inputs,
    Number(Msg("回収期間（月）", "payback (months)"), 1e-6, never=True),
)
