"""The popup during a call: timer, hang up / transfer / hold, queue kept, Outcome, CRM page,
add contact, possible matches; and a supervisor's ChanSpy leg, which is not a call at all.

Widgets are real (pytest-qt, offscreen); the ChanSpy test runs the whole app against
the PBX simulator over TCP: the simulator answers the ChanSpy Originate, then the
listening leg's channel events arrive as Asterisk sends them.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from core.calls.events import CallAnswered, CallEnded, CallRinging, CallSnapshot, Direction, Outcome
from core.crm.types import Contact, Link, LookupResult, Match
from desktop.ui.live import LivePanel, is_spy_leg
from desktop.ui.popup import DISPOSITIONS
from desktop.ui.popup_stack import CallPopup, PopupActions, PopupManager
from desktop.ui.popup_style import format_talk_time


class Actions:
    def __init__(self, hold: bool = False) -> None:
        self.log: list[tuple[Any, ...]] = []
        self.hold = hold

    def build(self) -> PopupActions:
        return PopupActions(
            open_url=lambda url: self.log.append(("open", url)),
            call_back=lambda n: self.log.append(("dial", n)),
            save_note=lambda *a: self.log.append(("note", *a)),
            confirm_contact=lambda call_id, cid: self.log.append(("confirm", call_id, cid)),
            hangup=lambda call_id: self.log.append(("hangup", call_id)),
            transfer=lambda call_id, to, attended: self.log.append(
                ("transfer", call_id, to, attended)
            ),
            hold=(lambda call_id: self.log.append(("hold", call_id))) if self.hold else None,
            add_contact=lambda n: self.log.append(("add", n)),
        )


def snap(**kw: Any) -> CallSnapshot:
    values: dict[str, Any] = dict(call_id="c1", direction=Direction.INBOUND, remote_number="+79161234567",
                                  remote_name=None, queue="support", started_at=time.time() - 30)  # fmt: skip
    values.update(kw)
    return CallSnapshot(**values)


@pytest.fixture
def actions() -> Actions:
    return Actions()


@pytest.fixture
def manager(qtbot: Any, actions: Actions) -> Any:
    m = PopupManager("101", actions.build())
    yield m
    m.close_all()


def answered(manager: PopupManager, seconds_ago: float = 75) -> CallPopup:
    manager.on_call_event(CallRinging(snap(), "101"))
    call = snap(answered_at=time.time() - seconds_ago, answered_by="101")
    manager.on_call_event(CallAnswered(call, "101", by="101"))
    return manager.popups["c1"]


def test_timer_counts_from_the_pbx_answer_time_once_a_second(manager: PopupManager) -> None:
    popup = answered(manager, seconds_ago=75)
    assert popup.timer_label.text() in ("1:15", "1:16")
    assert popup._talk_timer.isActive() and popup._talk_timer.interval() == 1000
    assert format_talk_time(3725) == "1:02:05"
    ended = snap(answered_at=time.time() - 75, ended_at=time.time() - 5, answered_by="101")
    manager.on_call_event(CallEnded(ended, "101", outcome=Outcome.ANSWERED))
    assert not popup._talk_timer.isActive()
    assert popup.timer_label.text() == "1:10"  # final: the PBX's end time


def test_queue_name_is_kept_after_the_answer(manager: PopupManager) -> None:
    manager.on_call_event(CallRinging(snap(call_id="c2"), "101"))
    popup = manager.popups["c2"]
    assert "SUPPORT" in popup.state_label.text()
    manager.on_call_event(CallAnswered(snap(call_id="c2", answered_by="102"), "101", by="102"))
    assert popup.state_label.text() == "ANSWERED BY 102 · QUEUE SUPPORT"
    manager.on_call_event(CallEnded(snap(call_id="c2"), "101", outcome=Outcome.ANSWERED_ELSEWHERE))
    assert popup.state_label.text() == "ANSWERED BY 102 · QUEUE SUPPORT"


def test_hang_up_transfer_and_hold(qtbot: Any, manager: PopupManager, actions: Actions) -> None:
    popup = answered(manager)
    assert popup.controls.isVisibleTo(popup)
    popup.hangup_button.click()
    popup.transfer_button.click()
    assert popup.transfer_row.isVisibleTo(popup)
    popup.blind_button.click()  # no target yet: says so, sends nothing
    assert "Type the extension" in popup.message_label.text()
    popup.transfer_edit.setText("102")
    popup.blind_button.click()
    popup.transfer_button.click()
    popup.transfer_edit.setText("103")
    popup.attended_button.click()
    assert "Calling 103 first" in popup.message_label.text()
    popup.hold_button.click()  # no hold action on this PBX: said in words
    assert "Hold is not supported by your PBX" in popup.message_label.text()
    assert actions.log == [("hangup", "c1"), ("transfer", "c1", "102", False),
                           ("transfer", "c1", "103", True)]  # fmt: skip
    manager.on_call_event(CallEnded(snap(answered_at=time.time() - 9, ended_at=time.time()), "101",
                                    outcome=Outcome.ANSWERED))  # fmt: skip
    assert not popup.controls.isVisibleTo(popup)


def test_outcome_has_no_blank_entry_and_starts_unchosen(
    manager: PopupManager, actions: Actions
) -> None:
    popup = answered(manager)
    box = popup.disposition_box
    assert [box.itemData(i) for i in range(box.count())] == list(DISPOSITIONS)
    assert all(box.itemText(i) for i in range(box.count()))
    assert box.currentIndex() == -1 and box.placeholderText() == "Outcome…"
    popup.save_button.click()
    assert actions.log[-1] == ("note", "c1", "", "")


def test_open_in_crm_is_hidden_where_the_crm_has_no_page(manager: PopupManager) -> None:
    popup = answered(manager)
    no_page = Contact(id="1", name="Anna", source="addressbook")
    popup.set_card(LookupResult("+79161234567", "+79161234567", (Match(no_page, 1.0),)))
    assert popup.name_label.text() == "Anna"
    assert not popup.open_button.isVisibleTo(popup)
    page = Contact(id="2", name="Boris", source="crm", links=(Link("Open", "https://crm/2"),))
    popup.set_card(LookupResult("+79161234567", "+79161234567", (Match(page, 1.0),)))
    assert popup.open_button.isVisibleTo(popup) and popup.open_button.isEnabled()


def test_unknown_caller_offers_add_contact(manager: PopupManager, actions: Actions) -> None:
    manager.on_call_event(CallRinging(snap(), "101"))
    popup = manager.popups["c1"]
    requested: list[str] = []
    popup.add_contact_requested.connect(requested.append)
    popup.set_card(LookupResult("+79161234567", "+79161234567"))
    assert popup.add_contact_button.isVisibleTo(popup)
    popup.add_contact_button.click()
    assert requested == ["+79161234567"] and actions.log == [("add", "+79161234567")]


def test_possible_match_is_confirmed_or_ignored(manager: PopupManager, actions: Actions) -> None:
    manager.on_call_event(CallRinging(snap(), "101"))
    popup = manager.popups["c1"]
    kyiv = Contact(id="7", name="Олена", source="addressbook", company="Квітковий двір")
    result = LookupResult("+79161234567", "+79161234567", (Match(kyiv, 0.6),))
    popup.set_card(result)
    assert popup.name_label.text() == "Possible match: Олена, choose or ignore"
    assert popup.name_label.property("possible") is True
    assert popup.confirm_button.isVisibleTo(popup) and popup.ignore_button.isVisibleTo(popup)
    popup.confirm_button.click()
    assert actions.log == [("confirm", "c1", "7")]
    assert popup.name_label.text() == "Олена" and not popup.confirm_button.isVisibleTo(popup)
    popup.set_card(result)  # the card again (language change, re-delivery): the choice stays
    assert popup.name_label.text() == "Олена"
    manager.on_call_event(CallRinging(snap(call_id="c3"), "101"))
    other = manager.popups["c3"]
    other.set_card(LookupResult("+79161234567", None, (Match(kyiv, 0.6),)))
    other.ignore_button.click()
    assert other.name_label.text() == "Unknown number" and other.contact is None
    assert actions.log == [("confirm", "c1", "7")]  # ignoring writes nothing


def test_language_change_retranslates_an_open_popup(manager: PopupManager, qapp: Any) -> None:
    from desktop.i18n import install_translator

    popup = answered(manager)
    try:
        install_translator(qapp, "ru")
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        assert popup.hangup_button.text() == QCoreApplication.translate("CallPopup", "Hang up")
        assert popup.hangup_button.text() != "Hang up"
    finally:
        install_translator(qapp, "en")
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    assert popup.hangup_button.text() == "Hang up"


def test_no_black_corners_without_a_compositor(qtbot: Any, actions: Actions) -> None:
    popup = CallPopup("101", actions.build(), snap())
    qtbot.addWidget(popup)
    if popup.translucent:  # offscreen: translucent, as on Windows, macOS and composited X11
        popup.translucent = False
    popup.resize(440, 300)
    popup.resizeEvent(None)
    mask = popup.mask()
    assert not mask.isEmpty()
    assert not mask.contains(popup.rect().topLeft())  # the corner is cut out of the window
    assert mask.contains(popup.rect().center())


# ----------------------------------------------------------------- ChanSpy


def spy_leg(
    channel_id: str, supervisor: str = "101", target: str = "PJSIP/102"
) -> list[dict[str, str]]:
    """A supervisor's ChanSpy leg as Asterisk reports it after the Originate."""
    base = {
        "Privilege": "call,all", "Channel": f"PJSIP/{supervisor}-000000aa",
        "CallerIDNum": supervisor, "CallerIDName": f"Listen: {target}",
        "ConnectedLineNum": "<unknown>", "ConnectedLineName": "<unknown>", "Language": "en",
        "AccountCode": "", "Context": "from-internal", "Exten": "s", "Priority": "1",
        "Uniqueid": channel_id, "Linkedid": channel_id,
    }  # fmt: skip
    return [
        {"Event": "Newchannel", **base, "ChannelState": "0", "ChannelStateDesc": "Down"},
        {"Event": "Newstate", **base, "ChannelState": "5", "ChannelStateDesc": "Ringing"},
        {"Event": "Newstate", **base, "ChannelState": "6", "ChannelStateDesc": "Up"},
        {"Event": "Newexten", **base, "ChannelState": "6", "ChannelStateDesc": "Up",
         "Extension": "s", "Application": "ChanSpy", "AppData": f"{target},qE"},
        {"Event": "Hangup", **base, "ChannelState": "6", "ChannelStateDesc": "Up",
         "Cause": "16", "Cause-txt": "Normal Clearing"},
    ]  # fmt: skip


