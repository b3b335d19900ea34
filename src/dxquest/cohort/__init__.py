"""Cohort grading, the first cohort stage: many learners' submissions of one case, graded in
parallel and resumably.

``layout`` finds the submissions, ``worker`` grades one, ``runners`` run many (a local process pool
or a Dask cluster), ``gradebook`` merges results into the cohort gradebook with one writer, and
``batch.grade_cohort`` ties them together; ``bench`` compares it with serial nbgrader. ``scores``
reads the whole cohort's grades back for the later stages (:mod:`dxquest.peer`,
:mod:`dxquest.leaderboard`, :mod:`dxquest.badges`, :mod:`dxquest.stats`).
"""

from dxquest.cohort.batch import CohortResult, SubmissionOutcome, grade_cohort

__all__ = ["CohortResult", "SubmissionOutcome", "grade_cohort"]
