"""The listen audit: who listened to which recording, searchable, kept across restarts."""

from __future__ import annotations

from pathlib import Path

from core.history.listens import ListenLog


def test_log_and_search_listens(tmp_path: Path) -> None:
    path = tmp_path / "listens.sqlite3"
    log = ListenLog(path, clock=lambda: 500.0)
    first = log.log_listen("101", "c1", "2026/11/22/c1.wav", "desktop")
    assert (first.at, first.who, first.source) == (500.0, "101", "desktop")
    log.log_listen("supervisor", "c1", "2026/11/22/c1.wav", "gateway", at=600.0)
    log.log_listen("supervisor", "c2", "2026/11/22/c2.wav", "link", at=700.0)
    log.close()
    log = ListenLog(path)
    assert [e.call_id for e in log.search_listens(who="supervisor")] == ["c2", "c1"]
    assert [e.who for e in log.search_listens(call_id="c1")] == ["supervisor", "101"]
    assert [e.who for e in log.search_listens(recording="2026/11/22/c1.wav", source="desktop")] == [
        "101"
    ]
    assert [e.at for e in log.search_listens(since=600.0, until=700.0)] == [600.0]
    assert [e.at for e in log.search_listens(limit=1, offset=1)] == [600.0]
    assert log.search_listens(who="nobody") == []
    log.close()
