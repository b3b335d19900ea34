"""The graded questions of the demand-forecast case, one :class:`~dxquest.exercise.Question` each.

Notebooks use them as ``ex.<question>.check(answer)`` (self-check), ``ex.<question>.hint()``, and in
nbgrader test cells ``ex.<question>.grade(answer)`` / ``ex.<question>.grade_hidden(answer)``.
Answers are functions, so hidden checks can call them on the cohort's hidden data.
"""

from __future__ import annotations

import numpy as np

from dxquest.cases.demand_forecast import SPEC, business, reference
from dxquest.cases.demand_forecast.data import forecast_task, holdout_origins
from dxquest.cases.demand_forecast.evaluation import (
    hidden_ordering_costs,
    learner_predictions,
    public_forecast_scores,
)
from dxquest.cases.demand_forecast.inventory import critical_ratio as reference_critical_ratio
from dxquest.cases.demand_forecast.metrics import wape as reference_wape
from dxquest.cases.spec import hidden_task_scores, once_per_answer, skill_questions
from dxquest.exercise import (
    Question,
    call_learner,
    expect,
    expect_close,
    payback_checks,
)
from dxquest.i18n import Msg
from dxquest.skill import report_scores

__all__ = ["setup"]

setup = SPEC.setup
_public = SPEC.public
hidden_data = SPEC.hidden_data


# ---------------------------------------------------------------- 01 business problem


def _check_clean(data):
    def checks(answer):
        cleaned = call_learner(answer, data().sales.copy(), data().items.copy())
        expected = reference.clean_sales(data().sales, data().items)
        expect(
            hasattr(cleaned, "columns"), Msg("DataFrame を返してください。", "Return a DataFrame.")
        )
        expect(
            not cleaned.duplicated().any(), Msg("重複行が残っています。", "Duplicate rows remain.")
        )
        unknown = set(cleaned["item_id"]) - set(data().items["item_id"])
        expect(
            not unknown,
            Msg(
                f"items にない商品コードが残っています: {sorted(unknown)}",
                f"Item codes missing from items remain: {sorted(unknown)}",
            ),
        )
        expect(
            len(cleaned) == len(expected),
            Msg(
                f"行数が違います（あなた: {len(cleaned):,}）。消しすぎ・残しすぎがないか確認しましょう。",
                f"Wrong number of rows (yours: {len(cleaned):,}). Did you drop too many or too few?",
            ),
        )

    return checks


clean_sales = Question(
    "ex.clean_sales",
    Msg("売上データのクレンジング", "Cleaning the sales export"),
    Msg(
        "`duplicated()` で完全に同じ行を探し、items 表にない商品コードを items の "
        "コードと見比べてみましょう（末尾に文字が付いていませんか）。",
        "Look for exact duplicate rows with `duplicated()`, and compare item codes missing from "
        "the items table with the codes there (is a letter appended?).",
    ),
    _check_clean(_public),
    _check_clean(hidden_data),
)

annual_waste_cost = SPEC.same_number(
    "ex.annual_waste_cost",
    Msg("直近1年の廃棄額（円）", "waste cost of the last year (yen)"),
    Msg(
        "重複を除いた売上データの直近365日について、waste_qty × unit_cost を合計します。",
        "Over the last 365 days of the cleaned sales, add up waste_qty × unit_cost.",
    ),
    reference.annual_waste_cost,
    0.005,
    lambda d: (d.sales.copy(), d.items.copy()),
)

lost_margin = SPEC.same_number(
    "ex.lost_margin",
    Msg("直近1年の欠品による推定粗利損失（円）", "estimated margin lost to stockouts (yen)"),
    Msg(
        "欠品フラグは一部しか記録されていません。sales_qty が stock_available に達した日も "
        "欠品とみなしましょう。需要の推定値は、同じ店・商品・曜日の欠品でない日の平均販売数です。",
        "The stockout flag is recorded only sometimes: treat days whose sales reached "
        "stock_available as stockouts too. Estimate demand as the mean sales of the same store, "
        "item and weekday on days without a stockout.",
    ),
    reference.estimated_lost_margin,
    0.02,
    lambda d: (d.sales.copy(), d.items.copy()),
)

