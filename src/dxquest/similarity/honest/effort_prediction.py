"""Honest answers of ``effort_prediction``: each question a small grammar of equivalent choices.

The model cell follows what the notebook shows every learner (``standard_hours``, the given
``PARAMS``, LightGBM, quantile models for the interval), so honest learners share its idioms;
they differ in the features they keep, the target they fit and how they write each step.
"""

from __future__ import annotations

from dxquest.similarity.honest.grammar import Body, Writer, lines, pick, shuffled

NAMES = {
    "frame": ["df", "data", "table", "done", "work", "tbl", "j", "ok"],
    "recent": ["recent", "last_year", "year", "window", "sub", "r", "period", "ly"],
    "err": ["err", "errors", "abs_err", "gap", "dev", "e", "resid", "miss"],
    "hours": ["hours", "total_hours", "h", "lost", "wasted", "both", "oi", "t"],
    "cost": ["cost", "loss", "yen", "total", "amount", "c", "money", "value"],
    "months": ["months", "n_months", "k", "nm", "count", "periods", "num", "n"],
    "x": ["x", "X", "feats", "features", "table", "design", "inputs", "f"],
    "model": ["model", "reg", "m", "lgbm", "gbm", "mdl", "booster", "fitted"],
    "y": ["y", "target", "y_train", "label", "goal", "t", "ratio", "yy"],
    "pred": ["pred", "estimate", "est", "yhat", "p", "out", "guess", "hours"],
}
"""Concept → the names learners give it."""

_NUMERIC = (
    "['pages', 'copies', 'sheets', 'folds', 'lamination', 'die_cut', 'rush', 'repeat_order', "
    "'new_customer']",
    "['pages', 'copies', 'sheets', 'folds', 'rush', 'repeat_order', 'new_customer']",
    "['pages', 'copies', 'sheets', 'colors_front', 'colors_back', 'paper_gsm', 'folds', "
    "'lamination', 'die_cut', 'rush']",
    "['copies', 'sheets', 'pages', 'rush', 'new_customer', 'repeat_order', 'die_cut']",
)


def clean_jobs(rng, v) -> Body:
    f = v("frame")
    dedupe = pick(
        rng,
        "{dst} = {src}.drop_duplicates()",
        "{dst} = {src}[~{src}.duplicated()]",
        "{dst} = {src}.drop_duplicates(keep='first').copy()",
    )
    completed = pick(
        rng,
        "{dst} = {src}[{src}['status'] == 'completed']",
        "{dst} = {src}.query(\"status == 'completed'\")",
        "{dst} = {src}.loc[{src}.status.eq('completed')]",
        "{dst} = {src}[{src}['status'] != 'cancelled']",
    )
    first, second = (dedupe, completed) if rng.random() < 0.7 else (completed, dedupe)
    stepwise = lines(
        first.format(dst=f, src="jobs"),
        second.format(dst=f, src=f),
        pick(rng, f"return {f}.reset_index(drop=True)", f"return {f}"),
    )
    chained = (
        "return jobs.drop_duplicates().query(\"status == 'completed'\").reset_index(drop=True)"
    )
    return {"clean_jobs": pick(rng, stepwise, stepwise, chained)}


def _recent_jobs(rng, v) -> str:
    r = v("recent")
    return pick(
        rng,
        f"{r} = last_365_days(clean_jobs(jobs))",
        f"cleaned = clean_jobs(jobs)\n{r} = cleaned[cleaned['start_date'] > "
        f"cleaned['start_date'].max() - pd.Timedelta(days=365)]",
        f"{r} = clean_jobs(jobs).pipe(last_365_days)",
        f"cleaned = clean_jobs(jobs)\nstart = cleaned['start_date'].max() - pd.Timedelta(days=364)"
        f"\n{r} = cleaned[cleaned['start_date'] >= start]",
    )


