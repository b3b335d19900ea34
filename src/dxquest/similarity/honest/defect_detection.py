"""Honest answers of ``defect_detection``: each question a small grammar of equivalent choices.

The questions spell out most steps closely (the detectors name the ``features`` helpers to call,
the monthly figures give their formulas), so honest answers here are close look-alikes of each
other: the same calls in the same order, differing in how each step is written. The costs and the
threshold are the learner's decisions: their honest answers also differ in the margin chosen.
"""

from __future__ import annotations

from dxquest.similarity.honest.grammar import Body, Writer, lines, pick, shuffled

NAMES = {
    "frame": ["df", "merged", "table", "both", "joined", "data", "m", "full"],
    "rejected": ["rejected", "ng", "is_ng", "said_ng", "reject", "flag_ng", "out", "r"],
    "defective": ["defective", "bad", "is_bad", "truly_bad", "defect", "d", "faulty", "y"],
    "rates": ["rates", "r", "today", "as_is", "now", "current", "res", "stats"],
    "flat": ["flattener", "flat", "sf", "normaliser", "surface", "flt", "fl", "norm"],
    "maps": ["maps", "responses", "feats", "fm", "resp", "filtered", "f", "out"],
    "spread": ["spread", "sd", "std", "scale", "sigmas", "noise", "stds", "sds"],
    "heat": ["heat", "unusual", "z", "score_map", "hm", "dev", "zmap", "h"],
    "model": ["model", "clf", "gbm", "lgbm", "m", "classifier", "booster", "tree"],
    "flagged": ["flagged", "review", "confirm", "sent", "above", "check", "hit", "sel"],
    "good_confirmed": [
        "good_confirmed",
        "goods_checked",
        "ok_sent",
        "fa",
        "alarms",
        "g_conf",
        "gc",
        "false_alarms",
    ],
    "best": ["best", "chosen", "threshold_best", "pick", "winner", "top", "answer", "choice"],
    "allowed": ["allowed", "max_miss", "miss_ok", "budget", "allowance", "limit", "m_max", "ok"],
}
"""Concept → the names learners give it."""


def escape_cost_yen(rng, v) -> Body:
    hours = pick(
        rng,
        "hours = (facts['claim_hours_low'] + facts['claim_hours_high']) / 2",
        "hours = np.mean([facts['claim_hours_low'], facts['claim_hours_high']])",
        "low, high = facts['claim_hours_low'], facts['claim_hours_high']\n"
        "hours = low + (high - low) / 2",
    )
    terms = shuffled(
        rng,
        "hours * facts['qa_hourly_yen']",
        "facts['customer_sorting_yen']",
        "facts['return_freight_yen']",
        "facts['part_cost_yen']",
    )
    total = pick(
        rng,
        "return " + " + ".join(terms),
        "cost = " + " + ".join(terms) + "\nreturn float(cost)",
        "return sum([" + ", ".join(terms) + "])",
    )
    return {"escape_cost_yen": lines(hours, total)}


