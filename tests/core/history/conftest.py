"""Fixtures for the history stores: temporary database files and call snapshots."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from core.calls.events import CallSnapshot, Direction, Outcome
from core.history.calls import CallHistory


@pytest.fixture
def history_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "history.sqlite3"


@pytest.fixture
def history(history_path: Path) -> Iterator[CallHistory]:
    store = CallHistory(history_path)
    yield store
    store.close()


@pytest.fixture
def snap() -> Callable[..., CallSnapshot]:
    """A CallSnapshot factory with sensible defaults for an inbound call."""

    def make(call_id: str = "1700000000.1", **kw: Any) -> CallSnapshot:
        kw.setdefault("direction", Direction.INBOUND)
        kw.setdefault("remote_number", "+79161234567")
        kw.setdefault("remote_name", None)
        kw.setdefault("started_at", 1_700_000_000.0)
        return CallSnapshot(call_id=call_id, **kw)

    return make


def _ended(
    snapshot: CallSnapshot, extension: str, outcome: Outcome, *, answered: bool
) -> CallSnapshot:
    start = snapshot.started_at
    return replace(
        snapshot,
        answered_at=start + 5 if answered else None,
        ended_at=start + 65,
        outcome=outcome,
        per_extension=((extension, outcome),),
    )


@pytest.fixture
def ended() -> Callable[..., CallSnapshot]:
    """``ended(snapshot, extension, outcome, answered=...)``: the snapshot after the call ended."""
    return _ended
