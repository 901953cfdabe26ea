"""Call history window: search, filter and act on past calls.

The table is a ``HistoryModel`` over immutable ``HistoryEntry`` snapshots (see
``history_model.py``). Searching by number or name and the all/missed/inbound/
outbound filter go to ``on_search(text, filter)`` when given (the caller queries
SQLite and answers with ``set_entries``), or to ``search_history`` (the bridge's
SQL search: it also finds the PBX's caller-id name of a call a CRM contact was
attached to); otherwise they filter locally. Call back, open card, play
recording and copy number hand the selected entry to plain callables, from the
buttons or the context menu. A double click (or Enter) opens the call: its
details and the after-call note, which can be added or changed long after the
popup is gone - it never dials.

New calls arriving while the operator looks at the list do not move it: rows
are updated in place, and when the list is scrolled or the mouse is over it the
view is scrolled by the rows that arrived above, so the row under the pointer
stays under the pointer (the status line says how many arrived).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCursor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.history.calls import HistoryEntry
from desktop.ui import style
from desktop.ui.call_details import CallDetailsDialog
from desktop.ui.history_model import FILTERS, EntryRole, HistoryFilter, HistoryModel
from desktop.ui.live import is_spy_leg

__all__ = ["FILTERS", "HistoryFilter", "HistoryModel", "HistoryWindow"]

SEARCH_DELAY_MS = 250  # type-ahead: query once the operator pauses typing
# columns sized to their header and contents, within (narrowest, widest) pixels;
# the direction icon is fixed and the note takes the rest
COLUMN_LIMITS = {
    HistoryModel.TIME: (80, 200),
    HistoryModel.NUMBER: (140, 240),
    HistoryModel.NAME: (140, 280),
    HistoryModel.OUTCOME: (100, 240),
    HistoryModel.DURATION: (80, 180),
}
DIRECTION_WIDTH = 36


class HistoryWindow(QWidget):
    """Every call the operator saw, with call back / open card / play recording."""

    def __init__(
        self,
        on_call_back: Callable[[str], None],
        on_open_card: Callable[[HistoryEntry], None],
        on_play: Callable[[HistoryEntry], None],
        on_search: Callable[[str, str], None] | None = None,
        parent: QWidget | None = None,
        *,
        format_number: Callable[[str], str] | None = None,
        on_save_note: Callable[[HistoryEntry, str, str], object] | None = None,
        search_history: Callable[..., object] | None = None,
        copy_text: Callable[[str], None] | None = None,
        on_add_contact: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._on_call_back = on_call_back
        self._on_open_card = on_open_card
        self._on_play = on_play
        self._on_search = on_search
        self._on_save_note = on_save_note
        self._search_history = search_history  # bridge.search_history(on_result, query, **filters)
        self._copy_text = copy_text
        self._on_add_contact = on_add_contact  # the shell's address-book dialog (number)
        self._format_number = format_number
        self._arrived = 0  # rows that arrived above what the operator looks at
        self.details: CallDetailsDialog | None = None
        self.model = HistoryModel(format_number, self)
        self.proxy = HistoryFilter(self)
        self.proxy.setSourceModel(self.model)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        style.apply(self)
        self._build()
        self._retranslate()
        self._user_sized = False  # once the operator drags a column, stop re-fitting
        self._fitting = False
        self.fit_columns()
        self._update_actions()
        self.resize(900, 560)

    # -- layout -------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        layout.setSpacing(style.SPACING)
        self.title_label = style.label("", "title")
        layout.addWidget(self.title_label)
        layout.addLayout(self._build_toolbar())
        self.table = self._build_table()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self._build_empty_state())
        layout.addWidget(self._stack, 1)
        layout.addLayout(self._build_actions())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search_edit.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)

    def _build_empty_state(self) -> QFrame:
        frame = QFrame()
        frame.setProperty("role", "card")
        layout = QVBoxLayout(frame)
        layout.addStretch(1)
        picture = QLabel()
        picture.setPixmap(style.icon("call-internal").pixmap(QSize(48, 48)))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setEnabled(False)
        self._empty_label = style.label("", "muted", wrap=True)
        self._empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(picture)
        layout.addWidget(self._empty_label)
        layout.addStretch(1)
        return frame

    def _build_toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(style.SPACING)
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(style.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._apply_search)
        row.addWidget(self.search_edit, 1)
        self.filter_group = QButtonGroup(self)
        self.filter_buttons: dict[str, QPushButton] = {}
        segments = QHBoxLayout()
        segments.setSpacing(0)
        for kind in FILTERS:
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("role", "segment")
            button.setProperty("filter", kind)
            self.filter_group.addButton(button)
            self.filter_buttons[kind] = button
            segments.addWidget(button)
        self.filter_buttons["all"].setChecked(True)
        self.filter_group.buttonClicked.connect(lambda _button: self._apply_search())
        row.addLayout(segments)
        return row

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(HistoryModel.TIME, Qt.SortOrder.DescendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setIconSize(QSize(18, 18))
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(34)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HistoryModel.DIRECTION, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(HistoryModel.NOTE, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(HistoryModel.DIRECTION, DIRECTION_WIDTH)
        header.sectionResized.connect(self._on_section_resized)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_menu)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        table.doubleClicked.connect(lambda _index: self.open_call())  # never a dial
        table.activated.connect(lambda _index: self.open_call())
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        return table

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.status_label = style.label("", "muted")
        row.addWidget(self.status_label, 1)
        self.details_button = QPushButton()
        self.details_button.clicked.connect(self.open_call)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_number)
        self.add_contact_button = QPushButton()
        self.add_contact_button.clicked.connect(self.add_contact)
        self.add_contact_button.setVisible(self._on_add_contact is not None)
        self.play_button = QPushButton(style.icon("action-play"), "")
        self.play_button.clicked.connect(self.play)
        self.card_button = QPushButton(style.icon("action-card"), "")
        self.card_button.clicked.connect(self.open_card)
        self.call_button = QPushButton(style.icon("action-call"), "")
        self.call_button.setProperty("role", "call")
        self.call_button.clicked.connect(self.call_back)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, activated=self.copy_number)
        for button in (
            self.details_button, self.copy_button, self.add_contact_button, self.play_button,
            self.card_button, self.call_button,
        ):  # fmt: skip
            button.setIconSize(QSize(16, 16))
            row.addWidget(button)
        return row

    def _retranslate(self) -> None:
        """Every fixed text; again on a language change (no restart, the window stays open)."""
        self.setWindowTitle(self.tr("Call history — Ringside"))
        self.title_label.setText(self.tr("Call history"))
        self.search_edit.setPlaceholderText(self.tr("Search by number or name"))
        labels = {
            "all": self.tr("All"),
            "missed": self.tr("Missed"),
            "inbound": self.tr("Inbound"),
            "outbound": self.tr("Outbound"),
        }
        for kind, button in self.filter_buttons.items():
            button.setText(labels[kind])
        self.details_button.setText(self.tr("Details and note"))
        self.copy_button.setText(self.tr("Copy number"))
        self.add_contact_button.setText(self.tr("Add contact"))
        self.play_button.setText(self.tr("Play recording"))
        self.card_button.setText(self.tr("Open card"))
        self.call_button.setText(self.tr("Call back"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.model.retranslate()
            if not self._user_sized:
                self.fit_columns()
            self._update_actions()
        super().changeEvent(event)

    # -- public API ---------------------------------------------------------
    def set_entries(self, entries: Sequence[HistoryEntry]) -> None:
        """Show these calls (newest first is the default sort), keeping the view still."""
        if self._search_history is not None and self._query_active():
            self._apply_search()  # a refresh from outside: re-run the operator's own search
            return
        self._show_entries(entries)

    def _show_entries(self, entries: Sequence[HistoryEntry]) -> None:
        entries = [e for e in entries if not is_spy_leg(_CallOf(e))]  # a listening leg is no call
        selected = self.selected_entry()
        anchor = self._anchor()
        before = self.proxy.rowCount()
        self.model.set_entries(entries)
        if not self._user_sized:
            self.fit_columns()
        if anchor is not None:
            self._restore_anchor(*anchor)
        elif self.table.verticalScrollBar().value() == 0:
            self._arrived = 0
        self._reselect(selected)
        if anchor is not None and self.proxy.rowCount() > before:
            self._arrived += self.proxy.rowCount() - before
        self._update_actions()

    def _query_active(self) -> bool:
        return bool(self.search_edit.text().strip()) or self.filter_kind() != "all"

    def _pointing(self) -> bool:
        viewport = self.table.viewport()
        return viewport.isVisible() and viewport.rect().contains(
            viewport.mapFromGlobal(QCursor.pos())
        )

    def _anchor(self) -> tuple[HistoryEntry, int] | None:
        """The entry at the top of the view and its row, when the view must not move."""
        if self.proxy.rowCount() == 0:
            return None
        first = self.table.verticalScrollBar().value()
        if first == 0 and not self._pointing():
            return None  # at the top and not pointed at: new calls simply appear on top
        entry = self.proxy.index(first, 0).data(EntryRole)
        return (entry, first) if isinstance(entry, HistoryEntry) else None

    def _restore_anchor(self, entry: HistoryEntry, first: int) -> None:
        row = self._row_of(entry)
        if row is not None and row != first:
            self.table.verticalScrollBar().setValue(row)

    def _row_of(self, entry: HistoryEntry) -> int | None:
        for row in range(self.proxy.rowCount()):
            candidate = self.proxy.index(row, 0).data(EntryRole)
            if candidate.call_id == entry.call_id and candidate.extension == entry.extension:
                return row
        return None

    def fit_columns(self) -> None:
        """Size the columns to their header (in the current language) and contents."""
        header = self.table.horizontalHeader()
        self._fitting = True
        try:
            for column, (narrowest, widest) in COLUMN_LIMITS.items():
                wanted = max(header.sectionSizeHint(column), self.table.sizeHintForColumn(column))
                self.table.setColumnWidth(column, max(narrowest, min(widest, wanted)))
        finally:
            self._fitting = False

    def filter_kind(self) -> str:
        checked = self.filter_group.checkedButton()
        return str(checked.property("filter")) if checked else "all"

    def set_filter(self, kind: str) -> None:
        """Select a filter (``all``, ``missed``, ``inbound``, ``outbound``), e.g. from the tray badge."""
        self.filter_buttons.get(kind, self.filter_buttons["all"]).setChecked(True)
        self._apply_search()

    def selected_entry(self) -> HistoryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        entry = rows[0].data(EntryRole)
        return entry if isinstance(entry, HistoryEntry) else None

    def call_back(self) -> None:
        entry = self.selected_entry()
        number = entry and (entry.remote_e164 or entry.remote_number)
        if number:
            self._on_call_back(number)

    def open_call(self) -> CallDetailsDialog | None:
        """The call's details and its note (double click, Enter, "Details and note")."""
        entry = self.selected_entry()
        if entry is None:
            return None
        if self.details is None:
            self.details = CallDetailsDialog(self, format_number=self._format_number)
            self.details.save_requested.connect(self._save_note)
        self.details.show_entry(entry, self.model, can_save=self._on_save_note is not None)
        self.details.show()
        self.details.raise_()
        return self.details

    def _save_note(self, entry: HistoryEntry, note: str, disposition: str) -> None:
        if self._on_save_note is not None:
            self._on_save_note(entry, note, disposition)

    def copy_number(self) -> None:
        entry = self.selected_entry()
        number = entry and (entry.remote_e164 or entry.remote_number)
        if not number:
            return
        if self._copy_text is not None:
            self._copy_text(number)
        else:
            QGuiApplication.clipboard().setText(number)
        self.status_label.setText(
            self.tr("Copied {number}").format(number=self.model.number_text(entry))
        )

    def add_contact(self) -> None:
        """An unknown caller into the address book (the shell opens its contact dialog)."""
        entry = self.selected_entry()
        number = entry and (entry.remote_e164 or entry.remote_number)
        if number and self._on_add_contact is not None:
            self._on_add_contact(number)

    def open_card(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self._on_open_card(entry)

    def play(self) -> None:
        entry = self.selected_entry()
        if entry is not None and has_recording(entry):
            self._on_play(entry)

    # -- internals ----------------------------------------------------------
    def _apply_search(self) -> None:
        self._search_timer.stop()
        text, kind = self.search_edit.text().strip(), self.filter_kind()
        if self._on_search is not None:
            self._on_search(text, kind)
        elif self._search_history is not None:
            self._search_history(self._show_entries, text, **_filters(kind))
        else:
            self.proxy.set_criteria(text, kind)
        self._update_actions()

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column in COLUMN_LIMITS and self.table.isVisible():
            self._user_sized = True

    def _reselect(self, entry: HistoryEntry | None) -> None:
        if entry is None:
            return
        row = self._row_of(entry)
        if row is not None and self.selected_entry() != self.proxy.index(row, 0).data(EntryRole):
            current = self.table.verticalScrollBar().value()
            self.table.selectRow(row)
            self.table.verticalScrollBar().setValue(current)  # selecting must not scroll

    def _update_actions(self) -> None:
        entry = self.selected_entry()
        has_number = bool(entry and (entry.remote_e164 or entry.remote_number))
        self.call_button.setEnabled(has_number)
        self.copy_button.setEnabled(has_number)
        self.add_contact_button.setEnabled(
            has_number and entry is not None and not entry.contact_id
        )
        self.details_button.setEnabled(entry is not None)
        self.card_button.setEnabled(entry is not None)
        playable = bool(entry and has_recording(entry))
        self.play_button.setEnabled(playable)
        self.play_button.setToolTip(
            "" if entry is None or playable else self.tr("No recording for this call")
        )
        shown = [self.proxy.index(r, 0).data(EntryRole) for r in range(self.proxy.rowCount())]
        missed = sum(1 for e in shown if e.missed)
        status = self.tr("%n call(s)", "", len(shown)) + " · " + self.tr("%n missed", "", missed)
        if self._arrived and self.table.verticalScrollBar().value() > 0:
            status += " · " + self.tr("%n new above", "", self._arrived)
        self.status_label.setText(status)
        self._stack.setCurrentIndex(0 if shown else 1)
        searching = bool(self.search_edit.text().strip()) or self.filter_kind() != "all"
        self._empty_label.setText(
            self.tr("No calls match.")
            if searching
            else self.tr("No calls yet. Calls you make and receive appear here.")
        )

    def _show_menu(self, pos: QPoint) -> None:
        index: QModelIndex = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        for button, slot in (
            (self.details_button, self.open_call),
            (self.call_button, self.call_back),
            (self.copy_button, self.copy_number),
            *([(self.add_contact_button, self.add_contact)] if self._on_add_contact else []),
            (self.card_button, self.open_card),
            (self.play_button, self.play),
        ):
            action = QAction(button.icon(), button.text(), menu)
            action.setEnabled(button.isEnabled())
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self._menu = menu  # keep a reference while it is open (and for tests)


def has_recording(entry: HistoryEntry) -> bool:
    """A recording worth playing: none for a call nobody talked on (a missed call's
    recording, when the PBX made one, is a 44-byte WAV header and nothing else)."""
    return bool(entry.recording) and entry.talk_seconds > 0


def _filters(kind: str) -> dict[str, Any]:
    """The SQL search's filters for the all/missed/inbound/outbound buttons."""
    if kind == "missed":
        return {"missed_only": True}
    if kind in ("inbound", "outbound"):
        return {"direction": kind}
    return {}


class _CallOf:
    """A history entry seen as a call (``is_spy_leg`` reads ``call_id`` and ``remote_name``)."""

    __slots__ = ("call_id", "remote_name")

    def __init__(self, entry: HistoryEntry) -> None:
        self.call_id = entry.call_id
        self.remote_name = entry.remote_name