def as_is_month(rng, v) -> Body:
    f, ng, bad = v("frame"), v("rejected"), v("defective")
    merge = pick(
        rng,
        f"{f} = parts.merge(log, on='part_id')",
        f"{f} = pd.merge(parts, log, on='part_id')",
        f"{f} = parts.set_index('part_id').join(log.set_index('part_id'))",
    )
    rates = pick(
        rng,
        lines(
            *shuffled(rng, f"{ng} = {f}['decision'] == 'NG'", f"{bad} = {f}['label'] == 1"),
            f"miss = float((~{ng}[{bad}]).mean())\nfalse_reject = float({ng}[~{bad}].mean())",
        ),
        f"table = pd.crosstab({f}['label'], {f}['decision'], normalize='index')\n"
        f"miss = float(table.loc[1, 'OK'])\nfalse_reject = float(table.loc[0, 'NG'])",
        f"{ng} = {f}.assign(ng={f}['decision'].eq('NG')).groupby('label')['ng'].mean()\n"
        f"miss = float(1 - {ng}[1])\nfalse_reject = float({ng}[0])",
    )
    defect_rate = pick(
        rng,
        "defect_rate = business.DEFECT_RATE_IN_PRODUCTION",
        "defect_rate = float(business.DEFECT_RATE_IN_PRODUCTION)",
    )
    hours = pick(
        rng,
        "hours = business.MONTHLY_PARTS * log['seconds'].mean() / 3600",
        "hours = log['seconds'].mean() / 3600 * business.MONTHLY_PARTS",
        "hours = np.mean(log.seconds) * business.MONTHLY_PARTS / 60 / 60",
    )
    counts = lines(
        pick(
            rng,
            "escapes = business.MONTHLY_PARTS * defect_rate * miss",
            "escapes = defect_rate * miss * business.MONTHLY_PARTS",
        ),
        pick(
            rng,
            "false_rejects = business.MONTHLY_PARTS * (1 - defect_rate) * false_reject",
            "false_rejects = (1 - defect_rate) * false_reject * business.MONTHLY_PARTS",
        ),
    )
    cost = " + ".join(
        shuffled(
            rng,
            "hours * business.INSPECTOR_HOURLY_COST_YEN",
            "escapes * escape_yen",
            "false_rejects * business.FACTS['part_cost_yen']",
        )
    )
    result = pick(
        rng,
        "return {'miss_rate': miss, 'false_reject_rate': false_reject, 'inspection_hours': hours, "
        f"'escapes': escapes, 'false_rejects': false_rejects, 'cost_yen': {cost}}}",
        f"cost = {cost}\nreturn dict(miss_rate=miss, false_reject_rate=false_reject, "
        "inspection_hours=hours, escapes=escapes, false_rejects=false_rejects, cost_yen=cost)",
    )
    body = lines(merge, rates, *shuffled(rng, defect_rate, hours), counts, result)
    return {"as_is_month": body}


def auroc(rng, v) -> Body:
    bad = v("defective")
    arrays = pick(
        rng,
        "labels = np.asarray(labels)\nscores = np.asarray(scores, dtype=float)",
        "labels, scores = np.asarray(labels), np.asarray(scores, dtype=float)",
        "labels = np.array(labels)\nscores = np.array(scores, dtype=float)",
    )
    split = f"{bad} = scores[labels == 1]\ngood = scores[labels == 0]"
    return {
        "auroc": pick(
            rng,
            lines(
                arrays,
                split,
                f"wins = ({bad}[:, None] > good[None, :]).sum() + "
                f"0.5 * ({bad}[:, None] == good[None, :]).sum()",
                f"return float(wins / (len({bad}) * len(good)))",
            ),
            lines(
                arrays,
                split,
                f"wins = 0.0\nfor s in {bad}:\n"
                "    wins += (s > good).sum() + 0.5 * (s == good).sum()",
                f"return wins / ({bad}.size * good.size)",
            ),
            lines(
                arrays,
                split,
                f"d = np.subtract.outer({bad}, good)",
                "return float(((d > 0).sum() + 0.5 * (d == 0).sum()) / d.size)",
            ),
            lines(
                arrays,
                "ranks = pd.Series(scores).rank().to_numpy()",
                "n_bad = (labels == 1).sum()\nn_good = len(labels) - n_bad",
                "return float((ranks[labels == 1].sum() - n_bad * (n_bad + 1) / 2) / "
                "(n_bad * n_good))",
            ),
            lines(
                arrays,
                "cuts = np.unique(scores)[::-1]",
                "tpr = [0.0] + [(scores[labels == 1] >= t).mean() for t in cuts]",
                "fpr = [0.0] + [(scores[labels == 0] >= t).mean() for t in cuts]",
                "return float(np.trapezoid(tpr, fpr))",
            ),
        )
    }


def _flattener(rng, v, good: str) -> str:
    fl = v("flat")
    return pick(
        rng,
        f"{fl} = ft.SurfaceFlattener().fit(images[{good}], products[{good}])",
        f"{fl} = ft.SurfaceFlattener()\n{fl}.fit(images[{good}], products[{good}])",
    )


def _maps(rng, v, images: str, products: str) -> str:
    """An expression of the filter responses of ``images``, on one line or wrapped."""
    fl = v("flat")
    return pick(
        rng,
        f"ft.feature_maps({fl}.transform({images}, {products}))",
        f"ft.feature_maps(\n    {fl}.transform({images}, {products})\n)",
    )


