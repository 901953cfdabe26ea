"""Every benchmark still runs: ``benchmarks/*.py --quick`` exits 0 and prints its figures.

The benchmarks are discovered by glob, so a new one is covered the day it is added.
Figures are printed, never asserted (timings are not a test); what is checked is
that the script runs to the end and reports numbers.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import REPO

BENCHMARKS = sorted((REPO / "benchmarks").glob("*.py"))
QUICK_LIMIT = 100  # seconds per benchmark; a hang fails instead of stalling CI
FIGURE = re.compile(r"\d+(\.\d+)?\s*(ms|s|/s|MB|req/s|x|%)\b|\d[\d,]*\s*/s")


def test_benchmarks_are_found() -> None:
    assert len(BENCHMARKS) >= 6, BENCHMARKS


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda p: p.stem)
def test_benchmark_quick_mode_runs(script: Path, tmp_path: Path) -> None:
    if "--quick" not in script.read_text(encoding="utf-8"):
        pytest.skip(f"{script.name} has no --quick mode yet")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO),
        "RINGSIDE_DATA_DIR": str(tmp_path / "data"),
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, str(script), "--quick"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=QUICK_LIMIT,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, (
        f"{script.name} --quick exited {done.returncode}:\n{output[-3000:]}"
    )
    assert FIGURE.search(done.stdout), f"{script.name} printed no figures:\n{done.stdout[-3000:]}"
