"""Honest answers of ``advance_orders``: each question a small grammar of equivalent choices.

Notebook 02 names only ``forecast``; the helpers above it are the learner's own. Honest learners
here write a smaller model than the reference's (the customer's and the part's recent misses,
and some of the season, the calendar month and the revision), each meeting's features from what
that meeting knew, and keep the feature list on the fitted model (``feature_name_``) so the
functions they paste into 03 need no global beside them.
"""

from __future__ import annotations

from dxquest.similarity.honest.grammar import TOP_LEVEL, Body, Writer, lines, pick, shuffled

NAMES = {
    "frame": ["df", "data", "table", "tbl", "t", "work", "res", "agg"],
    "mapping": ["mapping", "current", "new_id", "lookup", "m", "rename", "to_now", "ids"],
    "months": ["months", "last12", "recent_months", "window", "ms", "year", "span", "keep"],
    "rows": ["lately", "sub", "recent", "r", "picked", "d", "chosen", "last"],
    "cost": ["cost", "yen", "loss", "c", "money", "value", "price", "amount"],
    "model": ["model", "reg", "m", "lgbm", "gbm", "mdl", "booster", "fitted"],
    "miss": ["miss", "resid", "err", "errors", "gap", "e", "off", "dev"],
    "spread": ["spread", "sigma", "scale", "s", "sd", "width", "noise", "vol"],
    "median": ["median", "mid", "pred", "base", "centre", "yhat", "p50", "fc"],
}
"""Concept → the names learners give it."""


def _current_numbers(rng, v) -> str:
    m = v("mapping")
    return pick(
        rng,
        f"{m} = {{p: p for p in parts['part_id']}}\n"
        f"for old, new in zip(parts['former_part_id'], parts['part_id']):\n"
        f"    if pd.notna(old):\n        {m}[old] = new\nreturn {m}",
        f"old = parts[parts['former_part_id'].notna()]\n"
        f"{m} = dict(zip(parts['part_id'], parts['part_id']))\n"
        f"{m}.update(dict(zip(old['former_part_id'], old['part_id'])))\nreturn {m}",
        f"{m} = parts.set_index('part_id', drop=False)['part_id'].to_dict()\n"
        f"moved = parts.dropna(subset=['former_part_id'])\n"
        f"{m}.update(moved.set_index('former_part_id')['part_id'].to_dict())\nreturn {m}",
        "renamed = parts.dropna(subset=['former_part_id'])\n"
        "return {**{p: p for p in parts.part_id}, "
        "**dict(zip(renamed.former_part_id, renamed.part_id))}",
    )


def _month_text(rng, column: str) -> str:
    return pick(rng, f"{column}.dt.strftime('%Y-%m')", f"{column}.dt.to_period('M').astype(str)")


def monthly_orders(rng, v) -> Body:
    f, m = v("frame"), v("mapping")
    month = _month_text(rng, "orders['delivery_date']")
    body = pick(
        rng,
        lines(
            f"{f} = orders.assign(part_id=orders['part_id'].map(current_numbers(parts)), "
            f"month={month})",
            f"{f} = {f}.groupby(['part_id', 'month'], as_index=False)['quantity'].sum()",
            f"return {f}.sort_values(['part_id', 'month'], ignore_index=True)",
        ),
        lines(
            f"{m} = current_numbers(parts)",
            *shuffled(
                rng,
                f"part = orders['part_id'].map({m})",
                f"month = {month}",
            ),
            f"{f} = pd.DataFrame({{'part_id': part, 'month': month, "
            "'quantity': orders['quantity']})",
            f"{f} = {f}.pivot_table(index=['part_id', 'month'], values='quantity', aggfunc='sum')",
            f"return {f}.reset_index()",
        ),
        lines(
            f"{f} = orders.copy()",
            *shuffled(
                rng,
                f"{f}['part_id'] = {f}['part_id'].map(current_numbers(parts))",
                f"{f}['month'] = {month.replace('orders', f)}",
            ),
            f"{f} = {f}.groupby(['part_id', 'month'])['quantity'].sum().reset_index()",
            f"{f} = {f}.sort_values(by=['part_id', 'month'])",
            f"return {f}.reset_index(drop=True)",
        ),
    )
    return {"current_numbers": _current_numbers(rng, v), "monthly_orders": body}