def test_a_chanspy_leg_shows_no_popup_no_note_card_and_no_call(make_stack: Any) -> None:
    s = make_stack()
    events: list[Any] = []
    s.ui.bridge.call_event.connect(events.append)
    channel_id = s.aloop.run(s.service.spy("102"))  # the simulator answers the ChanSpy originate
    assert channel_id.startswith("spy-")
    originate = s.sim.actions_named("Originate")[0]
    assert originate["Application"] == "ChanSpy"
    leg = spy_leg(channel_id)
    for message in leg[:-1]:  # the supervisor's phone rang, answered, and listens
        s.sim.broadcast(message)
    s.aloop.run(asyncio.sleep(0.3))
    assert events == [] and s.shown == [] and s.ui.popups.popups == {}
    assert s.ui.tray.view.state == "ready"  # not "ringing", not "in a call"
    live = LivePanel(s.service.active_calls, lambda ext, mode: None)
    live.refresh()
    assert [c for c in live.rows if c.call_id == channel_id] == []  # not a call in Live
    s.sim.broadcast(leg[-1])
    s.aloop.run(asyncio.sleep(0.3))
    assert events == [] and s.ui.popups.popups == {}  # no "add a note" card either
    s.aloop.call(s.ui.show_history)
    window = s.aloop.until(lambda: s.ui.windows.get("history"), what="history")
    s.aloop.run(asyncio.sleep(0.3))
    assert window.proxy.rowCount() == 0  # no "Unknown number, Answered" row
    live.deleteLater()


