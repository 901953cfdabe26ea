"""What a front-end needs from "the PBX": call events, connection state and commands.

A :class:`CallFeed` is the one source of calls for the desktop, the gateway and the
headless commands. Two implementations exist (or will): one that holds an AMI
connection and a call tracker itself (direct mode: one office PC, the demo, the
gateway's own connection), and one that gets the same events and sends the same
commands over the network from a Ringside hub. ``RingsideService`` and the
desktop must not be able to tell which one they have: everything here speaks in
operator terms (extensions, numbers, call ids), never in AMI terms.

Contract (both implementations):

* ``subscribe(callback)`` delivers, on the event loop thread and in order, every
  :data:`FeedEvent`: typed call events (:mod:`core.calls.events`), the link's
  :class:`LinkStatus` whenever it changes, and :class:`PresenceUpdate`. The
  callback is synchronous and must not block; an exception in it is logged and
  never stops the feed. Returns the unsubscribe function.
* ``start()`` returns at once and connects in the background (state through
  ``LinkStatus``); ``stop()`` closes everything, is idempotent and never raises.
  A feed never sends a login without a secret: a missing secret is
  ``LinkState.FAILED`` with the detail "no secret stored".
* Commands are coroutines acting *as* ``extension``; they return when the PBX
  accepted the command and raise :class:`FeedError` whose ``str()`` is a sentence
  for the operator (never a secret, never a traceback). A hub enforces scope: an
  operator acts only as its own extension(s); refusals are ``FeedError`` too.
* ``click_to_call`` takes an optional ``request_id`` (the idempotency key of the
  attempt: a retried request with the same id is never executed twice) and
  returns the channel id the call will carry; the tracker is told to expect it,
  so the resulting call is ``originated`` and ``outbound`` from ``extension``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from core.calls.events import CallEvent, CallSnapshot


class LinkState(StrEnum):
    """The feed's link to the PBX (direct) or to the hub: the one connection-state vocabulary."""

    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    READY = "ready"
    FAILED = "failed"  # wrong credentials, no secret and the like: retrying alone will not help


@dataclass(frozen=True, slots=True)
class LinkStatus:
    state: LinkState
    detail: str | None = None  # words for the operator ("PBX unreachable, retrying")
    since: float = 0.0  # epoch seconds when this state began


@dataclass(frozen=True, slots=True)
class PresenceUpdate:
    """An extension's do-not-disturb and queue pause, as the PBX (or hub) last reported them."""

    extension: str
    dnd: bool
    paused: bool
    reason: str | None = None


FeedEvent = CallEvent | LinkStatus | PresenceUpdate
FeedObserver = Callable[[FeedEvent], None]

SPY_MODES = ("listen", "whisper", "barge")


class FeedError(Exception):
    """A command failed or was refused; ``str(error)`` says why, in words."""


class CallFeed(Protocol):
    """The PBX as a front-end sees it. See the module docstring for the contract."""

    @property
    def status(self) -> LinkStatus: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def subscribe(self, callback: FeedObserver) -> Callable[[], None]: ...

    def active_calls(self) -> list[CallSnapshot]:
        """Every call the feed knows now (a hub: those in the user's scope)."""
        ...

    def trail(self, call_id: str) -> list[dict[str, str]]:
        """The raw messages that made ``call_id`` (diagnostics; may be empty remotely)."""
        ...

    async def click_to_call(
        self, extension: str, number: str, *, request_id: str | None = None
    ) -> str:
        """Ring ``extension``'s phone, then ``number``; returns the channel id."""
        ...

    async def hangup(self, extension: str, call_id: str) -> None:
        """Hang up ``extension``'s leg of ``call_id``."""
        ...

    async def transfer(
        self, extension: str, call_id: str, target: str, *, attended: bool = False
    ) -> None:
        """Hand ``extension``'s customer in ``call_id`` to ``target`` (blind, or attended)."""
        ...

    async def set_queue_pause(self, extension: str, paused: bool, reason: str = "") -> None: ...

    async def set_dnd(self, extension: str, on: bool) -> None: ...

    async def spy(self, extension: str, target: str, mode: str = "listen") -> str:
        """Supervisor live listen: ring ``extension``, then ChanSpy on ``target``; returns the channel id."""
        ...