def _with_firm_orders(rng, v) -> str:
    f, m = v("frame"), v("mapping")
    return pick(
        rng,
        lines(
            f"{m} = current_numbers(parts)",
            f"{f} = monthly_orders(orders, parts)",
            f"firm = {{(p, mo): q for p, mo, q in zip({f}['part_id'], {f}['month'], "
            f"{f}['quantity'])}}",
            "out = notices.copy()",
            f"out['firm'] = [firm.get(({m}.get(p, p), mo), 0) "
            "for p, mo in zip(notices['part_id'], notices['target_month'])]",
            "return out",
        ),
        lines(
            f"{f} = monthly_orders(orders, parts).rename(columns={{'part_id': 'now', "
            "'month': 'target_month', 'quantity': 'firm'})",
            "out = notices.assign(now=notices['part_id'].map(current_numbers(parts)))",
            f"out = out.merge({f}, on=['now', 'target_month'], how='left')",
            "return out.drop(columns='now').fillna({'firm': 0})",
        ),
        lines(
            f"{f} = monthly_orders(orders, parts).set_index(['part_id', 'month'])['quantity']",
            f"{m} = current_numbers(parts)",
            f"keys = list(zip(notices['part_id'].map({m}), notices['target_month']))",
            f"return notices.assign(firm=[{f}.get(k, 0) for k in keys])",
        ),
    )


def notice_wape(rng, v) -> Body:
    ms, r = v("months"), v("rows")
    months = pick(
        rng,
        f"{ms} = sorted(orders['delivery_date'].dt.strftime('%Y-%m').unique())[-12:]",
        f"{ms} = sorted(set({_month_text(rng, 'orders.delivery_date')}))[-12:]",
        f"{ms} = orders['delivery_date'].dt.to_period('M').drop_duplicates().sort_values()"
        f".astype(str).tolist()[-12:]",
    )
    select = pick(
        rng,
        f"{r} = with_firm_orders(notices[notices['target_month'].isin({ms})], orders, parts)",
        f"{r} = with_firm_orders(notices, orders, parts)\n{r} = {r}[{r}.target_month.isin({ms})]",
        f"{r} = with_firm_orders(notices.query('target_month in @{ms}'), orders, parts)",
    )
    wape = pick(
        rng,
        f"out = {{}}\nfor h in sorted({r}['horizon'].unique()):\n"
        f"    g = {r}[{r}['horizon'] == h]\n"
        f"    out[f'h{{h}}'] = float((g['quantity'] - g['firm']).abs().sum() / g['firm'].sum())\n"
        "return out",
        f"{r} = {r}.assign(err=({r}['quantity'] - {r}['firm']).abs())\n"
        f"sums = {r}.groupby('horizon')[['err', 'firm']].sum()\n"
        "return {f'h{h}': float(s.err / s.firm) for h, s in sums.iterrows()}",
        f"by = {r}.groupby('horizon')\n"
        f"err = by.apply(lambda g: np.abs(g.quantity - g.firm).sum() / g.firm.sum())\n"
        "return {'h' + str(h): float(x) for h, x in err.items()}",
    )
    return {
        "with_firm_orders": _with_firm_orders(rng, v),
        "notice_wape": lines(months, select, wape),
    }


