"""Honest answers of ``demand_forecast``: each question a small grammar of equivalent choices
(chained or stepwise, a helper or not, a mask or a query, ``np`` or pandas, statement order)."""

from __future__ import annotations

from dxquest.similarity.honest.grammar import Body, Writer, lines, pick, shuffled

NAMES = {
    "frame": ["df", "data", "table", "rows", "frame", "s", "work", "tbl"],
    "recent": ["recent", "last_year", "year", "window", "sub", "r", "period", "ly"],
    "cost": ["cost", "waste_yen", "yen", "value", "amount", "c", "loss", "w"],
    "mask": ["mask", "bad", "unknown", "missing", "m", "not_listed", "odd", "fix"],
    "units": ["units", "lost", "gap", "shortfall", "diff", "missed", "delta", "q"],
    "margin": ["margin", "unit_margin", "profit", "gm", "markup", "spread", "g", "mg"],
    "typical": ["typical", "normal", "expected", "avg", "base", "usual", "est", "mu"],
    "err": ["err", "errors", "abs_err", "gaps", "dev", "e", "resid", "miss"],
    "x": ["x", "X", "feats", "features", "table", "design", "inputs", "t"],
    "model": ["model", "reg", "m", "lgbm", "gbm", "mdl", "booster", "fitted"],
}
"""Concept → the names learners give it."""


def clean_sales(rng, v) -> Body:
    f, m = v("frame"), v("mask")
    dedupe = pick(
        rng,
        f"{f} = sales.drop_duplicates().copy()",
        f"{f} = sales[~sales.duplicated()].copy()",
        f"{f} = sales.drop_duplicates(keep='first').reset_index(drop=True)",
        f"{f} = sales.loc[~sales.duplicated(keep='first')].copy()",
    )
    fix = pick(
        rng,
        f"{m} = ~{f}['item_id'].isin(items['item_id'])\n"
        f"{f}.loc[{m}, 'item_id'] = {f}.loc[{m}, 'item_id'].str[:-1]",
        f"known = set(items['item_id'])\n"
        f"{f}['item_id'] = [c if c in known else c.rstrip('N') for c in {f}['item_id']]",
        f"{m} = {{c: c[:-1] for c in set({f}['item_id']) - set(items['item_id'])}}\n"
        f"{f}['item_id'] = {f}['item_id'].replace({m})",
        f"{f}['item_id'] = {f}['item_id'].where({f}['item_id'].isin(items['item_id']), "
        f"{f}['item_id'].str.replace('N$', '', regex=True))",
        f"for code in set({f}['item_id']).difference(items['item_id']):\n"
        f"    {f}.loc[{f}['item_id'] == code, 'item_id'] = code.removesuffix('N')",
        f"{m} = {f}['item_id'].isin(items['item_id'])\n"
        f"{f}['item_id'] = np.where({m}, {f}['item_id'], {f}['item_id'].str.slice(0, -1))",
    )
    end = pick(rng, f"return {f}.reset_index(drop=True)", f"return {f}")
    return {"clean_sales": lines(dedupe, fix, end)}


def _recent_clean(rng, v) -> str:
    r = v("recent")
    return pick(
        rng,
        f"{r} = last_365_days(clean_sales(sales, items))",
        f"cleaned = clean_sales(sales, items)\n"
        f"{r} = cleaned[cleaned['date'] > cleaned['date'].max() - pd.Timedelta(days=365)]",
        f"cleaned = clean_sales(sales, items)\nstart = cleaned['date'].max() - "
        f"pd.Timedelta(days=364)\n{r} = cleaned[cleaned['date'] >= start]",
    )


