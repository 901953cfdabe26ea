"""Benchmark: address-book lookup latency with 100 000 contacts (indexed E.164 / tail digits).

Run: ``.venv/bin/python benchmarks/crm_lookup.py``. Prints median and p99 per lookup
for exact (E.164), national-format and last-7-digit queries, plus the import rate.
``--quick``: 2 000 contacts and 200 queries (CI: proves the benchmark still runs).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from core.crm.addressbook import AddressBook, ContactDraft

CONTACTS = 100_000
QUERIES = 2_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=CONTACTS)
    parser.add_argument("--queries", type=int, default=QUERIES)
    parser.add_argument("--quick", action="store_true", help="small sizes, seconds (CI)")
    args = parser.parse_args(argv)
    contacts, queries = (2_000, 200) if args.quick else (args.contacts, args.queries)
    rng = random.Random(7)
    numbers = [f"+79{rng.randrange(10**9):09d}" for _ in range(contacts)]
    with tempfile.TemporaryDirectory() as folder:
        book = AddressBook(Path(folder) / "bench.sqlite3")
        started = time.perf_counter()
        book.add_many(ContactDraft(name=f"Клиент {i}", phones=[n]) for i, n in enumerate(numbers))
        imported = time.perf_counter() - started
        print(f"import: {contacts} contacts in {imported:.1f} s ({contacts / imported:,.0f}/s)")
        shapes = {
            "e164": lambda n: n,
            "national 8 (9xx) ...": lambda n: f"8 ({n[2:5]}) {n[5:8]}-{n[8:10]}-{n[10:]}",
            "last 7 digits": lambda n: n[-7:],
        }
        for label, shape in shapes.items():
            timings = []
            for number in rng.sample(numbers, min(queries, contacts)):
                t0 = time.perf_counter()
                found = book.find_by_number(shape(number))
                timings.append((time.perf_counter() - t0) * 1000)
                if not found:
                    print(f"MISS {label}: {number}")
                    return 1
            timings.sort()
            print(
                f"{label:>22}: median {statistics.median(timings):.3f} ms, "
                f"p99 {timings[int(len(timings) * 0.99)]:.3f} ms"
            )
        book.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
