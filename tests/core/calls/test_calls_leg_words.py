"""Click-to-call failure words from the phone channel's own events (``LegEvidence``)."""

from __future__ import annotations

import pytest

from core.ami.errors import OriginateFailed
from core.calls.lines import LegEvidence, LineConfig, originate_words

LINE = LineConfig("102", "PJSIP/102", "internal")


@pytest.mark.parametrize(
    ("leg", "words"),
    [
        (
            LegEvidence(True, "17", "BUSY", True),
            "the phone is busy (it rejected the call); hang up",
        ),
        (LegEvidence(True, None, "BUSY", False), "the phone is busy"),
        (LegEvidence(True, "21", None, True), "the phone rejected the call"),
        (LegEvidence(True, "19", "NOANSWER", True), "nobody answered (ring timeout)"),
        (LegEvidence(True, "20", None, True), "not reachable (not registered)"),
        (LegEvidence(True, None, None, True), "its call ended before it was answered"),
        # no channel was made: the endpoint is unknown (Asterisk says only Reason 0)
        (LegEvidence(), "is PJSIP/102 a registered endpoint?"),
        (None, "is PJSIP/102 a registered endpoint?"),
    ],
)
def test_reason_0_is_told_apart_by_the_channels_events(leg: LegEvidence | None, words: str) -> None:
    text = originate_words(OriginateFailed.from_reason(0), LINE, "0501234567", leg)
    assert text.startswith("your phone PJSIP/102 was not connected: ")
    assert words in text


def test_the_reason_code_speaks_without_channel_evidence() -> None:
    text = originate_words(OriginateFailed.from_reason(5), LINE, "0501", LegEvidence())
    assert text == (
        "your phone PJSIP/102 was not connected: the line is busy; "
        "hang up the other call, or use another extension"
    )
