"""Supervisor live listen: the PBX's current calls with Listen / Whisper / Barge.

A parked call is listed too (State "Parked in 71 · default, by 101", the duration
counted from the park); it has nobody to listen to, so the buttons stay off.

:class:`LivePanel` shows snapshots (``CallSnapshot``) it pulls from ``calls()``
once a second while it is visible (an in-memory read, no I/O); the buttons call
``on_spy(extension, mode)`` for the selected call's operator. The supervisor's
own phone rings first, then it joins the call (ChanSpy).

A supervisor's listening leg is not a call: :func:`is_spy_leg` recognises it (the
channel id Ringside gave the ChanSpy originate, ``spy-…``, which Asterisk uses as
the leg's Uniqueid and Linkedid, or the caller id it set, ``Listen: PJSIP/101``);
the bridge drops its events (no popup, no note card), history and Live hide it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.calls.events import CallSnapshot, Parking

MODES = ("listen", "whisper", "barge")
SPY_ID_PREFIX = "spy-"  # core.ami.actions.originate_spy: new_channel_id("spy")
_SPY_CALLER_ID = re.compile(r"^(Listen|Whisper|Barge): \S+")  # originate_spy's CallerID name


class _CallLike(Protocol):
    @property
    def call_id(self) -> str: ...

    @property
    def remote_name(self) -> str | None: ...


def is_spy_leg(call: _CallLike) -> bool:
    """A supervisor's live-listen leg (ChanSpy), which must never look like a call."""
    if call.call_id.startswith(SPY_ID_PREFIX):
        return True
    return bool(call.remote_name and _SPY_CALLER_ID.match(call.remote_name))


def operator_of(call: CallSnapshot) -> str:
    """The extension talking on ``call`` (the one a supervisor would listen to)."""
    return call.answered_by or (call.talked[0] if call.talked else "") or call.from_extension or ""


class LivePanel(QWidget):
    """Current calls and the three live-listen buttons (supervisor profiles only)."""

    REFRESH_MS = 1000

    def __init__(
        self,
        calls: Callable[[], Sequence[CallSnapshot]],
        on_spy: Callable[[str, str], object],
        format_number: Callable[[str], str] = str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.calls, self.on_spy, self.format_number = calls, on_spy, format_number
        self.rows: list[CallSnapshot] = []
        self.table = QTableWidget(0, 5, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.buttons = {mode: QPushButton(self) for mode in MODES}
        for mode, button in self.buttons.items():
            button.clicked.connect(lambda _=False, m=mode: self.spy_selected(m))
        self.hint = ""
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self._retranslate()
        self._layout()
        self.timer = QTimer(self)
        self.timer.setInterval(self.REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._update_buttons()

    def _retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Operator"),
                self.tr("Number"),
                self.tr("Queue"),
                self.tr("Duration"),
                self.tr("State"),
            ]
        )
        labels = {
            "listen": self.tr("Listen"),
            "whisper": self.tr("Whisper"),
            "barge": self.tr("Barge in"),
        }
        for mode, button in self.buttons.items():
            button.setText(labels[mode])
        showing_hint = self.status.text() in ("", self.hint)
        self.hint = self.tr(
            "Your phone rings first; answer it to join the call. Whisper: only the operator hears you."
        )
        if showing_hint:
            self.status.setText(self.hint)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for button in self.buttons.values():
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def showEvent(self, event: object) -> None:
        self.refresh()
        self.timer.start()
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:
        self.timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        """Re-read the current calls, keeping the selected call selected."""
        selected = self.selected()
        self.rows = [
            c for c in self.calls() if (operator_of(c) or c.parked_in) and not is_spy_leg(c)
        ]
        self.table.setRowCount(len(self.rows))
        now = time.time()
        for row, call in enumerate(self.rows):
            parking = call.parking if call.parked_in else None
            since = (
                (parking.since if parking else None) or call.answered_at or call.started_at or now
            )
            seconds = max(0, int(now - since))
            cells = (
                (parking.by or "") if parking else operator_of(call),
                self.format_number(call.remote_number or "") or (call.remote_name or ""),
                call.queue or "",
                f"{seconds // 60}:{seconds % 60:02d}",
                self.parked_text(parking) if parking else "",
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if selected is not None and call.call_id == selected.call_id:
                self.table.selectRow(row)
        idle = self.tr("No calls in progress.")
        if not self.rows:
            self.status.setText(idle)
        elif self.status.text() == idle:
            self.status.setText(self.hint)
        self._update_buttons()

    def parked_text(self, parking: Parking) -> str:
        """Where a parked call waits and who parked it (the duration column counts from then)."""
        lot = f" · {parking.lot}" if parking.lot else ""
        if parking.by:
            return self.tr("Parked in {space}{lot}, by {ext}").format(
                space=parking.space, lot=lot, ext=parking.by
            )
        return self.tr("Parked in {space}{lot}").format(space=parking.space, lot=lot)

    def selected(self) -> CallSnapshot | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not indexes or indexes[0].row() >= len(self.rows):
            return None
        return self.rows[indexes[0].row()]

    def _update_buttons(self) -> None:
        call = self.selected()
        enabled = call is not None and not call.parked_in  # nobody talks on a parked call
        for button in self.buttons.values():
            button.setEnabled(enabled)

    def spy_selected(self, mode: str) -> None:
        call = self.selected()
        if call is None:
            return
        extension = operator_of(call)
        self.status.setText(
            self.tr("Calling your phone to join {operator}'s call…").format(operator=extension)
        )
        self.on_spy(extension, mode)