def annual_waste_cost(rng, v) -> Body:
    r, c = v("recent"), v("cost")
    total = pick(
        rng,
        f"{r} = {r}.merge(items[['item_id', 'unit_cost']], on='item_id')\n"
        f"{c} = {r}['waste_qty'] * {r}['unit_cost'] + {r}['markdown_qty'] * "
        f"({r}['unit_cost'] - {r}['price'] / 2)\nreturn float({c}.sum())",
        f"unit = {r}['item_id'].map(items.set_index('item_id')['unit_cost'])\n"
        f"{c} = ({r}['waste_qty'] * unit).sum() + "
        f"({r}['markdown_qty'] * (unit - 0.5 * {r}['price'])).sum()\nreturn float({c})",
        f"{c} = 0.0\nfor _, row in {r}.merge(items, on='item_id').iterrows():\n"
        f"    {c} += row['waste_qty'] * row['unit_cost']\n"
        f"    {c} += row['markdown_qty'] * (row['unit_cost'] - 0.5 * row['price'])\nreturn {c}",
        f"{r} = {r}.join(items.set_index('item_id')['unit_cost'], on='item_id')\n"
        f"half = {r}['price'] * 0.5\n"
        f"return float(np.dot({r}['waste_qty'], {r}['unit_cost']) + "
        f"np.dot({r}['markdown_qty'], {r}['unit_cost'] - half))",
    )
    return {"annual_waste_cost": lines(_recent_clean(rng, v), total)}


def lost_margin(rng, v) -> Body:
    r, t, u, g = v("recent"), v("typical"), v("units"), v("margin")
    flag = pick(
        rng,
        f"{r}['out'] = ({r}['stockout_flag'] == 1) | "
        f"(({r}['sales_qty'] >= {r}['stock_available']) & ({r}['stock_available'] > 0))",
        f"hit = {r}['sales_qty'].ge({r}['stock_available']) & {r}['stock_available'].gt(0)\n"
        f"{r}['out'] = {r}['stockout_flag'].eq(1) | hit",
        f"{r}['out'] = {r}.apply(lambda x: x.stockout_flag == 1 or "
        f"(x.sales_qty >= x.stock_available and x.stock_available > 0), axis=1)",
    )
    weekday = pick(
        rng,
        f"{r}['dow'] = {r}['date'].dt.weekday",
        f"{r} = {r}.assign(dow={r}['date'].dt.dayofweek)",
    )
    estimate = pick(
        rng,
        f"{t} = {r}[~{r}['out']].groupby(['store_id', 'item_id', 'dow'])['sales_qty'].mean()\n"
        f"short = {r}[{r}['out']].merge({t}.rename('est').reset_index(), how='left')",
        f"{t} = {r}.query('not out').groupby(['store_id', 'item_id', 'dow'], as_index=False)"
        f".agg(est=('sales_qty', 'mean'))\n"
        f"short = {r}.query('out').merge({t}, on=['store_id', 'item_id', 'dow'], how='left')",
        f"{t} = {r}.loc[~{r}['out']].pivot_table(index=['store_id', 'item_id', 'dow'], "
        f"values='sales_qty', aggfunc='mean')['sales_qty']\n"
        f"short = {r}.loc[{r}['out']].copy()\n"
        f"short['est'] = [{t}.get(k, 0) for k in zip(short.store_id, short.item_id, short.dow)]",
        f"{t} = {r}[~{r}['out']].groupby(['store_id', 'item_id', 'dow']).sales_qty.mean()\n"
        f"short = {r}[{r}['out']].join({t}.rename('est'), on=['store_id', 'item_id', 'dow'])",
    )
    total = pick(
        rng,
        f"{u} = np.maximum(short['est'].fillna(0) - short['sales_qty'], 0)\n"
        f"{g} = short['price'] - short['unit_cost']\nreturn float(({u} * {g}).sum())",
        f"short[{u!r}] = (short['est'] - short['sales_qty']).clip(lower=0).fillna(0)\n"
        f"return float((short[{u!r}] * (short['price'] - short['unit_cost'])).sum())",
        "total = 0.0\nfor row in short.itertuples():\n"
        "    if row.est == row.est and row.est > row.sales_qty:\n"
        "        total += (row.est - row.sales_qty) * (row.price - row.unit_cost)\n"
        "return total",
    )
    merge_cost = pick(
        rng,
        f"{r} = {r}.merge(items[['item_id', 'unit_cost']])",
        f"{r}['unit_cost'] = {r}['item_id'].map(items.set_index('item_id')['unit_cost'])",
    )
    independent = shuffled(rng, weekday, merge_cost, flag)  # each only adds a column
    return {"lost_margin": lines(_recent_clean(rng, v), *independent, estimate, total)}


