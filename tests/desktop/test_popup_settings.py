"""The profile's popup behaviour applied: internal calls, after-call auto-close, screen corner.

Against the simulator over real TCP (the after-call popup of an answered call),
with real popups offscreen.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtGui import QGuiApplication

from core.calls.events import CallRinging, CallSnapshot, Direction
from core.settings import PopupSettings
from tests.fakes.desktop import FAST


def _internal_ringing(call_id: str = "int-1") -> CallRinging:
    call = CallSnapshot(call_id=call_id, direction=Direction.INTERNAL, remote_number="102",
                        remote_name="Operator 102", from_extension="102", started_at=1.0)  # fmt: skip
    return CallRinging(call, "101")


def test_internal_calls_pop_only_when_enabled(make_stack: Any) -> None:
    s = make_stack()
    s.ui.popups.on_call_event(_internal_ringing("int-1"))
    assert "int-1" not in s.ui.popups.popups  # default: colleagues' calls do not pop
    s.ui.popups.settings = PopupSettings(show_for_internal=True)
    s.ui.popups.on_call_event(_internal_ringing("int-2"))
    assert s.ui.popups.popups["int-2"].isVisible()


def _after_call_popup(s: Any) -> Any:
    s.aloop.call(s.sim.play, "inbound-answered", speed=FAST)
    popup = s.popup()
    s.aloop.until(lambda: popup.state == "aftercall", timeout=10.0, what="the after-call popup")
    return popup


def test_after_call_popup_closes_after_auto_close_seconds(make_stack: Any) -> None:
    s = make_stack()
    s.ui.popups.settings = PopupSettings(auto_close_seconds=1)
    popup = _after_call_popup(s)
    call_id = next(iter(s.ui.popups.popups))
    s.aloop.until(lambda: call_id not in s.ui.popups.popups, timeout=4.0, what="auto-close")
    assert not popup.isVisible()


def test_after_call_popup_stays_while_a_note_is_typed(make_stack: Any) -> None:
    s = make_stack()
    s.ui.popups.settings = PopupSettings(auto_close_seconds=1)
    popup = _after_call_popup(s)
    popup.note_edit.setPlainText("Wants a call back on Monday")
    s.aloop.run(asyncio.sleep(1.5))
    assert popup.isVisible() and popup.state == "aftercall"


def test_after_call_popup_stays_without_auto_close(make_stack: Any) -> None:
    s = make_stack()
    popup = _after_call_popup(s)
    s.aloop.run(asyncio.sleep(1.2))
    assert popup.isVisible()


def test_popups_stack_from_the_configured_corner(make_stack: Any) -> None:
    s = make_stack()
    area = QGuiApplication.primaryScreen().availableGeometry()
    s.ui.popups.settings = PopupSettings(show_for_internal=True, position="top-left")
    s.ui.popups.on_call_event(_internal_ringing("a"))
    s.ui.popups.on_call_event(_internal_ringing("b"))
    first, second = s.ui.popups.popups["a"], s.ui.popups.popups["b"]
    margin = s.ui.popups.MARGIN
    assert second.pos().x() == area.left() + margin and second.pos().y() == area.top() + margin
    assert first.pos().y() > second.pos().y()  # older popups stack below the newest
    s.ui.popups.settings = PopupSettings(show_for_internal=True, position="bottom-right")
    s.ui.popups._restack()
    assert abs(second.geometry().right() - (area.right() - margin)) <= 1
    assert second.pos().y() + second.height() <= area.bottom() - margin + 1
