"""Completion badges (オープンバッジ修了証), the cohort's last stage.

``completion`` decides who completed a case from the gradebook, ``openbadges`` builds, signs, bakes
and checks Open Badges 2.0 documents, ``image`` draws the badge, ``revocation`` keeps the issuer's
RevocationList and ``issue`` writes the hosted layout, revokes badges and verifies a badge as a
third party would.
"""

from dxquest.badges.issue import (
    BadgeNotIssued,
    BadgeResult,
    badge_problem,
    badges_dir,
    export_completion_csv,
    issue_badges,
    operators_dir,
    revoke_badge,
    verify_badge,
)

__all__ = [
    "BadgeNotIssued",
    "BadgeResult",
    "badge_problem",
    "badges_dir",
    "export_completion_csv",
    "issue_badges",
    "operators_dir",
    "revoke_badge",
    "verify_badge",
]
