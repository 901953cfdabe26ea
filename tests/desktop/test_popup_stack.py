"""The popup stack: capped, older cards folded into "N more", after-call cards close, no overlap.

Offscreen with real popups, and on a real X server (Xvfb, 1280x1000, with the
openbox window manager when installed) in a child process, where the window
manager places real windows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from core.calls.events import CallAnswered, CallEnded, CallRinging, CallSnapshot, Direction, Outcome
from core.settings import PopupSettings
from desktop.ui.popup_stack import PopupActions, PopupManager

REPO = Path(__file__).resolve().parents[2]


def _call(n: int) -> CallSnapshot:
    return CallSnapshot(call_id=f"c{n}", direction=Direction.INBOUND, remote_number=f"+7916000000{n}",
                        remote_name=None, started_at=float(n))  # fmt: skip


def _after_call(manager: PopupManager, n: int) -> None:
    call = _call(n)
    manager.on_call_event(CallRinging(call, "101"))
    manager.on_call_event(CallAnswered(call, "101", by="101"))
    manager.on_call_event(CallEnded(call, "101", outcome=Outcome.ANSWERED))


def _geometries(manager: PopupManager) -> list[Any]:
    shown = [p for p in manager.popups.values() if p.isVisible()]
    return [p.frameGeometry() for p in shown] + (
        [manager.more.frameGeometry()] if manager.more.isVisible() else []
    )


def _no_overlap(rects: list[Any]) -> bool:
    return all(not a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


@pytest.fixture
def manager(qapp: Any) -> Iterator[PopupManager]:
    noop = lambda *_a: None  # noqa: E731
    m = PopupManager("101", PopupActions(open_url=noop, call_back=noop, save_note=noop),
                     PopupSettings(auto_close_seconds=0))  # fmt: skip
    yield m
    m.close_all()


def test_five_after_call_cards_show_three_and_a_more_line(manager: PopupManager) -> None:
    opened: list[str] = []
    manager.on_more = lambda: opened.append("history")
    for n in range(5):
        _after_call(manager, n)
    shown = [cid for cid, p in manager.popups.items() if p.isVisible()]
    # the newest ones, at most three, as many as fit (the offscreen screen is 600 px high)
    assert 2 <= len(shown) <= PopupManager.MAX_SHOWN
    assert shown == [f"c{n}" for n in range(5 - len(shown), 5)]
    assert manager.collapsed == [f"c{n}" for n in reversed(range(5 - len(shown)))]
    assert manager.more.isVisible()
    assert manager.more.text().startswith(f"{len(manager.collapsed)} more")
    assert _no_overlap(_geometries(manager))
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert all(area.contains(r) for r in _geometries(manager))
    manager.more.click()
    assert opened == ["history"]


def test_a_ringing_call_is_never_folded_behind_after_call_cards(manager: PopupManager) -> None:
    for n in range(4):
        _after_call(manager, n)
    manager.on_call_event(CallRinging(_call(9), "101"))
    assert manager.popups["c9"].isVisible()
    assert "c9" not in manager.collapsed
    before = [cid for cid, p in manager.popups.items() if p.isVisible()]
    assert before[-1] == "c9" and manager.collapsed[0] == before[0][:1] + str(
        int(before[0][1:]) - 1
    )
    manager.popups["c3"].dismiss()  # one closes: the newest folded one comes back
    after = [cid for cid, p in manager.popups.items() if p.isVisible()]
    assert "c3" not in after and len(after) == len(before)
    assert _no_overlap(_geometries(manager))


def test_after_call_cards_close_after_the_default(qapp: Any) -> None:
    assert PopupSettings().auto_close_seconds == 60  # was 0: cards piled up forever


# ------------------------------------------------------------ a real X server

PROBE = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from core.calls.events import CallAnswered, CallEnded, CallRinging, CallSnapshot, Direction, Outcome
from core.settings import PopupSettings
from desktop.ui.popup_stack import PopupActions, PopupManager
noop = lambda *a: None
m = PopupManager("101", PopupActions(open_url=noop, call_back=noop, save_note=noop),
                 PopupSettings(auto_close_seconds=0))
for n in range(int(sys.argv[1])):
    call = CallSnapshot(call_id=f"c{n}", direction=Direction.INBOUND,
                        remote_number=f"+7916000000{n}", remote_name=None, started_at=float(n))
    m.on_call_event(CallRinging(call, "101"))
    m.on_call_event(CallAnswered(call, "101", by="101"))
    m.on_call_event(CallEnded(call, "101", outcome=Outcome.ANSWERED))
end = time.monotonic() + 1.5
while time.monotonic() < end:  # let the window manager map and place the windows
    app.processEvents()
    time.sleep(0.02)
widgets = [p for p in m.popups.values() if p.isVisible()] + ([m.more] if m.more.isVisible() else [])
rects = [w.frameGeometry().getRect() for w in widgets]
area = app.primaryScreen().availableGeometry().getRect()
print(json.dumps({"rects": rects, "area": area, "collapsed": m.collapsed}))
"""


def test_on_a_1000px_x11_screen_cards_never_overlap(x_display: str) -> None:
    env = dict(os.environ, DISPLAY=x_display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", PROBE, "6"], env=env, capture_output=True,
                         text=True, timeout=60, cwd=REPO)  # fmt: skip
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    ax, ay, aw, ah = result["area"]
    rects = [tuple(r) for r in result["rects"]]
    assert len(rects) == 4 and result["collapsed"] == ["c2", "c1", "c0"]  # 3 cards + "3 more"
    for i, (x, y, w, h) in enumerate(rects):
        assert ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah, (
            rects,
            result["area"],
        )
        for x2, y2, w2, h2 in rects[i + 1 :]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, rects
