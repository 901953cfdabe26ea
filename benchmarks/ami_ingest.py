"""Benchmark the AMI ingest path and its memory over load traffic.

1. Replays every captured transcript (../shared/ami-transcripts/*.ami, repeated
   to ~200k messages, cut into 4 KiB "TCP reads") through Ringside's full ingest
   path (bytes -> core.ami.protocol.AMIProtocol/AMIFramer -> CallTracker.handle) and through panoramisk 1.4's
   bare ``AMIProtocol.data_received`` parse, and prints both rates and the ratio
   (target >= 1.0: the whole path at least as fast as panoramisk's parse alone).
2. Replays the FreePBX captures (../shared/ami-transcripts-freepbx/F*.ami: queue with
   Local members, ring group, pickup, park, voicemail, dial-out; 6 calls per copy) twice:
   as sent without a filter, and as Asterisk sends it with the tracker's ``Filter``
   (:func:`core.calls.filters.filter_patterns`, applied to each event's text the way
   Asterisk does), and prints msg/s, calls/s, bytes and CPU per call of each, side by
   side with panoramisk's bare parse of the unfiltered stream. The ratio that counts is
   calls/s with the Filter over panoramisk's calls/s without (target >= 2.0): the
   filter is what a Ringside login sends.
3. Feeds 1M events of simulated load traffic (fresh calls rendered from the
   simulator's scenarios) through the same path and prints the RSS growth
   (target < 10 MB: ended calls are evicted).

Run: ``.venv/bin/python benchmarks/ami_ingest.py [--messages N] [--load-events N] [--quick]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import logging
import os
import re
import sys
import time
from pathlib import Path

from panoramisk.ami_protocol import AMIProtocol as BareProtocol

from core.ami.codec import AMIFramer, encode_message
from core.ami.protocol import AMIProtocol
from core.calls.events import CallFinished
from core.calls.filters import filter_patterns
from core.calls.tracker import CallTracker
from core.sim.scenarios import IdAllocator, load

TRANSCRIPTS = Path(__file__).resolve().parents[1] / ".." / "shared" / "ami-transcripts"
FREEPBX = TRANSCRIPTS.parent / "ami-transcripts-freepbx"
BANNER = b"Asterisk Call Manager/11.0.0\r\n"
CHUNK = 4096


class FakeClock:
    """Advances 1 ms per reading, so the tracker's grace periods expire during replay."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        self.now += 0.001
        return self.now


def transcript_stream(target_messages: int) -> tuple[bytes, int]:
    """All transcripts back to back (banners removed), repeated to ~target messages."""
    body = b"".join(p.read_bytes().removeprefix(BANNER) for p in sorted(TRANSCRIPTS.glob("*.ami")))
    per_copy = len(AMIFramer(expect_banner=False).feed(body))
    copies = max(1, round(target_messages / per_copy))
    return BANNER + body * copies, per_copy * copies


def filtered(body: bytes) -> bytes:
    """``body`` as Asterisk sends it once the tracker's Filter is set: every event whose text
    matches no include pattern is dropped (responses are never filtered)."""
    patterns = [re.compile(p.encode()) for p in filter_patterns()]
    kept = []
    for block in body.split(b"\r\n\r\n"):
        if not block:
            continue
        if block.startswith(b"Event:") and not any(p.search(block + b"\r\n") for p in patterns):
            continue
        kept.append(block + b"\r\n\r\n")
    return b"".join(kept)


def freepbx_streams(target_messages: int) -> tuple[bytes, bytes, int]:
    """(unfiltered, filtered, calls): the FreePBX captures back to back, repeated."""
    body = b"".join(p.read_bytes().removeprefix(BANNER) for p in sorted(FREEPBX.glob("F*.ami")))
    per_copy = len(AMIFramer(expect_banner=False).feed(body))
    calls_per_copy = len(sorted(FREEPBX.glob("F*.ami")))
    copies = max(1, round(target_messages / per_copy))
    return BANNER + body * copies, BANNER + filtered(body) * copies, calls_per_copy * copies


def chunks_of(data: bytes) -> list[bytes]:
    return [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]


def run_full(chunks: list[bytes]) -> tuple[float, int]:
    """Ringside's ingest: our AMIProtocol (AMIFramer inside) feeding CallTracker.handle."""
    elapsed, count, _ = run_full_calls(chunks)
    return elapsed, count


def run_full_calls(chunks: list[bytes]) -> tuple[float, int, int]:
    """... and the number of calls it finished."""
    tracker = CallTracker(clock=FakeClock())
    count = finished = 0

    def on_message(msg: dict[str, str]) -> None:
        nonlocal count, finished
        count += 1
        for event in handle(msg):
            finished += isinstance(event, CallFinished)

    handle = tracker.handle
    proto = AMIProtocol(on_message)
    proto.connection_made(_Transport())
    feed = proto.data_received
    start = time.perf_counter()
    for chunk in chunks:
        feed(chunk)
    elapsed = time.perf_counter() - start
    finished += sum(isinstance(e, CallFinished) for e in tracker.flush())
    return elapsed, count, finished


class _Transport:
    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass

    def is_closing(self) -> bool:
        return False