def foreman_mae(rng, v) -> Body:
    r, e = v("recent"), v("err")
    error = pick(
        rng,
        f"{e} = ({r}['actual_hours'] - {r}['foreman_estimate_hours']).abs()\n"
        f"return float({e}.mean())",
        f"return float(np.mean(np.abs({r}['actual_hours'] - {r}['foreman_estimate_hours'])))",
        f"{e} = np.abs({r}.actual_hours.to_numpy() - {r}.foreman_estimate_hours.to_numpy())\n"
        f"return float({e}.mean())",
        f"{e} = ({r}['foreman_estimate_hours'] - {r}['actual_hours']).abs().sum()\n"
        f"return {e} / len({r})",
        f"{e} = 0.0\nfor a, b in zip({r}['actual_hours'], {r}['foreman_estimate_hours']):\n"
        f"    {e} += abs(a - b)\nreturn {e} / len({r})",
    )
    return {"foreman_mae": lines(_recent_jobs(rng, v), error)}


def _last_year(rng, v) -> str:
    r = v("recent")
    return pick(
        rng,
        f"{r} = last_12_months(attendance)",
        f"{r} = attendance.sort_values('month').tail(12)",
        f"months = sorted(attendance['month'].unique())[-12:]\n"
        f"{r} = attendance[attendance['month'].isin(months)]",
    )


def _per_month(rng, v, total: str) -> str:
    r, k = v("recent"), v("months")
    return pick(
        rng,
        f"return float({total} / {r}['month'].nunique())",
        f"return float({total}) / 12",
        f"return {total} / len({r})",
        f"{k} = {r}['month'].nunique()\nreturn float({total} / {k})",
    )


def monthly_overtime_idle_hours(rng, v) -> Body:
    r, h = v("recent"), v("hours")
    total = pick(
        rng,
        f"{h} = {r}['overtime_hours'].sum() + {r}['idle_hours'].sum()",
        f"{h} = ({r}['overtime_hours'] + {r}['idle_hours']).sum()",
        f"{h} = {r}[['overtime_hours', 'idle_hours']].sum().sum()",
        f"{h} = {r}[['overtime_hours', 'idle_hours']].to_numpy().sum()",
    )
    return {"monthly_overtime_idle_hours": lines(_last_year(rng, v), total, _per_month(rng, v, h))}


def _hour_costs(rng, v) -> str:
    c = v("cost")
    regular = pick(
        rng,
        "regular = facts['wage_yen'] + facts['overhead_yen']",
        "regular = facts['overhead_yen'] + facts['wage_yen']",
    )
    overtime = pick(
        rng,
        "overtime = facts['wage_yen'] * (1 + facts['overtime_premium']) + facts['after_hours_yen']",
        "overtime = facts['wage_yen'] + facts['wage_yen'] * facts['overtime_premium'] + "
        "facts['after_hours_yen']",
    )
    return pick(
        rng,
        lines(
            *shuffled(rng, regular, overtime),
            "return {'booked_short': overtime - regular, 'booked_long': regular}",
        ),
        lines(
            f"{c} = facts['wage_yen'] * facts['overtime_premium'] + facts['after_hours_yen']",
            f"return {{'booked_short': {c} - facts['overhead_yen'], "
            "'booked_long': facts['wage_yen'] + facts['overhead_yen']}",
        ),
        lines(
            f"{c} = facts['wage_yen'] * facts['overtime_premium'] + facts['after_hours_yen']",
            f"return {{'booked_short': {c}, 'booked_long': facts['wage_yen']}}",
        ),
    )


def hour_costs(rng, v) -> Body:
    return {"hour_costs": _hour_costs(rng, v)}


