"""Tray look and menu, the demo environment, and a clean quit on Ctrl+C."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from core.service import ConnectionState
from desktop.app import RingsideApp
from desktop.demo import DemoEnvironment
from desktop.tray import STATES, TrayActions, TrayController, TrayView, state_icon
from tests.fakes.desktop import AsyncRunner

REPO = Path(__file__).resolve().parents[2]


def actions(log: list[Any]) -> TrayActions:
    return TrayActions(
        dial=lambda: log.append("dial"), history=lambda: log.append("history"),
        recordings=lambda: log.append("recordings"), set_dnd=lambda on: log.append(("dnd", on)),
        set_paused=lambda on, why: log.append(("pause", on, why)),
        settings=lambda: log.append("settings"), quit=lambda: log.append("quit"),
    )  # fmt: skip


def test_each_state_has_its_own_icon_and_the_badge_changes_it(qapp: Any) -> None:
    images = {s: state_icon(s).pixmap(32, 32).toImage() for s in STATES}
    assert len({img.cacheKey() for img in images.values()}) == len(STATES)
    assert all(not img.isNull() for img in images.values())
    plain = state_icon("ready").pixmap(32, 32).toImage()
    badged = state_icon("ready", missed=3).pixmap(32, 32).toImage()
    assert _pixels(plain) != _pixels(badged)


def _pixels(image: QImage) -> bytes:
    return bytes(image.constBits())[: image.sizeInBytes()]


def test_view_picks_the_icon_and_tooltip() -> None:
    view = TrayView(state="ready", extension="101", dnd=True, missed=2)
    assert view.icon_state == "dnd"
    assert TrayView(state="ringing", dnd=True).icon_state == "ringing"
    assert TrayView(state="failed").icon_state == "disconnected"
    tip = view.tooltip()
    assert "101" in tip and "Do not disturb" in tip and "2 missed" in tip


def test_menu_is_rebuilt_when_it_opens(qapp: Any) -> None:
    log: list[Any] = []
    tray = TrayController(actions(log), use_tray=False)
    tray.update(state="ready", missed=4, paused=True, pause_reason="Lunch")
    tray.menu.aboutToShow.emit()
    texts = [a.text() for a in tray.menu.actions()]
    assert "History (4 missed)" in texts
    assert {"Dial…", "Recordings", "Do not disturb", "Settings", "Quit"} <= set(texts)
    pause = next(a for a in tray.menu.actions() if a.text() == "Pause in queue").menu()
    resume = next(a for a in pause.actions() if a.text() == "Resume queue calls")
    resume.trigger()
    next(a for a in tray.menu.actions() if a.text() == "Do not disturb").trigger()
    next(a for a in tray.menu.actions() if a.text() == "Quit").trigger()
    assert log == [("pause", False, ""), ("dnd", True), "quit"]
    assert tray.panel is not None  # offscreen: no system tray, the fallback window instead
    tray.show()
    assert tray.panel.isVisible()
    # a normal window: always-on-top covered History's buttons (issue 13)
    assert not tray.panel.windowFlags() & tray.panel.windowFlags().WindowStaysOnTopHint
    tray.hide()


def test_demo_pops_a_known_customer_within_seconds(aloop: AsyncRunner, tmp_path: Path) -> None:
    demo = DemoEnvironment(tmp_path, interval=0.5, speed=4.0)
    service = aloop.run(demo.start())
    ui = RingsideApp(service, asyncio.Event(), use_tray=False, open_url=lambda _u: None)
    try:
        aloop.run(service.start())
        aloop.until(lambda: service.connection.state is ConnectionState.READY, what="login")
        aloop.call(demo.start_calls)
        popup = aloop.until(lambda: next(iter(ui.popups.popups.values()), None), timeout=5)
        aloop.until(lambda: popup.contact is not None, timeout=5, what="the demo card")
        assert popup.contact.name == "Олена Коваленко"
        assert sorted(p.name for p in demo.recordings_dir.glob("demo-*.wav"))
        assert service.history is not None
        aloop.until(lambda: service.history.search(extension="101"), timeout=10, what="history")
    finally:
        aloop.run(ui.aclose())
        aloop.run(demo.aclose())


def test_ctrl_c_quits_cleanly(tmp_path: Path) -> None:
    script = (
        "import asyncio, os, signal\n"
        "from desktop.loop import run_app\n"
        "class Running:\n"
        "    async def aclose(self):\n"
        "        print('closed', flush=True)\n"
        "async def setup(quit_event):\n"
        "    asyncio.get_running_loop().call_later(0.2, os.kill, os.getpid(), signal.SIGINT)\n"
        "    return Running()\n"
        "raise SystemExit(run_app(setup))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "closed" in done.stdout
    assert "KeyboardInterrupt" not in done.stderr
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # ours is untouched


def test_recordings_browser_lists_the_demo_recordings(aloop: AsyncRunner, tmp_path: Path) -> None:
    demo = DemoEnvironment(tmp_path, interval=0.2, speed=6.0)
    service = aloop.run(demo.start())
    ui = RingsideApp(service, asyncio.Event(), use_tray=False, recordings_dir=demo.recordings_dir)
    try:
        aloop.run(service.start())
        aloop.until(lambda: service.connection.state is ConnectionState.READY, what="login")
        run = aloop.call(demo.sim.play, "inbound-answered", speed=8.0)
        aloop.run(run.wait())
        assert service.history is not None
        aloop.until(lambda: [e for e in service.history.search(extension="101") if e.recording],
                    what="a recorded call in history")  # fmt: skip
        aloop.call(ui.show_recordings)
        browser = aloop.until(lambda: ui.windows.get("recordings"), what="the browser")
        rows = ui.recordings.local_rows(None)
        assert rows and rows[0].recording
        assert "Settings → Recordings" in browser.hint_text  # how to configure the gateway
        url = ui.recordings.local_url(rows[0])
        aloop.until(lambda: Path(url).exists(), what="the demo recording file")
        assert browser.isVisible()
    finally:
        aloop.run(ui.aclose())
        aloop.run(demo.aclose())
