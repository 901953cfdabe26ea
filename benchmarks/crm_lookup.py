"""Benchmark: address-book lookup latency with 100 000 contacts (indexed E.164 / tail digits).

Run: ``.venv/bin/python benchmarks/crm_lookup.py``. Prints median and p99 per lookup
for exact (E.164), national-format and last-7-digit queries, plus the import rate.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from core.crm.addressbook import AddressBook, ContactDraft

CONTACTS = 100_000
QUERIES = 2_000


def main() -> int:
    rng = random.Random(7)
    numbers = [f"+79{rng.randrange(10**9):09d}" for _ in range(CONTACTS)]
    with tempfile.TemporaryDirectory() as folder:
        book = AddressBook(Path(folder) / "bench.sqlite3")
        started = time.perf_counter()
        book.add_many(ContactDraft(name=f"Клиент {i}", phones=[n]) for i, n in enumerate(numbers))
        imported = time.perf_counter() - started
        print(f"import: {CONTACTS} contacts in {imported:.1f} s ({CONTACTS / imported:,.0f}/s)")
        shapes = {
            "e164": lambda n: n,
            "national 8 (9xx) ...": lambda n: f"8 ({n[2:5]}) {n[5:8]}-{n[8:10]}-{n[10:]}",
            "last 7 digits": lambda n: n[-7:],
        }
        for label, shape in shapes.items():
            timings = []
            for number in rng.sample(numbers, QUERIES):
                t0 = time.perf_counter()
                found = book.find_by_number(shape(number))
                timings.append((time.perf_counter() - t0) * 1000)
                if not found:
                    print(f"MISS {label}: {number}")
                    return 1
            timings.sort()
            print(f"{label:>22}: median {statistics.median(timings):.3f} ms, "
                  f"p99 {timings[int(len(timings) * 0.99)]:.3f} ms")
        book.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
