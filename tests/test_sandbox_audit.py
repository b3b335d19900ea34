"""The adversarial corpus, graded for real: every bad submission gets its expected outcome."""

import pytest

from dxquest.sandbox.policy import IsolationLevel
from dxquest.sandbox_audit import MUTATIONS, load_corpus, run_audit

pytestmark = pytest.mark.slow


def test_the_corpus_covers_every_attack_family_the_issue_names():
    names = {attack["name"] for attack in load_corpus()}
    for family in [
        "invalid_json", "wrong_nbformat", "non_utf8", "notebook_100mb", "solution_cell_deleted",
        "solution_cell_renamed", "test_cell_deleted", "test_cell_edited_to_assert_true",
        "test_cells_reordered", "checksum_and_points_tampered",
        "checker_overridden_with_assert_true", "checker_module_monkeypatched", "infinite_loop",
        "memory_bomb", "fork_bomb", "huge_output", "network_call", "read_cohort_secret",
        "read_hidden_tests_and_answers", "read_other_learner", "write_gradebook_and_feedback",
        "kernel_dies",
    ]:  # fmt: skip
        assert family in names
    assert {attack["mutation"] for attack in load_corpus()} <= set(MUTATIONS)


# One run grades the whole corpus: split in two, each part paid again for its own build, release
# and honest learners. It starts among the first tests (tests/conftest.py, LONGEST_FIRST), so the
# other core has enough to do meanwhile.
def test_every_bad_submission_is_handled_and_honest_learners_keep_their_grades(build_dir):
    result = run_audit(work=build_dir / "sandbox-audit")
    failed = [row for row in result.rows if not row.ok]
    assert not failed, "\n".join(
        f"{r.case}: expected {r.expected}; got {r.observed}" for r in failed
    )
    assert result.handled == result.total == len(load_corpus()) + 2
    # The isolation itself is what the audit proves: without bubblewrap it must fail, not pass
    # with the weaker fallback (`bash run.sh test` installs bubblewrap).
    assert result.isolation == IsolationLevel.BUBBLEWRAP.value, "install bubblewrap"
