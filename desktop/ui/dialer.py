"""The dialer window: type or paste a number, see what will be dialled, press Enter.

Click-to-call rings the operator's own phone first and then the customer, so the
window says so. As it is typed the number is read through the profile's dial
rules (the ``plan`` callable, ``core.phone.DialRules.plan``): the window shows
the number as understood (``+7 912 345-67-89``) and the string the PBX will
dial (``89123456789``, with an outside-line prefix if the profile has one). The
call button only lights up for something dialable; a bad number gets one
message, in the banner. Recent numbers are kept in the widget; the shell may
persist them via ``recent_changed`` / ``set_recent``; they are shown through the
optional ``format_number`` (as in the history window) and dialled as stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import style

MAX_RECENT = 12


class DialerWindow(QWidget):
    """Type or paste a number; Enter dials its normalized form via ``on_dial``."""

    recent_changed = Signal(list)  # list[str] of normalized numbers, newest first

    def __init__(
        self,
        on_dial: Callable[[str], None],
        normalize: Callable[[str], str | None],
        parent: QWidget | None = None,
        *,
        format_number: Callable[[str], str] | None = None,
        plan: Callable[[str], Any] | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._on_dial = on_dial
        self._normalize = normalize
        self._plan = plan  # core.phone.DialRules.plan: (e164, dial string) for the preview
        self._format_number = format_number or (lambda number: number)
        self._recent: list[str] = []
        self.setWindowTitle(self.tr("Dial — Ringside"))
        style.apply(self)
        self._build()
        self._update_preview()
        self.resize(420, 520)

    # -- layout -------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(
            style.MARGIN + 4, style.MARGIN + 4, style.MARGIN + 4, style.MARGIN
        )
        layout.setSpacing(style.SPACING)
        layout.addWidget(style.label(self.tr("Call a number"), "title"))
        layout.addWidget(
            style.label(
                self.tr(
                    "Your phone rings first. Pick it up and Ringside connects you to the number."
                ),
                "subtitle",
                wrap=True,
            )
        )
        self.number_edit = QLineEdit()
        self.number_edit.setProperty("role", "big")
        self.number_edit.setPlaceholderText(self.tr("+7 495 123-45-67 or an extension"))
        self.number_edit.setClearButtonEnabled(True)
        self.number_edit.textChanged.connect(self._update_preview)
        self.number_edit.returnPressed.connect(self.dial)
        layout.addWidget(self.number_edit)
        layout.addLayout(self._build_preview())
        self.banner = style.Banner("error")
        self.banner.hide()
        layout.addWidget(self.banner)
        layout.addSpacing(4)
        layout.addWidget(style.label(self.tr("Recent"), "section"))
        layout.addWidget(self._build_recent(), 1)
        layout.addLayout(self._build_buttons())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)

    def _build_preview(self) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(2)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.preview_caption = style.label(self.tr("Will dial"), "muted")
        self.preview_label = style.label("", "value")
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.preview_caption)
        row.addWidget(self.preview_label, 1)
        self.number_label = style.label("", "muted")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addLayout(row)
        box.addWidget(self.number_label)
        return box

    def _build_recent(self) -> QStackedWidget:
        self.recent_list = QListWidget()
        self.recent_list.setIconSize(QSize(16, 16))
        self.recent_list.itemClicked.connect(lambda item: self.set_number(self._item_number(item)))
        self.recent_list.itemActivated.connect(self._dial_item)
        empty = style.label(self.tr("Numbers you call appear here."), "muted", wrap=True)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._recent_stack = QStackedWidget()
        self._recent_stack.addWidget(empty)
        self._recent_stack.addWidget(self.recent_list)
        return self._recent_stack

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        self.call_button = QPushButton(style.icon("action-call"), self.tr("Call"))
        self.call_button.setProperty("role", "call")
        self.call_button.setIconSize(QSize(16, 16))
        self.call_button.setMinimumWidth(120)
        self.call_button.setDefault(True)
        self.call_button.clicked.connect(self.dial)
        row.addStretch(1)
        row.addWidget(close)
        row.addWidget(self.call_button)
        return row

    # -- public API ---------------------------------------------------------
    def set_number(self, text: str) -> None:
        """Prefill the number (e.g. from the clipboard hotkey) and focus the field."""
        self.number_edit.setText(text.strip())
        self.number_edit.setFocus()

    def normalized(self) -> str | None:
        """The normalized form of what is typed, or None when it is not dialable."""
        text = self.number_edit.text().strip()
        return self._normalize(text) if text else None

    def show_error(self, text: str) -> None:
        """Say in words why the call could not be placed."""
        self.banner.show_message("error", text)

    def show_info(self, text: str) -> None:
        self.banner.show_message("info", text)

    def set_recent(self, numbers: list[str]) -> None:
        self._recent = list(dict.fromkeys(n for n in numbers if n))[:MAX_RECENT]
        self._fill_recent()

    def recent(self) -> list[str]:
        return list(self._recent)

    def dial(self) -> None:
        """Dial what is typed: normalize, remember, then hand it to ``on_dial``."""
        text = self.number_edit.text().strip()
        if not text:
            self.show_error(self.tr("Type a phone number or an extension first."))
            return
        number = self._normalize(text)
        if number is None:
            self.show_error(
                self.tr("“{text}” is not a phone number Ringside can dial.").format(text=text)
            )
            return
        plan = self._plan(text) if self._plan is not None else None
        shown = self._format_number(plan.e164) if plan is not None and plan.e164 else number
        remembered = plan.e164 or text if plan is not None else number
        self._remember(remembered)
        self.show_info(
            self.tr("Calling your phone… Pick it up to be connected to {number}.").format(
                number=shown
            )
        )
        try:
            self._on_dial(text if plan is not None else number)
        except Exception as exc:  # the shell reports failures in words; never crash the window
            self.show_error(self.tr("The call could not be placed: {reason}").format(reason=exc))

    # -- internals ----------------------------------------------------------
    @staticmethod
    def _item_number(item: QListWidgetItem) -> str:
        return str(item.data(Qt.ItemDataRole.UserRole) or item.text())

    def _dial_item(self, item: QListWidgetItem) -> None:
        self.set_number(self._item_number(item))
        self.dial()

    def _remember(self, number: str) -> None:
        self._recent = [number, *(n for n in self._recent if n != number)][:MAX_RECENT]
        self._fill_recent()
        self.recent_changed.emit(list(self._recent))

    def _fill_recent(self) -> None:
        self.recent_list.clear()
        for number in self._recent:
            item = QListWidgetItem(style.icon("call-outbound"), self._format_number(number))
            item.setData(Qt.ItemDataRole.UserRole, number)
            item.setToolTip(number)
            self.recent_list.addItem(item)
        self._recent_stack.setCurrentIndex(1 if self._recent else 0)

    def _update_preview(self) -> None:
        self.banner.hide()
        text = self.number_edit.text().strip()
        number = self._normalize(text) if text else None
        if not text:
            self.preview_label.setText("—")
            style.set_role(self.preview_label, "muted")
        elif number is None:
            self.preview_label.setText(self.tr("not a dialable number"))
            style.set_role(self.preview_label, "invalid")
        else:
            self.preview_label.setText(number)
            style.set_role(self.preview_label, "value")
        plan = self._plan(text) if self._plan is not None and text and number else None
        if plan is not None and plan.e164:
            self.number_label.setText(
                self.tr("Number: {number}").format(number=self._format_number(plan.e164))
            )
        elif plan is not None:
            self.number_label.setText(self.tr("Extension or local number, dialled as typed"))
        else:
            self.number_label.setText("")
        self.number_label.setVisible(bool(self.number_label.text()))
        self.call_button.setEnabled(number is not None)
