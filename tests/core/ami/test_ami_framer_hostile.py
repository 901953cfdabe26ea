"""The framer under hostile input: bounded messages, bounded headers, summarized warnings
(issue 11 #6 framer half, #11). Memory is measured with tracemalloc (what the framer's
output keeps alive), which is deterministic where RSS is not; the RSS figures are in
``benchmarks/reliability.py``."""

from __future__ import annotations

import logging
import tracemalloc

import pytest

from core.ami.codec import DEFAULT_MAX_HEADERS, AMIFramer, MalformedSummary


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def fat_message(headers: int, *, distinct: bool = False) -> bytes:
    line = b"K%d: v" if distinct else b"Variable: x%d"
    lines = [b"Event: VarSet"] + [line % n for n in range(headers)]
    return b"\r\n".join(lines) + b"\r\n\r\n"


def test_headers_per_message_are_capped() -> None:
    framer = AMIFramer(expect_banner=False)
    [msg] = framer.feed(fat_message(40_000))  # ~700 KB: under the 1 MiB message limit
    assert msg["Event"] == "VarSet"
    assert msg["Variable"].count("\n") + 1 <= DEFAULT_MAX_HEADERS
    assert framer.skipped >= 1


def test_distinct_headers_are_capped_too() -> None:
    framer = AMIFramer(expect_banner=False, max_headers=50)
    raw = b"Event: X\r\n" + b"".join(b"K%d: v\r\n" % n for n in range(10_000)) + b"\r\n"
    [msg] = framer.feed(raw)
    assert len(msg) == 50 and msg["Event"] == "X"


def test_a_whole_message_over_the_size_limit_is_dropped() -> None:
    framer = AMIFramer(expect_banner=False, max_message=64 * 1024)
    big = b"Event: Big\r\nValue: " + b"a" * 100_000 + b"\r\n\r\n"
    out = framer.feed(big + b"Event: Small\r\n\r\n")
    assert out == [{"Event": "Small"}] and framer.skipped == 1


def test_memory_kept_by_hostile_messages_stays_flat() -> None:
    """50 messages of 40,000 distinct headers: what the consumer holds stays bounded."""
    framer = AMIFramer(expect_banner=False)
    one = fat_message(40_000, distinct=True)
    tracemalloc.start()
    try:
        kept = []
        for _ in range(50):
            kept += framer.feed(one)
        current, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(kept) == 50 and all(len(m) == DEFAULT_MAX_HEADERS for m in kept)
    assert current < 20 * 1024 * 1024  # uncapped, the same messages keep about 250 MB


def test_malformed_lines_are_counted_and_summarized_per_interval(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="core.ami.codec")
    clock = Clock()
    framer = AMIFramer(expect_banner=False, clock=clock)
    bad = b"Event: X\r\n" + b"garbage without colon\r\n" * 100 + b"\r\n"
    for _ in range(1000):  # 100,000 malformed lines
        framer.feed(bad)
    assert framer.skipped == 100_000
    assert len(caplog.records) == 1  # the first one is said at once, the rest are counted
    assert "garbage without colon" in caplog.records[0].getMessage()
    clock.t += MalformedSummary.INTERVAL + 1
    framer.feed(bad)
    assert len(caplog.records) == 2
    summary = caplog.records[1].getMessage()
    assert "100000 malformed AMI lines" in summary and "garbage without colon" in summary
    clock.t += 1
    framer.feed(bad)
    assert len(caplog.records) == 2  # the next summary waits for the next interval
