"""History window: rows from snapshots, missed in red, local and delegated filtering, actions."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush

from core.calls.events import Direction
from core.history.calls import HistoryEntry
from core.phone import format_for_display
from desktop.ui import style
from desktop.ui.history import HistoryModel, HistoryWindow
from desktop.ui.history_model import EntryRole, format_duration

NOW = 1_763_800_000.0


def entry(
    n: int, direction: str, number: str | None, name: str | None, outcome: str, **kw
) -> HistoryEntry:
    values = dict(
        call_id=f"call-{n}", extension="101", direction=Direction(direction),
        remote_number=number, remote_e164=number, remote_name=name, contact_id=None,
        did=None, queue=None, started_at=NOW - n * 600, answered_at=None, ended_at=None,
        outcome=outcome, talk_seconds=0.0, wait_seconds=5.0, recording=None, note=None,
        disposition=None, seen=True, missed=False,
    )  # fmt: skip
    values.update(kw)
    return HistoryEntry(**values)


ENTRIES = [
    entry(
        1,
        "inbound",
        "+79161234567",
        "Иван Петров",
        "answered",
        talk_seconds=185.0,
        recording="r1.wav",
    ),
    entry(2, "inbound", "+74951112233", None, "missed", missed=True, seen=False),
    entry(3, "outbound", "+79035556677", "ООО Ромашка", "answered", talk_seconds=62.0),
    entry(4, "internal", "102", "Anna", "answered", talk_seconds=30.0),
    entry(5, "inbound", "+380501234567", "Olena Kovalenko", "missed", missed=True),
]


class Calls:
    def __init__(self) -> None:
        self.back: list[str] = []
        self.cards: list[HistoryEntry] = []
        self.played: list[HistoryEntry] = []
        self.searches: list[tuple[str, str]] = []


def make(qtbot, delegate_search: bool = False) -> tuple[HistoryWindow, Calls]:
    calls = Calls()
    window = HistoryWindow(
        calls.back.append,
        calls.cards.append,
        calls.played.append,
        (lambda text, kind: calls.searches.append((text, kind))) if delegate_search else None,
    )
    qtbot.addWidget(window)
    window.set_entries(ENTRIES)
    window.show()
    return window, calls


def shown(window: HistoryWindow) -> list[str]:
    return [
        window.proxy.index(r, 0).data(EntryRole).call_id for r in range(window.proxy.rowCount())
    ]


def cell(window: HistoryWindow, call_id: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    row = [e.call_id for e in window.model.entries()].index(call_id)
    return window.model.index(row, column).data(role)


def select(window: HistoryWindow, call_id: str) -> None:
    window.table.selectRow(shown(window).index(call_id))


def test_rows_show_formatted_snapshot_fields_newest_first(qtbot):
    window, _ = make(qtbot)
    assert shown(window) == [e.call_id for e in ENTRIES]
    assert cell(window, "call-1", HistoryModel.NUMBER) == format_for_display("+79161234567")
    assert cell(window, "call-1", HistoryModel.NUMBER) != "+79161234567"  # really formatted
    assert cell(window, "call-1", HistoryModel.NAME) == "Иван Петров"
    assert cell(window, "call-1", HistoryModel.OUTCOME) == "Answered"
    assert cell(window, "call-1", HistoryModel.DURATION) == "3:05"
    assert cell(window, "call-2", HistoryModel.DURATION) == "—"
    assert format_duration(3725) == "1:02:05"


def test_missed_is_red_and_unseen_missed_bold(qtbot):
    window, _ = make(qtbot)
    brush = cell(window, "call-2", HistoryModel.OUTCOME, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush) and brush.color().name().upper() == style.Palette.DANGER
    assert cell(window, "call-1", HistoryModel.OUTCOME, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(window, "call-2", HistoryModel.NUMBER, Qt.ItemDataRole.FontRole).bold()
    assert cell(window, "call-5", HistoryModel.NUMBER, Qt.ItemDataRole.FontRole) is None  # seen


def test_direction_icons_differ_by_direction_and_missed(qtbot):
    icons = {e.call_id: HistoryModel.direction_icon(e) for e in ENTRIES}
    assert icons == {
        "call-1": "call-inbound", "call-2": "call-missed", "call-3": "call-outbound",
        "call-4": "call-internal", "call-5": "call-missed",
    }  # fmt: skip


def test_local_filter_missed_then_search(qtbot):
    window, _ = make(qtbot)
    qtbot.mouseClick(window.filter_buttons["missed"], Qt.MouseButton.LeftButton)
    assert shown(window) == ["call-2", "call-5"]
    assert "2" in window.status_label.text()
    window.search_edit.setText("olena")
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert shown(window) == ["call-5"]
    window.set_filter("all")
    window.search_edit.setText("916 123")
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    assert shown(window) == ["call-1"]
    window.set_filter("outbound")
    assert shown(window) == []
    assert window._stack.currentIndex() == 1  # the empty state


def test_filter_inbound_and_type_ahead_search(qtbot):
    window, _ = make(qtbot)
    window.set_filter("inbound")
    assert shown(window) == ["call-1", "call-2", "call-5"]
    qtbot.keyClicks(window.search_edit, "kovalenko")  # QTest types ASCII only
    assert len(shown(window)) == 3  # not yet: the search waits for a pause in typing
    qtbot.waitUntil(lambda: shown(window) == ["call-5"], timeout=2000)
    window.search_edit.setText("иван")
    qtbot.waitUntil(lambda: shown(window) == ["call-1"], timeout=2000)


def test_delegated_search_calls_on_search_and_keeps_rows(qtbot):
    window, calls = make(qtbot, delegate_search=True)
    window.search_edit.setText("ромашка")
    qtbot.keyClick(window.search_edit, Qt.Key.Key_Return)
    qtbot.mouseClick(window.filter_buttons["missed"], Qt.MouseButton.LeftButton)
    assert calls.searches == [("ромашка", "all"), ("ромашка", "missed")]
    assert len(shown(window)) == len(ENTRIES)  # the caller answers with set_entries
    window.set_entries([ENTRIES[1]])
    assert shown(window) == ["call-2"]


def test_actions_hand_the_selected_entry_to_callbacks(qtbot):
    window, calls = make(qtbot)
    assert not window.call_button.isEnabled()  # nothing selected yet
    select(window, "call-3")
    assert not window.play_button.isEnabled()  # no recording
    qtbot.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.card_button, Qt.MouseButton.LeftButton)
    assert calls.back == ["+79035556677"]
    assert calls.cards == [ENTRIES[2]]
    select(window, "call-1")
    assert window.play_button.isEnabled()
    qtbot.mouseClick(window.play_button, Qt.MouseButton.LeftButton)
    assert calls.played == [ENTRIES[0]]


def test_context_menu_and_double_click(qtbot):
    window, calls = make(qtbot)
    row = shown(window).index("call-5")
    rect = window.table.visualRect(window.proxy.index(row, HistoryModel.NAME))
    window._show_menu(rect.center())
    actions = {a.text(): a for a in window._menu.actions()}
    assert set(actions) == {"Details and note", "Call back", "Copy number", "Open card",
                            "Play recording"}  # fmt: skip
    assert not actions["Play recording"].isEnabled()
    actions["Open card"].trigger()
    assert calls.cards == [ENTRIES[4]]
    window._menu.close()
    viewport = window.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # a real press first
    assert calls.back == []  # a single click only selects
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert calls.back == []  # a double click opens the call, it never dials
    assert window.details is not None and window.details.isVisible()
    assert window.details.entry == ENTRIES[4]
    window._show_menu(QPoint(5, window.table.viewport().height() - 2))  # below the rows: no menu
    assert window._menu.isHidden()


def test_refresh_keeps_selection(qtbot):
    window, _ = make(qtbot)
    select(window, "call-3")
    window.set_entries([entry(0, "inbound", "+79990001122", None, "answered"), *ENTRIES])
    assert window.selected_entry() == ENTRIES[2]


def test_empty_history_shows_a_friendly_state(qtbot):
    window, _ = make(qtbot)
    window.set_entries([])
    assert window._stack.currentIndex() == 1
    assert "No calls yet" in window._empty_label.text()
    assert not window.card_button.isEnabled()


def test_columns_fit_their_headers_and_contents_in_russian(qtbot, qapp):
    from desktop.i18n import install_translator

    install_translator(qapp, "ru")
    try:
        window = HistoryWindow(print, print, print)
        qtbot.addWidget(window)
        window.set_entries(ENTRIES)
        window.show()
    finally:
        install_translator(qapp, "en")
    header = window.table.horizontalHeader()
    assert (
        window.model.headerData(HistoryModel.DURATION, Qt.Orientation.Horizontal) == "Длительность"
    )
    for column in (HistoryModel.TIME, HistoryModel.NUMBER, HistoryModel.NAME,
                   HistoryModel.OUTCOME, HistoryModel.DURATION):  # fmt: skip
        # the header text (and the sort arrow) fit: nothing is clipped
        assert window.table.columnWidth(column) >= header.sectionSizeHint(column), column
        assert window.table.columnWidth(column) >= window.table.sizeHintForColumn(column), column


def test_a_column_the_operator_resized_stays_as_set(qtbot):
    window, _ = make(qtbot)
    window.table.setColumnWidth(HistoryModel.NAME, 300)
    window.set_entries(ENTRIES[:2])
    assert window.table.columnWidth(HistoryModel.NAME) == 300
