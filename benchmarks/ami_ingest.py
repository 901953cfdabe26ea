"""Benchmark the AMI ingest path and its memory over load traffic.

1. Replays every captured transcript (../shared/ami-transcripts/*.ami, repeated
   to ~200k messages, cut into 4 KiB "TCP reads") through Ringside's full ingest
   path (bytes -> core.ami.protocol.AMIProtocol/AMIFramer -> CallTracker.handle) and through panoramisk 1.4's
   bare ``AMIProtocol.data_received`` parse, and prints both rates and the ratio
   (target >= 1.0: the whole path at least as fast as panoramisk's parse alone).
2. Feeds 1M events of simulated load traffic (fresh calls rendered from the
   simulator's scenarios) through the same path and prints the RSS growth
   (target < 10 MB: ended calls are evicted).

Run: ``.venv/bin/python benchmarks/ami_ingest.py [--messages N] [--load-events N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import logging
import os
import sys
import time
from pathlib import Path

from panoramisk.ami_protocol import AMIProtocol as BareProtocol

from core.ami.codec import AMIFramer, encode_message
from core.ami.protocol import AMIProtocol
from core.calls.tracker import CallTracker
from core.sim.scenarios import IdAllocator, load

TRANSCRIPTS = Path(__file__).resolve().parents[1] / ".." / "shared" / "ami-transcripts"
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


def chunks_of(data: bytes) -> list[bytes]:
    return [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)]


def run_full(chunks: list[bytes]) -> tuple[float, int]:
    """Ringside's ingest: our AMIProtocol (AMIFramer inside) feeding CallTracker.handle."""
    tracker = CallTracker(clock=FakeClock())
    count = 0

    def on_message(msg: dict[str, str]) -> None:
        nonlocal count
        count += 1
        handle(msg)

    handle = tracker.handle
    proto = AMIProtocol(on_message)
    proto.connection_made(_Transport())
    feed = proto.data_received
    start = time.perf_counter()
    for chunk in chunks:
        feed(chunk)
    return time.perf_counter() - start, count


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
    args = parser.parse_args(argv)
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
    if args.load_events:
        before, after, elapsed = run_memory(args.load_events)
        growth = (after - before) / 1e6
        print(
            f"load traffic: {args.load_events:,} events in {elapsed:.1f} s ({args.load_events / elapsed:,.0f} ev/s)"
        )
        print(
            f"  RSS {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB: growth {growth:.1f} MB (target < 10 MB)"
        )
    ok = bare / full >= 1.0 and (not args.load_events or (after - before) < 10e6)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
