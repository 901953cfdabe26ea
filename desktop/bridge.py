"""The one Qt adapter between the Qt-free core service and the widgets.

:class:`ServiceBridge` subscribes to :class:`core.service.RingsideService` and
re-emits every service event as a Qt signal carrying an immutable snapshot
(frozen dataclasses: ``CallEvent``, ``LookupResult``, ``HistoryEntry``...).
Widgets get plain callables from the bridge (``dial``, ``set_dnd``...), which
run the service's coroutines as tasks whose references the bridge keeps;
failures come back as :attr:`command_failed` with a message in words.

Signals fire synchronously on the GUI thread (qasync runs asyncio there), so a
ringing event reaches the popup within the same loop iteration.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QObject, Signal

from core.service import (
    CallUpdate,
    CardReady,
    ConnectionChanged,
    HistoryChanged,
    PresenceChanged,
    RingsideService,
    ServiceError,
    ServiceEvent,
)
from desktop.ui.live import SPY_ID_PREFIX, is_spy_leg

log = logging.getLogger(__name__)


class ServiceBridge(QObject):
    connection_changed = Signal(object)  # ConnectionChanged
    call_event = Signal(object)  # CallEvent (CallRinging, CallAnswered, ...)
    card_ready = Signal(str, object)  # call_id, LookupResult
    history_changed = Signal(int)  # unseen missed calls
    presence_changed = Signal(object)  # PresenceChanged
    command_failed = Signal(str, str)  # command name, message in words
    command_done = Signal(str)  # command name (results go to the caller's callback: PySide6
    # mishandles None's refcount when None travels through an ``object`` signal argument)

    def __init__(self, service: RingsideService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._unsubscribe: Callable[[], None] | None = None
        self.attach(service)

    def attach(self, service: RingsideService) -> None:
        """Follow ``service`` from now on (settings applied on Save build a new one)."""
        self.detach()
        self.service = service
        self.extension = service.config.extension
        self._unsubscribe = service.subscribe(self._on_service_event)

    # ----------------------------------------------------------- core -> Qt
    def _on_service_event(self, event: ServiceEvent) -> None:
        if isinstance(event, CallUpdate):
            if not is_spy_leg(event.event.call):  # a supervisor's listening leg is not a call
                self.call_event.emit(event.event)
        elif isinstance(event, CardReady):
            if not event.call_id.startswith(SPY_ID_PREFIX):
                self.card_ready.emit(event.call_id, event.result)
        elif isinstance(event, ConnectionChanged):
            self.connection_changed.emit(event)
        elif isinstance(event, HistoryChanged):
            self.history_changed.emit(event.unseen_missed)
        elif isinstance(event, PresenceChanged):
            self.presence_changed.emit(event)

    # ----------------------------------------------------------- Qt -> core
    def run(
        self,
        name: str,
        coro: Coroutine[Any, Any, Any],
        on_result: Callable[[Any], None] | None = None,
    ) -> asyncio.Task[Any]:
        """Run a service coroutine as a task; report failure/success through signals."""
        task = asyncio.get_event_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(lambda t: self._finished(name, t, on_result))
        return task

    def _finished(
        self, name: str, task: asyncio.Task[Any], on_result: Callable[[Any], None] | None
    ) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            if on_result is not None:
                on_result(task.result())
            self.command_done.emit(name)
        elif isinstance(exc, ServiceError):
            self.command_failed.emit(name, str(exc))
        else:
            log.error("%s failed", name, exc_info=exc)
            self.command_failed.emit(name, f"{type(exc).__name__}: {exc}")

    def dial(self, number: str) -> asyncio.Task[Any]:
        return self.run("dial", self.service.dial(number))

    def set_dnd(self, on: bool) -> asyncio.Task[Any]:
        return self.run("dnd", self.service.set_dnd(on))

    def set_paused(self, on: bool, reason: str = "") -> asyncio.Task[Any]:
        return self.run("pause", self.service.set_paused(on, reason))

    def spy(self, extension: str, mode: str = "listen") -> asyncio.Task[Any]:
        return self.run("spy", self.service.spy(extension, mode))

    def active_calls(self) -> list[Any]:
        """Every call on the PBX now (the supervisor's Live panel)."""
        return list(self.service.active_calls())

    def my_calls(self) -> dict[str, str]:
        """The operator's live calls: call id -> ``ringing`` or ``incall`` (the service's view)."""
        return dict(self.service.my_calls())

    def lookup(self, number: str, on_result: Callable[[Any], None]) -> asyncio.Task[Any]:
        return self.run("card", self.service.lookup(number), on_result)

    def save_note(self, call_id: str, note: str, disposition: str) -> asyncio.Task[Any]:
        return self.run("note", self.service.save_note(call_id, note, disposition))

    def confirm_contact(self, call_id: str, contact_id: str) -> asyncio.Task[Any]:
        return self.run("confirm", self.service.confirm_contact(call_id, contact_id))

    def hangup(self, call_id: str) -> asyncio.Task[Any]:
        return self.run("hangup", self.service.hangup(call_id))

    def transfer(self, call_id: str, target: str, attended: bool = False) -> asyncio.Task[Any]:
        coro = self.service.transfer(call_id, target, attended=attended)
        return self.run("transfer", coro)

    def mark_missed_seen(self) -> asyncio.Task[Any]:
        return self.run("seen", self.service.mark_missed_seen())

    def search_history(
        self, on_result: Callable[[Any], None], query: str = "", **filters: Any
    ) -> asyncio.Task[Any]:
        """Search the history in a thread; ``on_result(list[HistoryEntry])`` on the GUI thread."""
        return self.run("history", self.service.search_history(query, **filters), on_result)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self) -> None:
        """Wait for running commands (before quitting)."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