def accuracy_metrics(rng, v) -> Body:
    e = v("err")
    arrays = pick(
        rng,
        "a = np.asarray(actual, dtype=float)\np = np.asarray(estimate, dtype=float)",
        "a, p = np.asarray(actual, float), np.asarray(estimate, float)",
        "a = np.array(actual, dtype=float)\np = np.array(estimate, dtype=float)",
    )
    error = pick(rng, f"{e} = np.abs(a - p)", f"{e} = abs(a - p)")
    guess = pick(
        rng,
        "n = len(a)\nguess = np.abs(a[:, None] - a[None, :]).sum() / (n * (n - 1))",
        "diffs = np.abs(np.subtract.outer(a, a))\nguess = diffs.sum() / (len(a) * (len(a) - 1))",
        "guess = np.mean([np.abs(a[i] - np.delete(a, i)).mean() for i in range(len(a))])",
    )
    metrics = {
        "mae": pick(rng, f"float({e}.mean())", f"float(np.mean({e}))"),
        "mdae": pick(rng, f"float(np.median({e}))", f"float(np.percentile({e}, 50))"),
        "pred25": pick(rng, f"float(np.mean({e} <= 0.25 * a))", f"float(({e} / a <= 0.25).mean())"),
        "sa": pick(rng, f"float(1 - {e}.mean() / guess)", f"1.0 - float(np.mean({e})) / guess"),
        "mmre": pick(rng, f"float(np.mean({e} / a))", f"float(({e} / a).mean())"),
    }
    result = pick(
        rng,
        "return {\n" + "".join(f"    {k!r}: {x},\n" for k, x in metrics.items()) + "}",
        "out = {}\n" + "".join(f"out[{k!r}] = {x}\n" for k, x in metrics.items()) + "return out",
        "return dict(" + ", ".join(f"{k}={x}" for k, x in metrics.items()) + ")",
    )
    return {"accuracy_metrics": lines(arrays, *shuffled(rng, error, guess), result)}


def _job_features(rng, v) -> str:
    x = v("x")
    columns = pick(rng, *_NUMERIC)
    numeric = pick(
        rng,
        f"{x} = jobs[{columns}].copy()",
        f"{x} = jobs.loc[:, {columns}].astype(float)",
        f"{x} = pd.DataFrame(index=jobs.index)\nfor col in {columns}:\n    {x}[col] = jobs[col]",
    )
    categorical = pick(
        rng,
        f"for column in CATEGORICAL:\n    {x}[column] = pd.Categorical(jobs[column], "
        f"categories=sorted(history.jobs[column].unique()))",
        f"for c in CATEGORICAL:\n    {x}[c] = jobs[c].astype('category')",
        f"for c in CATEGORICAL:\n    codes = {{v: i for i, v in "
        f"enumerate(sorted(history.jobs[c].unique()))}}\n    {x}[c] = jobs[c].map(codes)",
        f"{x}[CATEGORICAL] = jobs[CATEGORICAL].astype('category')",
    )
    standard = pick(
        rng,
        f"{x}['std_total'] = standard['total']",
        f"for part in ('makeready', 'run', 'total'):\n    {x}[f'std_{{part}}'] = standard[part]",
        f"{x} = {x}.join(standard[['makeready', 'run', 'total']].add_prefix('std_'))",
        f"{x}[['std_makeready', 'std_run', 'std_total']] = "
        f"standard[['makeready', 'run', 'total']].to_numpy()",
    )
    extras = [
        pick(rng, f"{x}['month'] = jobs['start_date'].dt.month", ""),
        pick(
            rng,
            f"layout = press_layout(jobs, history.machines)\n"
            f"{x}[['forms', 'passes', 'plates']] = layout[['forms', 'passes', 'plates']]",
            f"{x} = {x}.join(press_layout(jobs, history.machines)[['plates', 'passes']])",
            "",
        ),
        pick(
            rng,
            "joined = jobs['operator_id'].map(history.operators.set_index('operator_id')['joined'])"
            f"\n{x}['operator_days'] = (jobs['start_date'] - joined).dt.days",
            "",
        ),
        pick(rng, f"{x}['lead_days'] = (jobs['due_date'] - jobs['start_date']).dt.days", ""),
        pick(rng, f"{x}['sheets_per_copy'] = jobs['sheets'] / jobs['copies']", ""),
    ]
    return lines(
        "standard = standard_hours(jobs, history.machines, history.processes)",
        numeric,
        *shuffled(rng, categorical, standard, *extras),
        f"return {x}",
    )


_TARGETS = (  # what is fitted, and how a prediction goes back to hours
    ("np.log(train['actual_hours'] / {x}['std_total'])", "np.exp({raw}) * {x}['std_total']"),
    ("np.log(train['actual_hours'])", "np.exp({raw})"),
    ("np.log1p(train['actual_hours'])", "np.expm1({raw})"),
    ("train['actual_hours'] / {x}['std_total']", "{raw} * {x}['std_total']"),
    ("train['actual_hours']", "np.clip({raw}, 0.25, None)"),
)


