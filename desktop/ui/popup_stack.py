"""Stacking of call popups: one per call, bottom-right, pooled for instant display.

:class:`PopupManager` receives the bridge's call events and CRM cards
(immutable snapshots) and opens, updates, stacks and closes :class:`CallPopup`
windows. Popups are built ahead of time (``prepare``) and reused, so showing
one for a ringing phone costs well under a millisecond of widget work.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from core.calls.events import CallEvent, CallRinging, CallSnapshot
from core.crm.types import LookupResult
from desktop.ui.popup import CallPopup, PopupActions

__all__ = ["CallPopup", "PopupActions", "PopupManager"]


class PopupManager:
    """One popup per call, stacked bottom-right; fed by the bridge's signals."""

    MARGIN = 12
    KEEP_CARDS = 64

    def __init__(self, extension: str, actions: PopupActions) -> None:
        self.extension = extension
        self.actions = actions
        self.popups: dict[str, CallPopup] = {}
        self._spare: list[CallPopup] = []
        self._cards: dict[str, LookupResult] = {}
        self._dismissed: deque[str] = deque(maxlen=256)
        self.on_shown: Callable[[CallPopup], None] | None = None  # benchmarks/tests hook

    def on_call_event(self, event: CallEvent) -> None:
        if event.extension != self.extension:
            return
        call_id = event.call.call_id
        popup = self.popups.get(call_id)
        if popup is None:
            if not isinstance(event, CallRinging) or call_id in self._dismissed:
                return
            popup = self._open(event.call)
        popup.on_event(event)
        if popup.isVisible():
            popup.adjustSize()
            self._restack()

    def on_card(self, call_id: str, result: LookupResult) -> None:
        popup = self.popups.get(call_id)
        if popup is not None:
            popup.set_card(result)
            self._restack()
            return
        self._cards[call_id] = result
        while len(self._cards) > self.KEEP_CARDS:
            self._cards.pop(next(iter(self._cards)))

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
        card = self._cards.pop(call.call_id, None)
        if card is not None:
            popup.set_card(card)
        popup.adjustSize()
        self._restack()
        popup.show()
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

    def _restack(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        y = area.bottom() - self.MARGIN
        for popup in reversed(list(self.popups.values())):
            size = popup.sizeHint().expandedTo(popup.size())
            y -= size.height()
            popup.move(area.right() - self.MARGIN - size.width(), max(area.top(), y))
            y -= 4

    def close_all(self) -> None:
        for popup in list(self.popups.values()):
            popup.dismiss()
        for popup in self._spare:
            popup.deleteLater()
        self._spare.clear()
