"""Tray states in words and one colour-blind-safe palette; the fallback panel without a tray.

The panel remembers its place, is not always on top, shows long errors whole,
and closing it asks "quit or keep running". Offscreen, plus a real X server
with a window manager for the remembered place.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from desktop.tray import (
    ICONS_DIR,
    PALETTE,
    STATES,
    TrayActions,
    TrayController,
    TrayPanel,
    TrayView,
)

REPO = Path(__file__).resolve().parents[2]


def _actions(log: list[Any]) -> TrayActions:
    return TrayActions(*(lambda *a, n=n: log.append(n) for n in
                         ("dial", "history", "recordings", "dnd", "pause", "settings", "quit")))  # fmt: skip


def _luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_one_palette_drives_the_icons_and_every_state_has_its_own_colour() -> None:
    assert set(PALETTE) == set(STATES)
    assert len(set(PALETTE.values())) == len(PALETTE)
    for state, color in PALETTE.items():
        svg = (ICONS_DIR / f"tray-{state}.svg").read_text("utf-8")
        fills = re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{6})"', svg)
        assert color.upper() in {f.upper() for f in fills}, (state, fills)
    # the guide's old clash: "in a call" was red and DND purple; DND is the vermillion "stop" now
    assert PALETTE["dnd"] == "#D55E00" and PALETTE["incall"] != PALETTE["dnd"]


def test_dnd_is_never_called_ready_and_an_outage_says_since_when(qapp: Any) -> None:
    view = TrayView(state="ready", dnd=True)
    assert view.icon_state == "dnd" and view.status_text() == "Do not disturb"
    since = time.mktime((2026, 12, 4, 12, 3, 0, 0, 0, -1))
    away = TrayView(
        state="connecting", detail="PBX unreachable, retrying", since=since, retrying=True
    )
    assert TrayView(state="connecting", since=since).status_text() == "Connecting…"  # the first try
    assert away.status_text() == "PBX unreachable since 12:03, retrying"
    assert away.icon_state == "connecting"  # the amber icon
    assert "12:03" in away.tooltip()


def test_panel_is_a_normal_window_and_shows_long_errors_whole(qapp: Any, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "panel.ini"), QSettings.Format.IniFormat)
    panel = TrayPanel(_actions([]), settings=settings)
    try:
        assert not panel.windowFlags() & panel.windowFlags().WindowStaysOnTopHint
        panel.show()
        short = panel.height()
        long = "Cannot connect: " + "the PBX at pbx.example.com:5038 refused the connection. " * 4
        panel.show_detail(long)
        assert panel.detail_label.text() == long
        assert panel.height() > short  # grew: no line is cut
        assert panel.detail_label.height() >= panel.detail_label.heightForWidth(
            panel.detail_label.width()
        )
        panel.set_view(
            TrayView(state="connecting", detail="refused", since=time.time(), retrying=True)
        )
        assert panel.status_label.text().startswith("PBX unreachable since")
        assert "color: #9A5B00" in panel.status_label.styleSheet()  # amber, in words too
    finally:
        panel.shutdown()


def test_closing_the_panel_asks_quit_or_keep_running(qapp: Any, tmp_path: Path) -> None:
    log: list[Any] = []
    settings = QSettings(str(tmp_path / "panel.ini"), QSettings.Format.IniFormat)
    controller = TrayController(_actions(log), use_tray=False)
    panel = controller.panel
    assert panel is not None
    panel.place = settings
    controller.show()
    answers = iter(["cancel", "keep", "quit"])
    panel.ask_on_close = lambda: next(answers)
    panel.close()
    assert panel.isVisible() and log == []  # cancel: nothing happens
    panel.close()
    assert panel.isVisible() and panel.isMinimized() and log == []  # keep running: still reachable
    panel.showNormal()
    panel.close()
    assert log == ["quit"]
    controller.hide()  # Quit hides it without asking again
    assert not panel.isVisible()


PROBE = r"""
import json, sys, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from desktop.tray import TrayActions, TrayPanel
noop = lambda *a: None
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
panel = TrayPanel(TrayActions(noop, noop, noop, noop, noop, noop, noop), settings=settings)
panel.show()
def pump(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(); time.sleep(0.02)
pump(1.0)
if sys.argv[1] == "move":
    panel.move(333, 222)
    pump(1.0)
print(json.dumps(panel.frameGeometry().topLeft().toTuple()))
panel.shutdown()
"""


def test_panel_remembers_its_place_on_x11(x_display: str, tmp_path: Path) -> None:
    env = dict(os.environ, DISPLAY=x_display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(REPO))
    ini = str(tmp_path / "panel.ini")

    def run(mode: str) -> tuple[int, int]:
        out = subprocess.run([sys.executable, "-c", PROBE, mode, ini], env=env, capture_output=True,
                             text=True, timeout=60, cwd=REPO)  # fmt: skip
        assert out.returncode == 0, out.stderr
        return tuple(json.loads(out.stdout.strip().splitlines()[-1]))  # type: ignore[return-value]

    moved = run("move")
    assert abs(moved[0] - 333) <= 2 and abs(moved[1] - 222) <= 40  # the WM may add its title bar
    again = run("stay")  # the next start: where the operator left it, not centred
    assert abs(again[0] - moved[0]) <= 2 and abs(again[1] - moved[1]) <= 40, (moved, again)


def test_a_pbx_restart_shows_amber_unreachable_since_then_ready(make_stack: Any) -> None:
    s = make_stack()
    lost = time.time()
    s.aloop.run(s.sim.stop(keep_calls=True))
    s.aloop.until(lambda: s.ui.tray.view.retrying, timeout=10, what="the outage")
    view = s.ui.tray.view
    assert view.icon_state == "connecting"  # amber, not the grey "disconnected"
    assert view.since is not None and lost - 1 <= view.since <= time.time()
    assert view.status_text() == time.strftime(
        "PBX unreachable since %H:%M, retrying", time.localtime(view.since)
    )
    first = view.since
    s.aloop.run(asyncio.sleep(1.5))  # retries alternate connecting / disconnected: the time stays
    assert s.ui.tray.view.since == first
    s.aloop.run(s.sim.start())
    s.aloop.until(lambda: s.ui.tray.view.state == "ready", timeout=40, what="logged in again")
    assert s.ui.tray.view.status_text() == "Ready" and s.ui.tray.view.since is None


def test_closing_a_window_gives_memory_back(make_stack: Any) -> None:
    from desktop import memory

    calls: list[bool] = []
    real = memory.release_memory
    s = make_stack()
    s.aloop.call(s.ui.show_history)
    window = s.ui.windows["history"]
    import desktop.app as app_module

    app_module.release_memory = lambda: calls.append(real()) or True  # type: ignore[assignment]
    try:
        window.close()
        s.aloop.until(lambda: "history" not in s.ui.windows, what="the window freed")
        s.aloop.until(lambda: calls, timeout=3, what="the memory given back")
    finally:
        app_module.release_memory = real
    assert len(calls) == 1  # once per closed window, not on a timer
    assert memory._malloc_trim() is not None or not sys.platform.startswith("linux")  # glibc
