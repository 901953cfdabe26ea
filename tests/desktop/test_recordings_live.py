"""The recordings window: the demo's real gateway (uvicorn on 127.0.0.1) and the Live tab.

The demo environment starts ``gateway.recordings`` over its recordings folder;
the browser searches it and plays signed links; history playback uses a signed
link too. A supervisor's Live tab lists the current calls and Listen makes the
simulator receive a ChanSpy Originate to the supervisor's own phone.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from core.recordings.client import RecordingsClient
from core.service import ConnectionState
from desktop.app import RingsideApp
from desktop.demo import DemoEnvironment
from tests.fakes.desktop import FAST, AsyncRunner


def test_demo_gateway_browser_finds_and_links_the_demo_calls(
    aloop: AsyncRunner, tmp_path: Path
) -> None:
    demo = DemoEnvironment(tmp_path, interval=0.2, speed=6.0)
    service = aloop.run(demo.start())
    api = RecordingsClient(demo.gateway.url, demo.gateway.token, who="101")
    ui = RingsideApp(service, asyncio.Event(), use_tray=False, recordings_dir=demo.recordings_dir,
                     recordings_api=api, supervisor=True)  # fmt: skip
    try:
        aloop.run(service.start())
        aloop.until(lambda: service.connection.state is ConnectionState.READY, what="login")
        aloop.run(aloop.call(demo.sim.play, "inbound-answered", speed=8.0).wait())
        assert service.history is not None
        entry = aloop.until(lambda: [e for e in service.history.search(extension="101") if e.recording],
                            what="a recorded call in history")[0]  # fmt: skip
        aloop.until(lambda: (demo.recordings_dir / entry.recording).exists(), what="the file")
        aloop.call(ui.show_recordings)
        window = aloop.until(lambda: ui.windows.get("recordings"), what="the window")
        browser = window.browser
        assert window.hint_text == ""  # the gateway is configured: no hint
        assert window.tabText(1) == "Live"

        async def indexed() -> bool:  # the gateway's watcher polls the CDR once a second
            for _ in range(100):
                page = await api.search(browser.query())
                if any(r.call_id == entry.call_id for r in page.items):
                    return True
                await asyncio.sleep(0.1)
            return False

        assert aloop.run(indexed(), timeout=12.0), "the gateway indexed the demo call"
        aloop.run(browser.search())
        rows = [browser.model.row_at(i) for i in range(browser.model.rowCount())]
        row = next(r for r in rows if r is not None and r.call_id == entry.call_id)
        assert row.recording and row.operator == "101"
        url = aloop.run(browser._url_for(row))
        assert url.startswith(demo.gateway.url)

        async def fetch() -> bytes:
            import httpx

            async with httpx.AsyncClient() as http:
                response = await http.get(url)
            assert response.status_code == 200, response.text
            return response.content

        assert aloop.run(fetch())[:4] == b"RIFF"  # the demo call's WAV through the signed link
        played: list[str] = []
        ui.recordings._open_player = lambda source, title, factory=None: played.append(source)
        aloop.call(ui.recordings.play, entry)
        aloop.until(lambda: played, what="history playback through a signed link")
        assert played[0].startswith(demo.gateway.url)
    finally:
        aloop.run(ui.aclose())
        aloop.run(demo.aclose())


def test_history_playback_without_gateway_uses_the_local_folder(aloop: AsyncRunner, make_stack: Any,
                                                               tmp_path: Path) -> None:  # fmt: skip
    s = make_stack()
    s.ui.recordings.recordings_dir = tmp_path
    played: list[str] = []
    s.ui.recordings._open_player = lambda source, title, factory=None: played.append(source)
    entry = type("Entry", (), {"recording": "1.wav", "remote_number": "", "call_id": "1"})()
    notes: list[str] = []
    s.ui.notify = notes.append  # type: ignore[method-assign]
    s.ui.recordings.play(entry)  # not on this computer, and no gateway: say one is needed
    assert played == [] and "a recordings gateway is needed" in notes[-1]
    (tmp_path / "1.wav").write_bytes(b"RIFF")
    s.ui.recordings.play(entry)
    assert played == [str(tmp_path / "1.wav")]


def test_live_tab_listen_sends_chanspy_for_the_operators_call(make_stack: Any) -> None:
    s = make_stack(extension="200")
    s.ui.recordings.supervisor = True
    s.aloop.call(s.sim.play, "inbound-answered", pause_after="BridgeEnter#2", speed=FAST)
    s.aloop.until(lambda: s.service.active_calls() and s.service.active_calls()[0].answered_by,
                  what="an answered call")  # fmt: skip
    s.aloop.call(s.ui.show_recordings)
    window = s.aloop.until(lambda: s.ui.windows.get("recordings"), what="the window")
    window.setCurrentIndex(1)
    live = window.live
    s.aloop.until(lambda: live.rows, what="the call in the Live tab")
    assert live.table.item(0, 0).text() == "101"
    assert not live.buttons["listen"].isEnabled()  # nothing selected yet
    live.table.selectRow(0)
    live.buttons["listen"].click()
    originate = s.aloop.until(lambda: s.sim.actions_named("Originate"), what="Originate")[0]
    assert originate["Application"] == "ChanSpy"
    assert originate["Data"] == "PJSIP/101,qE"
    assert originate["Channel"] == "PJSIP/200"


def test_live_tab_is_only_for_supervisors(make_stack: Any) -> None:
    s = make_stack()
    s.aloop.call(s.ui.show_recordings)
    window = s.aloop.until(lambda: s.ui.windows.get("recordings"), what="the window")
    assert window.count() == 1 and not hasattr(window, "live")