ordering_hours = SPEC.same_number(
    "ex.ordering_hours",
    Msg("直近1年の発注作業時間（時間）", "ordering hours of the last year"),
    Msg(
        "ordering_log の直近365日の minutes を合計し、60 で割ります。",
        "Add up minutes over the last 365 days of ordering_log and divide by 60.",
    ),
    reference.annual_ordering_hours,
    0.005,
    lambda d: (d.ordering_log.copy(),),
)

# ---------------------------------------------------------------- 02 forecast trial

_WAPE_CASES = [
    (np.array([10.0, 0.0, 5.0]), np.array([8.0, 1.0, 5.0])),
    (np.array([3.0, 3.0, 3.0, 1.0]), np.array([3.0, 3.0, 3.0, 1.0])),
]


def _check_wape(cases):
    def checks(answer):
        for actual, forecast in cases():
            expect_close(
                call_learner(answer, actual.copy(), forecast.copy()),
                reference_wape(actual, forecast),
                1e-9,
                Msg("WAPE", "WAPE"),
            )

    return checks


def _random_wape_cases():
    rng = np.random.default_rng(7)
    return [(rng.poisson(4, 50).astype(float), rng.gamma(2, 2, 50)) for _ in range(3)]


wape = Question(
    "ex.wape",
    Msg("WAPE（加重絶対誤差率）", "WAPE (weighted absolute percentage error)"),
    Msg(
        "WAPE = Σ|実績 − 予測| ÷ Σ実績。行ごとの誤差率の平均（MAPE）ではありません。",
        "WAPE = Σ|actual − forecast| ÷ Σ actual, not the mean of per-row percentages (MAPE).",
    ),
    _check_wape(lambda: _WAPE_CASES),
    _check_wape(_random_wape_cases),
)


def _check_baseline(data):
    def checks(answer):
        d = data()
        history, future = forecast_task(d, holdout_origins(d, weeks=1)[0])
        mine = learner_predictions(answer, history, future)
        expected = reference.baseline_forecast(history, future)
        differing = np.mean(~np.isclose(mine, expected, atol=0.01))
        expect(
            differing == 0,
            Msg(
                f"今の発注の考え方（先週の同じ曜日の販売数）と {differing:.0%} の行で一致しません。",
                f"{differing:.0%} of rows differ from today's practice (sales of the same weekday last week).",
            ),
        )

    return checks


baseline_forecast = Question(
    "ex.baseline_forecast",
    Msg("ベースライン：先週の同じ曜日", "Baseline: same weekday last week"),
    Msg(
        "history.sales をクレンジングし、日付を7日ずらして future と結合します。見つからない行は "
        "その店・商品の直近28日平均、それもなければ 0 にします。",
        "Clean history.sales, shift dates by 7 days and join to future. Rows with no match get "
        "the store × item mean of the last 28 days, or 0 if there is none.",
    ),
    _check_baseline(_public),
    _check_baseline(hidden_data),
)

_hidden_forecast = hidden_task_scores(SPEC, "forecast_wape")


@once_per_answer
def _public_forecast(answer) -> dict[str, float]:
    data = _public()
    return public_forecast_scores(answer, data, holdout_origins(data, weeks=1))


def _public_beats_baseline(answer):
    scores = _public_forecast(answer)
    print(
        f"WAPE (last week of your data): {scores['learner']:.3f}, baseline {scores['baseline']:.3f}"
    )
    expect(
        scores["learner"] < scores["baseline"],
        Msg(
            f"あなたのデータの最後の1週間で、ベースライン（{scores['baseline']:.3f}）に勝てていません"
            f"（あなた: {scores['learner']:.3f}）。",
            f"On the last week of your data you do not beat the baseline "
            f"({scores['baseline']:.3f}; yours: {scores['learner']:.3f}).",
        ),
    )