def ordering_hours(rng, v) -> Body:
    f = v("frame")
    return {
        "ordering_hours": pick(
            rng,
            "return float(last_365_days(ordering_log)['minutes'].sum() / 60)",
            f"{f} = last_365_days(ordering_log)\nreturn {f}['minutes'].sum() / 60.0",
            f"end = ordering_log['date'].max()\n"
            f"{f} = ordering_log[ordering_log['date'] > end - pd.Timedelta(days=365)]\n"
            f"minutes = {f}['minutes'].sum()\nreturn float(minutes) / 60",
            "cut = ordering_log['date'].max() - pd.Timedelta(days=364)\n"
            "return float(ordering_log.loc[ordering_log['date'] >= cut, 'minutes'].sum()) / 60",
        )
    }


def wape(rng, v) -> Body:
    e = v("err")
    return {
        "wape": pick(
            rng,
            f"a = np.array(actual, dtype=float)\nf = np.array(forecast, dtype=float)\n"
            f"{e} = np.abs(a - f)\nreturn float({e}.sum() / a.sum())",
            f"{e} = sum(abs(x - y) for x, y in zip(actual, forecast))\n"
            f"return float({e} / sum(actual))",
            f"a = pd.Series(actual, dtype=float).reset_index(drop=True)\n"
            f"{e} = (a - pd.Series(forecast, dtype=float).reset_index(drop=True)).abs()\n"
            f"return float({e}.sum()) / float(a.sum())",
            f"total = 0.0\n{e} = 0.0\nfor x, y in zip(actual, forecast):\n"
            f"    {e} += abs(x - y)\n    total += x\nreturn {e} / total",
        )
    }


def baseline_forecast(rng, v) -> Body:
    f, t = v("frame"), v("typical")
    history_rows = pick(
        rng,
        "hist = clean_sales(history.sales, history.items)",
        "hist = clean_sales(history.sales, history.items).reset_index(drop=True)",
    )
    lag = pick(
        rng,
        "prev = hist[KEYS + ['sales_qty']].copy()\n"
        "prev['date'] = prev['date'] + pd.Timedelta(days=7)",
        "prev = hist.assign(date=hist['date'] + pd.Timedelta(days=7))[KEYS + ['sales_qty']]",
        "prev = hist[KEYS + ['sales_qty']].copy()\nprev['date'] += pd.Timedelta(weeks=1)",
    )
    fallback = pick(
        rng,
        f"cut = hist['date'].max() - pd.Timedelta(days=28)\n"
        f"{t} = hist[hist['date'] > cut].groupby(['store_id', 'item_id'])['sales_qty'].mean()",
        f"last4 = hist[hist['date'] >= hist['date'].max() - pd.Timedelta(days=27)]\n"
        f"{t} = last4.pivot_table(index=['store_id', 'item_id'], values='sales_qty')"
        f"['sales_qty']",
        f"{t} = (hist.loc[hist['date'] > hist['date'].max() - pd.Timedelta(days=28)]"
        f".groupby(['store_id', 'item_id']).sales_qty.mean())",
    )
    first, second = (lag, fallback) if rng.random() < 0.5 else (fallback, lag)
    combine = pick(
        rng,
        f"out = {f}.merge(prev, on=KEYS, how='left')\n"
        f"fill = [{t}.get((s, i), 0) for s, i in zip(out['store_id'], out['item_id'])]\n"
        f"return out['sales_qty'].fillna(pd.Series(fill, index=out.index)).to_numpy(float)",
        f"out = {f}.merge(prev, on=KEYS, how='left').join({t}.rename('fb'), "
        f"on=['store_id', 'item_id'])\n"
        f"return np.where(out['sales_qty'].isna(), out['fb'].fillna(0), out['sales_qty'])",
        f"out = pd.merge({f}, prev, how='left', on=KEYS)\n"
        f"out = out.merge({t}.rename('fb').reset_index(), how='left')\n"
        f"out['sales_qty'] = out['sales_qty'].combine_first(out['fb']).fillna(0)\n"
        f"return out['sales_qty'].values.astype(float)",
    )
    body = lines(history_rows, f"{f} = clean_sales(future, history.items)", first, second, combine)
    if rng.random() < 0.5:
        return {"clean_sales": clean_sales(rng, v)["clean_sales"], "baseline_forecast": body}
    return {"baseline_forecast": body}