def _piece_costs(rng, v) -> str:
    c = v("cost")
    processing = pick(
        rng,
        "processing = facts['processing_cost_share'] * facts['unit_price_yen']",
        "processing = facts['unit_price_yen'] * facts['processing_cost_share']",
    )
    over = pick(
        rng,
        "made = facts['material_cost_yen'] + processing\n"
        "over = made * (facts['holding_rate_per_month'] * facts['surplus_months_held'] "
        "+ facts['surplus_scrap_share'])",
        f"{c} = processing + facts['material_cost_yen']\n"
        f"holding = {c} * facts['holding_rate_per_month'] * facts['surplus_months_held']\n"
        f"over = holding + {c} * facts['surplus_scrap_share']",
    )
    short = pick(
        rng,
        "short = processing * (facts['overtime_premium'] + facts['after_hours_share']) "
        "+ facts['express_freight_yen']",
        "overtime = processing * facts['overtime_premium']\n"
        "after_hours = processing * facts['after_hours_share']\n"
        "short = overtime + after_hours + facts['express_freight_yen']",
        "short = facts['express_freight_yen'] + processing * facts['overtime_premium'] "
        "+ processing * facts['after_hours_share']",
    )
    result = pick(
        rng,
        "return {'over': over, 'short': short}",
        "return dict(over=over, short=short)",
        "return {'short': short, 'over': over}",
    )
    return lines(processing, *shuffled(rng, over, short), result)


def piece_costs(rng, v) -> Body:
    return {"piece_costs": _piece_costs(rng, v)}


def error_cost_yen(rng, v) -> Body:
    c = v("cost")
    arrays = pick(
        rng,
        "p = np.asarray(planned, dtype=float)\nf = np.asarray(firm, dtype=float)",
        "p, f = np.array(planned, float), np.array(firm, float)",
    )
    cost = pick(
        rng,
        f"{c} = np.clip(p - f, 0, None) * over_yen + np.clip(f - p, 0, None) * short_yen\n"
        f"return float({c}.sum())",
        f"gap = p - f\n{c} = np.where(gap > 0, gap * over_yen, -gap * short_yen)\n"
        f"return float(np.sum({c}))",
        f"{c} = 0.0\nfor a, b, o, s in zip(*np.broadcast_arrays(p, f, over_yen, short_yen)):\n"
        f"    {c} += (a - b) * o if a > b else (b - a) * s\nreturn float({c})",
        "too_many = np.maximum(p - f, 0)\ntoo_few = np.maximum(f - p, 0)\n"
        "return float((too_many * over_yen).sum() + (too_few * short_yen).sum())",
    )
    return {"error_cost_yen": lines(arrays, cost)}


def _month_index(rng) -> str:
    return pick(
        rng,
        "if pd.api.types.is_datetime64_any_dtype(values):\n"
        "    return values.dt.year * 12 + values.dt.month - 1\n"
        "return values.str[:4].astype(int) * 12 + values.str[5:7].astype(int) - 1",
        "dates = pd.to_datetime(values)\nreturn dates.dt.year * 12 + dates.dt.month",
        "return pd.to_datetime(values).dt.to_period('M').map(lambda p: p.ordinal)",
    )


def _past_mean(rng) -> str:
    """The mean log ratio of ``keys``' rows delivered in the ``months`` months before each
    planning meeting: what that meeting knew of their misses."""
    return pick(
        rng,
        "means = []\nfor issue in issues:\n"
        "    before = known[(known['month'] < issue) & (known['month'] >= issue - months)]\n"
        "    mean = before.groupby(keys)['log_ratio'].mean().reset_index()\n"
        "    means.append(mean.assign(issue=issue))\n"
        "return pd.concat(means, ignore_index=True)",
        "later = [known.assign(issue=known['month'] + k) for k in range(1, months + 1)]\n"
        "later = pd.concat(later)\n"
        "later = later[later['issue'].isin(issues)]\n"
        "return later.groupby([*keys, 'issue'], as_index=False)['log_ratio'].mean()",
    )


