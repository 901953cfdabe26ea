"""The call popup and its manager, fed with event snapshots (no PBX): states, card, stacking."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallRinging,
    CallSnapshot,
    CallTransferred,
    Direction,
    Outcome,
)
from core.crm.types import Contact, Link, LookupResult, Match
from desktop.ui.popup_stack import CallPopup, PopupActions, PopupManager


def snap(call_id: str = "1795.1", number: str = "0501234567", **kw: Any) -> CallSnapshot:
    return CallSnapshot(call_id=call_id, direction=Direction.INBOUND, remote_number=number,
                        remote_name="Customer", did="0443334000", **kw)  # fmt: skip


class Recorder:
    def __init__(self) -> None:
        self.opened: list[str] = []
        self.called: list[str] = []
        self.notes: list[tuple[str, str, str]] = []
        self.copied: list[str] = []

    def actions(self) -> PopupActions:
        return PopupActions(
            open_url=self.opened.append,
            call_back=self.called.append,
            save_note=lambda *a: self.notes.append(a),
            format_number=lambda n: f"<{n}>",
            copy_text=self.copied.append,
        )


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


@pytest.fixture
def manager(qtbot: Any, rec: Recorder) -> Any:
    m = PopupManager("101", rec.actions())
    yield m
    m.close_all()


def contact(cid: str = "42", name: str = "Олена Коваленко") -> Contact:
    return Contact(id=cid, name=name, source="test", company="Квітковий двір",
                   manager_name="Ольга", manager_extension="101",
                   links=(Link("Open customer", f"https://crm.example/c/{cid}"),),
                   notes=("Order 10482",))  # fmt: skip


def test_ringing_opens_one_unfocusable_popup_with_the_number(manager: PopupManager) -> None:
    manager.on_call_event(CallRinging(snap(), "101"))
    manager.on_call_event(CallRinging(snap(), "101"))  # queue retry: still one popup
    manager.on_call_event(CallRinging(snap("other"), "102"))  # not ours
    assert list(manager.popups) == ["1795.1"]
    popup = manager.popups["1795.1"]
    assert popup.isVisible()
    flags = popup.windowFlags()
    assert flags & Qt.WindowType.WindowDoesNotAcceptFocus
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.FramelessWindowHint
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert popup.number_label.text() == "<0501234567>"
    assert "<0443334000>" in popup.sub_label.text()
    assert not popup.open_button.isVisibleTo(popup)  # card not there yet: hidden, not disabled


def test_card_fills_and_buttons_act(manager: PopupManager, rec: Recorder) -> None:
    manager.on_call_event(CallRinging(snap(), "101"))
    popup = manager.popups["1795.1"]
    manager.on_card("1795.1", LookupResult("0501234567", "+380501234567", (Match(contact(), 1.0),)))
    assert popup.name_label.text() == "Олена Коваленко"
    assert "Квітковий двір" in popup.details_label.text()
    assert "Ольга" in popup.details_label.text()
    popup.open_button.click()
    popup.call_back_button.click()
    popup.copy_button.click()
    assert rec.opened == ["https://crm.example/c/42"]
    assert rec.called == ["0501234567"]
    assert rec.copied == ["0501234567"]


def test_the_manager_keeps_no_card_cache_of_its_own(manager: PopupManager) -> None:
    """One cache: the service's. It re-sends the card (CardReady) once the phone rings here."""
    manager.on_card("1795.1", LookupResult("0501234567", None, (Match(contact(), 1.0),)))
    manager.on_call_event(CallRinging(snap(), "101"))
    popup = manager.popups["1795.1"]
    assert popup.name_label.text() == "Looking up the customer…"
    manager.on_card("1795.1", LookupResult("0501234567", None, (Match(contact(), 1.0),)))
    assert popup.name_label.text() == "Олена Коваленко"


def test_several_matches_are_offered_not_guessed(manager: PopupManager, rec: Recorder) -> None:
    manager.on_call_event(CallRinging(snap(), "101"))
    popup = manager.popups["1795.1"]
    two = (Match(contact("1", "Anna"), 0.9), Match(contact("2", "Boris"), 0.9))
    manager.on_card("1795.1", LookupResult("0501234567", None, two))
    assert popup.matches_box.count() == 2
    assert "2" in popup.name_label.text()
    popup.matches_box.setCurrentIndex(1)
    popup.open_button.click()
    assert rec.opened == ["https://crm.example/c/2"]