def _lags(rng, x: str) -> str:
    lags = pick(rng, "LAGS", "(7, 14)", "(7, 14, 28)")
    return pick(
        rng,
        f"for lag in {lags}:\n"
        f"    lagged = sales[KEYS + ['sales_qty']].assign("
        f"date=sales['date'] + pd.Timedelta(days=lag))\n"
        f"    {x} = {x}.merge(lagged.rename(columns={{'sales_qty': f'lag_{{lag}}'}}), on=KEYS, "
        f"how='left')",
        f"indexed = sales.set_index(KEYS)['sales_qty']\nfor lag in {lags}:\n"
        f"    key = pd.MultiIndex.from_arrays([{x}['date'] - pd.Timedelta(days=lag), "
        f"{x}['store_id'], {x}['item_id']])\n"
        f"    {x}[f'lag_{{lag}}'] = indexed.reindex(key).to_numpy()",
        f"for lag in {lags}:\n    shifted = sales[KEYS + ['sales_qty']].copy()\n"
        f"    shifted['date'] += pd.Timedelta(days=lag)\n"
        f"    shifted = shifted.rename(columns={{'sales_qty': 'lag_' + str(lag)}})\n"
        f"    {x} = pd.merge({x}, shifted, how='left', on=KEYS)",
    ) + pick(rng, "", f"\n{x}['lag_mean'] = {x}.filter(like='lag_').mean(axis=1)")


def _feature_table(rng, v) -> str:
    x = v("x")
    start = pick(
        rng,
        f"{x} = rows[KEYS + ['price', 'on_promo']].copy()",
        f"{x} = rows[['date', 'store_id', 'item_id', 'price', 'on_promo']].copy()",
        f"{x} = rows.loc[:, KEYS + ['price', 'on_promo']].reset_index(drop=True)",
    )
    items = pick(
        rng,
        f"{x} = {x}.merge(history.items[['item_id', 'category', 'regular_price']], on='item_id', "
        f"how='left')",
        f"{x} = {x}.merge(history.items[['item_id', 'category', 'regular_price', "
        f"'shelf_life_days']])",
        f"{x} = {x}.join(history.items.set_index('item_id')[['category', 'regular_price']], "
        f"on='item_id')",
    )
    stores = pick(
        rng,
        f"{x} = {x}.merge(history.stores[['store_id', 'area_id', 'location_type']], "
        f"on='store_id', how='left')",
        f"{x} = {x}.merge(history.stores[['store_id', 'area_id']])",
        f"{x} = {x}.join(history.stores.set_index('store_id')[['area_id', 'floor_area_m2']], "
        f"on='store_id')",
    )
    weather = pick(
        rng,
        f"{x} = {x}.merge(history.weather[['date', 'area_id', 'temp_max_forecast', "
        f"'rain_prob_forecast']], on=['date', 'area_id'], how='left')",
        f"forecast = history.weather.set_index(['date', 'area_id'])[['temp_max_forecast']]\n"
        f"{x} = {x}.join(forecast, on=['date', 'area_id'])",
        "",
    )
    price = pick(
        rng,
        f"{x}['price_ratio'] = {x}['price'] / {x}['regular_price']",
        f"{x}['discount'] = 1 - {x}['price'] / {x}['regular_price']",
        f"{x}['price_ratio'] = {x}.eval('price / regular_price')",
    )
    calendar = pick(
        rng,
        f"{x} = pd.concat([{x}, calendar_features({x})], axis=1)",
        f"{x} = {x}.join(calendar_features({x}))",
        f"{x}['weekday'] = {x}['date'].dt.weekday\n{x}['month'] = {x}['date'].dt.month\n"
        f"{x}['day'] = {x}['date'].dt.day",
    )
    categories = pick(
        rng,
        f"for column in {x}.select_dtypes('object'):\n"
        f"    {x}[column] = {x}[column].astype('category')",
        f"for c in ('store_id', 'item_id', 'category', 'area_id'):\n"
        f"    if c in {x}:\n        {x}[c] = {x}[c].astype('category')",
        f"cats = [c for c in ['store_id', 'item_id', 'category', 'area_id', 'location_type'] "
        f"if c in {x}]\n{x}[cats] = {x}[cats].astype('category')",
    )
    end = pick(
        rng,
        f"return {x}.drop(columns=['date', 'regular_price'])",
        f"return {x}.drop(columns='date')",
        f"del {x}['date']\nreturn {x}",
    )
    return lines(
        start,
        _lags(rng, x),
        *shuffled(rng, items, stores),
        weather,
        price,
        calendar,
        categories,
        end,
    )