_FORECAST_HINT = Msg(
    "ラグは7日以上前のもの（lag_7, lag_14, 直近4週平均）だけを使い、曜日・祝日・給料日・"
    "気温予報・価格・販促を特徴量に。欠品日（欠品フラグ、または販売数＝在庫数）を捨てずに "
    "`fit_demand_model` の sold_out に渡しましょう。",
    "Use only lags of 7 days or more (lag_7, lag_14, a 4-week mean), plus weekday, holidays, "
    "payday, the temperature forecast, price and promotion. Keep sold-out days (stockout flag, or "
    "sales equal to the stock) and pass them to `fit_demand_model` as sold_out.",
)
forecast_beats_baseline, forecast_skill_pass = skill_questions(
    ("ex.forecast_beats_baseline", "ex.forecast_skill_pass"),
    (
        Msg("予測がベースラインに勝つ", "Forecast beats the baseline"),
        Msg("予測 skill ≥ 0.5（合格）", "Forecast skill ≥ 0.5 (pass)"),
    ),
    _FORECAST_HINT,
    _public_beats_baseline,
    _hidden_forecast,
    lambda scores: (
        f"hidden holdout WAPE {scores['learner']:.3f} (baseline {scores['baseline']:.3f}, "
        f"oracle {scores['oracle']:.3f}); skill {scores['skill']:.2f}"
    ),
    Msg("予測の", "Forecast"),
)

# ---------------------------------------------------------------- 03 ordering and operations


def _check_ratio(cases):
    def checks(answer):
        for price, cost in cases():
            mine = np.asarray(call_learner(answer, price.copy(), cost.copy()), dtype=float)
            expect(
                mine.shape == np.shape(price)
                and np.allclose(mine, reference_critical_ratio(price, cost)),
                Msg(
                    "臨界比率が違います。欠品の損失（粗利）と廃棄の損失（原価）を比べましょう。",
                    "Wrong critical ratio: weigh the cost of a lost sale (margin) against the cost of "
                    "a discarded unit (unit cost).",
                ),
            )

    return checks


critical_ratio = Question(
    "ex.critical_ratio",
    Msg("新聞売り子問題の臨界比率", "Newsvendor critical ratio"),
    Msg(
        "1個足りないと 売価−原価、1個余ると 原価 を失います。臨界比率 = 不足コスト ÷ "
        "(不足コスト + 過剰コスト)。",
        "One unit short loses price − cost; one unit over loses the cost. Critical ratio = "
        "underage ÷ (underage + overage).",
    ),
    _check_ratio(lambda: [(np.array([398.0, 200.0]), np.array([250.0, 60.0]))]),
    _check_ratio(lambda: [(np.array([150.0, 498.0, 980.0]), np.array([90.0, 300.0, 400.0]))]),
)


@once_per_answer
def _hidden_ordering(answer) -> dict[str, float]:
    data = hidden_data()
    costs = hidden_ordering_costs(answer, data, holdout_origins(data))
    report_scores("ordering_cost", costs)
    return costs


@once_per_answer
def _public_order_levels(answer) -> tuple[float, float]:
    """Mean order-up-to level on the last week of the learner's data, and recent mean sales;
    computed once per policy (the self-check and two test cells share them)."""
    data = _public()
    history, future = forecast_task(data, holdout_origins(data, weeks=1)[0])
    targets = learner_predictions(answer, history, future)
    recent = reference.clean_sales(history.sales, history.items)
    typical = recent[recent["date"] > recent["date"].max() - np.timedelta64(28, "D")]
    return float(targets.mean()), float(typical["sales_qty"].mean())


def _public_orders(answer):
    mean_target, typical = _public_order_levels(answer)
    expect(
        0.5 * typical <= mean_target <= 3 * typical,
        Msg(
            f"発注目標の平均 {mean_target:.1f} が、最近の平均販売数 {typical:.1f} と比べて不自然です。",
            f"The mean order-up-to level {mean_target:.1f} is implausible next to recent mean "
            f"sales {typical:.1f}.",
        ),
    )


