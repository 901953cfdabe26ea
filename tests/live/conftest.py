"""Fixtures of the live groups: one real Asterisk lab per pytest session, and Ringside listening.

These tests run only inside the namespace made by ``python -m tests.live.run``
(``RINGSIDE_LIVE_NS=1``); anywhere else they are deselected, so a plain ``pytest``
never touches fixed ports. The terminal summary logs the Asterisk version and how
many lab scenarios were driven.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live.lab import SUMMARY, Lab
from tests.live.listen import Listeners

INSIDE = os.environ.get("RINGSIDE_LIVE_NS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    live = [i for i in items if here in Path(str(i.fspath)).parents]
    for item in live:
        item.add_marker(pytest.mark.live)
    if INSIDE:
        return
    if live:
        config.hook.pytest_deselected(items=live)
        items[:] = [i for i in items if i not in live]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not INSIDE or SUMMARY["version"] is None:
        return
    driven = SUMMARY["driven"]
    assert isinstance(driven, list)
    terminalreporter.write_line(
        f"live lab: {SUMMARY['version']}; {len(driven)} scenario runs driven: {' '.join(driven)}"
    )


def lab_session(work: Path) -> Lab:
    lab = Lab(work)
    lab.setup()
    lab.start()
    lab.phones("start")
    lab.wait_registered()
    SUMMARY["version"] = lab.version()
    return lab


@pytest.fixture(scope="session")
def work() -> Path:
    path = Path(os.environ.get("RINGSIDE_LIVE_DIR", "/tmp")) / "session"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def lab(work: Path) -> Iterator[Lab]:
    lab = lab_session(work)
    try:
        yield lab
    finally:
        lab.kill_everything()


@pytest.fixture(scope="session")
def listeners(lab: Lab, work: Path) -> Iterator[Listeners]:
    group = Listeners(work / "listeners")
    try:
        yield group
    finally:
        group.stop()
