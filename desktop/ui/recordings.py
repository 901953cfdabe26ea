"""Supervisor's recordings browser: filter calls, play in place, copy a signed link.

Searches go to the gateway through ``core.recordings.client.RecordingsClient``
(any object with async ``search(query)`` and ``link_for(call_id, recording)``);
when there is no gateway or it fails, rows come from the caller's local-history
fallback. The table is a ``QAbstractTableModel`` over immutable
``RecordingRow`` snapshots. Network work runs as asyncio tasks (qasync).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.phone import format_for_display
from core.recordings.errors import RecordingError
from core.recordings.types import RecordingRow, SearchPage, SearchQuery
from desktop.ui import style
from desktop.ui.player import PlayerWidget, format_ms, without_urls

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex


class RecordingsApi(Protocol):
    async def search(self, query: SearchQuery) -> SearchPage: ...

    async def link_for(self, call_id: str, recording: str | None = None) -> str: ...


LocalRows = Callable[[SearchQuery], Sequence[RecordingRow]]
LocalUrl = Callable[[RecordingRow], str | None]


class RecordingsModel(QAbstractTableModel):
    """Rows of the browser; replaced wholesale, never edited in place."""

    HEADERS = ("Date", "Direction", "Operator", "Number", "Name", "Outcome", "Talk", "Recording")

    def __init__(
        self, parent: QWidget | None = None, format_number: Callable[[str], str] | None = None
    ) -> None:
        super().__init__(parent)
        self._rows: tuple[RecordingRow, ...] = ()
        self._format_number = format_number or format_for_display

    def set_rows(self, rows: Sequence[RecordingRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> RecordingRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and not playable(row):
            return self.tr("No recording for this call")
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def _cell(self, row: RecordingRow, column: int) -> str:
        when = datetime.fromtimestamp(row.started_at, UTC).astimezone()
        cells = (
            when.strftime("%Y-%m-%d %H:%M"),
            self.tr(row.direction),
            row.operator,
            self._format_number(row.number) if row.number else "",
            row.caller_name,
            self.tr(row.outcome),
            format_ms(row.billsec * 1000),
            "▶" if playable(row) else "",
        )
        return cells[column]


class RecordingsBrowser(QWidget):
    """Filters + table + embedded player. ``api`` may be ``None`` (local history only)."""

    statusText = Signal(str)
    searched = Signal(int)  # rows shown

    def __init__(
        self,
        api: RecordingsApi | None,
        *,
        local_rows: LocalRows | None = None,
        local_url: LocalUrl | None = None,
        parent: QWidget | None = None,
        format_number: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.api, self.local_rows, self.local_url = api, local_rows, local_url
        self.page = 1
        self.total = 0
        self.last_link = ""
        self._tasks: set[asyncio.Task[Any]] = set()
        self.model = RecordingsModel(self, format_number)
        self.player = PlayerWidget(self)
        self._build()
        if parent is None:
            style.apply(self)

    def _build(self) -> None:
        now = QDateTime.currentDateTime()
        self.date_from = QDateTimeEdit(now.addDays(-7), self)
        self.date_to = QDateTimeEdit(now.addDays(1), self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.operator = QLineEdit(self)
        self.number = QLineEdit(self)
        self.direction = self._combo(("", "inbound", "outbound", "internal"))
        self.outcome = self._combo(("", "answered", "missed", "busy", "failed"))
        self.min_duration = QSpinBox(self)
        self.min_duration.setRange(0, 24 * 3600)
        self.search_button = QPushButton(self)
        self.prev_button = QPushButton("‹", self)
        self.next_button = QPushButton("›", self)
        self.play_button = QPushButton(self)
        self.copy_button = QPushButton(self)
        self.search_button.setProperty("role", "primary")
        self.play_button.setProperty("role", "primary")
        self.play_button.setEnabled(False)
        self.copy_button.setEnabled(False)
        self.status = QLabel(self)
        self.status.setWordWrap(True)  # errors in full, never cut to one line
        self.status.setProperty("role", "muted")
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.horizontalHeader().setSectionResizeMode(
            4, QHeaderView.ResizeMode.Stretch
        )  # name
        self._layout()
        self.search_button.clicked.connect(lambda: self.search(1))
        self.prev_button.clicked.connect(lambda: self.search(max(1, self.page - 1)))
        self.next_button.clicked.connect(lambda: self.search(self.page + 1))
        self.play_button.clicked.connect(self.play_selected)
        self.copy_button.clicked.connect(self.copy_link)
        self.table.doubleClicked.connect(lambda _index: self.play_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        ok = row is not None and playable(row)
        self.play_button.setEnabled(ok)
        self.copy_button.setEnabled(ok)
        tip = "" if row is None or ok else self.tr("No recording for this call")
        self.play_button.setToolTip(tip)
        self.copy_button.setToolTip(tip)

    def _combo(self, values: Sequence[str]) -> QComboBox:
        box = QComboBox(self)
        for value in values:
            box.addItem(value, value)
        return box

    def _retranslate(self) -> None:
        """Every fixed text; again on a language change."""
        self.operator.setPlaceholderText(self.tr("extension"))
        self.number.setPlaceholderText(self.tr("last digits"))
        self.min_duration.setSuffix(self.tr(" s"))
        self.search_button.setText(self.tr("Search"))
        self.play_button.setText(self.tr("Play"))
        self.copy_button.setText(self.tr("Copy link"))
        for box in (self.direction, self.outcome):
            for index in range(box.count()):
                value = str(box.itemData(index) or "")
                box.setItemText(index, self.tr(value) if value else self.tr("any"))
        texts = {
            "from": self.tr("From"), "to": self.tr("To"), "operator": self.tr("Operator"),
            "number": self.tr("Number"), "direction": self.tr("Direction"),
            "outcome": self.tr("Outcome"), "talk": self.tr("Talk at least"),
        }  # fmt: skip
        for key, label in self._labels.items():
            label.setText(texts[key])
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.HEADERS) - 1)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _layout(self) -> None:
        grid = QGridLayout()
        cells = (
            ("from", self.date_from, "to", self.date_to),
            ("operator", self.operator, "number", self.number),
            ("direction", self.direction, "outcome", self.outcome),
        )
        self._labels: dict[str, QLabel] = {}
        for row, (left, left_widget, right, right_widget) in enumerate(cells):
            self._labels[left] = QLabel(self)
            self._labels[right] = QLabel(self)
            grid.addWidget(self._labels[left], row, 0)
            grid.addWidget(left_widget, row, 1)
            grid.addWidget(self._labels[right], row, 2)
            grid.addWidget(right_widget, row, 3)
        self._labels["talk"] = QLabel(self)
        grid.addWidget(self._labels["talk"], 3, 0)
        grid.addWidget(self.min_duration, 3, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        buttons = QHBoxLayout()
        for button in (self.search_button, self.prev_button, self.next_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        layout.setSpacing(style.SPACING)
        grid.setHorizontalSpacing(style.SPACING)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.player)
        self._retranslate()

    # -- queries -------------------------------------------------------
    def query(self, page: int = 1) -> SearchQuery:
        """The filters as a ``SearchQuery`` (an immutable snapshot of the form)."""
        return SearchQuery(
            date_from=self.date_from.dateTime().toSecsSinceEpoch(),
            date_to=self.date_to.dateTime().toSecsSinceEpoch(),
            operator=self.operator.text().strip() or None,
            number="".join(ch for ch in self.number.text() if ch.isdigit()) or None,
            direction=self.direction.currentData() or None,
            outcome=self.outcome.currentData() or None,
            min_duration=self.min_duration.value() or None,
            page=page,
        )

    def selected_row(self) -> RecordingRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def search(self, page: int = 1) -> asyncio.Task[Any]:
        return self._spawn(self._search(self.query(page)))

    async def _search(self, query: SearchQuery) -> None:
        self._say(self.tr("Searching…"))
        if self.api is not None:
            try:
                result = await self.api.search(query)
            except RecordingError as exc:
                log.warning("gateway search failed: %s", exc)
                error = without_urls(str(exc))
                self._show_local(
                    query,
                    self.tr("Gateway unavailable ({error}); showing local history.").format(
                        error=error
                    ),
                )
                return
            self.page, self.total = result.page, result.total
            self.model.set_rows(result.items)
            more = "" if result.total_exact else "+"
            self._say(
                self.tr("{count} calls found, page {page}").format(
                    count=f"{result.total}{more}", page=result.page
                )
            )
            self.searched.emit(len(result.items))
            return
        self._show_local(query, self.tr("Local history."))

    def _show_local(self, query: SearchQuery, note: str) -> None:
        rows = list(self.local_rows(query)) if self.local_rows else []
        self.page, self.total = query.page, len(rows)
        self.model.set_rows(rows)
        self._say(f"{note} " + self.tr("{count} calls.").format(count=len(rows)))
        self.searched.emit(len(rows))

    # -- play / link ---------------------------------------------------
    def play_selected(self) -> asyncio.Task[Any] | None:
        row = self.selected_row()
        if row is None or not playable(row):
            self._say(self.tr("No recording for this call"))
            return None
        return self._spawn(self._play(row))

    async def _play(self, row: RecordingRow) -> None:
        url = await self._url_for(row)
        if url:
            self.player.load(url, self.title_for(row))

    def title_for(self, row: RecordingRow) -> str:
        """What plays: caller, number, operator, when and how long."""
        when = datetime.fromtimestamp(row.started_at, UTC).astimezone().strftime("%d.%m %H:%M")
        number = self.model._format_number(row.number or row.src) if (row.number or row.src) else ""
        who = " · ".join(p for p in (row.caller_name, number) if p)
        operator = self.tr("operator {ext}").format(ext=row.operator) if row.operator else ""
        return " · ".join(p for p in (who, operator, when, format_ms(row.billsec * 1000)) if p)

    def copy_link(self) -> asyncio.Task[Any] | None:
        row = self.selected_row()
        if row is None or not playable(row):
            self._say(self.tr("No recording for this call"))
            return None
        return self._spawn(self._copy(row))

    async def _copy(self, row: RecordingRow) -> None:
        url = await self._url_for(row)
        if url:
            QGuiApplication.clipboard().setText(url)
            self.last_link = url
            self._say(self.tr("Link copied; it expires in a while, share it soon."))

    async def _url_for(self, row: RecordingRow) -> str | None:
        try:
            if self.api is not None:
                return await self.api.link_for(row.call_id, row.recording)
        except RecordingError as exc:
            self._say(without_urls(str(exc)))
            self.player.show_error(str(exc))
            return None
        url = self.local_url(row) if self.local_url else None
        if not url:
            self._say(self.tr(
                "A recordings gateway is needed to play or share this recording: "
                "set it up in Settings → Recordings."
            ))  # fmt: skip
        return url

    # -- plumbing ------------------------------------------------------
    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.statusText.emit(text)

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop()
        task = loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


def playable(row: RecordingRow) -> bool:
    """A recording worth playing: none for a call nobody talked on (a missed call's file,
    when the PBX made one, is a 44-byte WAV header)."""
    return bool(row.recording) and row.billsec > 0
