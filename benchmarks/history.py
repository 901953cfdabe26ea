"""Call-history search speed over a large log (target: p99 < 50 ms at 1M rows).

Fills a fresh SQLite file with ROWS calls (default 1,000,000; one transaction,
``executemany``), then times searches the history window makes: by a number's
tail (4 and 7 digits), by a full number typed in another shape, by name
prefix, each with and without the operator's extension filter, and the
missed-call badge count. Prints p50/p99 in milliseconds per kind.

    python benchmarks/history.py [--rows N] [--queries N] [--keep PATH]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from core.calls.events import Direction, Outcome
from core.history.calls import CallHistory, HistoryEntry

FIRST = (
    "Иван",
    "Пётр",
    "Анна",
    "Мария",
    "Олег",
    "Сергей",
    "Елена",
    "Ольга",
    "John",
    "Maria",
    "Алексей",
    "Наталья",
    "Дмитрий",
    "Татьяна",
    "Андрей",
    "Светлана",
)
LAST = (
    "Иванов",
    "Петров",
    "Сидоров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Miller",
    "Wilson",
)
OUTCOMES = (
    Outcome.ANSWERED,
    Outcome.ANSWERED,
    Outcome.ANSWERED,
    Outcome.MISSED,
    Outcome.ANSWERED_ELSEWHERE,
    Outcome.BUSY,
)


def make_entries(rows: int, rng: random.Random) -> Iterator[HistoryEntry]:
    start = 1_700_000_000.0
    for i in range(rows):
        number = f"+79{rng.randrange(10**9):09d}"
        outcome = rng.choice(OUTCOMES)
        direction = Direction.OUTBOUND if i % 3 == 0 else Direction.INBOUND
        missed = outcome == Outcome.MISSED and direction is Direction.INBOUND
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.7 else None
        yield HistoryEntry(
            call_id=f"1700000000.{i}",
            extension=str(100 + i % 50),
            direction=direction,
            remote_number=number if i % 2 else "8" + number[2:],
            remote_e164=number,
            remote_name=name,
            contact_id=None,
            did=None,
            queue=None,
            started_at=start + i * 30.0,
            answered_at=None,
            ended_at=start + i * 30.0 + 60,
            outcome=str(outcome),
            talk_seconds=50.0,
            wait_seconds=10.0,
            recording=None,
            note=None,
            disposition=None,
            seen=not missed or rng.random() < 0.9,
            missed=missed,
        )


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, int]:
    times: list[float] = []
    found = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
        found += len(result) if isinstance(result, list) else 1
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return statistics.median(times), p99, found // runs


def build_cases(history: CallHistory, rng: random.Random) -> dict[str, Callable[[], object]]:
    """The searches to time, with numbers and names taken from the stored rows."""
    sample = history.search(limit=5000)
    numbers = [e.remote_e164 or "" for e in sample]
    names = [n for e in sample if (n := e.remote_name)]

    def pick(seq: list[str]) -> str:
        return seq[rng.randrange(len(seq))]

    return {
        "number tail 4 digits": lambda: history.search(pick(numbers)[-4:]),
        "number tail 7 digits": lambda: history.search(pick(numbers)[-7:]),
        "number typed 8 9xx ...": lambda: history.search("8 " + pick(numbers)[2:]),
        "number + extension": lambda: history.search(pick(numbers)[-7:], extension="101"),
        "name prefix (last name)": lambda: history.search(pick(names).split()[1][:5]),
        "first + last name": lambda: history.search(pick(names)),
        "name + extension": lambda: history.search(pick(names), extension="101"),
        "recent list (extension)": lambda: history.search(extension="101"),
        "missed only (extension)": lambda: history.search(missed_only=True, extension="101"),
        "unseen missed badge": lambda: history.count_unseen_missed("101"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    parser.add_argument("--quick", action="store_true", help="small sizes, seconds (CI)")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.queries = 5_000, 20
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "history.db"
        history = CallHistory(path)
        t0 = time.perf_counter()
        history.import_entries(make_entries(args.rows, rng))
        print(f"filled {args.rows:,} rows in {time.perf_counter() - t0:.1f} s", flush=True)
        cases = build_cases(history, rng)
        worst = 0.0
        print(f"{'query':28} {'p50 ms':>8} {'p99 ms':>8} {'rows':>6}")
        for label, fn in cases.items():
            p50, p99, found = timed(fn, args.queries)
            worst = max(worst, p99)
            print(f"{label:28} {p50:8.2f} {p99:8.2f} {found:6d}", flush=True)
        history.close()
    verdict = "OK" if worst < 50 else "SLOW"
    print(f"worst p99 {worst:.2f} ms (target < 50 ms): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
