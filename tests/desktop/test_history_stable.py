"""History while calls arrive: the view stays still, double click opens the call, notes, copy.

Real widgets (pytest-qt, offscreen); the last test runs the app against the PBX
simulator and a real SQLite history: a note added from history after the popup
is gone, and the PBX caller-id name still finds a call a CRM contact was attached to.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication

from core.calls.events import CallSnapshot, Direction
from core.history.calls import CallHistory, HistoryEntry
from desktop.ui.history import HistoryWindow, has_recording
from desktop.ui.history_model import EntryRole

NOW = 1_763_800_000.0


def entry(n: int, direction: str, number: str | None, name: str | None, outcome: str,
          **kw: Any) -> HistoryEntry:  # fmt: skip
    values: dict[str, Any] = dict(
        call_id=f"call-{n}", extension="101", direction=Direction(direction),
        remote_number=number, remote_e164=number, remote_name=name, contact_id=None,
        did=None, queue=None, started_at=NOW - n * 600, answered_at=None, ended_at=None,
        outcome=outcome, talk_seconds=0.0, wait_seconds=5.0, recording=None, note=None,
        disposition=None, seen=True, missed=False,
    )  # fmt: skip
    values.update(kw)
    return HistoryEntry(**values)


def window_with(qtbot: Any, rows: int, **kw: Any) -> tuple[HistoryWindow, list[Any]]:
    dialled: list[str] = []
    window = HistoryWindow(dialled.append, lambda e: None, lambda e: None, **kw)
    qtbot.addWidget(window)
    window.resize(900, 400)
    window.set_entries([entry(n, "inbound", f"+7916000{n:04d}", f"Caller {n}", "answered",
                              talk_seconds=30.0) for n in range(1, rows + 1)])  # fmt: skip
    window.show()
    qtbot.waitExposed(window)
    return window, dialled


def top_row_id(window: HistoryWindow) -> str:
    first = window.table.verticalScrollBar().value()
    return str(window.proxy.index(first, 0).data(EntryRole).call_id)


def arrivals(window: HistoryWindow, count: int) -> None:
    new = [entry(-n, "inbound", f"+7903000{n:04d}", None, "missed") for n in range(1, count + 1)]
    window.set_entries([*new, *window.model.entries()])


def test_new_calls_do_not_move_the_rows_the_operator_looks_at(qtbot: Any) -> None:
    window, _ = window_with(qtbot, 60)
    window.table.verticalScrollBar().setValue(10)
    window.table.selectRow(12)
    looked_at, selected = top_row_id(window), window.selected_entry()
    model_rows_before = window.model.rowCount()
    arrivals(window, 3)
    assert window.model.rowCount() == model_rows_before + 3
    assert top_row_id(window) == looked_at  # scrolled by the three rows that arrived above
    assert window.selected_entry() == selected
    assert "3 new above" in window.status_label.text()
    assert window.proxy.index(0, 0).data(EntryRole).call_id == "call--3"  # newest first still


def test_new_calls_under_the_mouse_do_not_shift_the_row_under_it(qtbot: Any) -> None:
    window, _ = window_with(qtbot, 30)
    viewport = window.table.viewport()
    QCursor.setPos(viewport.mapToGlobal(viewport.rect().center()))
    if not window._pointing():  # the platform plugin cannot move the pointer
        window._pointing = lambda: True  # type: ignore[method-assign]
    before = top_row_id(window)
    arrivals(window, 2)
    assert top_row_id(window) == before


def test_at_the_top_and_not_pointed_at_new_calls_show_on_top(qtbot: Any) -> None:
    window, _ = window_with(qtbot, 5)
    QCursor.setPos(window.mapToGlobal(window.rect().bottomRight()) + window.rect().bottomRight())
    window._pointing = lambda: False  # type: ignore[method-assign]
    arrivals(window, 1)
    assert top_row_id(window) == "call--1"  # the newest call


def test_double_click_opens_the_call_and_saves_a_note_later(qtbot: Any) -> None:
    saved: list[tuple[str, str, str]] = []
    window, dialled = window_with(
        qtbot, 3, on_save_note=lambda e, note, kind: saved.append((e.call_id, note, kind))
    )
    rect = window.table.visualRect(window.proxy.index(1, 2))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialled == []
    details = window.details
    assert details is not None and details.isVisible()
    assert details.values["name"].text() == "Caller 2"
    assert details.disposition_box.currentIndex() == -1  # no blank entry, a placeholder
    details.note_edit.setPlainText("Called about the invoice")
    details.disposition_box.setCurrentIndex(details.disposition_box.findData("Resolved"))
    details.save_button.click()
    assert saved == [("call-2", "Called about the invoice", "Resolved")]
    assert details.status.text() == "Note saved."


def test_copy_number_and_play_only_with_a_real_recording(qtbot: Any) -> None:
    window, _ = window_with(qtbot, 2)
    missed_with_file = entry(9, "inbound", "+79160000009", None, "missed", recording="m.wav")
    talked = entry(8, "inbound", "+79160000008", None, "answered", recording="a.wav",
                   talk_seconds=12.0)  # fmt: skip
    assert not has_recording(missed_with_file) and has_recording(talked)
    window.set_entries([missed_with_file, talked])
    window.table.selectRow([window.proxy.index(r, 0).data(EntryRole).call_id
                            for r in range(2)].index("call-9"))  # fmt: skip
    assert not window.play_button.isEnabled()
    assert window.play_button.toolTip() == "No recording for this call"
    window.copy_button.click()
    assert QGuiApplication.clipboard().text() == "+79160000009"
    assert "Copied" in window.status_label.text()


def test_history_hides_a_supervisors_listening_leg(qtbot: Any) -> None:
    window, _ = window_with(qtbot, 2)
    spy = entry(
        7, "outbound", None, "Listen: PJSIP/101", "answered", call_id="spy-0123456789abcdef"
    )
    window.set_entries([spy, *window.model.entries()])
    ids = [window.proxy.index(r, 0).data(EntryRole).call_id for r in range(window.proxy.rowCount())]
    assert "spy-0123456789abcdef" not in ids and len(ids) == 2


def test_sql_search_finds_the_pbx_caller_id_name_after_a_crm_name(
    tmp_path: Any, qtbot: Any
) -> None:
    history = CallHistory(tmp_path / "h.sqlite3")
    call = CallSnapshot("c-1", Direction.INBOUND, "+79161234567", "VOLKOV A", started_at=NOW)
    history.record_from_event("101", call)
    history.set_contact("c-1", "Андрей Волков", "7")
    history.set_contact("c-1", "Андрей Волков", "7")  # twice: the key does not grow
    assert [e.call_id for e in history.search("volkov")] == ["c-1"]
    assert [e.call_id for e in history.search("андрей")] == ["c-1"]
    assert history.get("c-1", "101").remote_name == "Андрей Волков"  # type: ignore[union-attr]
    asked: list[tuple[str, dict[str, Any]]] = []

    def search(on_result: Any, text: str = "", **filters: Any) -> None:
        asked.append((text, filters))
        on_result(history.search(text or None, **filters))

    window = HistoryWindow(lambda n: None, lambda e: None, lambda e: None, search_history=search)
    qtbot.addWidget(window)
    window.set_entries(history.search())
    window.search_edit.setText("volkov")
    window._apply_search()
    assert [
        window.proxy.index(r, 0).data(EntryRole).call_id for r in range(window.proxy.rowCount())
    ] == ["c-1"]
    window.set_filter("missed")
    assert asked[-1] == ("volkov", {"missed_only": True})
    assert window.proxy.rowCount() == 0
    window.set_entries(history.search())  # a refresh from the app re-runs the operator's search
    assert window.proxy.rowCount() == 0
    history.close()


def test_duration_comes_from_the_snapshot_and_a_resync_keeps_the_recording(tmp_path: Any) -> None:
    history = CallHistory(tmp_path / "h.sqlite3")
    first = CallSnapshot("c-2", Direction.INBOUND, "+79161234567", None, started_at=NOW,
                         answered_at=NOW + 5, recording="2026/12/04/c-2.wav")  # fmt: skip
    history.record_from_event("101", first)
    # after a reconnect the tracker re-learns the call from CoreShowChannels (Asterisk's own
    # times), without the MixMonitor file name: the row keeps its recording link
    resynced = CallSnapshot("c-2", Direction.INBOUND, "+79161234567", None, started_at=NOW,
                            answered_at=NOW + 5, ended_at=NOW + 5 + 1260)  # fmt: skip
    row = history.record_from_event("101", resynced, "answered")
    assert row.recording == "2026/12/04/c-2.wav"
    assert row.talk_seconds == 1260
    history.close()


def test_add_contact_from_history_for_an_unknown_number(qtbot: Any) -> None:
    added: list[str] = []
    window, _ = window_with(qtbot, 2, on_add_contact=added.append)
    known = entry(5, "inbound", "+79160000005", "Анна", "answered", contact_id="7")
    window.set_entries([known, *window.model.entries()])
    ids = [window.proxy.index(r, 0).data(EntryRole).call_id for r in range(window.proxy.rowCount())]
    window.table.selectRow(ids.index("call-5"))
    assert not window.add_contact_button.isEnabled()  # already a contact
    window.table.selectRow(ids.index("call-1"))
    assert window.add_contact_button.isEnabled()
    window.add_contact_button.click()
    assert added == ["+79160000001"]


def test_without_an_address_book_there_is_no_add_contact_button(qtbot: Any) -> None:
    window, _ = window_with(qtbot, 1)
    assert not window.add_contact_button.isVisibleTo(window)


def test_a_note_added_from_history_after_a_restart_reaches_the_crm(
    make_stack: Any, tmp_path: Any
) -> None:
    """The popup is long gone (Ringside restarted): the note goes into history and the CRM."""
    from core.crm.retailcrm import RetailCrmAdapter
    from core.history.notes import NoteOutbox
    from core.history.outbox import Outbox
    from tests.fakes.crm_servers import RetailCrmFake

    db = tmp_path / "calls.sqlite3"
    first = make_stack(db=db)
    run = first.aloop.call(first.sim.play, "inbound-answered", speed=6.0)
    first.aloop.run(run.wait(), timeout=20)
    first.aloop.until(lambda: [e for e in first.history.search(extension="101") if e.outcome],
                      what="the call in history")  # fmt: skip
    first.close()
    with RetailCrmFake(api_key="k") as fake:
        outbox = Outbox(tmp_path / "outbox.sqlite3")
        s = make_stack(db=db, notes=NoteOutbox(outbox, RetailCrmAdapter(fake.url, "k")))
        s.aloop.call(s.ui.show_history)
        window = s.aloop.until(lambda: s.ui.windows.get("history"), what="history")
        s.aloop.until(lambda: window.proxy.rowCount() == 1, what="the call listed")
        window.table.selectRow(0)
        details = window.open_call()
        assert details is not None
        details.note_edit.setPlainText("Called back about the delivery")
        details.disposition_box.setCurrentIndex(details.disposition_box.findData("Resolved"))
        s.aloop.call(details.save_button.click)
        s.aloop.until(lambda: fake.uploads, timeout=5, what="the CRM upload")
        assert fake.uploads[0]["externalId"] == run.call_id
        entry = s.aloop.run(s.service.search_history())[0]
        assert (entry.note, entry.disposition) == ("Called back about the delivery", "Resolved")
        s.close()
        outbox.close()
