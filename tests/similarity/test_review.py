"""Are copies found, and honest look-alikes, shared scaffolding and imports left alone?"""

import numpy as np

from dxquest.similarity.disguises import reformat, rename
from dxquest.similarity.honest.cells import fill_release_cell
from dxquest.similarity.index import REFERENCE
from dxquest.similarity.planted import make_planted_cohort
from dxquest.similarity.review import fingerprint_cohort, review_answers

SCAFFOLD = '''def window(frame, days):
    """Rows of the last ``days`` days: given to every learner."""
    end = frame["date"].max()
    start = end - pd.Timedelta(days=days)
    return frame[(frame["date"] > start) & (frame["date"] <= end)].reset_index(drop=True)


def weekly_margin(sales, items):
    # YOUR CODE HERE
    raise NotImplementedError()
'''
RELEASE = {"weekly_margin": SCAFFOLD}

REFERENCE_BODY = """recent = window(sales, 7).merge(items[["item_id", "unit_cost"]], on="item_id")
recent["margin"] = (recent["price"] - recent["unit_cost"]) * recent["sales_qty"]
by_store = recent.groupby("store_id")["margin"].sum()
return by_store.sort_index().to_dict()"""

HONEST_BODIES = {
    "alice": """cost = dict(zip(items.item_id, items.unit_cost))
totals = {}
for row in window(sales, 7).itertuples():
    gain = (row.price - cost[row.item_id]) * row.sales_qty
    totals[row.store_id] = totals.get(row.store_id, 0) + gain
return dict(sorted(totals.items()))""",
    "bob": """last = window(sales, 7)
unit = items.set_index("item_id")["unit_cost"]
last = last.assign(m=(last.price - last.item_id.map(unit)) * last.sales_qty)
return last.pivot_table(index="store_id", values="m", aggfunc="sum")["m"].to_dict()""",
    "carol": """frame = window(sales, 7).join(items.set_index("item_id"), on="item_id")
values = frame.eval("(price - unit_cost) * sales_qty")
result = values.groupby(frame.store_id).agg("sum")
return {store: float(v) for store, v in result.items()}""",
    "dave": """merged = pd.merge(window(sales, 7), items, how="left")
merged["profit"] = merged.sales_qty * merged.price - merged.sales_qty * merged.unit_cost
grouped = merged.groupby("store_id").profit.sum()
return grouped.to_dict()""",
}


def _cell(body: str) -> dict[str, str]:
    return {"weekly_margin": fill_release_cell(SCAFFOLD, {"weekly_margin": body})}


def _cohort(**extra: dict[str, str]) -> dict[str, dict[str, str]]:
    return {**{name: _cell(body) for name, body in HONEST_BODIES.items()}, **extra}


def _flagged(learners) -> set[frozenset[str]]:
    review = review_answers("toy", learners, _cell(REFERENCE_BODY), RELEASE.values())
    return {frozenset((p.student, p.other)) for p in review.flagged}


def test_honest_learners_sharing_the_scaffolding_are_not_flagged():
    assert _flagged(_cohort()) == set()


def test_a_renamed_reformatted_copy_and_a_reference_paste_are_found():
    rng = np.random.default_rng(0)
    alice = _cell(HONEST_BODIES["alice"])["weekly_margin"]
    copy = {"weekly_margin": reformat(rename(alice, rng), rng)}
    paste = _cell(REFERENCE_BODY)
    flagged = _flagged(_cohort(erin=copy, frank=paste))
    assert flagged == {frozenset(("erin", "alice")), frozenset(("frank", REFERENCE))}


def test_imports_are_not_evidence():
    imports = "import numpy as np\nimport pandas as pd\nfrom scipy import stats\n" * 3
    learners = {
        name: {"weekly_margin": imports + cell["weekly_margin"]} for name, cell in _cohort().items()
    }
    assert _flagged(learners) == set()


def test_the_planted_cohort_is_seeded_and_pure():
    release = {
        q: f"def {q}(a, b):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"
        for q in ("clean_sales", "wape", "critical_ratio")
    }
    make = lambda seed: make_planted_cohort(  # noqa: E731
        "demand_forecast", release, release, n_learners=30, seed=seed
    )
    assert make(3) == make(3)
    assert make(3).answers != make(4).answers
    assert len(make(3).copies) == 3


def test_on_a_small_planted_cohort_copies_are_found_and_look_alikes_are_not():
    """Honest learners written from the same few grammars do agree on steps; none is flagged."""
    release = {
        q: "".join(
            f"def {name}(sales, items):\n"
            "    # YOUR CODE HERE\n    raise NotImplementedError()\n\n\n"
            for name in names
        )
        for q, names in {
            "clean_sales": ["clean_sales"],
            "annual_waste_cost": ["annual_waste_cost"],
            "lost_margin": ["lost_margin"],
            "baseline_forecast": ["clean_sales", "baseline_forecast"],
            "order_up_to": ["order_up_to"],
        }.items()
    }
    reference = {
        q: cell.replace("raise NotImplementedError()", "return 0") for q, cell in release.items()
    }
    cohort = make_planted_cohort("demand_forecast", release, reference, n_learners=60, seed=0)
    review = review_answers("demand_forecast", cohort.answers, reference, release.values())
    flagged = {frozenset((p.student, p.other)) for p in review.flagged}
    renamed_or_reformatted = {
        frozenset((copier, source))
        for copier, source in cohort.copies.items()
        if cohort.kinds[copier] in ("rename", "reformat")
    }
    assert renamed_or_reformatted and renamed_or_reformatted <= flagged
    assert flagged - cohort.planted_pairs() == set()


def test_when_many_paste_the_reference_each_is_flagged_against_it_not_against_each_other():
    pasters = {f"paster{i}": _cell(REFERENCE_BODY) for i in range(6)}
    review = review_answers("toy", _cohort(**pasters), _cell(REFERENCE_BODY), RELEASE.values())
    assert {(p.student, p.other) for p in review.flagged} == {(name, REFERENCE) for name in pasters}


def test_two_pastes_sharing_one_extra_line_are_not_marked_against_each_other():
    """Beyond the reference they share all they have, but that is one line: too little to judge."""
    extra = "\nby_store = by_store.round(2)"
    body = REFERENCE_BODY.replace("\nreturn", extra + "\nreturn")
    pasters = {"paster1": _cell(body), "paster2": _cell(body)}
    review = review_answers("toy", _cohort(**pasters), _cell(REFERENCE_BODY), RELEASE.values())
    pair = next(p for p in review.pairs if {p.student, p.other} == {"paster1", "paster2"})
    assert pair.similarity == 1.0
    assert pair.shared_weight < review.min_evidence and not review.is_flagged(pair)


def test_fingerprinting_on_several_processes_gives_what_one_gives():
    release = {
        "clean_sales": "def clean_sales(sales, items):\n    # YOUR CODE HERE\n"
        "    raise NotImplementedError()\n"
    }
    cohort = make_planted_cohort("demand_forecast", release, release, n_learners=60, seed=1)
    one = fingerprint_cohort(cohort.answers, set(), workers=1)
    assert fingerprint_cohort(cohort.answers, set(), workers=2) == one
