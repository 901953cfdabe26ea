"""Dialer window: pasted/typed numbers are normalized, Enter dials E.164, errors shown in words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from core import phone
from desktop.ui.dialer import DialerWindow


def normalize(text: str) -> str | None:
    """What the shell passes: E.164 for phone numbers, extensions as typed."""
    return phone.normalize(text, "RU") or (text.strip() if phone.is_internal(text) else None)


def make(qtbot, on_dial=None) -> tuple[DialerWindow, list[str]]:
    dialed: list[str] = []
    window = DialerWindow(on_dial or dialed.append, normalize)
    qtbot.addWidget(window)
    window.show()
    return window, dialed


def test_paste_formatted_number_then_enter_dials_e164(qtbot):
    window, dialed = make(qtbot)
    QGuiApplication.clipboard().setText("+7 (495) 123-45-67")
    window.number_edit.setFocus()
    window.number_edit.paste()
    assert window.preview_label.text() == "+74951234567"
    assert window.call_button.isEnabled()
    qtbot.keyClick(window.number_edit, Qt.Key.Key_Return)
    assert dialed == ["+74951234567"]
    assert window.banner.kind() == "info" and "+74951234567" in window.banner.text()


def test_typed_trunk_prefix_number_is_normalized(qtbot):
    window, dialed = make(qtbot)
    qtbot.keyClicks(window.number_edit, "8 495 1234567")
    assert window.normalized() == "+74951234567"
    qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    assert dialed == ["+74951234567"]


def test_extension_dials_as_typed(qtbot):
    window, dialed = make(qtbot)
    qtbot.keyClicks(window.number_edit, "102")
    qtbot.keyClick(window.number_edit, Qt.Key.Key_Return)
    assert dialed == ["102"]


def test_garbage_is_refused_with_a_message(qtbot):
    window, dialed = make(qtbot)
    qtbot.keyClicks(window.number_edit, "call me maybe")
    assert not window.call_button.isEnabled()
    assert window.preview_label.property("role") == "invalid"
    qtbot.keyClick(window.number_edit, Qt.Key.Key_Return)
    assert dialed == []
    assert window.banner.isVisible() and window.banner.kind() == "error"
    assert "call me maybe" in window.banner.text()


def test_empty_input_asks_for_a_number(qtbot):
    window, dialed = make(qtbot)
    window.dial()
    assert dialed == [] and window.banner.kind() == "error"


def test_explains_that_your_phone_rings_first(qtbot):
    window, _ = make(qtbot)
    texts = " ".join(label.text() for label in window.findChildren(type(window.preview_label)))
    assert "Your phone rings first" in texts


def test_recent_numbers_are_remembered_and_redialled(qtbot):
    window, dialed = make(qtbot)
    changes: list[list[str]] = []
    window.recent_changed.connect(changes.append)
    window.set_recent(["+79161112233"])
    for text in ("8 (495) 123-45-67", "+7 916 111 22 33"):
        window.set_number(text)
        window.dial()
    assert window.recent() == ["+79161112233", "+74951234567"]
    assert changes[-1] == ["+79161112233", "+74951234567"]
    second = window.recent_list.item(1)
    window.recent_list.itemActivated.emit(second)
    assert dialed[-1] == "+74951234567"
    assert window.recent()[0] == "+74951234567"


def test_failure_from_on_dial_is_shown_not_raised(qtbot):
    def refuse(number: str) -> None:
        raise RuntimeError("AMI is not connected")

    window, _ = make(qtbot, on_dial=refuse)
    window.set_number("+74951234567")
    window.dial()
    assert window.banner.kind() == "error"
    assert "AMI is not connected" in window.banner.text()


def test_recent_numbers_are_shown_formatted_and_dialled_as_stored(qtbot):
    dialed: list[str] = []
    window = DialerWindow(dialed.append, normalize, format_number=phone.format_for_display)
    qtbot.addWidget(window)
    window.set_recent(["+74951234567", "205"])
    first = window.recent_list.item(0)
    assert first.text() == phone.format_for_display("+74951234567") != "+74951234567"
    assert window.recent_list.item(1).text() == "205"
    window.recent_list.itemClicked.emit(first)
    assert window.number_edit.text() == "+74951234567"
    window.recent_list.itemActivated.emit(first)
    assert dialed == ["+74951234567"]