def forecast_demand(rng, v) -> Body:
    m = v("model")
    window = pick(
        rng,
        "train = sales[sales['date'] > sales['date'].max() - pd.Timedelta(days=TRAIN_DAYS)]",
        "train = sales[sales['date'] >= sales['date'].max() - pd.Timedelta(days=364)]",
        "start = sales['date'].max() - pd.Timedelta(days=TRAIN_DAYS)\n"
        "train = sales[sales['date'] > start].reset_index(drop=True)",
    )
    sold_out = pick(
        rng,
        "sold_out = ((train['stockout_flag'] == 1) | ((train['sales_qty'] >= "
        "train['stock_available']) & (train['stock_available'] > 0))).to_numpy()",
        "hit = train['sales_qty'].ge(train['stock_available']) & train['stock_available'].gt(0)\n"
        "sold_out = (train['stockout_flag'].eq(1) | hit).values",
        "sold_out = np.asarray(train['stockout_flag'] == 1)",
    )
    features = pick(
        rng,
        "x_train = feature_table(train, sales, history)\n"
        "x_future = feature_table(clean_sales(future, history.items), sales, history)",
        "rows = clean_sales(future, history.items)\n"
        "x_train = feature_table(train, sales, history)\n"
        "x_future = feature_table(rows, sales, history)",
    )
    align = pick(
        rng,
        "for column in x_train.select_dtypes('category'):\n"
        "    x_future[column] = pd.Categorical(x_future[column].astype(str), "
        "categories=x_train[column].cat.categories)",
        "for c in x_train.select_dtypes('category').columns:\n"
        "    x_future[c] = x_future[c].cat.set_categories(x_train[c].cat.categories)",
        "x_future = x_future[x_train.columns]\nfor c in x_train.columns:\n"
        "    if x_train[c].dtype.name == 'category':\n"
        "        x_future[c] = pd.Categorical(x_future[c], categories=x_train[c].cat.categories)",
    )
    fit = pick(
        rng,
        f"{m} = fit_demand_model(x_train, train['sales_qty'], sold_out)\n"
        f"return {m}.predict(x_future)",
        "return fit_demand_model(x_train, train['sales_qty'], sold_out).predict(x_future)",
        f"{m} = fit_demand_model(x_train, train['sales_qty'].to_numpy(), sold_out)\n"
        f"return np.clip({m}.predict(x_future), 0, None)",
    )
    return {
        "feature_table": _feature_table(rng, v),
        "forecast_demand": lines(
            "sales = clean_sales(history.sales, history.items)",
            window,
            sold_out,
            features,
            align,
            fit,
        ),
    }


def markdown_sell_through(rng, v) -> Body:
    f = v("frame")
    sums = pick(
        rng,
        f"{f} = clean_sales(sales, items).groupby('item_id')[['markdown_qty', 'waste_qty']]"
        f".sum()\n{f} = {f}.reindex(items['item_id'], fill_value=0)",
        f"{f} = clean_sales(sales, items).pivot_table(index='item_id', "
        f"values=['markdown_qty', 'waste_qty'], aggfunc='sum')\n"
        f"{f} = {f}.reindex(items['item_id']).fillna(0)",
    )
    share = pick(
        rng,
        f"total = {f}['markdown_qty'] + {f}['waste_qty']\n"
        f"return np.where(total > 0, {f}['markdown_qty'] / total.where(total > 0, 1), 0.0)",
        f"share = {f}['markdown_qty'] / ({f}['markdown_qty'] + {f}['waste_qty'])\n"
        "return share.fillna(0).to_numpy()",
        f"out = []\nfor sold, wasted in zip({f}['markdown_qty'], {f}['waste_qty']):\n"
        "    out.append(sold / (sold + wasted) if sold + wasted > 0 else 0.0)\n"
        "return np.array(out)",
    )
    return {"markdown_sell_through": lines(sums, share)}


