"""Stacking of call popups: one per call, in a screen corner, pooled for instant display.

:class:`PopupManager` receives the bridge's call events and CRM cards
(immutable snapshots) and opens, updates, stacks and closes :class:`CallPopup`
windows. Popups are built ahead of time (``prepare``) and reused, so showing
one for a ringing phone costs well under a millisecond of widget work.

``settings`` (the profile's ``PopupSettings``) decides whether internal calls
pop, the corner popups stack from, and how many seconds after an answered call
the after-call popup closes by itself (never while a note is being typed).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from core.calls.events import CallEnded, CallEvent, CallRinging, CallSnapshot, Direction, Outcome
from core.crm.types import LookupResult
from desktop.ui.popup import CallPopup, PopupActions

__all__ = ["CallPopup", "PopupActions", "PopupManager"]


class PopupManager:
    """One popup per call, stacked in a corner; fed by the bridge's signals."""

    MARGIN = 12

    def __init__(self, extension: str, actions: PopupActions, settings: Any = None) -> None:
        self.extension = extension
        self.settings = settings  # core.settings.PopupSettings (None: the defaults)
        self.actions = actions
        self.popups: dict[str, CallPopup] = {}
        self._spare: list[CallPopup] = []
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
            if event.call.direction is Direction.INTERNAL and not self._setting("show_for_internal", False):
                return
            popup = self._open(event.call)
        popup.on_event(event)
        if isinstance(event, CallEnded) and event.outcome is Outcome.ANSWERED:
            self._close_after_call(call_id)
        if popup.isVisible():
            popup.adjustSize()
            self._restack()

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

    def _setting(self, name: str, default: Any) -> Any:
        return getattr(self.settings, name, default) if self.settings is not None else default

    def _close_after_call(self, call_id: str) -> None:
        seconds = int(self._setting("auto_close_seconds", 0) or 0)
        if seconds > 0:
            QTimer.singleShot(seconds * 1000, lambda: self._auto_close(call_id))

    def _auto_close(self, call_id: str) -> None:
        popup = self.popups.get(call_id)
        if popup is None or popup.state != "aftercall":
            return
        typing = popup.note_edit.hasFocus() or bool(popup.note_edit.toPlainText().strip())
        if not typing:  # a note being typed keeps the popup until Save or Dismiss
            popup.dismiss()

    def _restack(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        corner = str(self._setting("position", "bottom-right"))
        top, left = corner.startswith("top"), corner.endswith("left")
        y = area.top() + self.MARGIN if top else area.bottom() - self.MARGIN
        for popup in reversed(list(self.popups.values())):
            size = popup.sizeHint().expandedTo(popup.size())
            x = area.left() + self.MARGIN if left else area.right() - self.MARGIN - size.width()
            if top:
                popup.move(x, min(y, area.bottom() - size.height()))
                y += size.height() + 4
            else:
                y -= size.height()
                popup.move(x, max(area.top(), y))
                y -= 4

    def close_all(self) -> None:
        for popup in list(self.popups.values()):
            popup.dismiss()
        for popup in self._spare:
            popup.deleteLater()
        self._spare.clear()