def _notice_table(rng, v) -> tuple[str, list[str]]:
    """The body of ``notice_table(history, future)`` and the features it adds."""
    f, m = v("frame"), v("mapping")
    ratio = pick(
        rng,
        f"np.log1p({f}['firm']) - np.log1p({f}['quantity'])",
        f"np.log(({f}['firm'] + 1) / ({f}['quantity'] + 1))",
    )
    unknown = pick(
        rng,
        f"{f}['log_ratio'] = ({ratio}).where(done)",
        f"{f}['log_ratio'] = {ratio}\n{f}.loc[~done, 'log_ratio'] = np.nan",
    )
    recent_windows = pick(rng, (3, 6), (3, 3), (4, 6), (2, 6))
    extras = {
        "season": lines(
            "season = known.groupby(['customer_id', 'horizon', 'month'])['log_ratio'].mean()",
            "season = season.rename('season').reset_index()",
            "season['month'] += 12",
            f"{f} = {f}.merge(season, on=['customer_id', 'horizon', 'month'], how='left')",
        ),
        "calendar": f"{f}['calendar'] = {f}['month'] % 12",
        "revision": lines(
            f"before = {f}[['part', 'month', 'issue', 'quantity']].assign(issue={f}['issue'] + 1)",
            f"{f} = {f}.merge(before.rename(columns={{'quantity': 'previous'}}), "
            "on=['part', 'month', 'issue'], how='left')",
            f"{f}['revision'] = np.log1p({f}['quantity']) - np.log1p({f}['previous'])",
        ),
    }
    kept = [name for name in extras if rng.random() < 0.6]
    recent = shuffled(
        rng,
        f"customer = past_mean(known, issues, ['customer_id', 'horizon'], {recent_windows[0]})\n"
        f"{f} = {f}.merge(customer.rename(columns={{'log_ratio': 'customer_recent'}}), "
        "on=['customer_id', 'horizon', 'issue'], how='left')",
        f"part = past_mean(known, issues, ['part', 'horizon'], {recent_windows[1]})\n"
        f"{f} = {f}.merge(part.rename(columns={{'log_ratio': 'part_recent'}}), "
        "on=['part', 'horizon', 'issue'], how='left')",
    )
    body = lines(
        f"{m} = current_numbers(history.parts)",
        "orders = history.orders",
        f"firm = orders.groupby([orders['part_id'].map({m}), "
        "month_index(orders['delivery_date'])])['quantity'].sum()",
        f"{f} = pd.concat([history.notices, future], ignore_index=True)",
        f"{f} = {f}.drop_duplicates(['issued_on', 'part_id', 'horizon'])",
        *shuffled(
            rng,
            f"{f}['part'] = {f}['part_id'].map({m}).fillna({f}['part_id'])",
            f"{f}['issue'] = month_index({f}['issued_on'])",
            f"{f}['month'] = month_index({f}['target_month'])",
        ),
        f"{f}['firm'] = firm.reindex(list(zip({f}['part'], {f}['month']))).fillna(0).to_numpy()",
        "# A month's firm orders are known once it is delivered, before the last meeting.",
        f"done = {f}['month'] < {f}['issue'].max()",
        unknown,
        f"known = {f}[done]",
        f"issues = sorted({f}['issue'].unique())",
        *recent,
        *shuffled(rng, *(extras[name] for name in kept)),
        f"{f}['log_notice'] = np.log1p({f}['quantity'])",
        f"return {f}",
    )
    return body, ["horizon", "customer_recent", "part_recent", "log_notice", *kept]


def _fit_model(rng, v, features: list[str]) -> str:
    mdl = v("model")
    objective = pick(rng, "'l1'", "'huber'", "'quantile', alpha=0.5", "'regression_l1'")
    size = pick(
        rng,
        "n_estimators=200, learning_rate=0.05",
        "n_estimators=100, learning_rate=0.1, num_leaves=15",
        "n_estimators=150, learning_rate=0.05, min_child_samples=30",
    )
    columns = "[" + ", ".join(repr(c) for c in shuffled(rng, *features)) + "]"
    return lines(
        pick(
            rng,
            "known = rows[rows['log_ratio'].notna()]",
            "known = rows.dropna(subset=['log_ratio'])",
        ),
        f"{mdl} = lgb.LGBMRegressor(objective={objective}, {size}, verbose=-1)",
        f"{mdl}.fit(known[{columns}], known['log_ratio'])",
        f"return {mdl}",
    )


