"""Case 2, Kanazawa Precision: automatic detection of defect locations (不良個所自動検出).

What a notebook imports: ``load_data`` and ``exercises`` (the questions), plus the helpers the case
hands learners (``business``, ``data``, ``features``). The grader's side (declaration, references,
oracle, marking) lives in modules the learner's kernel never sees.
"""

from dxquest.cases.defect_detection.data import load_data

__all__ = ["load_data"]
