"""The application facade front-ends use: one operator's view of a :class:`CallFeed`.

:class:`RingsideService` = a feed (calls, link state, presence, PBX commands;
direct AMI or a Ringside hub, it cannot tell which) + what concerns one
operator: the events of their extension, the CRM card of each of their calls,
their call history and their after-call notes. It tells observers through
immutable snapshots (:data:`ServiceEvent`); commands are coroutines that raise
:class:`ServiceError` in words.

CRM cards come from one :class:`core.crm.cache.LookupCache`: the lookup starts
when a call first appears anywhere on the PBX (``CallStarted``, before any phone
rings); the card is delivered when the operator's phone rings (or the call is
answered), at once when it is cached, else as soon as the lookup lands.

Qt-free and asyncio-only: blocking work (sqlite) goes to ``asyncio.to_thread``;
every background task is referenced until it ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from typing import Any, Protocol

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    CallTransferred,
    Direction,
    Outcome,
)
from core.calls.feed import CallFeed, FeedEvent, LinkStatus, PresenceUpdate
from core.crm.types import CallRecord, LookupResult
from core.history.calls import CallHistory, HistoryEntry
from core.history.notes import note_record
from core.service_commands import OperatorCommands
from core.service_events import (
    CallUpdate,
    CardReady,
    ConnectionChanged,
    ConnectionState,
    HistoryChanged,
    Observer,
    PresenceChanged,
    ServiceConfig,
    ServiceError,
    ServiceEvent,
)

log = logging.getLogger(__name__)


class NoteSink(Protocol):
    """Where after-call notes go: :class:`core.history.notes.NoteOutbox` (a local durable
    outbox to the CRM) or :class:`core.hub.bootstrap.HubNotes` (the hub's outbox)."""

    def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def push(self, record: CallRecord) -> None: ...


class CardSource(Protocol):
    """Where cards come from: :class:`core.crm.cache.LookupCache` (``lookup`` never raises)."""

    def lookup(self, number: str) -> Awaitable[LookupResult]: ...

    def prefetch(self, number: str) -> Any: ...

    def cached(self, number: str) -> LookupResult | None: ...


class RingsideService:
    """One operator's live session: a feed, their calls, cards, history and notes.

    The service owns ``feed``: :meth:`start` starts it, :meth:`stop` stops it.
    """

    KEEP_CALLS = 256

    def __init__(
        self,
        config: ServiceConfig,
        feed: CallFeed,
        *,
        crm: CardSource | None = None,
        history: CallHistory | None = None,
        notes: NoteSink | None = None,
    ) -> None:
        self.config = config
        self.feed = feed
        self.crm = crm
        self.history = history
        self.notes = notes
        self.commands = OperatorCommands(feed, config.extension)
        self.presence = PresenceChanged(dnd=False, paused=False)
        self.unseen_missed = 0
        self._observers: list[Observer] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._mine: OrderedDict[str, CallSnapshot] = OrderedDict()  # this operator's calls
        self._live: dict[str, str] = {}  # my calls now: call id -> ringing | incall
        self._carded: set[str] = set()  # calls whose card is delivered or on its way
        self._confirmed: dict[str, str] = {}  # call id -> contact the operator confirmed
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def connection(self) -> LinkStatus:
        """The feed's link to the PBX (or the hub) now."""
        return self.feed.status

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

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
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
        """Open history, then start the feed (it connects in the background)."""
        if self.history is not None:
            await self._refresh_unseen()
        if self._unsubscribe is None:
            self._unsubscribe = self.feed.subscribe(self.on_feed_event)
        if self.notes is not None:
            self.notes.start()
        await self.feed.start()

    async def stop(self) -> None:
        """Stop the feed and wait for background work; safe to call twice."""
        await self.feed.stop()  # its last LinkStatus (disconnected) still reaches observers
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        for task in list(self._tasks):
            if task.get_name() != "note":
                task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.notes is not None:
            await self.notes.stop()

    # --------------------------------------------------------- ingest path
    def on_feed_event(self, event: FeedEvent) -> None:
        """Every feed event; keeps what concerns this operator."""
        if isinstance(event, CallEvent):
            self._on_call_event(event)
        elif isinstance(event, LinkStatus):
            self._emit(event)
        elif isinstance(event, PresenceUpdate) and event.extension == self.config.extension:
            self.presence = PresenceChanged(event.dnd, event.paused, event.reason)
            self._emit(self.presence)

    def _on_call_event(self, event: CallEvent) -> None:
        call = event.call
        if isinstance(event, CallStarted):
            self._prefetch(call)
            return
        if isinstance(event, CallFinished):
            self._carded.discard(call.call_id)
            self._late_voicemail(call)
            return
        if event.extension != self.config.extension:
            return  # another operator's call: no update, no card
        self._remember(call)
        my_state(self._live, event, self.config.extension)
        self._emit(CallUpdate(event))
        if isinstance(event, CallRinging | CallAnswered):
            self._deliver_card(call)
        elif isinstance(event, CallEnded):
            self._spawn(self._record(event), name="history")

    def _late_voicemail(self, call: CallSnapshot) -> None:
        """The caller left a voicemail: Asterisk says so (VM_MESSAGEFILE) only after the
        caller hung up, after this operator's CallEnded. Tell the popup and history again."""
        mine = self._mine.get(call.call_id)
        ext = self.config.extension
        outcome = call.outcome_for(ext)
        if mine is None or mine.voicemail_left or not call.voicemail_left or outcome is None:
            return
        self._remember(call)
        ended = CallEnded(call, ext, outcome=outcome)
        self._emit(CallUpdate(ended))
        self._spawn(self._record(ended), name="history")

    def _remember(self, call: CallSnapshot) -> None:
        self._mine[call.call_id] = call
        self._mine.move_to_end(call.call_id)
        while len(self._mine) > self.KEEP_CALLS:
            old, _ = self._mine.popitem(last=False)
            self._carded.discard(old)
            self._confirmed.pop(old, None)

    # ------------------------------------------------------------ CRM cards
    @staticmethod
    def _card_number(call: CallSnapshot) -> str | None:
        if call.direction is Direction.INTERNAL:
            return None
        return call.remote_number or None

    def _prefetch(self, call: CallSnapshot) -> None:
        number = self._card_number(call)
        if self.crm is not None and number:
            self.crm.prefetch(number)

    def _deliver_card(self, call: CallSnapshot) -> None:
        """The card of the operator's call: now when cached, else when the lookup lands."""
        number = self._card_number(call)
        if self.crm is None or not number or call.call_id in self._carded:
            return
        self._carded.add(call.call_id)
        hit = self.crm.cached(number)
        if hit is not None:  # the usual case: prefetched when the call appeared
            self._emit(CardReady(call.call_id, replace(hit, number=number)))
        else:
            self._spawn(self._card(call.call_id, number), name="card")

    async def _card(self, call_id: str, number: str) -> None:
        result = await self.lookup(number)  # joins the prefetch in flight
        if call_id in self._mine:
            self._emit(CardReady(call_id, result))

    async def lookup(self, number: str) -> LookupResult:
        """Look ``number`` up in the CRM (cached); never raises, errors come back in words."""
        if self.crm is None:
            return LookupResult(number=number, e164=None, error="No CRM is configured")
        timeout = self.config.lookup_timeout
        try:
            return await asyncio.wait_for(self.crm.lookup(number), timeout)
        except TimeoutError:
            return LookupResult(number=number, e164=None, error=_timeout_text(timeout))
        except Exception as exc:  # adapters should never raise; still never crash the popup
            log.exception("CRM lookup crashed")
            return LookupResult(number=number, e164=None, error=f"CRM lookup failed: {exc}")

    # -------------------------------------------------------------- history
    async def _record(self, event: CallEnded) -> None:
        if self.history is None:
            return
        call = event.call
        ext = self.config.extension
        await asyncio.to_thread(self.history.record_from_event, ext, call, event.outcome)
        if event.outcome in (Outcome.MISSED, Outcome.ABANDONED, Outcome.BUSY):
            await self._refresh_unseen()
        else:
            self._emit(HistoryChanged(self.unseen_missed))
        number = self._card_number(call)
        if self.crm is None or not number:
            return
        card = self.crm.cached(number) or await self.lookup(number)  # the call's card
        card = self._with_choice(call.call_id, card)
        if card.confirmed_contact is not None:  # never a mere possible match
            await self._attach_contact(call.call_id, card)
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

    def _with_choice(self, call_id: str, card: LookupResult) -> LookupResult:
        chosen = self._confirmed.get(call_id)
        return card.confirm(chosen) if chosen is not None and card.contact(chosen) else card

    async def confirm_contact(self, call_id: str, contact_id: str) -> None:
        """The operator says the caller of ``call_id`` is ``contact_id`` (one of a possible
        match's contacts): remember it for the call and write it into history (now, or when
        the call ends)."""
        call = self._mine.get(call_id)
        number = self._card_number(call) if call is not None else None
        if number is None or self.crm is None:
            raise ServiceError("The customer card of this call is no longer available")
        card = await self.lookup(number)
        if card.contact(contact_id) is None:
            raise ServiceError("That customer is not one of the matches for this call")
        self._confirmed[call_id] = contact_id
        if self.history is not None:
            await self._attach_contact(call_id, card.confirm(contact_id))
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
        if call is None and self.history is not None:  # a note added later, from history
            entry = await asyncio.to_thread(self.history.get, call_id, self.config.extension)
            call = _snapshot_of(entry) if entry is not None else None
        if self.notes is not None and call is not None:
            await self.notes.push(note_record(call, self.config.extension, note, disposition))

    # ------------------------------------------------------------- commands
    async def dial(self, number: str) -> str:
        """Click-to-call: ring the operator's phone, then ``number``. Returns the channel id.

        Returns once the operator picked up (the PBX then dials the customer).
        """
        return await self.commands.dial(number)

    async def hangup(self, call_id: str) -> None:
        """Hang up the operator's leg of ``call_id``."""
        await self.commands.hangup(call_id)

    async def transfer(self, call_id: str, target: str, attended: bool = False) -> None:
        """Transfer the customer of ``call_id`` to ``target`` (blind, or attended)."""
        await self.commands.transfer(call_id, target, attended)

    async def set_dnd(self, on: bool) -> None:
        """Do-not-disturb the way the PBX does it (FreePBX AstDB key or a custom device state)."""
        await self.commands.set_dnd(on)

    async def set_paused(self, on: bool, reason: str = "") -> None:
        """Pause or unpause the operator in their queue(s), with an optional reason."""
        await self.commands.set_paused(on, reason)

    async def spy(self, extension: str, mode: str = "listen") -> str:
        """Supervisor live listen: ring the operator's own phone, then ChanSpy on ``extension``."""
        return await self.commands.spy(extension, mode)

    def active_calls(self) -> list[CallSnapshot]:
        """Snapshots of every call the feed knows now (the supervisor's Live panel)."""
        return self.feed.active_calls()

    def my_calls(self) -> dict[str, str]:
        """The operator's calls now: call id -> ``ringing`` or ``incall`` (ended ones leave)."""
        return dict(self._live)


def my_state(live: dict[str, str], event: CallEvent, extension: str) -> None:
    """Update ``live`` (call id -> ``ringing`` | ``incall``) with one of my call's events."""
    call_id = event.call.call_id
    if isinstance(event, CallRinging):
        live[call_id] = "ringing"
    elif isinstance(event, CallAnswered):
        if event.by in (None, extension):
            live[call_id] = "incall"
        else:
            live.pop(call_id, None)
    elif isinstance(event, CallEnded | CallTransferred):
        live.pop(call_id, None)


def _snapshot_of(entry: HistoryEntry) -> CallSnapshot:
    """A finished call as history keeps it, for the CRM's after-call note."""
    outcome = Outcome(entry.outcome) if entry.outcome in set(Outcome) else None
    per_extension = ((entry.extension, outcome),) if outcome is not None else ()
    return CallSnapshot(
        call_id=entry.call_id, direction=entry.direction, remote_number=entry.remote_number,
        remote_name=entry.remote_name, did=entry.did, queue=entry.queue, outcome=outcome,
        per_extension=per_extension, recording=entry.recording, started_at=entry.started_at,
        answered_at=entry.answered_at, ended_at=entry.ended_at,
    )  # fmt: skip


def _timeout_text(seconds: float) -> str:
    return f"The CRM did not answer within {seconds:g} s"


__all__ = [
    "CallUpdate",
    "CardReady",
    "CardSource",
    "ConnectionChanged",
    "ConnectionState",
    "HistoryChanged",
    "PresenceChanged",
    "RingsideService",
    "ServiceConfig",
    "ServiceError",
    "ServiceEvent",
]
