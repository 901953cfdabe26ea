"""The listen audit: the project's core.history store by default, the fallback table, filters."""

from __future__ import annotations

from pathlib import Path

import httpx

from gateway.recordings import SqliteListenLog
from gateway.recordings.service import default_listen_log
from tests.fakes.recordings import TOKEN, LiveServer, app_for, make_wav, settings_for


def test_default_store_is_core_history(tmp_path: Path) -> None:
    from core.history.listens import ListenLog

    store = default_listen_log(settings_for(tmp_path))
    assert isinstance(store, ListenLog)
    store.close()


def test_fallback_log_filters(tmp_path: Path) -> None:
    ticks = iter(range(100, 200))
    store = SqliteListenLog(tmp_path / "l.sqlite3", clock=lambda: float(next(ticks)))
    store.log_listen("anna", "c1", "c1.wav", "signed-link")
    store.log_listen("boris", "c2", "c2.wav", "get_record_local")
    store.log_listen("anna", "c2", "c2.wav", "signed-link")
    assert [e["call_id"] for e in store.search_listens(who="anna")] == ["c2", "c1"]
    assert [e["who"] for e in store.search_listens(source="get_record_local")] == ["boris"]
    assert [e["at"] for e in store.search_listens(since=101, until=102)] == [101.0]
    store.close()


def test_router_logs_to_an_injected_store_and_filters(tmp_path: Path) -> None:
    make_wav(tmp_path / "monitor" / "a.wav", 0.3)
    store = SqliteListenLog(tmp_path / "injected.sqlite3")
    settings = settings_for(tmp_path)
    server = LiveServer(app_for(settings, listens=store)).start()
    try:
        headers = {"Authorization": f"Bearer {TOKEN}", "X-Ringside-User": "olga"}
        link = httpx.post(f"{server.url}/recordings/link", json={"call_id": "a"}, headers=headers)
        assert link.status_code == 404  # no CDR row for it: links are only for indexed calls
        from core.signing.links import sign_link

        url = f"{server.url}/recordings/file/a.wav?exp=4000000000&sig={sign_link('a.wav', 4000000000, settings.link_key)}"
        assert httpx.get(url).status_code == 200
        assert [e["recording"] for e in store.search_listens()] == ["a.wav"]
        got = httpx.get(
            f"{server.url}/recordings/listens", params={"source": "signed-link"}, headers=headers
        )
        assert [e["recording"] for e in got.json()["items"]] == ["a.wav"]
        none = httpx.get(
            f"{server.url}/recordings/listens", params={"source": "storage-link"}, headers=headers
        )
        assert none.json()["items"] == []
        bad = httpx.get(
            f"{server.url}/recordings/listens", params={"since": "yesterday"}, headers=headers
        )
        assert bad.status_code == 400
    finally:
        server.stop()
