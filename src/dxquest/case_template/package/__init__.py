"""Case newcase, Komugi Bakery: forecasting tomorrow's bread (a template: rename and rewrite).

What a notebook imports: ``load_data`` and ``exercises`` (the questions). The grader's side
(declaration, reference, evaluation, marking) lives in modules a graded kernel never sees
(``case.toml`` lists the ones it may import).
"""

from .data import load_data

__all__ = ["load_data"]
