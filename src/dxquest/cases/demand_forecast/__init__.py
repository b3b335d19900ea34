"""Case 1, Sakura Mart: demand forecasting and ordering (需要予測・在庫最適化).

What a notebook imports: ``load_data`` and ``exercises`` (the questions), plus the helpers the case
hands learners (``business``, ``data``, ``censored``). The grader's side (declaration, references,
oracle, marking) lives in modules the learner's kernel never sees.
"""

from dxquest.cases.demand_forecast.data import load_data

__all__ = ["load_data"]