def _fit_and_predict(rng, v) -> tuple[str, str]:
    x, m, y, p = v("x"), v("model"), v("y"), v("pred")
    fitted, back = _TARGETS[int(rng.integers(len(_TARGETS)))]
    fit = lines(
        "train = clean_jobs(history.jobs)",
        f"{x} = job_features(train, history)",
        f"{y} = " + fitted.format(x=x),
        pick(
            rng,
            f"{m} = lgb.LGBMRegressor(**objective, **PARAMS)\n{m}.fit({x}, {y})\nreturn {m}",
            f"return lgb.LGBMRegressor(**PARAMS, **objective).fit({x}, {y})",
            f"params = {{**PARAMS, **objective}}\nreturn lgb.LGBMRegressor(**params).fit({x}, {y})",
        ),
    )
    predict = lines(
        f"{x} = job_features(jobs, history)",
        pick(
            rng,
            f"return np.asarray({back.format(raw=f'model.predict({x})', x=x)})",
            f"{p} = model.predict({x})\nreturn np.asarray({back.format(raw=p, x=x)})",
        ),
    )
    return fit, predict


def _objective(rng) -> str:
    return pick(
        rng,
        "objective='huber', alpha=0.3",
        "objective='huber', alpha=0.5",
        "objective='regression_l1'",
        "objective='regression'",
        "",
    )


def estimate_hours(rng, v) -> Body:
    m = v("model")
    fit, predict = _fit_and_predict(rng, v)
    arguments = ", ".join(a for a in ("history", _objective(rng)) if a)
    estimate = pick(
        rng,
        f"{m} = fit_model({arguments})\nreturn predict_hours({m}, future, history)",
        f"return predict_hours(fit_model({arguments}), future, history)",
    )
    return {
        "clean_jobs": clean_jobs(rng, v)["clean_jobs"],
        "job_features": _job_features(rng, v),
        "fit_model": fit,
        "predict_hours": predict,
        "estimate_hours": estimate,
    }


def estimate_interval(rng, v) -> Body:
    p, e = v("pred"), v("err")
    split = pick(
        rng,
        "split = history.jobs['start_date'].max() - pd.DateOffset(months=months)",
        "split = history.jobs['start_date'].max() - pd.Timedelta(days=30 * months)",
    )
    estimated, predict = pick(
        rng,
        (
            "estimated",
            "predict_hours(fit_model(earlier, objective='huber', alpha=0.3), recent, earlier)",
        ),
        (p, "predict_hours(fit_model(earlier), recent, earlier)"),
        (
            "estimated",
            "predict_hours(fit_model(earlier, objective='regression_l1'), recent, earlier)",
        ),
    )
    errors = lines(
        split,
        pick(
            rng,
            "earlier = replace(history, jobs=history.jobs[history.jobs['start_date'] <= split])\n"
            "recent = clean_jobs(history.jobs[history.jobs['start_date'] > split])",
            "old = history.jobs['start_date'] <= split\n"
            "earlier = replace(history, jobs=history.jobs[old])\n"
            "recent = clean_jobs(history.jobs[~old])",
        ),
        f"{estimated} = {predict}",
        f"return np.log(recent['actual_hours'].to_numpy() / {estimated})",
    )
    interval = pick(
        rng,
        f"low, high = np.quantile(recent_log_errors(history), [0.1, 0.9])\n"
        f"{p} = estimate_hours(history, future)\n"
        f"return pd.DataFrame({{'lower': {p} * np.exp(low), 'upper': {p} * np.exp(high)}})",
        f"{e} = recent_log_errors(history)\n{p} = estimate_hours(history, future)\n"
        f"return pd.DataFrame({{'lower': {p} * np.exp(np.quantile({e}, 0.1)), "
        f"'upper': {p} * np.exp(np.quantile({e}, 0.9))}})",
        "lower = predict_hours(fit_model(history, objective='quantile', alpha=0.1), future, "
        "history)\nupper = predict_hours(fit_model(history, objective='quantile', alpha=0.9), "
        "future, history)\nreturn pd.DataFrame({'lower': lower, 'upper': upper})",
        f"{e} = pd.Series(recent_log_errors(history))\n{p} = estimate_hours(history, future)\n"
        f"out = pd.DataFrame({{'lower': {p} * np.exp({e}.quantile(0.1))}})\n"
        f"out['upper'] = {p} * np.exp({e}.quantile(0.9))\nreturn out",
    )
    return {"recent_log_errors": errors, "estimate_interval": interval}


