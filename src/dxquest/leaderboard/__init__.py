"""The cohort leaderboard of a case's AI task, run as a competition with a public/private split.

Entries arrive while grading (the hidden check returns its predictions, scored and stored by
:mod:`dxquest.holdout_scores`) or as a CSV (:func:`submit_csv`); :func:`build_leaderboard` ranks
them into the public board during the cohort and the final board after it.
"""

from dxquest.leaderboard.board import Entry, Leaderboard, build_leaderboard
from dxquest.leaderboard.submit import submit_csv

__all__ = ["Entry", "Leaderboard", "build_leaderboard", "submit_csv"]
