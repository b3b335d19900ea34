"""Case 4, Kanazawa Precision: forecasting firm orders from customers' advance notices (内示).

What a notebook imports: ``load_data`` and ``exercises`` (the questions), plus the helpers the case
hands learners (``business``, ``data``). The grader's side (declaration, references, oracle,
evaluation, marking) lives in modules the learner's kernel never sees.
"""

from dxquest.cases.advance_orders.data import load_data

__all__ = ["load_data"]
