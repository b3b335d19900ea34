"""Does the hidden holdout follow the cohort secret, and only it?"""

import pytest

from dxquest import secret


def test_public_default_is_reproducible_and_flagged(monkeypatch):
    monkeypatch.delenv("DXQUEST_COHORT_SECRET", raising=False)
    monkeypatch.delenv("DXQUEST_COHORT_SECRET_FILE", raising=False)
    assert secret.is_public_secret()
    assert secret.derived_seed("case", "holdout") == secret.derived_seed("case", "holdout")


def test_a_cohort_secret_changes_every_derived_seed(monkeypatch):
    monkeypatch.delenv("DXQUEST_COHORT_SECRET_FILE", raising=False)
    monkeypatch.delenv("DXQUEST_COHORT_SECRET", raising=False)
    public = secret.derived_seed("case", "holdout")
    monkeypatch.setenv("DXQUEST_COHORT_SECRET", "cohort-2026-spring")
    assert not secret.is_public_secret()
    assert secret.derived_seed("case", "holdout") != public
    assert secret.derived_seed("case", "holdout") != secret.derived_seed("other", "holdout")


def test_secret_file_wins_and_must_not_be_empty(monkeypatch, tmp_path):
    file = tmp_path / "secret"
    file.write_text("from-file\n")
    monkeypatch.setenv("DXQUEST_COHORT_SECRET", "from-env")
    monkeypatch.setenv("DXQUEST_COHORT_SECRET_FILE", str(file))
    assert secret.cohort_secret() == "from-file"
    file.write_text("  \n")
    with pytest.raises(ValueError, match="empty"):
        secret.cohort_secret()
