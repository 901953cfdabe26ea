"""Stacking of call popups: one per call, in a screen corner, pooled for instant display.

:class:`PopupManager` receives the bridge's call events and CRM cards
(immutable snapshots) and opens, updates, stacks and closes :class:`CallPopup`
windows. Popups are built ahead of time (``prepare``) and reused, so showing
one for a ringing phone costs well under a millisecond of widget work.

``settings`` (the profile's ``PopupSettings``) decides whether internal calls
pop, the corner popups stack from, and how many seconds after an answered call
the after-call popup closes by itself (default 60 s; never while a note is
being typed).

Stacking never overlaps and never runs off the screen: at most ``MAX_SHOWN``
cards are shown (ringing and live calls before after-call cards, newest
first), only as many as fit in the screen's height; the rest collapse into one
"N more" line under the stack, which opens the history.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallRinging,
    CallSnapshot,
    Direction,
    Outcome,
)
from core.crm.types import LookupResult
from desktop.ui.popup import CallPopup, PopupActions

__all__ = ["CallPopup", "MoreLine", "PopupActions", "PopupManager"]

LIVE_STATES = ("ringing", "incall")  # shown before after-call and ended cards


class MoreLine(QPushButton):
    """The "N more" line under the stack: the cards that did not fit; click opens the history."""

    def __init__(self) -> None:
        super().__init__(None)
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setObjectName("MorePopups")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet(
            "QPushButton#MorePopups { background: #1e293b; color: #ffffff; border: none;"
            " border-radius: 8px; padding: 6px 14px; font-size: 12px; font-weight: 600; }"
            "QPushButton#MorePopups:hover { background: #334155; }"
        )
        self.count = 0

    def set_count(self, count: int) -> None:
        self.count = count
        self.setText(
            QCoreApplication.translate("PopupStack", "{n} more — open History").format(n=count)
        )
        self.adjustSize()


class PopupManager:
    """One popup per call, stacked in a corner; fed by the bridge's signals."""

    MARGIN = 12
    GAP = 4
    MAX_SHOWN = 3  # cards on screen at once; older ones collapse into the "N more" line

    def __init__(self, extension: str, actions: PopupActions, settings: Any = None) -> None:
        self.extension = extension
        self.settings = settings  # core.settings.PopupSettings (None: the defaults)
        self.actions = actions
        self.popups: dict[str, CallPopup] = {}
        self._spare: list[CallPopup] = []
        self._dismissed: deque[str] = deque(maxlen=256)
        self.on_shown: Callable[[CallPopup], None] | None = None  # benchmarks/tests hook
        self.on_more: Callable[[], None] | None = None  # the "N more" line's click (the history)
        self.more = MoreLine()
        self.more.clicked.connect(self._more_clicked)
        self.collapsed: list[str] = []  # call ids of the cards folded into the "N more" line

    def on_call_event(self, event: CallEvent) -> None:
        if event.extension != self.extension:
            return
        call_id = event.call.call_id
        popup = self.popups.get(call_id)
        if popup is None:
            if not self._opens(event) or call_id in self._dismissed:
                return
            if event.call.direction is Direction.INTERNAL and not self._setting(
                "show_for_internal", False
            ):
                return
            popup = self._open(event.call)
        popup.on_event(event)
        if isinstance(event, CallEnded) and event.outcome is Outcome.ANSWERED:
            self._close_after_call(call_id)
        if popup.isVisible():
            popup.adjustSize()
            self._restack()

    def _opens(self, event: CallEvent) -> bool:
        """A call pops when it rings here, or when this phone takes it without ringing:
        a pickup (``**101``), a parked call retrieved, a number dialled on the phone."""
        if isinstance(event, CallRinging):
            return True
        return isinstance(event, CallAnswered) and event.by in (None, self.extension)

    def on_card(self, call_id: str, result: LookupResult) -> None:
        """A card for an open popup; the service keeps the one cache and re-sends a card
        (CardReady) right after the call starts ringing here, so nothing is kept here."""
        popup = self.popups.get(call_id)
        if popup is not None:
            popup.set_card(result)
            self._restack()

    SPARE = 2  # popups kept built and hidden, ready for the next call

    def prepare(self) -> None:
        """Build spare popups now (idle time) so the next call shows one at once."""
        while len(self._spare) < self.SPARE:
            popup = CallPopup(self.extension, self.actions)
            popup.dismissed.connect(self._on_dismissed)
            popup.ensurePolished()
            popup.adjustSize()
            popup.winId()  # the native window too: the first show costs as little as the next
            self._spare.append(popup)

    def _take(self) -> CallPopup:
        if not self._spare:
            self.prepare()
        return self._spare.pop()

    def _open(self, call: CallSnapshot) -> CallPopup:
        popup = self._take()
        popup.bind(call)
        self.popups[call.call_id] = popup
        popup.adjustSize()
        self._restack(showing=popup)
        if self.on_shown is not None:
            self.on_shown(popup)
        QTimer.singleShot(0, self.prepare)  # refill the pool after the event is handled
        return popup

    def _on_dismissed(self, call_id: str) -> None:
        popup = self.popups.pop(call_id, None)
        self._dismissed.append(call_id)
        if popup is not None:
            if len(self._spare) < self.SPARE * 2:
                self._spare.append(popup)
            else:
                popup.deleteLater()
        self._restack()

    def _setting(self, name: str, default: Any) -> Any:
        return getattr(self.settings, name, default) if self.settings is not None else default

    def _more_clicked(self) -> None:
        if self.on_more is not None:
            self.on_more()

    def _close_after_call(self, call_id: str) -> None:
        seconds = int(self._setting("auto_close_seconds", 60) or 0)
        if seconds > 0:
            QTimer.singleShot(seconds * 1000, lambda: self._auto_close(call_id))

    def _auto_close(self, call_id: str) -> None:
        popup = self.popups.get(call_id)
        if popup is None or popup.state != "aftercall":
            return
        typing = popup.note_edit.hasFocus() or bool(popup.note_edit.toPlainText().strip())
        if not typing:  # a note being typed keeps the popup until Save or Dismiss
            popup.dismiss()

    def _order(self) -> list[CallPopup]:
        """Who gets the screen first: live calls (ringing, in a call), then the rest; newest first."""
        newest = list(reversed(self.popups.values()))
        return [p for p in newest if p.state in LIVE_STATES] + [
            p for p in newest if p.state not in LIVE_STATES
        ]

    def _restack(self, showing: CallPopup | None = None) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry().adjusted(
            self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN
        )
        corner = str(self._setting("position", "bottom-right"))
        top, left = corner.startswith("top"), corner.endswith("left")
        order = self._order()
        self.more.set_count(1)
        reserve = self.more.sizeHint().height() + self.GAP
        shown, used = [], 0
        for index, popup in enumerate(order):
            height = popup.sizeHint().expandedTo(popup.size()).height()
            rest = len(order) - index - 1
            room = area.height() - used - (reserve if rest else 0)
            if len(shown) >= self.MAX_SHOWN or (height > room and shown):
                break
            shown.append(popup)
            used += height + self.GAP
        self.collapsed = [p.call.call_id for p in order[len(shown) :]]
        y = area.top() if top else area.bottom() + 1
        for popup in shown:
            size = popup.sizeHint().expandedTo(popup.size())
            y = self._place(popup, area, size.width(), size.height(), y, top, left)
            if not popup.isVisible():
                popup.show()
        for popup in order[len(shown) :]:
            popup.hide()
        self._place_more(area, y, top, left)
        if showing is not None and not showing.isVisible():
            showing.show()

    def _place(
        self, widget: Any, area: QRect, width: int, height: int, y: int, top: bool, left: bool
    ) -> int:
        """Move ``widget`` next in the stack; returns where the following one goes."""
        x = area.left() if left else area.right() + 1 - width
        if top:
            widget.move(x, y)
            return y + height + self.GAP
        widget.move(x, max(area.top(), y - height))
        return y - height - self.GAP

    def _place_more(self, area: QRect, y: int, top: bool, left: bool) -> None:
        if not self.collapsed:
            self.more.hide()
            return
        self.more.set_count(len(self.collapsed))
        hint = self.more.sizeHint()
        self.more.resize(hint)
        self._place(self.more, area, hint.width(), hint.height(), y, top, left)
        self.more.show()

    def close_all(self) -> None:
        for popup in list(self.popups.values()):
            popup.dismiss()
        self.more.hide()
        for popup in self._spare:
            popup.deleteLater()
        self._spare.clear()
