"""An in-memory :class:`core.calls.feed.CallFeed` for testing what sits on top of a feed.

``MemoryFeed`` keeps the contract (ordered delivery, link status, presence, commands
that raise :class:`FeedError` in words) without a PBX: a test ``push``es the
call events a PBX would cause and reads the commands the feed was asked for in
``sent``. ``refuse = "words"`` makes the next commands fail with those words.
The AMI feed itself is tested against the simulator (tests/core/calls).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from core.calls.events import CallEvent, CallFinished, CallSnapshot, Direction
from core.calls.feed import (
    SPY_MODES,
    FeedError,
    FeedEvent,
    FeedObserver,
    LinkState,
    LinkStatus,
    PresenceUpdate,
)


def snapshot(
    call_id: str = "c1",
    number: str | None = "0501234567",
    direction: Direction = Direction.INBOUND,
    **fields: Any,
) -> CallSnapshot:
    """A call as the tracker would report it (``started_at`` now unless given)."""
    fields.setdefault("started_at", time.time())
    return CallSnapshot(call_id, direction, number, fields.pop("remote_name", None), **fields)


def later(call: CallSnapshot, **changes: Any) -> CallSnapshot:
    """The same call a moment later (answered, ended...)."""
    return replace(call, **changes)


class MemoryFeed:
    """A CallFeed whose PBX is the test."""

    def __init__(self) -> None:
        self._status = LinkStatus(LinkState.DISCONNECTED, None, time.time())
        self._observers: list[FeedObserver] = []
        self._calls: dict[str, CallSnapshot] = {}
        self._presence: dict[str, PresenceUpdate] = {}
        self._ids = itertools.count(1)
        self.sent: list[tuple[Any, ...]] = []  # every command accepted, in order
        self.refuse: str | None = None  # words of the next refusals (None: accept)
        self.started = 0
        self.stopped = 0

    # ------------------------------------------------------------ the contract
    @property
    def status(self) -> LinkStatus:
        return self._status

    async def start(self) -> None:
        self.started += 1
        self.set_status(LinkState.READY, "memory PBX")

    async def stop(self) -> None:
        self.stopped += 1
        self.set_status(LinkState.DISCONNECTED)

    def subscribe(self, callback: FeedObserver) -> Callable[[], None]:
        self._observers.append(callback)
        return lambda: self._observers.remove(callback) if callback in self._observers else None

    def active_calls(self) -> list[CallSnapshot]:
        return list(self._calls.values())

    def trail(self, call_id: str) -> list[dict[str, str]]:
        return []

    async def click_to_call(
        self, extension: str, number: str, *, request_id: str | None = None
    ) -> str:
        self._check("dial", extension, number)
        return f"rs-{next(self._ids):016x}"

    async def hangup(self, extension: str, call_id: str) -> None:
        self._check("hangup", extension, call_id)

    async def transfer(
        self, extension: str, call_id: str, target: str, *, attended: bool = False
    ) -> None:
        self._check("transfer", extension, call_id, target, attended)

    async def set_queue_pause(self, extension: str, paused: bool, reason: str = "") -> None:
        self._check("pause", extension, paused, reason)
        now = self._presence.get(extension) or PresenceUpdate(extension, False, False)
        self.push_presence(PresenceUpdate(extension, now.dnd, paused, reason or None))

    async def set_dnd(self, extension: str, on: bool) -> None:
        self._check("dnd", extension, on)
        now = self._presence.get(extension) or PresenceUpdate(extension, False, False)
        self.push_presence(PresenceUpdate(extension, on, now.paused, now.reason))

    async def spy(self, extension: str, target: str, mode: str = "listen") -> str:
        if mode not in SPY_MODES:
            raise FeedError(f"Unknown listen mode “{mode}”: use listen, whisper or barge")
        self._check("spy", extension, target, mode)
        return f"spy-{next(self._ids):016x}"

    # ------------------------------------------------------------ the test's side
    def push(self, *events: CallEvent) -> None:
        """Deliver call events as the PBX would cause them."""
        for event in events:
            if isinstance(event, CallFinished):
                self._calls.pop(event.call.call_id, None)
            else:
                self._calls[event.call.call_id] = event.call
            self._emit(event)

    def push_presence(self, update: PresenceUpdate) -> None:
        self._presence[update.extension] = update
        self._emit(update)

    def set_status(self, state: LinkState, detail: str | None = None) -> None:
        self._status = LinkStatus(state, detail, time.time())
        self._emit(self._status)

    @property
    def observers(self) -> int:
        return len(self._observers)

    def _check(self, *command: Any) -> None:
        if self.refuse is not None:
            raise FeedError(self.refuse)
        if self._status.state is not LinkState.READY:
            raise FeedError("Not connected to the PBX: " + (self._status.detail or "connecting…"))
        self.sent.append(command)

    def _emit(self, event: FeedEvent) -> None:
        for callback in list(self._observers):
            callback(event)
