"""One past call from the history: its details and the operator's note, editable any time.

History's double click (or Enter, or "Details and note") opens this dialog; it
never dials. Saving hands ``(entry, note, disposition)`` to the history
window's ``on_save_note`` (the service stores it and queues it for the CRM), so
a note can be written long after the call's popup is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.history.calls import HistoryEntry
from desktop.ui import style
from desktop.ui.popup import DISPOSITIONS

if TYPE_CHECKING:
    from desktop.ui.history_model import HistoryModel


class CallDetailsDialog(QDialog):
    """Details of one call and its note; reused for whichever call is opened next."""

    save_requested = Signal(object, str, str)  # HistoryEntry, note, disposition

    def __init__(
        self, parent: QWidget | None = None, *, format_number: Callable[[str], str] | None = None
    ) -> None:
        super().__init__(parent)
        self.entry: HistoryEntry | None = None
        self._format_number = format_number
        style.apply(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.MARGIN, style.MARGIN, style.MARGIN, style.MARGIN)
        self.title = style.label("", "title")
        layout.addWidget(self.title)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key in ("time", "direction", "name", "via", "outcome", "durations", "recording"):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[key] = value
            self.form.addRow(QLabel(), value)
        layout.addLayout(self.form)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setMinimumHeight(90)
        layout.addWidget(self.note_edit)
        row = QHBoxLayout()
        self.disposition_box = QComboBox()
        for code in DISPOSITIONS:
            self.disposition_box.addItem(code, code)
        self.status = style.label("", "muted")
        self.save_button = QPushButton()
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self._on_save)
        self.close_button = QPushButton(clicked=self.close)
        row.addWidget(self.disposition_box, 1)
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self._retranslate()
        self.resize(520, 460)

    def _retranslate(self) -> None:
        labels = {
            "time": self.tr("When"),
            "direction": self.tr("Direction"),
            "name": self.tr("Caller"),
            "via": self.tr("Via"),
            "outcome": self.tr("Outcome"),
            "durations": self.tr("Waited / talked"),
            "recording": self.tr("Recording"),
        }
        for row, key in enumerate(self.values):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(label, QLabel):
                label.setText(labels[key])
        self.note_edit.setPlaceholderText(self.tr("Note about this call…"))
        self.disposition_box.setPlaceholderText(self.tr("Outcome…"))
        for index, code in enumerate(DISPOSITIONS):
            self.disposition_box.setItemText(index, QCoreApplication.translate("CallPopup", code))
        self.save_button.setText(self.tr("Save note"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event: object) -> None:
        from PySide6.QtCore import QEvent

        if getattr(event, "type", lambda: None)() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)  # type: ignore[arg-type]

    def show_entry(
        self, entry: HistoryEntry, model: HistoryModel, *, can_save: bool = True
    ) -> None:
        """Fill the dialog for ``entry`` (texts formatted as the history table shows them)."""
        from desktop.ui.history_model import format_duration

        self.entry = entry
        number = model.number_text(entry)
        self.setWindowTitle(self.tr("Call with {number} — Ringside").format(number=number))
        self.title.setText(number)
        when = QDateTime.fromMSecsSinceEpoch(int(entry.started_at * 1000))
        self.values["time"].setText(QLocale().toString(when, QLocale.FormatType.LongFormat))
        self.values["direction"].setText(model.direction_text(entry))
        self.values["name"].setText(entry.remote_name or self.tr("Not known"))
        via = ", ".join(p for p in (entry.queue and self.tr("queue {queue}").format(queue=entry.queue),
                                    entry.did and self._number(entry.did)) if p)  # fmt: skip
        self.values["via"].setText(via or "—")
        self.values["outcome"].setText(model.outcome_text(entry))
        self.values["durations"].setText(
            f"{format_duration(entry.wait_seconds)} / {format_duration(entry.talk_seconds)}"
        )
        self.values["recording"].setText(
            self.tr("Yes") if entry.recording and entry.talk_seconds > 0
            else self.tr("No recording for this call")
        )  # fmt: skip
        self.note_edit.setPlainText(entry.note or "")
        index = self.disposition_box.findData(entry.disposition) if entry.disposition else -1
        self.disposition_box.setCurrentIndex(index)
        self.save_button.setEnabled(can_save)
        self.status.setText("" if can_save else self.tr("Notes cannot be saved here."))

    def _number(self, number: str) -> str:
        return self._format_number(number) if self._format_number else number

    def _on_save(self) -> None:
        if self.entry is None:
            return
        note = self.note_edit.toPlainText().strip()
        disposition = str(self.disposition_box.currentData() or "")
        self.save_requested.emit(self.entry, note, disposition)
        self.status.setText(self.tr("Note saved."))