def unit_costs(rng, v) -> Body:
    g = v("margin")
    shortage = pick(
        rng,
        f"{g} = np.asarray(price, dtype=float) - np.asarray(unit_cost, dtype=float)",
        f"{g} = np.subtract(price, unit_cost, dtype=float)",
    )
    leftover = pick(
        rng,
        "back = np.asarray(sell_through, dtype=float) * np.asarray(price, dtype=float) / 2\n"
        "waste = (np.asarray(unit_cost, dtype=float) - back) / np.asarray(shelf_life_days)",
        "waste = np.divide(np.subtract(unit_cost, np.multiply(sell_through, price) * 0.5), "
        "shelf_life_days, dtype=float)",
        "net = np.asarray(unit_cost, dtype=float) - 0.5 * np.asarray(price) * "
        "np.asarray(sell_through)\nwaste = net * (1.0 / np.asarray(shelf_life_days))",
    )
    first, second = (shortage, leftover) if rng.random() < 0.5 else (leftover, shortage)
    result = pick(
        rng,
        f"return {{'shortage': {g}, 'leftover': waste}}",
        f"return dict(shortage={g}, leftover=waste)",
    )
    return {"unit_costs": lines(first, second, result)}


def stock_level(rng, v) -> Body:
    t = v("typical")
    arrays = pick(
        rng,
        f"{t} = np.asarray(mu, dtype=float)\n"
        "short = np.asarray(shortage, dtype=float)\nover = np.asarray(leftover, dtype=float)",
        f"{t}, short, over = (np.array(a, dtype=float) for a in (mu, shortage, leftover))",
    )
    quantile = pick(
        rng,
        "ok = short > 0\nq = np.divide(short, short + over, out=np.zeros_like(short), where=ok)\n"
        f"out = stats.poisson.ppf(np.minimum(q, 0.999), np.maximum({t}, 1e-6))\n"
        "return np.where(ok, np.maximum(out, 0), 0.0)",
        "q = np.zeros_like(short)\nok = short > 0\nq[ok] = short[ok] / (short[ok] + over[ok])\n"
        f"levels = stats.poisson(np.clip({t}, 1e-6, None)).ppf(q.clip(0, 0.999))\n"
        "levels[~ok] = 0\nreturn levels.clip(min=0)",
        f"levels = []\nfor m, s, o in zip({t}, short, over):\n"
        "    if s <= 0:\n        levels.append(0.0)\n        continue\n"
        "    levels.append(max(stats.poisson.ppf(min(s / (s + o), 0.999), max(m, 1e-6)), 0))\n"
        "return np.array(levels)",
    )
    return {"stock_level": lines(arrays, quantile)}


def order_up_to(rng, v) -> Body:
    t = v("typical")
    sold = pick(
        rng,
        "items = history.items.assign(sold=markdown_sell_through(history.sales, history.items))",
        "items = history.items.copy()\n"
        "items['sold'] = markdown_sell_through(history.sales, history.items)",
    )
    merge = pick(
        rng,
        "table = clean_sales(future, history.items).merge(items, on='item_id', how='left')",
        "table = clean_sales(future, history.items)\n"
        "table = table.join(items.set_index('item_id'), on='item_id')",
        "table = pd.merge(clean_sales(future, history.items), items, how='left')",
    )
    costs = pick(
        rng,
        "c = unit_costs(table['price'], table['unit_cost'], table['shelf_life_days'], "
        "table['sold'])",
        "c = unit_costs(table['price'].to_numpy(), table['unit_cost'].to_numpy(), "
        "table['shelf_life_days'].to_numpy(), table['sold'].to_numpy())",
    )
    level = pick(
        rng,
        f"return stock_level({t}, c['shortage'], c['leftover'])",
        f"levels = stock_level({t}, c['shortage'], c['leftover'])\nreturn np.asarray(levels)",
    )
    return {
        "order_up_to": lines(f"{t} = forecast_demand(history, future)", sold, merge, costs, level)
    }