def anomaly_detector(rng, v) -> Body:
    mp, sd, heat = v("maps"), v("spread"), v("heat")
    good = pick(
        rng,
        "good = labels == 0",
        "good = np.asarray(labels) == 0",
        "good = ~labels.astype(bool)",
    )
    spread = pick(
        rng,
        f"{sd} = {{p: good_maps[products[good] == p].std(axis=(0, 2, 3)) "
        f"for p in np.unique(products)}}",
        f"{sd} = {{}}\nfor p in np.unique(products):\n"
        f"    {sd}[p] = good_maps[products[good] == p].std(axis=(0, 2, 3))",
        f"{sd} = {{}}\nfor p in set(products):\n"
        f"    {sd}[p] = np.std(good_maps[products[good] == p], axis=(0, 2, 3), keepdims=True)[0]",
    )
    per_pixel = pick(
        rng,
        f"{heat} = np.empty((len(new_images), *new_images.shape[1:]), dtype=np.float32)\n"
        f"for p, s in {sd}.items():\n    rows = new_products == p\n"
        f"    {heat}[rows] = np.abs({mp}[rows] / s[None, :, None, None]).max(axis=1)",
        f"{heat} = np.zeros(new_images.shape, dtype=float)\nfor p, s in {sd}.items():\n"
        f"    rows = new_products == p\n"
        f"    {heat}[rows] = np.max(np.abs({mp}[rows]) / s.reshape(1, -1, 1, 1), axis=1)",
        f"{heat} = np.stack([np.abs({mp}[i] / {sd}[p][:, None, None]).max(axis=0) "
        f"for i, p in enumerate(new_products)])",
    )
    score = pick(
        rng,
        f"return {heat}.reshape(len(new_images), -1).max(axis=1), {heat}",
        f"return {heat}.max(axis=(1, 2)), {heat}",
        f"scores = np.array([one.max() for one in {heat}])\nreturn scores, {heat}",
    )
    detect = lines(
        f"{mp} = " + _maps(rng, v, "new_images", "new_products"), per_pixel, score
    ).replace("\n", "\n    ")
    return {
        "fit_anomaly_detector": lines(
            good,
            _flattener(rng, v, "good"),
            "good_maps = " + _maps(rng, v, "images[good]", "products[good]"),
            spread,
            "def detect(new_images, new_products):\n    " + detect,
            "return detect",
        )
    }


def defect_detector(rng, v) -> Body:
    mp, m = v("maps"), v("model")
    good = pick(
        rng,
        "good = ~masks.any(axis=(1, 2))",
        "good = masks.reshape(len(masks), -1).sum(axis=1) == 0",
        "good = np.array([not mask.any() for mask in masks])",
    )
    table = pick(
        rng,
        "table = ft.patch_features(" + _maps(rng, v, "images", "products") + ")",
        f"{mp} = " + _maps(rng, v, "images", "products") + f"\ntable = ft.patch_features({mp})",
    )
    sample = pick(
        rng,
        "keep = target | (np.random.default_rng(0).random(len(target)) < 0.1)",
        "rng = np.random.default_rng(42)\nkeep = target | (rng.random(target.shape[0]) < 0.1)",
        "rng = np.random.default_rng(0)\nnormal = np.flatnonzero(~target)\n"
        "keep = np.concatenate([np.flatnonzero(target), "
        "rng.choice(normal, size=len(normal) // 10, replace=False)])",
    )
    params = pick(
        rng,
        "n_estimators=150, learning_rate=0.08, num_leaves=15, n_jobs=1, verbose=-1",
        "n_estimators=200, learning_rate=0.05, n_jobs=1, verbose=-1, random_state=0",
        "n_estimators=100, num_leaves=31, n_jobs=1, verbose=-1",
        "n_jobs=1, verbose=-1",
    )
    model = pick(
        rng,
        f"{m} = lgb.LGBMClassifier({params}).fit(table[keep], target[keep])",
        f"{m} = lgb.LGBMClassifier({params})\n{m}.fit(table[keep], target[keep])",
    )
    detect = lines(
        f"{mp} = " + _maps(rng, v, "new_images", "new_products"),
        pick(
            rng,
            f"patch_scores = {m}.predict_proba(ft.patch_features({mp}))[:, 1]\n"
            f"return ft.image_scores(patch_scores, len(new_images)), "
            f"ft.heatmap(patch_scores, {mp})",
            f"patch_scores = {m}.predict_proba(ft.patch_features({mp}))[:, 1]\n"
            f"scores = ft.image_scores(patch_scores, len(new_images))\n"
            f"heat = ft.heatmap(patch_scores, {mp})\nreturn scores, heat",
        ),
    ).replace("\n", "\n    ")
    return {
        "fit_defect_detector": lines(
            good,
            _flattener(rng, v, "good"),
            *shuffled(rng, table, "target = ft.patch_labels(masks)"),
            sample,
            model,
            "def detect(new_images, new_products):\n    " + detect,
            "return detect",
        )
    }


