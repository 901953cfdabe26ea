"""The application facade front-ends use: one operator's live view of the PBX.

:class:`RingsideService` owns the AMI connection, the call tracker, the CRM
lookup (started when a call first appears, before the phone rings), the call
history and the outbox worker. It keeps only what concerns the operator's
extension and tells observers about it through immutable snapshots
(:data:`ServiceEvent`). Commands (dial, DND, queue pause, after-call notes) are
coroutines that raise :class:`ServiceError` with a message in words.

Qt-free and asyncio-only: blocking work (sqlite, keyring) goes to
``asyncio.to_thread``; every background task is referenced until it ends.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    Direction,
    Outcome,
)
from core.crm.types import LookupResult
from core.history.calls import CallHistory, HistoryEntry
from core.service_commands import ServiceCommands, ServiceError
from core.service_ports import (
    AmiLink,
    CallTrackerPort,
    CallUpdate,
    CardReady,
    ConnectionChanged,
    ConnectionFactory,
    ConnectionState,
    CrmPort,
    HistoryChanged,
    NoteOutbox,
    Observer,
    PresenceChanged,
    ServiceConfig,
    ServiceEvent,
    default_connection_factory,
    default_tracker,
    map_connection_state,
    note_record,
)

log = logging.getLogger(__name__)


class _Clock(Protocol):
    def __call__(self) -> float: ...


class RingsideService(ServiceCommands):
    """One operator's live session with the PBX, the CRM and the history."""

    KEEP_CALLS = 256
    TICK_EVERY = 1.0  # while a call is ending: the tracker holds CallFinished back for trailing events
    TICK_GIVE_UP = 120  # ticks after the last call ended (a tracker that never finishes it)

    def __init__(
        self,
        config: ServiceConfig,
        secret: str,
        *,
        crm: CrmPort | None = None,
        history: CallHistory | None = None,
        notes: NoteOutbox | None = None,
        tracker: CallTrackerPort | None = None,
        connection_factory: ConnectionFactory | None = None,
        clock: _Clock = time.time,
    ) -> None:
        self.config = config
        self._secret = secret
        self.crm = crm
        self.history = history
        self.notes = notes
        self.tracker = tracker if tracker is not None else default_tracker(clock)
        self._factory = connection_factory or default_connection_factory
        self._observers: list[Observer] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._conn: AmiLink | None = None
        self._lookups: dict[str, asyncio.Task[LookupResult]] = {}
        self._cards: OrderedDict[str, LookupResult] = OrderedDict()
        self._mine: OrderedDict[str, CallSnapshot] = OrderedDict()
        self.connection = ConnectionChanged(ConnectionState.DISCONNECTED)
        self.presence = PresenceChanged(dnd=False, paused=False)
        self.unseen_missed = 0
        self._tick_handle: asyncio.TimerHandle | None = None
        self._ending: set[str] = set()  # calls ended but not finished yet (ticking while any)
        self._ticks_left = 0

    # ------------------------------------------------------------ observers
    def subscribe(self, callback: Observer) -> Callable[[], None]:
        """Call ``callback(event)`` for every service event; returns the unsubscribe function."""
        self._observers.append(callback)

        def unsubscribe() -> None:
            if callback in self._observers:
                self._observers.remove(callback)

        return unsubscribe

    def _emit(self, event: ServiceEvent) -> None:
        for callback in list(self._observers):
            try:
                callback(event)
            except Exception:  # an observer's bug must not stop the ingest path
                log.exception("service observer failed on %s", type(event).__name__)

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str | None = None) -> asyncio.Task[Any]:
        """Run ``coro`` in the background, keeping a reference until it ends."""
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s failed: %s", task.get_name(), task.exception())

    # ------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Open history, then connect to the PBX in the background (state via observers)."""
        if self.history is not None:
            await self._refresh_unseen()
        self._set_connection(ConnectionState.CONNECTING)
        self._conn = self._factory(self.config, self._secret, self._on_message, self._on_state)
        self.spawn(self._connect(self._conn), name="ami-connect")
        if self.notes is not None:
            self.notes.start()

    async def _connect(self, conn: AmiLink) -> None:
        try:
            await conn.start(fail_fast=False)
        except Exception as exc:  # AMIError subclasses carry words; secrets never included
            self._set_connection(ConnectionState.FAILED, str(exc))

    async def stop(self) -> None:
        """Close the connection and wait for background work; safe to call twice."""
        conn, self._conn = self._conn, None
        if self._tick_handle is not None:
            self._tick_handle.cancel()
            self._tick_handle = None
        for task in list(self._tasks):
            if task.get_name() != "note":
                task.cancel()
        if conn is not None:
            try:
                await conn.close()
            except Exception:
                log.exception("closing the AMI connection failed")
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.notes is not None:
            await self.notes.stop()
        self._set_connection(ConnectionState.DISCONNECTED)

    # --------------------------------------------------------- ingest path
    def _on_state(self, raw: object, detail: str | None = None) -> None:
        self._set_connection(ConnectionState(map_connection_state(raw)), detail)

    def _set_connection(self, state: ConnectionState, detail: str | None = None) -> None:
        if state == self.connection.state and detail == self.connection.detail:
            return
        self.connection = ConnectionChanged(state, detail)
        self._emit(self.connection)

    def _on_message(self, message: dict[str, str]) -> None:
        """Hot path: every AMI event. Tracker first, then only what concerns us."""
        for event in self.tracker.handle(message):
            self.on_call_event(event)

    def on_call_event(self, event: CallEvent) -> None:
        call = event.call
        if isinstance(event, CallStarted):
            self._prefetch(call)
            return
        if isinstance(event, CallFinished):
            self._ending.discard(call.call_id)
            self._forget(call.call_id)
            return
        if isinstance(event, CallEnded):
            self._ending.add(call.call_id)
            self._tick_later()
        if event.extension != self.config.extension:
            return
        self._remember(call)
        self._emit(CallUpdate(event))
        if isinstance(event, CallRinging):
            self._deliver_card(call)
        elif isinstance(event, CallEnded):
            self.spawn(self._record(event), name="history")
        elif isinstance(event, CallAnswered) and call.call_id not in self._lookups:
            self._deliver_card(call)

    def _tick_later(self) -> None:
        """A quiet PBX sends nothing more: tick the tracker once a second while a call is ending."""
        self._ticks_left = self.TICK_GIVE_UP
        if self._tick_handle is None and self._conn is not None:
            self._tick_handle = asyncio.get_running_loop().call_later(self.TICK_EVERY, self._tick)

    def _tick(self) -> None:
        self._tick_handle = None
        self._ticks_left -= 1
        for event in self.tracker.tick():
            self.on_call_event(event)
        if self._ending and self._ticks_left > 0 and self._conn is not None:
            self._tick_handle = asyncio.get_running_loop().call_later(self.TICK_EVERY, self._tick)
        elif self._ticks_left <= 0:
            self._ending.clear()

    def _remember(self, call: CallSnapshot) -> None:
        self._mine[call.call_id] = call
        self._mine.move_to_end(call.call_id)
        while len(self._mine) > self.KEEP_CALLS:
            self._mine.popitem(last=False)

    def _forget(self, call_id: str) -> None:
        task = self._lookups.pop(call_id, None)
        if task is not None and not task.done() and call_id not in self._mine:
            task.cancel()

    # ------------------------------------------------------------ CRM cards
    def _prefetch(self, call: CallSnapshot) -> None:
        number = call.remote_number
        if self.crm is None or not number or call.direction is Direction.INTERNAL:
            return
        if call.call_id in self._lookups or call.call_id in self._cards:
            return
        task = asyncio.get_running_loop().create_task(self._lookup(call.call_id, number))
        self._lookups[call.call_id] = task
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _deliver_card(self, call: CallSnapshot) -> None:
        card = self._cards.get(call.call_id)
        if card is not None:
            self._emit(CardReady(call.call_id, card))
        elif call.call_id not in self._lookups:
            self._prefetch(call)

    async def lookup(self, number: str) -> LookupResult:
        """Look ``number`` up in the CRM (cached); never raises, errors come back in words."""
        if self.crm is None:
            return LookupResult(number=number, e164=None, error="No CRM is configured")
        result: LookupResult
        try:
            result = await asyncio.wait_for(_maybe_await(self.crm.lookup(number)), self.config.lookup_timeout)
        except TimeoutError:
            result = LookupResult(number=number, e164=None, error=_timeout_text(self.config.lookup_timeout))
        except Exception as exc:  # adapters should never raise; still never crash the popup
            log.exception("CRM lookup crashed")
            result = LookupResult(number=number, e164=None, error=f"CRM lookup failed: {exc}")
        return result

    async def _lookup(self, call_id: str, number: str) -> LookupResult:
        result = await self.lookup(number)
        self._lookups.pop(call_id, None)
        self._cards[call_id] = result
        while len(self._cards) > self.KEEP_CALLS:
            self._cards.popitem(last=False)
        if call_id in self._mine:
            self._emit(CardReady(call_id, result))
        return result

    def card_for(self, call_id: str) -> LookupResult | None:
        return self._cards.get(call_id)

    # -------------------------------------------------------------- history
    async def _record(self, event: CallEnded) -> None:
        if self.history is None:
            return
        ext = self.config.extension
        await asyncio.to_thread(self.history.record_from_event, ext, event.call, event.outcome)
        card = self._cards.get(event.call.call_id)
        if card is not None and card.confirmed_contact is not None:  # never a mere possible match
            await self._attach_contact(event.call.call_id, card)
        if event.outcome in (Outcome.MISSED, Outcome.ABANDONED, Outcome.BUSY):
            await self._refresh_unseen()
        else:
            self._emit(HistoryChanged(self.unseen_missed))

    async def _refresh_unseen(self) -> None:
        assert self.history is not None
        ext = self.config.extension
        self.unseen_missed = await asyncio.to_thread(self.history.count_unseen_missed, ext)
        self._emit(HistoryChanged(self.unseen_missed))

    async def _attach_contact(self, call_id: str, card: LookupResult) -> None:
        contact = card.confirmed_contact
        assert self.history is not None and contact is not None
        await asyncio.to_thread(
            self.history.set_contact, call_id, contact.name, contact.id, remote_e164=card.e164
        )

    async def confirm_contact(self, call_id: str, contact_id: str) -> None:
        """The operator says the caller of ``call_id`` is ``contact_id`` (one of a possible match's
        contacts): remember it for the call and write it into history (now, or when it ends)."""
        card = self._cards.get(call_id)
        if card is None:
            raise ServiceError("The customer card of this call is no longer available")
        try:
            card = card.confirm(contact_id)
        except ValueError as exc:
            raise ServiceError("That customer is not one of the matches for this call") from exc
        self._cards[call_id] = card
        if self.history is not None:
            await self._attach_contact(call_id, card)
            self._emit(HistoryChanged(self.unseen_missed))

    async def search_history(self, query: str = "", **filters: Any) -> list[HistoryEntry]:
        """This operator's history (newest first) matching ``query`` (number or name) and filters."""
        if self.history is None:
            return []
        filters.setdefault("extension", self.config.extension)
        return await asyncio.to_thread(self.history.search, query or None, **filters)

    async def mark_missed_seen(self) -> None:
        if self.history is not None:
            await asyncio.to_thread(self.history.mark_missed_seen, self.config.extension)
            await self._refresh_unseen()

    async def save_note(self, call_id: str, note: str, disposition: str = "") -> None:
        """Store the after-call note in history and queue it for the CRM (outbox)."""
        if self.history is not None:
            ext = self.config.extension
            await asyncio.to_thread(self.history.add_note, call_id, ext, note, disposition or None)
            self._emit(HistoryChanged(self.unseen_missed))
        call = self._mine.get(call_id)
        if self.notes is not None and call is not None:
            await self.notes.push(note_record(call, self.config.extension, note, disposition))


async def _maybe_await(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value


def _timeout_text(seconds: float) -> str:
    return f"The CRM did not answer within {seconds:g} s"


__all__ = [
    "CallUpdate",
    "CardReady",
    "ConnectionChanged",
    "ConnectionState",
    "HistoryChanged",
    "PresenceChanged",
    "RingsideService",
    "ServiceConfig",
    "ServiceError",
    "ServiceEvent",
]
