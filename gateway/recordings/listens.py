"""Who listened to which recording: the interface the router logs through.

The store is ``core.history.listens.ListenLog``; the router codes against the
small ``ListenLog`` protocol here so a test (or another front-end) can inject
its own. ``SqliteListenLog`` is the old name of the gateway's store, kept for
its importers: the same core table, read back as plain dicts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

from core.history import listens as history


class ListenLog(Protocol):
    def log_listen(self, who: str, call_id: str, recording: str, source: str) -> object: ...

    def search_listens(self, **filters: Any) -> Sequence[Any]: ...


def listen_to_json(item: Any) -> dict[str, Any]:
    """A listen record (dataclass, mapping or row) as JSON-ready dict."""
    if isinstance(item, Mapping):
        return dict(item)
    if hasattr(item, "__dataclass_fields__"):
        return {name: getattr(item, name) for name in item.__dataclass_fields__}
    if hasattr(item, "_asdict"):
        return dict(item._asdict())
    return {"value": str(item)}


class SqliteListenLog:
    """``core.history.listens.ListenLog`` with the gateway's old return shapes (row id, dicts)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.store = history.ListenLog(path, clock=clock)

    def log_listen(self, who: str, call_id: str, recording: str, source: str) -> int:
        return self.store.log_listen(who, call_id, recording, source).id

    def search_listens(self, **filters: Any) -> list[dict[str, Any]]:
        """The filters of ``core.history.listens.ListenLog.search_listens``."""
        return [asdict(entry) for entry in self.store.search_listens(**filters)]

    def close(self) -> None:
        self.store.close()