def to_be_month(rng, v) -> Body:
    fl, k = v("flagged"), v("good_confirmed")
    arrays = pick(
        rng,
        "scores = np.asarray(scores)\ndefective = np.asarray(labels) == 1",
        "scores, defective = np.asarray(scores), np.asarray(labels) == 1",
    )
    flagged = pick(rng, f"{fl} = scores >= threshold", f"{fl} = np.asarray(scores) >= threshold")
    month = pick(
        rng,
        "bad_month = business.MONTHLY_PARTS * business.DEFECT_RATE_IN_PRODUCTION\n"
        "good_month = business.MONTHLY_PARTS - bad_month",
        "bad_month = business.DEFECT_RATE_IN_PRODUCTION * business.MONTHLY_PARTS\n"
        "good_month = (1 - business.DEFECT_RATE_IN_PRODUCTION) * business.MONTHLY_PARTS",
    )
    shares = pick(
        rng,
        f"caught = bad_month * {fl}[defective].mean()\n{k} = good_month * {fl}[~defective].mean()",
        f"caught = {fl}[defective].sum() / defective.sum() * bad_month\n"
        f"{k} = {fl}[~defective].sum() / (~defective).sum() * good_month",
    )
    escapes = pick(
        rng,
        "escapes = bad_month - caught + (1 - business.REVIEW_CATCH_RATE) * caught",
        "escapes = bad_month - business.REVIEW_CATCH_RATE * caught",
    )
    false_rejects = pick(
        rng,
        f"false_rejects = facts['review_reject_good_share'] * {k}",
        f"false_rejects = {k} * facts['review_reject_good_share']",
    )
    hours = pick(
        rng,
        f"hours = (caught + {k}) * facts['review_seconds'] / 3600",
        f"hours = facts['review_seconds'] * (caught + {k}) / 60 / 60",
    )
    cost = (
        "hours * facts['inspector_hourly_yen'] + escapes * escape_yen "
        "+ false_rejects * facts['part_cost_yen']"
    )
    result = pick(
        rng,
        "return {'inspection_hours': hours, 'escapes': escapes, "
        f"'false_rejects': false_rejects, 'cost_yen': {cost}}}",
        f"cost = {cost}\nreturn dict(inspection_hours=hours, escapes=escapes, "
        "false_rejects=false_rejects, cost_yen=cost)",
    )
    return {
        "to_be_month": lines(
            "facts = business.FACTS",
            arrays,
            *shuffled(rng, flagged, month),
            shares,
            *shuffled(rng, escapes, false_rejects, hours),
            result,
        )
    }


def false_alarm_cost_yen(rng, v) -> Body:
    time = pick(
        rng,
        "confirming = facts['review_seconds'] / 3600 * facts['inspector_hourly_yen']",
        "confirming = facts['inspector_hourly_yen'] * facts['review_seconds'] / 60 / 60",
    )
    scrap = pick(
        rng,
        "scrap = facts['review_reject_good_share'] * facts['part_cost_yen']",
        "scrap = facts['part_cost_yen'] * facts['review_reject_good_share']",
    )
    total = pick(rng, "return confirming + scrap", "return float(scrap + confirming)")
    return {"false_alarm_cost_yen": lines(*shuffled(rng, time, scrap), total)}


