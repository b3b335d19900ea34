"""Completion badges (オープンバッジ修了証), the cohort's last stage.

``completion`` decides who completed a case from the gradebook, ``openbadges`` builds, signs, bakes
and checks Open Badges 2.0 documents, ``image`` draws the badge and ``issue`` writes the hosted
layout and verifies a badge as a third party would.
"""

from dxquest.badges.issue import (
    BadgeResult,
    badge_problem,
    badges_dir,
    export_completion_csv,
    issue_badges,
    verify_badge,
)

__all__ = [
    "BadgeResult",
    "badge_problem",
    "badges_dir",
    "export_completion_csv",
    "issue_badges",
    "verify_badge",
]
