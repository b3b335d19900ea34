"""Weather of the supermarket's areas: daily actuals and the forecasts issued every evening.

Every evening the weather service issues a forecast of each of the next :data:`FORECAST_DAYS`
days. The forecast issued the evening before a day (lead 1) is the ``weather`` table's
``temp_max_forecast`` and ``rain_prob_forecast``; every issue is in the ``weather_forecasts``
table. By construction the forecasts are calibrated at every lead: given a forecast and
everything known when it was issued, the actual maximum temperature is normal around it with
standard deviation :func:`temp_forecast_sd`, which grows with the lead, and rain comes with
exactly the forecast probability. The oracle relies on both. The data card
``datasets/demand_forecast.md`` describes the same model; keep the two in step.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxquest.synth.supermarket_tables import FORECAST_DAYS

__all__ = [
    "FORECAST_DAYS",
    "TEMP_FORECAST_SD",
    "forecast_table",
    "make_area_weather",
    "temp_forecast_sd",
    "weather_table",
]

TEMP_FORECAST_SD = 1.5
"""Standard deviation (deg C) of ``temp_max`` around the evening-before forecast."""

_PHI = 0.7  # day-to-day persistence of the temperature anomaly, an AR(1)
_REGIONAL_SHOCK_SD = 2.0  # deg C: the part of a day's new anomaly that all areas share
_LOCAL_SHOCK_SD = 1.0
_KNOWN_AHEAD_DAYS = 6.0  # see _known_share
_RAIN_SEASON_CONCENTRATION = 4.0  # Beta concentration of the week-ahead rain probability
_RAIN_MOVE = 0.7  # chance that an evening's issue moves a day's rain probability by 10 points


def _known_share(lead_days) -> np.ndarray:
    """Share of a day's new temperature anomaly (its shock's variance) that a forecast issued
    ``lead_days`` before the day knows: all of it the evening before, ``exp(-(lead - 1) / 6)``
    further ahead."""
    return np.exp(-(np.asarray(lead_days, dtype=float) - 1) / _KNOWN_AHEAD_DAYS)


def temp_forecast_sd(lead_days) -> np.ndarray:
    """Standard deviation (deg C) of ``temp_max`` around the forecast issued ``lead_days``
    (1 to :data:`FORECAST_DAYS`) before the day.

    The evening-before error :data:`TEMP_FORECAST_SD`, plus what the forecast missed of the
    shock of each day ``j`` from the issue to the day, which persists with weight
    ``phi ** (lead - j)``: 1.5 deg C the evening before, 2.0 three days ahead, 2.8 a week ahead.
    """
    lead = np.asarray(lead_days)
    if np.any((lead < 1) | (lead > FORECAST_DAYS)):
        raise ValueError(f"lead_days must lie between 1 and {FORECAST_DAYS}")
    shock_var = _REGIONAL_SHOCK_SD**2 + _LOCAL_SHOCK_SD**2
    missed = [
        sum(_PHI ** (2 * (k - j)) * (1 - _known_share(j)) for j in range(1, k + 1))
        for k in range(1, FORECAST_DAYS + 1)
    ]
    return np.sqrt(TEMP_FORECAST_SD**2 + shock_var * np.asarray(missed))[lead - 1]


def make_area_weather(
    rng: np.random.Generator, forecast_rng: np.random.Generator, dates: pd.DatetimeIndex,
    n_areas: int,
) -> dict[str, np.ndarray]:  # fmt: skip
    """Actual and forecast weather of every day and area.

    ``rng`` draws the weather itself, ``forecast_rng`` only what the earlier issues of the
    temperature forecast knew (so the weather does not depend on it). Arrays of shape
    ``(n_days, n_areas)``: seasonal ``normal``, evening-before ``forecast`` and ``prob``,
    ``actual`` maximum temperature, ``rain`` (1 on a rain day) and ``rain_mm``; and of shape
    ``(FORECAST_DAYS, n_days, n_areas)`` by lead: ``temp_by_lead`` and ``rain_prob_by_lead``.
    """
    n_days = len(dates)
    doy = dates.day_of_year.to_numpy()
    mean = 20.0 + rng.uniform(-1.5, 1.5, n_areas)
    amp = 10.5 + rng.uniform(-1.0, 1.0, n_areas)
    normal = mean + amp * np.cos(2 * np.pi * (doy[:, None] - 215) / 365.25)
    # Anomalies: a regional AR(1) shared by all areas plus a smaller local AR(1).
    shock = np.concatenate(
        [
            rng.normal(0, _REGIONAL_SHOCK_SD, (n_days, 1)),
            rng.normal(0, _LOCAL_SHOCK_SD, (n_days, n_areas)),
        ],
        axis=1,
    )
    anom = np.zeros_like(shock)
    anom[0] = shock[0] / np.sqrt(1 - _PHI**2)
    for t in range(1, n_days):
        anom[t] = _PHI * anom[t - 1] + shock[t]
    forecast = np.round(normal + anom[:, :1] + anom[:, 1:], 1)
    # The actual is drawn around the forecast, so actual | forecast ~ N(forecast, sd^2) exactly.
    actual = np.round(forecast + rng.normal(0, TEMP_FORECAST_SD, forecast.shape), 1)

    rain_prob_by_lead = _rain_prob_by_lead(rng, doy, n_areas)
    prob = rain_prob_by_lead[0]
    rain = rng.random((n_days, n_areas)) < prob  # calibrated by construction
    rain_mm = np.where(rain, np.maximum(0.5, np.round(rng.gamma(0.8, 10.0, prob.shape) * 2) / 2), 0)
    return {
        "normal": normal,
        "forecast": forecast,
        "actual": actual,
        "prob": prob,
        "rain": rain.astype(float),
        "rain_mm": rain_mm,
        "temp_by_lead": _temperature_by_lead(forecast_rng, normal, shock, anom, forecast),
        "rain_prob_by_lead": rain_prob_by_lead,
    }


def _rain_prob_by_lead(rng: np.random.Generator, doy: np.ndarray, n_areas: int) -> np.ndarray:
    """Rain probability of each day and area as issued 1..FORECAST_DAYS days before it (index 0:
    the evening before), in steps of 0.1.

    A week ahead it is the season's rate (tsuyu in June-July, autumn rains in September) varied
    by a regional Beta draw and local noise, between 0.1 and 0.9. Each later evening it moves up
    or down by 0.1 with chance 0.35 each, the same way in every area (rain comes with regional
    weather systems), and stays at 0 or 1 once there. The moves have mean zero whatever came
    before, so every issue is the expectation of the evening-before probability: rain that
    follows the evening-before probability follows every earlier issue's probability too.
    """
    n_days = len(doy)
    season = (
        0.25
        + 0.25 * np.exp(-(((doy - 175) / 20.0) ** 2))
        + 0.15 * np.exp(-(((doy - 260) / 15.0) ** 2))
    )
    kappa = _RAIN_SEASON_CONCENTRATION
    regional = rng.beta(kappa * season, kappa * (1 - season))
    local = rng.normal(0, 0.05, (n_days, n_areas))
    # Integer tenths, so that repeated moves of 0.1 add up exactly.
    tenths = [np.clip(np.rint(10 * (regional[:, None] + local)), 1, 9).astype(np.int64)]
    for _ in range(FORECAST_DAYS - 1):
        move = rng.choice(
            [-1, 0, 1], size=(n_days, 1), p=[_RAIN_MOVE / 2, 1 - _RAIN_MOVE, _RAIN_MOVE / 2]
        )
        last = tenths[-1]
        tenths.append(last + np.where((last > 0) & (last < 10), move, 0))
    return np.stack(tenths[::-1]) / 10


def _temperature_by_lead(rng, normal, shock, anom, evening_before) -> np.ndarray:
    """Maximum temperature of each day and area as forecast 1..FORECAST_DAYS days before it
    (index 0: the evening before, ``evening_before`` itself); NaN before the first issue.

    Each day's shock is split into independent normal parts, the one of index ``m`` known from
    ``m`` days ahead on, with the variance shares :func:`_known_share` implies. The parts are
    drawn given their sum, so the shocks (and the weather) stay as drawn. The forecast issued
    on day ``s`` for day ``s + k`` is the expected anomaly given day ``s``'s anomaly and the
    parts known by then, ``phi**k * anom[s] + sum_j phi**(k - j) * known_j[s + j]``.
    """
    n_days, n_areas = evening_before.shape
    known = _known_share(np.arange(1, FORECAST_DAYS + 1))
    share = known - np.append(known[1:], 0.0)  # part m is known from m days ahead on
    sd = np.array([_REGIONAL_SHOCK_SD] + [_LOCAL_SHOCK_SD] * n_areas)
    parts = rng.normal(0, 1, (FORECAST_DAYS, *shock.shape)) * np.sqrt(share)[:, None, None] * sd
    parts += share[:, None, None] * (shock - parts.sum(axis=0))
    unknown = np.concatenate([np.zeros((1, *shock.shape)), np.cumsum(parts, axis=0)[:-1]])
    known_part = shock - unknown  # index j - 1: what is known of a day's shock j days ahead
    by_lead = np.full((FORECAST_DAYS, n_days, n_areas), np.nan)
    by_lead[0] = evening_before
    for k in range(2, FORECAST_DAYS + 1):
        expected = _PHI**k * anom[: n_days - k]
        for j in range(1, k + 1):
            expected = expected + _PHI ** (k - j) * known_part[j - 1, j : n_days - k + j]
        by_lead[k - 1, k:] = np.round(normal[k:] + expected[:, :1] + expected[:, 1:], 1)
    return by_lead


def _area_ids(n_areas: int) -> list[str]:
    return [f"A{a + 1}" for a in range(n_areas)]


def weather_table(dates: pd.DatetimeIndex, wx: dict[str, np.ndarray]) -> pd.DataFrame:
    """One row per day and area: the evening-before forecast and the actual weather."""
    n_areas = wx["actual"].shape[1]
    weather = pd.DataFrame(
        {
            "date": np.repeat(dates, n_areas),
            "area_id": np.tile(_area_ids(n_areas), len(dates)),
            "temp_max_forecast": wx["forecast"].ravel(),
            "rain_prob_forecast": wx["prob"].ravel(),
            "temp_max": wx["actual"].ravel(),
            "rain_mm": wx["rain_mm"].ravel(),
        }
    )
    weather["area_id"] = weather["area_id"].astype("str")
    return weather


def forecast_table(dates: pd.DatetimeIndex, wx: dict[str, np.ndarray]) -> pd.DataFrame:
    """Every issue of the period: one row per issue day, forecast day (1..FORECAST_DAYS days
    later, within the period) and area, in that order."""
    n_leads, n_days, n_areas = wx["temp_by_lead"].shape
    issue, lead, area = np.meshgrid(
        np.arange(n_days), np.arange(1, n_leads + 1), np.arange(n_areas), indexing="ij"
    )
    inside = issue + lead < n_days
    issue, lead, area = issue[inside], lead[inside], area[inside]
    day = issue + lead
    table = pd.DataFrame(
        {
            "issued_on": dates[issue],
            "date": dates[day],
            "area_id": np.asarray(_area_ids(n_areas))[area],
            "temp_max_forecast": wx["temp_by_lead"][lead - 1, day, area],
            "rain_prob_forecast": wx["rain_prob_by_lead"][lead - 1, day, area],
        }
    )
    table["area_id"] = table["area_id"].astype("str")
    return table