def choose_threshold(rng, v) -> Body:
    b, fl = v("best"), v("flagged")
    candidates = pick(rng, "np.unique(scores)", "sorted(set(scores))", "np.sort(np.unique(scores))")
    margin = pick(
        rng,
        "(missed + 1) / (n_defects + 1)",
        "(missed + 1) / (n_defects + 2)",
        "stats.beta.ppf(0.9, missed + 1, max(n_defects - missed, 1))",
    )
    imports = "from scipy import stats\n" if "stats." in margin else ""
    return {
        "choose_threshold": lines(
            imports.rstrip("\n"),
            "scores, defective = np.asarray(scores, dtype=float), np.asarray(labels) == 1",
            "n_defects = int(defective.sum())",
            f"{b}, best_cost = float(np.min(scores)), np.inf",
            f"for t in {candidates}:",
            f"    {fl} = scores >= t",
            f"    missed = int((defective & ~{fl}).sum())",
            f"    miss_rate = 0.0 if {fl}.all() else {margin}",
            "    rate = business.DEFECT_RATE_IN_PRODUCTION",
            pick(
                rng,
                f"    cost = rate * miss_rate * escape_yen + "
                f"(1 - rate) * {fl}[~defective].mean() * false_alarm_yen",
                f"    cost = (rate * miss_rate * escape_yen + (1 - rate) * "
                f"(~defective & {fl}).sum() / (~defective).sum() * false_alarm_yen)",
            ),
            "    if cost < best_cost:",
            f"        {b}, best_cost = float(t), cost",
            f"return {b}",
        )
    }


def ship_unseen_threshold(rng, v) -> Body:
    d, a = v("defective"), v("allowed")
    allowance = pick(
        rng,
        f"catch = business.REVIEW_CATCH_RATE\n"
        f"{a} = (business.MAX_ESCAPE_RATE / business.DEFECT_RATE_IN_PRODUCTION - (1 - catch)) "
        "/ catch",
        "share = business.DEFECT_RATE_IN_PRODUCTION\n"
        f"{a} = (business.MAX_ESCAPE_RATE - share * (1 - business.REVIEW_CATCH_RATE)) "
        f"/ (share * business.REVIEW_CATCH_RATE)",
    )
    search = pick(
        rng,
        "k = np.arange(len(bad_scores))\n"
        f"sure = stats.beta.ppf(business.AGREEMENT_CONFIDENCE, k + 1, len(bad_scores) - k) <= {a}\n"
        "return float(bad_scores[k[sure].max()]) if sure.any() else 0.0",
        "n = len(bad_scores)\n"
        "threshold = 0.0\n"
        "for k in range(n):\n"
        f"    if stats.beta.ppf(business.AGREEMENT_CONFIDENCE, k + 1, n - k) > {a}:\n"
        "        break\n"
        "    threshold = float(bad_scores[k])\n"
        "return threshold",
    )
    return {
        "ship_unseen_threshold": lines(
            "from scipy import stats",
            f"scores, {d} = np.asarray(scores, dtype=float), np.asarray(labels) == 1",
            allowance,
            f"bad_scores = np.sort(scores[{d}])",
            search,
        )
    }


def annual_benefit(rng, v) -> Body:
    return {
        "annual_benefit": pick(
            rng,
            "return 12 * (as_is['cost_yen'] - to_be['cost_yen']) - business.SYSTEM_ANNUAL_COST_YEN",
            "monthly = as_is['cost_yen'] - to_be['cost_yen']\n"
            "return monthly * 12 - business.SYSTEM_ANNUAL_COST_YEN",
            "saved = (as_is['cost_yen'] - to_be['cost_yen']) * 12\n"
            "return float(saved - business.SYSTEM_ANNUAL_COST_YEN)",
        )
    }


WRITERS: dict[str, Writer] = {
    "escape_cost_yen": escape_cost_yen,
    "as_is_month": as_is_month,
    "auroc": auroc,
    "anomaly_detector": anomaly_detector,
    "defect_detector": defect_detector,
    "to_be_month": to_be_month,
    "false_alarm_cost_yen": false_alarm_cost_yen,
    "choose_threshold": choose_threshold,
    "ship_unseen_threshold": ship_unseen_threshold,
    "annual_benefit": annual_benefit,
}
"""Question (grade id) → writer of an honest body."""

PASTED = {
    "costs_from_01": ("escape_cost_yen", "as_is_month"),
    "functions_from_01_03": (
        "escape_cost_yen",
        "as_is_month",
        "to_be_month",
        "false_alarm_cost_yen",
        "choose_threshold",
    ),
}
"""Cells where the notebook asks learners to paste their own functions from an earlier one."""
