""" "Dial selection / clipboard": a number is dialled at once, anything else opens the dialer.

Through the tray menu against the simulator over real TCP; the global hotkey is
started from the profile and, offscreen, reports why it cannot work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication

from desktop.dial_selection import dialable
from tests.fakes.desktop import press


def _menu_action(s: Any, text: str) -> Any:
    s.ui.tray._rebuild_menu()
    return next(a for a in s.ui.tray.menu.actions() if a.text() == text)


def test_selection_that_is_a_number_is_dialled_with_a_message(make_stack: Any) -> None:
    s = make_stack()
    notes: list[str] = []
    s.ui.tray.notify = lambda _title, text: notes.append(text)
    QGuiApplication.clipboard().setText(" 8 (916) 204-17-93 ")
    s.aloop.call(_menu_action(s, "Dial selection / clipboard").trigger)
    originate = s.aloop.until(lambda: s.sim.actions_named("Originate"), what="Originate")[0]
    assert originate["Exten"] == "89162041793"
    assert originate["Channel"] == "PJSIP/101"
    assert notes and "Calling" in notes[0]
    assert "dialer" not in s.ui.windows


def test_selection_that_is_not_a_number_opens_the_dialer_prefilled(make_stack: Any) -> None:
    s = make_stack()
    QGuiApplication.clipboard().setText("call Ivan tomorrow")
    s.aloop.call(_menu_action(s, "Dial selection / clipboard").trigger)
    dialer = s.ui.windows["dialer"]
    assert dialer.isVisible()
    assert dialer.number_edit.text() == "call Ivan tomorrow"
    s.aloop.run(__import__("asyncio").sleep(0.1))
    assert not s.sim.actions_named("Originate")  # never dialled blindly


def test_dialable_needs_a_real_number() -> None:
    assert dialable("tel:+7 495 123-45-67") == "tel:+7 495 123-45-67"  # the shell applies the rules
    assert dialable("101") == "101"
    assert dialable("12") is None
    assert dialable("hello") is None


def test_hotkey_from_the_profile_says_why_not_offscreen(make_stack: Any) -> None:
    s = make_stack()
    assert s.ui.selection.start("") is None  # empty: off
    state = s.ui.selection.start("Ctrl+Alt+D")
    assert state is not None and not state and "X11" in state.reason
    s.ui.selection.stop()


def test_hotkey_press_on_x11_dials_through_the_app(make_stack: Any, xserver: str) -> None:
    s = make_stack()
    QGuiApplication.clipboard().setText("+7 (495) 123-45-67")
    state = s.ui.selection.start("Ctrl+Alt+D", display=xserver)
    assert state, state.reason
    try:
        press(xserver, "Control_L", "Alt_L", "d")
        originate = s.aloop.until(lambda: s.sim.actions_named("Originate"), what="Originate")[0]
        assert originate["Exten"] == "84951234567"  # dial rules: +7 -> 8
    finally:
        s.ui.selection.stop()