def test_spy_legs_are_recognised_by_channel_id_or_caller_id() -> None:
    assert is_spy_leg(snap(call_id="spy-0011223344556677"))
    assert is_spy_leg(snap(remote_name="Whisper: PJSIP/101"))
    assert not is_spy_leg(snap(remote_name="Listen to this"))
    assert not is_spy_leg(snap())


def test_hang_up_and_transfer_from_the_popup_reach_the_pbx(make_stack: Any) -> None:
    """The popup's buttons go through the bridge and the service to the simulator over TCP."""
    s = make_stack()
    s.aloop.call(s.sim.play, "inbound-answered", pause_after="BridgeEnter#2", speed=6.0)
    popup = s.popup()
    s.aloop.until(lambda: popup.state == "incall", what="answered by 101")
    assert popup.controls.isVisibleTo(popup) and popup.timer_label.text()
    popup.transfer_button.click()
    popup.transfer_edit.setText("102")
    s.aloop.call(popup.blind_button.click)
    redirect = s.aloop.until(lambda: s.sim.actions_named("Redirect"), what="Redirect")[0]
    assert redirect["Exten"] == "102" and not redirect["Channel"].startswith("PJSIP/101")
    s.aloop.call(popup.hangup_button.click)
    hangup = s.aloop.until(lambda: s.sim.actions_named("Hangup"), what="Hangup")[0]
    assert hangup["Channel"].startswith("PJSIP/101-")


def test_a_refused_command_is_explained_in_the_popup(make_stack: Any) -> None:
    """Hang up when the PBX no longer has the operator on the call: the reason shows in the card."""
    s = make_stack()
    s.aloop.call(s.sim.play, "inbound-answered", pause_after="BridgeEnter#2", speed=6.0)
    popup = s.popup()
    s.aloop.until(lambda: popup.state == "incall", what="answered by 101")
    popup.call = snap(call_id="no-such-call")  # the card points at a call the PBX does not know
    s.aloop.call(popup.hangup_button.click)
    s.aloop.until(lambda: popup.message_label.text() == "Call no-such-call is not in progress",
                  what="the refusal in words")  # fmt: skip
