"""``core.history.redact`` costs a bounded amount whatever the CRM echoes back (issue 11 #1)."""

from __future__ import annotations

import pytest

from core.history.redact import MAX_LENGTH, redact


@pytest.mark.timeout(20)
@pytest.mark.parametrize("hostile", ["a" * (1 << 20), "token" * 200_000, "x-" * 500_000])
def test_redact_is_bounded_on_long_word_runs(hostile: str) -> None:
    out = redact(hostile)
    assert len(out) <= MAX_LENGTH


def test_a_secret_before_the_cut_is_still_masked() -> None:
    out = redact("apikey=s3cr3tvalue " + "a" * 100_000)
    assert "s3cr3tvalue" not in out and out.endswith("…")
