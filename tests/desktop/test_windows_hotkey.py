"""Global dial hotkey: a real key press on a real X server (Xvfb + XTEST) dials the selection;
elsewhere (offscreen, Wayland) it says why it is unavailable instead of pretending."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from desktop.hotkey import DialHotkey, text_to_dial
from tests.fakes.desktop import press

xlib = pytest.importorskip("Xlib", reason="python-xlib is not installed")


def test_hotkey_press_on_x11_dials_the_clipboard_text(qtbot, xserver):
    QGuiApplication.clipboard().setText("  +7 (495) 123-45-67 ")
    texts: list[str] = []
    hotkey = DialHotkey(texts.append, "Ctrl+Alt+D", display=xserver)
    state = hotkey.start()
    assert state.ok, state.reason
    assert hotkey.available()
    try:
        press(xserver, "Control_L", "Alt_L", "d")
        qtbot.waitUntil(lambda: texts == ["+7 (495) 123-45-67"], timeout=5000)
        press(xserver, "Control_L", "d")  # not our combination
        press(xserver, "Control_L", "Alt_L", "d")
        qtbot.waitUntil(lambda: len(texts) == 2, timeout=5000)
    finally:
        hotkey.stop()
    press(xserver, "Control_L", "Alt_L", "d")  # released: nothing arrives any more
    qtbot.wait(50)
    assert len(texts) == 2


def test_combination_taken_by_another_client_is_reported(qtbot, xserver):
    first = DialHotkey(display=xserver, shortcut="Ctrl+Alt+F12")
    assert first.start()
    second = DialHotkey(display=xserver, shortcut="Ctrl+Alt+F12")
    try:
        state = second.start()
        assert not state and "already used" in state.reason
        assert not second.available()
    finally:
        first.stop()
        second.stop()


def test_nonsense_shortcut_is_refused(qtbot, xserver):
    state = DialHotkey(display=xserver, shortcut="").start()
    assert not state and "not a key combination" in state.reason


def test_offscreen_session_has_no_hotkey_and_says_so(qtbot, monkeypatch):
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert QGuiApplication.platformName() == "offscreen"
    hotkey = DialHotkey()
    state = hotkey.available()
    assert not state and "not an X11 session" in state.reason
    assert not hotkey.start()


def test_wayland_is_not_pretended(qtbot, monkeypatch):
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    state = DialHotkey().available()
    assert not state and "Wayland" in state.reason


def test_text_to_dial_falls_back_to_the_clipboard(qtbot):
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("8 916 123 45 67")
    assert text_to_dial(clipboard) == "8 916 123 45 67"