def test_unknown_number_offers_create_and_failure_says_unavailable(
    manager: PopupManager, rec: Recorder
) -> None:
    manager.on_call_event(CallRinging(snap("a"), "101"))
    manager.on_call_event(CallRinging(snap("b", "5550100"), "101"))
    manager.on_card("a", LookupResult("0501234567", None, (), create_url="https://crm.example/new"))
    manager.on_card("b", LookupResult("5550100", None, error="The CRM did not answer within 3 s"))
    a, b = manager.popups["a"], manager.popups["b"]
    assert a.name_label.text() == "Unknown number"
    assert a.create_button.isVisibleTo(a)
    a.create_button.click()
    assert rec.opened == ["https://crm.example/new"]
    assert b.name_label.text() == "Card unavailable"
    assert "did not answer" in b.details_label.text()
    assert not b.create_button.isVisibleTo(b)


def test_answered_elsewhere_greys_out_then_closes(manager: PopupManager, qtbot: Any) -> None:
    CallPopup.CLOSE_ELSEWHERE_MS = 10
    try:
        manager.on_call_event(CallRinging(snap(), "101"))
        popup = manager.popups["1795.1"]
        manager.on_call_event(CallAnswered(snap(), "101", by="102"))
        assert popup.state == "elsewhere"
        assert "102" in popup.state_label.text()
        qtbot.waitUntil(lambda: "1795.1" not in manager.popups, timeout=2000)
        manager.on_call_event(CallEnded(snap(), "101", outcome=Outcome.ANSWERED_ELSEWHERE))
        assert "1795.1" not in manager.popups  # no second popup for the same call
    finally:
        CallPopup.CLOSE_ELSEWHERE_MS = 3000


def test_answered_here_offers_a_note_saved_after_the_call(
    manager: PopupManager, rec: Recorder
) -> None:
    manager.on_call_event(CallRinging(snap(), "101"))
    popup = manager.popups["1795.1"]
    manager.on_call_event(CallAnswered(snap(), "101", by="101"))
    assert popup.state == "incall"
    assert popup.note_frame.isVisibleTo(popup)
    assert not popup.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus  # can type now
    manager.on_call_event(CallEnded(snap(), "101", outcome=Outcome.ANSWERED))
    assert popup.state == "aftercall"
    popup.note_edit.setPlainText("Wants delivery on Friday")
    popup.disposition_box.setCurrentIndex(popup.disposition_box.findData("Callback needed"))
    popup.save_button.click()
    assert rec.notes == [("1795.1", "Wants delivery on Friday", "Callback needed")]
    assert "1795.1" not in manager.popups


def test_transfer_away_is_shown(manager: PopupManager) -> None:
    manager.on_call_event(CallRinging(snap(), "101"))
    popup = manager.popups["1795.1"]
    manager.on_call_event(CallTransferred(snap(), "101", to="102"))
    assert popup.state == "elsewhere"
    assert "102" in popup.state_label.text()


def test_several_calls_stack_bottom_right(manager: PopupManager) -> None:
    for i in range(3):
        manager.on_call_event(CallRinging(snap(f"c{i}", f"050123456{i}"), "101"))
    popups = list(manager.popups.values())
    area = QGuiApplication.primaryScreen().availableGeometry()
    tops = [p.geometry().top() for p in popups]
    assert tops == sorted(tops)  # oldest on top, newest at the bottom
    for upper, lower in itertools.pairwise(popups):
        assert upper.geometry().bottom() < lower.geometry().top()  # no overlap
    assert popups[-1].geometry().bottom() <= area.bottom()
    assert popups[-1].geometry().right() <= area.right()
    popups[-1].dismiss()
    assert len(manager.popups) == 2


def test_forwarded_call_says_where_it_went(manager: Any, rec: Recorder) -> None:
    call = snap(call_id="fw-1")
    manager.on_call_event(CallRinging(call, "101"))
    gone = snap(call_id="fw-1", forwarded_to="0671112233", per_extension=(("101", Outcome.MISSED),))
    manager.on_call_event(CallEnded(gone, "101", outcome=Outcome.MISSED))
    popup = manager.popups["fw-1"]
    assert popup.state == "missed"
    assert popup.state_label.text() == "MISSED CALL · FORWARDED TO <0671112233>"