def _at_level(rng, v, level: str) -> str:
    """The estimate times the factor of the recent misses at the quantile ``level`` (a name)."""
    e, p = v("err"), v("pred")
    return pick(
        rng,
        f"buffer = np.quantile(recent_log_errors(history), {level})\n"
        "return estimate_hours(history, future) * np.exp(buffer)",
        f"{e} = recent_log_errors(history)\n"
        f"factor = np.exp(np.quantile({e}, {level}))\n"
        f"return factor * estimate_hours(history, future)",
        f"{p} = estimate_hours(history, future)\n"
        f"q = np.percentile(recent_log_errors(history), 100 * {level})\n"
        f"return {p} * np.exp(q)",
        "return estimate_hours(history, future) * np.exp("
        f"pd.Series(recent_log_errors(history)).quantile({level}))",
    )


def plan_hours(rng, v) -> Body:
    return {"plan_hours": _at_level(rng, v, "tau")}


def promise_hours(rng, v) -> Body:
    return {"promise_hours": _at_level(rng, v, "business.PROMISE_KEPT")}


def booking_quantile(rng, v) -> Body:
    return {
        "hour_costs": _hour_costs(rng, v),
        "booking_quantile": pick(
            rng,
            "return booked_short_yen / (booked_short_yen + booked_long_yen)",
            "total = booked_short_yen + booked_long_yen\nreturn booked_short_yen / total",
            "return float(booked_short_yen) / (booked_long_yen + booked_short_yen)",
            "return 1 / (1 + booked_long_yen / booked_short_yen)",
        ),
    }


def business_case(rng, v) -> Body:
    c = v("cost")
    monthly = pick(
        rng,
        "over = as_is['overtime_hours'] - to_be['overtime_hours']\n"
        "idle = as_is['idle_hours'] - to_be['idle_hours']\n"
        f"{c} = over * costs['booked_short'] + idle * costs['booked_long']",
        "rates = {'overtime_hours': costs['booked_short'], 'idle_hours': costs['booked_long']}\n"
        f"{c} = sum((as_is[k] - to_be[k]) * rate for k, rate in rates.items())",
    )
    net = pick(
        rng,
        f"net = {c} - business.SYSTEM_MONTHLY_COST_YEN",
        f"net = {c} - 80_000",
    )
    payback = pick(
        rng,
        "payback = business.SYSTEM_INITIAL_COST_YEN / net if net > 0 else float('inf')",
        "payback = float('inf')\nif net > 0:\n    payback = business.SYSTEM_INITIAL_COST_YEN / net",
    )
    return {
        "business_case": lines(
            monthly,
            net,
            payback,
            "return {'annual_net_benefit_yen': 12 * net, 'payback_months': payback}",
        )
    }


WRITERS: dict[str, Writer] = {
    "clean_jobs": clean_jobs,
    "foreman_mae": foreman_mae,
    "monthly_overtime_idle_hours": monthly_overtime_idle_hours,
    "hour_costs": hour_costs,
    "accuracy_metrics": accuracy_metrics,
    "estimate_hours": estimate_hours,
    "estimate_interval": estimate_interval,
    "plan_hours": plan_hours,
    "promise_hours": promise_hours,
    "booking_quantile": booking_quantile,
    "business_case": business_case,
}
"""Question (grade id) → writer of an honest body."""

PASTED = {
    "model_from_02": (
        "clean_jobs",
        "job_features",
        "fit_model",
        "predict_hours",
        "estimate_hours",
        "recent_log_errors",
    ),
    "plans_from_03": (
        "hour_costs",
        "booking_quantile",
        "clean_jobs",
        "job_features",
        "fit_model",
        "predict_hours",
        "estimate_hours",
        "recent_log_errors",
        "plan_hours",
    ),
}
"""Cells where the notebook asks learners to paste their own functions from an earlier one."""