def _median_forecast(rng, v) -> str:
    """The body of ``median_forecast(model, rows, future)``: ``future``'s rows, corrected."""
    mdl, med = v("model"), v("median")
    columns = pick(rng, f"{mdl}.feature_name_", f"list({mdl}.feature_names_in_)")
    return lines(
        "keys = ['issued_on', 'part_id', 'horizon']",
        "today = future[keys].merge(rows, on=keys, how='left')",
        pick(
            rng,
            f"{med} = np.expm1(np.log1p(today['quantity']) + {mdl}.predict(today[{columns}]))",
            f"{med} = (today['quantity'] + 1) * np.exp({mdl}.predict(today[{columns}])) - 1",
        ),
        pick(
            rng, f"return np.clip({med}, 0, None).to_numpy()", f"return np.maximum({med}, 0).values"
        ),
    )


def _define(name: str, arguments: str, body: str) -> str:
    return f"def {name}({arguments}):\n" + "\n".join(
        f"    {line}" if line else "" for line in body.splitlines()
    )


def forecast(rng, v) -> Body:
    mdl = v("model")
    notice_table, features = _notice_table(rng, v)
    helpers = [
        _define("current_numbers", "parts", _current_numbers(rng, v)),
        _define("month_index", "values", _month_index(rng)),
        _define("past_mean", "known, issues, keys, months", _past_mean(rng)),
        _define("notice_table", "history, future", notice_table),
        _define("fit_model", "rows", _fit_model(rng, v, features)),
        _define("median_forecast", f"{mdl}, rows, future", _median_forecast(rng, v)),
    ]
    return {
        TOP_LEVEL: "\n\n\n".join(helpers),
        "forecast": pick(
            rng,
            "rows = notice_table(history, future)\n"
            "return median_forecast(fit_model(rows), rows, future)",
            f"rows = notice_table(history, future)\n{mdl} = fit_model(rows)\n"
            f"return median_forecast({mdl}, rows, future)",
        ),
    }


def plan_quantity(rng, v) -> Body:
    s = v("spread")
    ratio = pick(
        rng,
        "short_yen = np.asarray(short_yen, dtype=float)\n"
        "ratio = short_yen / (short_yen + np.asarray(over_yen, dtype=float))",
        "few, many = np.array(short_yen, float), np.array(over_yen, float)\n"
        "ratio = few / (few + many)",
        "ratio = 1 / (1 + np.asarray(over_yen, dtype=float) / np.asarray(short_yen, dtype=float))",
    )
    quantile = pick(
        rng,
        f"z = norm.ppf(ratio)\n{s} = np.asarray(spread, dtype=float)\n"
        f"return np.asarray(median, dtype=float) * np.exp({s} * z)",
        f"{s} = np.array(spread, float)\n"
        f"return np.exp(norm.ppf(ratio, loc=np.log(np.array(median, float)), scale={s}))",
        "from scipy.stats import lognorm\n\n"
        "return lognorm.ppf(ratio, s=np.asarray(spread, float), scale=np.asarray(median, float))",
    )
    return {"piece_costs": _piece_costs(rng, v), "plan_quantity": lines(ratio, quantile)}


def plan(rng, v) -> Body:
    mdl, miss, s, med, r = v("model"), v("miss"), v("spread"), v("median"), v("rows")
    columns = pick(rng, f"{mdl}.feature_name_", f"list({mdl}.feature_names_in_)")
    spread = pick(
        rng,
        f"{s} = {miss}.groupby({r}['horizon']).std()",
        f"{s} = {miss}.groupby({r}['horizon']).apply("
        "lambda x: 1.4826 * (x - x.median()).abs().median())",
        f"{s} = {miss}.groupby({r}['horizon']).apply("
        "lambda x: (x.quantile(0.84) - x.quantile(0.16)) / 2)",
    )
    costs = pick(
        rng,
        "facts = history.parts.set_index('part_id')\n"
        "costs = pd.DataFrame([piece_costs(business.part_facts(facts.loc[p])) "
        "for p in future['part_id']])",
        "by_part = {row.part_id: piece_costs(business.part_facts(row)) "
        "for _, row in history.parts.iterrows()}\n"
        "costs = pd.DataFrame([by_part[p] for p in future['part_id']])",
    )
    return {
        "plan": lines(
            "rows = notice_table(history, future)",
            f"{mdl} = fit_model(rows)",
            *shuffled(
                rng,
                lines(
                    "# The spread of the last year's misses, horizon by horizon.",
                    "known = rows[rows['log_ratio'].notna()]",
                    f"{r} = known[known['issue'] > known['issue'].max() - 12]",
                    f"{miss} = {r}['log_ratio'] - {mdl}.predict({r}[{columns}])",
                    spread,
                ),
                f"{med} = median_forecast({mdl}, rows, future)",
                costs,
            ),
            f"return plan_quantity({med}, {s}.reindex(future['horizon']).to_numpy(), "
            "costs['over'].to_numpy(), costs['short'].to_numpy())",
        )
    }


