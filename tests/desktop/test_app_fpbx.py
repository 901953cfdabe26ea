"""The tray app on FreePBX-shaped calls: the simulator's ``fpbx-*`` scenarios over real TCP.

Each scenario is a real FreePBX capture (../shared/ami-transcripts-freepbx). For every
operator the call concerns, the desktop of that operator shows one popup for the
call, on its own extension, and keeps one history row with the outcome that
operator saw: a pickup is ``answered-elsewhere`` for the phone that rang and
``answered`` for the picker, a park is ``transferred-away`` for the parker and
``answered`` for the colleague who retrieved it, voicemail is ``missed`` with "left
a voicemail", a number dialled on the phone is ``outbound`` to the number without the
route prefix.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import pytest

from core.calls.events import CallEvent, Direction
from desktop.ui.live import LivePanel
from desktop.ui.popup_stack import CallPopup

FAST = 6.0
NUMBER = "0501234567"  # the customer (dial-out: the number dialled, without the route prefix 9)


@dataclass
class Seen:
    """What one operator's popups showed, event after event."""

    titles: list[str] = field(default_factory=list)
    popups: set[int] = field(default_factory=set)


def watch(s: Any, ext: str) -> Seen:
    """Record the popup title after each of ``ext``'s call events (after the popups handled it)."""
    seen = Seen()

    def after(event: CallEvent) -> None:
        popup = s.ui.popups.popups.get(event.call.call_id)
        if event.extension == ext and popup is not None:
            seen.titles.append(popup.state_label.text())
            seen.popups.add(id(popup))

    s.ui.bridge.call_event.connect(after)
    return seen


CASES = [
    # scenario, operator, outcome in history, the popup's last title; 102 picks up with **101
    # and retrieves the park from 71 without ringing; 101 dials 90501234567 on the phone
    ("fpbx-queue-local-members", "101", "answered-elsewhere", "ANSWERED BY 102 · QUEUE 400"),
    ("fpbx-queue-local-members", "102", "answered", "CALL ENDED — ADD A NOTE · QUEUE 400"),
    ("fpbx-ringgroup", "101", "answered", "CALL ENDED — ADD A NOTE"),
    ("fpbx-ringgroup", "102", "answered-elsewhere", "ANSWERED BY 101"),
    ("fpbx-pickup", "101", "answered-elsewhere", "ANSWERED BY 102"),
    ("fpbx-pickup", "102", "answered", "CALL ENDED — ADD A NOTE"),
    ("fpbx-park", "101", "transferred-away", "PARKED IN 71"),
    ("fpbx-park", "102", "answered", "CALL ENDED — ADD A NOTE"),
    ("fpbx-voicemail", "101", "missed", "MISSED CALL — LEFT A VOICEMAIL"),
    ("fpbx-dial-out", "101", "answered", "CALL ENDED — ADD A NOTE"),
]


@pytest.mark.parametrize(
    ("scenario", "ext", "outcome", "title"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_each_operator_sees_one_popup_and_the_right_history_row(
    make_stack: Any, scenario: str, ext: str, outcome: str, title: str
) -> None:
    s = make_stack(extension=ext)
    seen = watch(s, ext)
    run = s.aloop.call(s.sim.play, scenario, speed=FAST)
    s.aloop.run(run.wait(), timeout=30)
    voicemail = scenario == "fpbx-voicemail"  # Asterisk tells of the message after the hang-up
    rows = s.aloop.until(
        lambda: [
            e
            for e in s.history.search(extension=ext)
            if (e.outcome, e.voicemail) == (outcome, voicemail)
        ],
        what=f"the {outcome} row",
    )
    s.aloop.until(
        lambda: seen.titles and seen.titles[-1] == title, what=f"the title {title!r}: {seen.titles}"
    )
    assert len(s.shown) == 1 and len(seen.popups) == 1, "one popup per call"
    assert s.shown[0].extension == ext
    entries = s.aloop.run(s.service.search_history())
    assert len(entries) == 1, [(e.extension, e.outcome) for e in entries]
    row = rows[0]
    assert row.extension == ext and row.remote_number == NUMBER
    want = Direction.OUTBOUND if scenario == "fpbx-dial-out" else Direction.INBOUND
    assert row.direction is want
    assert row.missed is (outcome == "missed")


def test_voicemail_is_missed_with_a_message_in_the_history_window(make_stack: Any) -> None:
    s = make_stack()
    s.aloop.run(s.aloop.call(s.sim.play, "fpbx-voicemail", speed=FAST).wait(), timeout=30)
    s.aloop.until(
        lambda: [e for e in s.history.search(extension="101") if e.voicemail], what="the flag"
    )
    s.aloop.until(lambda: s.ui.tray.view.missed == 1, what="the missed-call badge")
    s.aloop.call(s.ui.show_history)
    model = s.ui.windows["history"].model
    s.aloop.until(lambda: model.rowCount() == 1, what="the history row")
    text = model.data(model.index(0, model.OUTCOME))
    assert text == "Missed · left a voicemail"


def test_the_parker_sees_parked_in_71_and_the_live_tab_lists_the_parked_call(
    make_stack: Any, qtbot: Any
) -> None:
    s = make_stack()
    live = LivePanel(s.service.active_calls, lambda ext, mode: None)
    qtbot.addWidget(live)
    CallPopup.CLOSE_ELSEWHERE_MS = 60_000  # keep the card up to read it
    try:
        run = s.aloop.call(s.sim.play, "fpbx-park", pause_after="ParkedCall", speed=FAST)
        popup = s.popup()
        s.aloop.until(
            lambda: any(c.parked_in for c in s.service.active_calls()), what="the parked call"
        )
        live.refresh()
        assert live.table.rowCount() == 1
        cells = [live.table.item(0, column).text() for column in range(5)]
        assert cells[0] == "101" and cells[1] == NUMBER
        assert cells[4] == "Parked in 71 · default, by 101"
        live.table.selectRow(0)
        assert not live.buttons["listen"].isEnabled(), "a parked call has nobody to listen to"
        run.resume()
        s.aloop.until(lambda: popup.state_label.text() == "PARKED IN 71", what="the parked title")
        s.aloop.run(run.wait(), timeout=30)
        s.aloop.run(asyncio.sleep(0.2))
        live.refresh()
        assert [live.table.item(r, 4).text() for r in range(live.table.rowCount())] in ([], [""])
    finally:
        CallPopup.CLOSE_ELSEWHERE_MS = 3000
    assert len(s.shown) == 1