_ORDER_HINT = Msg(
    "予測した平均 μ からポアソン分布を仮定し、`scipy.stats.poisson.ppf(臨界比率, μ)` で発注目標を"
    "決めます。",
    "Assume a Poisson distribution around your forecast μ and order up to "
    "`scipy.stats.poisson.ppf(critical_ratio, μ)`.",
)
orders_beat_managers, orders_skill_pass = skill_questions(
    ("ex.orders_beat_managers", "ex.orders_skill_pass"),
    (
        Msg("発注コストが店長の発注より低い", "Ordering cost below the managers'"),
        Msg("発注コスト skill ≥ 0.5", "Ordering cost skill ≥ 0.5"),
    ),
    _ORDER_HINT,
    _public_orders,
    _hidden_ordering,
    lambda costs: (
        f"hidden holdout cost ¥{costs['learner']:,.0f} (managers ¥{costs['baseline']:,.0f}, "
        f"oracle ¥{costs['oracle']:,.0f}); skill {costs['skill']:.2f}"
    ),
    Msg("発注コストの", "Ordering cost"),
)

# ---------------------------------------------------------------- 04 executive pitch

_BENEFIT_CASES = [
    (
        {"waste_yen": 9e6, "lost_margin_yen": 6e6, "ordering_hours": 3000.0},
        {"waste_yen": 6e6, "lost_margin_yen": 4e6, "ordering_hours": 900.0},
    ),
]


def _expected_benefit(as_is: dict, to_be: dict) -> float:
    return (
        as_is["waste_yen"]
        - to_be["waste_yen"]
        + as_is["lost_margin_yen"]
        - to_be["lost_margin_yen"]
        + (as_is["ordering_hours"] - to_be["ordering_hours"]) * business.MANAGER_HOURLY_COST_YEN
    )


def _check_benefit(cases):
    def checks(answer):
        for as_is, to_be in cases():
            expect_close(
                call_learner(answer, dict(as_is), dict(to_be)),
                _expected_benefit(as_is, to_be),
                1e-6,
                Msg("年間効果額", "annual benefit"),
            )

    return checks


def _random_benefit_cases():
    rng = np.random.default_rng(11)
    keys = ("waste_yen", "lost_margin_yen", "ordering_hours")
    return [
        (
            dict(zip(keys, rng.uniform(1e3, 1e7, 3), strict=True)),
            dict(zip(keys, rng.uniform(1e3, 1e7, 3), strict=True)),
        )
        for _ in range(3)
    ]


annual_benefit = Question(
    "ex.annual_benefit",
    Msg("年間効果額（円）", "Annual benefit (yen)"),
    Msg(
        "廃棄額と欠品損失の減少分に、削減時間 × 時給（business.MANAGER_HOURLY_COST_YEN）を足します。",
        "Add the reductions in waste and lost margin to the hours saved × the hourly cost "
        "(business.MANAGER_HOURLY_COST_YEN).",
    ),
    _check_benefit(lambda: _BENEFIT_CASES),
    _check_benefit(_random_benefit_cases),
)


payback_months = Question(
    "ex.payback_months",
    Msg("投資回収期間（月）", "Payback period (months)"),
    Msg(
        "月あたりの正味効果 = (年間効果 − 年間運用費) ÷ 12。回収期間 = 初期費用 ÷ 月あたりの正味効果。",
        "Net monthly benefit = (annual benefit − annual running cost) ÷ 12; payback = initial "
        "cost ÷ net monthly benefit.",
    ),
    payback_checks(reference.payback_months, [(30e6, 12e6, 3.6e6)]),
    payback_checks(
        reference.payback_months, [(8e6, 5e6, 2e6), (2e6, 5e6, 2.5e6), (55.5e6, 20e6, 6e6)]
    ),
)
