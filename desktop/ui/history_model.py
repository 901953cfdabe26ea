"""The call-history table model over immutable ``HistoryEntry`` snapshots, and its local filter.

``HistoryModel`` (a ``QAbstractTableModel``) shows time, direction, number,
name, outcome (missed in red, unseen missed in bold), duration and note.
``HistoryFilter`` applies the search text and the all/missed/inbound/outbound
filter locally, for callers that do not query SQLite themselves. The window
that uses both is ``desktop.ui.history``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from core.history.calls import HistoryEntry
from core.phone import format_for_display
from desktop.ui import style

FILTERS = ("all", "missed", "inbound", "outbound")
EntryRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


def _value(item: Any) -> str:
    """Enum members and plain strings alike (Direction/Outcome are StrEnums)."""
    return str(getattr(item, "value", item) or "")


def format_duration(seconds: float) -> str:
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class HistoryModel(QAbstractTableModel):
    """Rows of ``HistoryEntry``; ``EntryRole`` returns the entry itself."""

    TIME, DIRECTION, NUMBER, NAME, OUTCOME, DURATION, NOTE = range(7)

    def __init__(
        self, format_number: Callable[[str], str] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._entries: list[HistoryEntry] = []
        self._format_number = format_number or format_for_display
        self.retranslate()

    def retranslate(self) -> None:
        """(Re)read the texts in the current language; the view repaints."""
        self._headers = (
            self.tr("Time"), "", self.tr("Number"), self.tr("Name"),
            self.tr("Outcome"), self.tr("Duration"), self.tr("Note"),
        )  # fmt: skip
        self._outcomes = {
            "answered": self.tr("Answered"),
            "missed": self.tr("Missed"),
            "busy": self.tr("Busy"),
            "failed": self.tr("Failed"),
            "abandoned": self.tr("Abandoned"),
            "answered-elsewhere": self.tr("Answered elsewhere"),
            "transferred-away": self.tr("Transferred"),
            "": self.tr("Ringing"),
        }
        self._directions = {
            "inbound": self.tr("Inbound"),
            "outbound": self.tr("Outbound"),
            "internal": self.tr("Internal"),
        }
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)
        if getattr(self, "_entries", None):
            last = self.index(len(self._entries) - 1, len(self._headers) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def set_entries(self, entries: Sequence[HistoryEntry]) -> None:
        """Show ``entries``, changing only what changed: rows that stay keep their place (and
        the selection, the scroll position, what is under the mouse), gone rows are removed,
        changed rows repaint and new ones are appended (the sort proxy puts them in place)."""
        fresh = {_key(e): e for e in entries}
        old_keys = [_key(e) for e in self._entries]
        kept = sum(1 for k in old_keys if k in fresh)
        if not self._entries or kept * 2 < len(self._entries):  # a new search: start over
            self.beginResetModel()
            self._entries = list(fresh.values())
            self.endResetModel()
            return
        for row in range(len(self._entries) - 1, -1, -1):
            if old_keys[row] not in fresh:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._entries[row]
                self.endRemoveRows()
        last = self.columnCount() - 1
        for row, entry in enumerate(self._entries):
            new = fresh.pop(_key(entry))
            if new != entry:
                self._entries[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        if fresh:
            start = len(self._entries)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._entries.extend(fresh.values())
            self.endInsertRows()

    def entry(self, row: int) -> HistoryEntry:
        return self._entries[row]

    def entries(self) -> list[HistoryEntry]:
        return list(self._entries)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = (
                Qt.AlignmentFlag.AlignRight
                if section == self.DURATION
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == EntryRole:
            return entry
        if role == SortRole:
            return self._sort_key(entry, column)
        if role == Qt.ItemDataRole.DecorationRole and column == self.DIRECTION:
            return style.icon(self.direction_icon(entry))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.OUTCOME and entry.missed:
            return QBrush(QColor(style.Palette.DANGER))
        if role == Qt.ItemDataRole.FontRole and entry.missed and not entry.seen:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def number_text(self, entry: HistoryEntry) -> str:
        number = entry.remote_e164 or entry.remote_number or ""
        return self._format_number(number) if number else self.tr("Unknown number")

    def outcome_text(self, entry: HistoryEntry) -> str:
        key = _value(entry.outcome)
        text = self._outcomes.get(key, key)
        if getattr(entry, "voicemail", False):
            return self.tr("{outcome} · left a voicemail").format(outcome=text)
        return text

    def direction_text(self, entry: HistoryEntry) -> str:
        key = _value(entry.direction)
        return self._directions.get(key, key)

    @staticmethod
    def direction_icon(entry: HistoryEntry) -> str:
        if entry.missed:
            return "call-missed"
        return {"inbound": "call-inbound", "outbound": "call-outbound"}.get(
            _value(entry.direction), "call-internal"
        )

    def _display(self, entry: HistoryEntry, column: int) -> str | None:
        if column == self.TIME:
            return format_time(entry.started_at)
        if column == self.NUMBER:
            return self.number_text(entry)
        if column == self.NAME:
            return entry.remote_name or ""
        if column == self.OUTCOME:
            return self.outcome_text(entry)
        if column == self.DURATION:
            return format_duration(entry.talk_seconds) if entry.talk_seconds else "—"
        if column == self.NOTE:
            return " · ".join(p for p in (entry.disposition, entry.note) if p)
        return None

    def _sort_key(self, entry: HistoryEntry, column: int) -> Any:
        if column == self.TIME:
            return entry.started_at
        if column == self.DURATION:
            return entry.talk_seconds
        return self._display(entry, column) or self.direction_text(entry)

    def _tooltip(self, entry: HistoryEntry, column: int) -> str | None:
        if column == self.TIME:
            when = QDateTime.fromMSecsSinceEpoch(int(entry.started_at * 1000))
            return QLocale().toString(when, QLocale.FormatType.LongFormat)
        if column == self.DIRECTION:
            return self.direction_text(entry)
        if column == self.DURATION and entry.wait_seconds:
            return self.tr("Waited {wait}").format(wait=format_duration(entry.wait_seconds))
        if column == self.NUMBER and (entry.did or entry.queue):
            via = ", ".join(p for p in (entry.queue, entry.did) if p)
            return self.tr("Via {via}").format(via=via)
        if column == self.NOTE:
            return entry.note or None
        return None


def format_time(epoch: float) -> str:
    """``14:05`` today, ``21 Nov 14:05`` this year, a short date otherwise (in the UI locale)."""
    when = QDateTime.fromMSecsSinceEpoch(int(epoch * 1000))
    today = QDateTime.currentDateTime().date()
    locale = QLocale()
    if when.date() == today:
        return locale.toString(when.time(), "HH:mm")
    if when.date().year() == today.year():
        return locale.toString(when, "d MMM, HH:mm")
    return locale.toString(when, "dd.MM.yyyy HH:mm")


def _key(entry: HistoryEntry) -> tuple[str, str]:
    return (entry.call_id, entry.extension)


def _digits(text: str | None) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit())


def matches(entry: HistoryEntry, text: str, kind: str) -> bool:
    """Local filtering: ``kind`` in FILTERS; ``text`` against the number's digits or the name/note."""
    if kind == "missed" and not entry.missed:
        return False
    if kind in ("inbound", "outbound") and _value(entry.direction) != kind:
        return False
    query = text.strip().casefold()
    if not query:
        return True
    wanted = _digits(query)
    if wanted and not any(ch.isalpha() for ch in query):
        return any(wanted in _digits(n) for n in (entry.remote_number, entry.remote_e164))
    return query in (entry.remote_name or "").casefold() or query in (entry.note or "").casefold()


class HistoryFilter(QSortFilterProxyModel):
    """Local search/filter used when the caller gives no ``on_search``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._kind = "all"
        self.setSortRole(SortRole)

    def set_criteria(self, text: str, kind: str) -> None:
        self.beginFilterChange()
        self._text, self._kind = text, kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, HistoryModel):
            return True
        return matches(model.entry(source_row), self._text, self._kind)
