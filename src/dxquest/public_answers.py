"""Every numeric answer of a case on the learners' (public) data: what no release may write down.

Answers are keyed by question (the name ``exercises`` gives it, without ``ex.``) or, for a figure
no single question asks for, by what it is. Each key holds one or more numbers: the expected value
of a question, the derived decision a learner must reach (a quantile, a critical ratio, a
threshold) and the business totals that reveal answers (the reference model's public score, the
monthly cost it leads to, the benefit and payback built on them).

They are computed here from each case's reference functions on the public data, the same calls
the public checks make; :func:`public_answers` is the one entry point, so the answers can later
come from wherever the grader keeps its expected values without its callers changing.
"""

from __future__ import annotations

from collections.abc import Callable

from sklearn.metrics import roc_auc_score

from dxquest.cases.defect_detection import SPEC as DEFECT_SPEC
from dxquest.cases.defect_detection import business as defect_business
from dxquest.cases.defect_detection import reference as defect_reference
from dxquest.cases.defect_detection.data import validation_scores
from dxquest.cases.demand_forecast import SPEC as DEMAND_SPEC
from dxquest.cases.demand_forecast import business as demand_business
from dxquest.cases.demand_forecast import reference as demand_reference
from dxquest.cases.demand_forecast.inventory import critical_ratio
from dxquest.cases.effort_prediction import SPEC as EFFORT_SPEC
from dxquest.cases.effort_prediction import business as effort_business
from dxquest.cases.effort_prediction import reference as effort_reference

Answers = dict[str, list[float]]


def _demand_forecast() -> Answers:
    data = DEMAND_SPEC.public()
    sales, items = data.sales.copy(), data.items.copy()
    waste = demand_reference.annual_waste_cost(sales, items)
    lost = demand_reference.estimated_lost_margin(sales, items)
    hours = demand_reference.annual_ordering_hours(data.ordering_log.copy())
    return {
        "annual_waste_cost": [waste],
        "lost_margin": [lost],
        "ordering_hours": [hours],
        # 01's KPI and the pitch's As-Is: what today's ordering loses a year, in yen
        "annual_loss_yen": [waste + lost],
        "ordering_cost_yen": [hours * demand_business.MANAGER_HOURLY_COST_YEN],
        # 03's decision per item (notebook 03 applies the learner's function to the item table)
        "critical_ratio": critical_ratio(items["regular_price"], items["unit_cost"]).tolist(),
    }


def _defect_detection() -> Answers:
    data = DEFECT_SPEC.public()
    tables = (data.parts.copy(), data.inspection_log.copy())
    rates = defect_reference.inspection_rates(*tables)
    as_is = defect_reference.monthly_as_is(*tables)
    # The reference model's scores on the validation lots: notebook 03's operating point.
    scores, labels = validation_scores()
    threshold = defect_reference.choose_threshold(scores, labels)
    to_be = defect_reference.to_be_month(scores, labels, threshold)
    benefit = 12 * (as_is["cost_yen"] - to_be["cost_yen"]) - defect_business.SYSTEM_ANNUAL_COST_YEN
    return {
        "inspection_rates": [rates["miss_rate"], rates["false_reject_rate"]],
        "monthly_inspection_hours": [as_is["inspection_hours"]],
        "monthly_as_is_cost": [as_is["cost_yen"], as_is["escapes"], as_is["false_rejects"]],
        "defect_detector": [roc_auc_score(labels, scores)],
        "choose_threshold": [threshold],
        "to_be_month": [
            to_be[key] for key in ("inspection_hours", "escapes", "false_rejects", "cost_yen")
        ],
        "annual_benefit": [benefit],
        "payback_months": [defect_business.SYSTEM_INITIAL_COST_YEN / (benefit / 12)],
    }


def _effort_prediction() -> Answers:
    data = EFFORT_SPEC.public()
    attendance = data.attendance.copy()
    recent = effort_reference.last_months(attendance)
    per_month = recent[["overtime_hours", "idle_hours"]].sum() / recent["month"].nunique()
    return {
        "foreman_mae": [effort_reference.foreman_mae(data.jobs.copy())],
        "monthly_overtime_idle_hours": [
            effort_reference.monthly_overtime_idle_hours(attendance),
            # 04's As-Is: the two parts of the total
            float(per_month["overtime_hours"]),
            float(per_month["idle_hours"]),
        ],
        "monthly_loss_yen": [effort_reference.monthly_loss_yen(attendance)],
        # 03's decision: the quantile that balances an overtime hour against an idle hour
        "plan_quantile": [effort_business.PLAN_QUANTILE],
    }


_CASES: dict[str, Callable[[], Answers]] = {
    "demand_forecast": _demand_forecast,
    "defect_detection": _defect_detection,
    "effort_prediction": _effort_prediction,
}


def public_answers(case_id: str) -> Answers:
    """Every numeric answer of ``case_id`` on its public data, by question.

    A case this module does not know yet (one just made with ``dxquest new-case``) has none:
    ``dxquest validate`` reports how many answers it looked for, so an empty list is visible.
    """
    answers = _CASES.get(case_id)
    return {} if answers is None else {k: [float(v) for v in vs] for k, vs in answers().items()}