def flyer_stock(rng, v) -> Body:
    t, e = v("typical"), v("err")
    week = pick(
        rng,
        "origin = history.sales['date'].max() + pd.Timedelta(days=1)\n"
        "before, week = forecast_task(history, origin - pd.Timedelta(days=7))",
        "last_day = history.sales['date'].max()\n"
        "before, week = forecast_task(history, last_day - pd.Timedelta(days=6))",
    )
    missed = pick(
        rng,
        f"{e} = clean_sales(week, history.items).assign(mu=forecast_demand(before, week))\n"
        f"sold = clean_sales(history.sales, history.items).drop_duplicates(KEYS)\n"
        f"{e} = {e}[KEYS + ['mu']].merge(sold, on=KEYS)",
        f"past_mu = forecast_demand(before, week)\n"
        f"{e} = clean_sales(week, history.items)[KEYS].assign(mu=past_mu).merge(\n"
        f"    clean_sales(history.sales, history.items).drop_duplicates(KEYS), on=KEYS)",
    )
    cut = pick(
        rng,
        f"cut = ({e}['stockout_flag'] == 1) | (({e}['sales_qty'] >= {e}['stock_available']) "
        f"& ({e}['stock_available'] > 0))",
        f"cut = {e}['stockout_flag'].eq(1) | {e}['sales_qty'].ge({e}['stock_available'])"
        f".where({e}['stock_available'] > 0, False)",
    )
    level = pick(
        rng,
        f"{t} = np.maximum(forecast_demand(history, future), 1e-6)\n"
        f"return stats.nbinom.ppf(business.FLYER_IN_STOCK, k, k / (k + {t}))",
        f"{t} = np.clip(forecast_demand(history, future), 1e-6, None)\n"
        f"p = k / (k + {t})\nreturn stats.nbinom.ppf(business.FLYER_IN_STOCK, k, p)",
    )
    size = f"k = censored_size({e}['sales_qty'], {e}['mu'], cut)"
    return {"flyer_stock": lines(week, missed, cut, size, level)}


def business_case(rng, v) -> Body:
    c = v("cost")
    benefit = pick(
        rng,
        f"{c} = sum(as_is[k] - to_be[k] for k in ('waste_yen', 'lost_margin_yen'))\n"
        f"hours = as_is['ordering_hours'] - to_be['ordering_hours']\n"
        f"{c} = float({c} + hours * business.MANAGER_HOURLY_COST_YEN)",
        "rate = business.MANAGER_HOURLY_COST_YEN\n"
        "before = as_is['waste_yen'] + as_is['lost_margin_yen'] + as_is['ordering_hours'] "
        "* rate\nafter = to_be['waste_yen'] + to_be['lost_margin_yen'] + "
        f"to_be['ordering_hours'] * rate\n{c} = float(before - after)",
        f"{c} = 0.0\nfor key in ['waste_yen', 'lost_margin_yen']:\n"
        f"    {c} += as_is[key] - to_be[key]\n"
        f"{c} += (as_is['ordering_hours'] - to_be['ordering_hours']) * "
        "business.MANAGER_HOURLY_COST_YEN",
    )
    payback = pick(
        rng,
        f"monthly = ({c} - annual_cost_yen) / 12\n"
        "months = float('inf') if monthly <= 0 else initial_cost_yen / monthly",
        f"net = {c} - annual_cost_yen\n"
        "months = 12 * initial_cost_yen / net if net > 0 else float('inf')",
        f"per_month = {c} / 12 - annual_cost_yen / 12\n"
        "months = initial_cost_yen / per_month if per_month > 0 else float('inf')",
    )
    result = pick(
        rng,
        f"return {{'annual_net_benefit_yen': {c} - annual_cost_yen, 'payback_months': months}}",
        f"return dict(annual_net_benefit_yen={c} - annual_cost_yen, payback_months=months)",
    )
    return {"business_case": lines(benefit, payback, result)}


WRITERS: dict[str, Writer] = {
    "clean_sales": clean_sales,
    "annual_waste_cost": annual_waste_cost,
    "lost_margin": lost_margin,
    "ordering_hours": ordering_hours,
    "wape": wape,
    "baseline_forecast": baseline_forecast,
    "forecast_demand": forecast_demand,
    "markdown_sell_through": markdown_sell_through,
    "unit_costs": unit_costs,
    "stock_level": stock_level,
    "order_up_to": order_up_to,
    "flyer_stock": flyer_stock,
    "business_case": business_case,
}
"""Question (grade id) → writer of an honest body."""

PASTED = {
    "forecast_from_02": ("clean_sales", "calendar_features", "feature_table", "forecast_demand"),
    "losses_from_01": (
        "clean_sales",
        "last_365_days",
        "annual_waste_cost",
        "lost_margin",
        "ordering_hours",
    ),
}
"""Cells where the notebook asks learners to paste their own functions from an earlier one."""
