"""Case 3, Hibari Printing: job work-hour estimation and scheduling (工数予測).

What a notebook imports: ``load_data``, the shop's published standards (``press_layout``,
``standard_hours``: the costing sheet any estimator at the shop applies to a ticket) and
``exercises`` (the questions), plus the helpers the case hands learners (``business``, ``data``,
``schedule``). The grader's side (declaration, references, oracle, metrics, marking) lives in
modules the learner's kernel never sees.
"""

from dxquest.cases.effort_prediction.data import load_data
from dxquest.synth.printing_standards import press_layout, standard_hours

__all__ = ["load_data", "press_layout", "standard_hours"]