class _Factory:
    """What panoramisk's protocol calls back into (its Manager), doing nothing."""

    forgetable_actions = ()
    awaiting_actions: list[object] = []

    def dispatch(self, message: object) -> None:
        pass

    def connection_lost(self, exc: object) -> None:
        pass


def run_bare(chunks: list[bytes]) -> float:
    proto = BareProtocol()
    proto.connection_made(_Transport())
    proto.factory, proto.encoding = _Factory(), "utf-8"
    feed = proto.data_received
    start = time.perf_counter()
    for chunk in chunks:
        feed(chunk)
    return time.perf_counter() - start


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def load_traffic(ids: IdAllocator):  # type: ignore[no-untyped-def]
    """Endless encoded calls (answered / missed / busy / queue), fresh ids each."""
    names = ("inbound-answered", "inbound-missed", "inbound-busy", "queue-answered")
    for i in itertools.count():
        scenario = load(names[i % len(names)])
        _values, messages = scenario.render(
            ids, {"caller": f"050{i % 10_000_000:07d}", "ext": "101"}
        )
        batch = [encode_message(m) for _t, m in messages]
        yield len(batch), b"".join(batch)


def run_memory(events: int) -> tuple[int, int, float]:
    framer, tracker = AMIFramer(), CallTracker(clock=FakeClock())
    traffic = load_traffic(IdAllocator(1_800_000_000))
    fed = 0

    def feed(limit: int) -> None:
        nonlocal fed
        while fed < limit:
            count, data = next(traffic)
            for i in range(0, len(data), CHUNK):
                for msg in framer.feed(data[i : i + CHUNK]):
                    tracker.handle(msg)
            fed += count

    feed(50_000)  # warm-up: caches, interned strings, tracker steady state
    gc.collect()
    before = rss_bytes()
    start = time.perf_counter()
    feed(50_000 + events)
    elapsed = time.perf_counter() - start
    gc.collect()
    return before, rss_bytes(), elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--load-events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="best of N timings")
    parser.add_argument("--quick", action="store_true", help="small sizes (seconds), for CI")
    args = parser.parse_args(argv)
    if args.quick:
        args.messages, args.load_events, args.rounds = 20_000, 50_000, 1
    logging.disable(logging.WARNING)
    asyncio.set_event_loop(asyncio.new_event_loop())  # panoramisk objects want a loop
    data, count = transcript_stream(args.messages)  # count: every message, responses too
    chunks = chunks_of(data)
    full = bare = float("inf")
    for _ in range(args.rounds):  # interleaved, best of N: a busy machine hurts both alike
        full = min(full, run_full(chunks)[0])
        bare = min(bare, run_bare(chunks))
    print(f"transcript replay: {count} messages in {len(chunks)} reads of {CHUNK} B")
    print(f"  ringside full path (framer + tracker): {count / full:>10,.0f} msg/s")
    print(f"  panoramisk bare AMIProtocol parse:     {count / bare:>10,.0f} msg/s")
    print(f"  ratio full/bare: {bare / full:.2f} (target >= 1.0)")
    fp_ratio = freepbx(args.messages, args.rounds)
    if args.load_events:
        before, after, elapsed = run_memory(args.load_events)
        growth = (after - before) / 1e6
        print(
            f"load traffic: {args.load_events:,} events in {elapsed:.1f} s ({args.load_events / elapsed:,.0f} ev/s)"
        )
        print(
            f"  RSS {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB: growth {growth:.1f} MB (target < 10 MB)"
        )
    ok = bare / full >= 1.0 and fp_ratio >= 2.0
    ok = ok and (not args.load_events or (after - before) < 10e6)
    return 0 if ok else 1


def freepbx(messages: int, rounds: int) -> float:
    raw, small, calls = freepbx_streams(messages)
    raw_chunks, small_chunks = chunks_of(raw), chunks_of(small)
    full = lean = bare = float("inf")
    for _ in range(rounds):  # interleaved, best of N
        full = min(full, run_full_calls(raw_chunks)[0])
        lean = min(lean, run_full_calls(small_chunks)[0])
        bare = min(bare, run_bare(raw_chunks))
    _, n_full, done_full = run_full_calls(raw_chunks)
    _, n_lean, done_lean = run_full_calls(small_chunks)
    captures = len(list(FREEPBX.glob("F*.ami")))
    print(f"FreePBX replay: {calls:,} calls ({captures} captures repeated)")
    rows = [
        ("ringside, no Filter", n_full, len(raw), full, done_full),
        ("ringside, with Filter", n_lean, len(small), lean, done_lean),
        ("panoramisk bare parse, no Filter", n_full, len(raw), bare, calls),
    ]
    for label, n, size, secs, done in rows:
        print(
            f"  {label:34s} {n / calls:7.1f} msg/call {size / calls / 1e3:7.1f} KB/call"
            f" {n / secs:>10,.0f} msg/s {calls / secs:>8,.0f} calls/s"
            f" {secs / calls * 1e6:8.1f} us CPU/call  ({done:,} calls finished)"
        )
    ratio = bare / lean
    print(f"  ratio calls/s with Filter / panoramisk without: {ratio:.2f} (target >= 2.0)")
    print(f"  ratio calls/s without Filter / panoramisk without: {bare / full:.2f}")
    return ratio


if __name__ == "__main__":
    sys.exit(main())