def material_reservation(rng, v) -> Body:
    mdl, miss, med, r = v("model"), v("miss"), v("median"), v("rows")
    columns = pick(rng, f"{mdl}.feature_name_", f"list({mdl}.feature_names_in_)")
    level = pick(rng, "business.RESERVATION_COVERED", "0.9")
    factor = pick(
        rng,
        f"np.exp(np.quantile({miss}, {level}))",
        f"np.exp({miss}.quantile({level}))",
        f"np.exp(np.percentile({miss}, 100 * {level}))",
    )
    return {
        "material_reservation": lines(
            "rows = notice_table(history, future)",
            f"{mdl} = fit_model(rows)",
            *shuffled(
                rng,
                lines(
                    "# How far the last year's three-month forecasts missed.",
                    "known = rows[rows['log_ratio'].notna()]",
                    f"{r} = known[(known['horizon'] == "
                    + pick(rng, "business.RESERVATION_HORIZON", "3")
                    + ") & (known['issue'] > known['issue'].max() - 12)]",
                    f"{miss} = {r}['log_ratio'] - {mdl}.predict({r}[{columns}])",
                ),
                f"{med} = median_forecast({mdl}, rows, future)",
            ),
            f"return {med} * {factor}",
        )
    }


def business_case(rng, v) -> Body:
    net = pick(
        rng,
        "net = (as_is_yen - to_be_yen) / 12 - business.SYSTEM_MONTHLY_COST_YEN",
        "saving = as_is_yen - to_be_yen\nnet = saving / 12 - business.SYSTEM_MONTHLY_COST_YEN",
        "annual = as_is_yen - to_be_yen - 12 * business.SYSTEM_MONTHLY_COST_YEN\nnet = annual / 12",
    )
    payback = pick(
        rng,
        "payback = business.SYSTEM_INITIAL_COST_YEN / net if net > 0 else float('inf')",
        "payback = float('inf')\nif net > 0:\n    payback = business.SYSTEM_INITIAL_COST_YEN / net",
        "if net <= 0:\n    payback = np.inf\n"
        "else:\n    payback = business.SYSTEM_INITIAL_COST_YEN / net",
    )
    result = pick(
        rng,
        "return {'annual_net_benefit_yen': 12 * net, 'payback_months': payback}",
        "return dict(annual_net_benefit_yen=net * 12, payback_months=payback)",
    )
    return {"business_case": lines(net, payback, result)}


WRITERS: dict[str, Writer] = {
    "monthly_orders": monthly_orders,
    "notice_wape": notice_wape,
    "piece_costs": piece_costs,
    "error_cost_yen": error_cost_yen,
    "forecast": forecast,
    "plan_quantity": plan_quantity,
    "plan": plan,
    "material_reservation": material_reservation,
    "business_case": business_case,
}
"""Question (grade id) → writer of an honest body."""

PASTED = {
    "model_from_02": (
        "current_numbers",
        "month_index",
        "past_mean",
        "notice_table",
        "fit_model",
        "median_forecast",
    )
}
"""Cells where the notebook asks learners to paste their own functions from an earlier one."""
