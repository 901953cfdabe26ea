"""The direct :class:`~core.calls.feed.CallFeed`: one AMI connection and one call tracker.

:class:`AmiFeed` is what the desktop (direct mode, the demo), the gateway and the
headless commands use to talk to Asterisk. It owns

* the :class:`~core.ami.connection.AMIConnection` (TLS and the server-side event
  filter wired from :class:`AmiSettings`), or an injected, already connected link;
* the :class:`~core.calls.tracker.CallTracker`, fed every AMI message in order and
  *ticked only while it has a deadline pending* (a quiet PBX still gets its calls
  finished; an idle one causes no wake-ups);
* the PBX commands (:mod:`core.calls.ami_commands`), each in exactly one place:
  click-to-call (one channel id format, ``tracker.expect_originate`` before the
  Originate is sent), hangup, blind transfer (Redirect), attended transfer
  (Atxfer), queue pause, DND, ChanSpy.

Per-extension dialling details (which device rings, the originate context, the
caller-ID prefix, the queue member, DND style) come from a
:data:`~core.calls.lines.LineResolver` given at construction: the desktop
builds it from the profile, the gateway from its config's ``channel_format``.
Every failure is a :class:`~core.calls.feed.FeedError` in words; the secret
never appears in one. :meth:`AmiFeed.add_message_hook` adds correlators that
run after the tracker (the gateway's reconcile-after-restart).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from core.ami.connection import AMIConnection, ConnectionState
from core.ami.errors import AMIError, AuthenticationFailed, HostUnreachable
from core.calls.ami_commands import AmiCommands, Dialing, PresenceBook
from core.calls.events import CallEvent, CallSnapshot
from core.calls.feed import (
    FeedError,
    FeedEvent,
    FeedObserver,
    LinkState,
    LinkStatus,
    PresenceUpdate,
)
from core.calls.filters import filter_patterns
from core.calls.lines import LineConfig, LineResolver, channel_for, line_format, originate_words
from core.calls.tracker import CallTracker
from core.phone import extension_problem

log = logging.getLogger(__name__)

Message = dict[str, str]
MessageHook = Callable[[Message], Iterable[CallEvent]]


# --------------------------------------------------------------------- settings
@dataclass(frozen=True, slots=True)
class AmiSettings:
    """Where the AMI is and how to talk to it (never the secret)."""

    host: str
    port: int = 5038
    username: str = ""
    tls: bool = False
    filter_events: bool = True  # ask Asterisk for only the events the tracker reads
    resync: bool = True  # re-learn calls in progress after every login


# -------------------------------------------------------------- event filtering
# The feed reads what the tracker does not: presence changed elsewhere (the phone, the PBX's
# UI, another client): queue pauses, and FreePBX's DND device state (Custom:DND<ext>).
FEED_EVENTS = ("QueueMemberPause",)
_END = "[^A-Za-z0-9_]"


def event_filters() -> tuple[str, ...]:
    """The AMI ``Filter`` regexes that let exactly the tracker's and the feed's events through."""
    return (
        *filter_patterns(),
        f"Event: ({'|'.join(FEED_EVENTS)}){_END}",
        f"Event: DeviceStateChange{_END}.*Device: Custom:DND",
    )


# ------------------------------------------------------------------- the link
class AmiLink(Protocol):
    """What the feed needs of an AMI connection (``AMIConnection``, or an embedder's)."""

    async def send_action(
        self,
        name: str,
        fields: Mapping[str, Any] | None = ...,
        *,
        timeout: float | None = ...,  # noqa: ASYNC109 - mirrors AMIConnection.send_action
        as_list: bool | None = ...,
    ) -> Any: ...


_LINK_STATES = {
    ConnectionState.DISCONNECTED: LinkState.DISCONNECTED,
    ConnectionState.CONNECTING: LinkState.CONNECTING,
    ConnectionState.CONNECTED: LinkState.READY,
    ConnectionState.AUTH_FAILED: LinkState.FAILED,
}

NO_SECRET = "no secret stored"


class AmiFeed:
    """A :class:`~core.calls.feed.CallFeed` over one AMI connection (see the module docstring).

    ``settings`` + ``secret`` make the feed open and keep its own connection;
    ``connection`` instead injects one that is already logged in (its messages go
    to :meth:`on_message`). ``raw`` sees every AMI message before the tracker
    (``ringside monitor --raw``).
    """

    TICK_MIN = 0.05  # seconds: never spin on a deadline that is already due
    TICK_MAX = 5.0  # seconds: re-read the clock at least this often (it may jump)

    def __init__(
        self,
        settings: AmiSettings | None,
        secret: str = "",
        *,
        lines: LineResolver | None = None,
        tracker: CallTracker | None = None,
        clock: Callable[[], float] = time.time,
        connection: AmiLink | None = None,
        raw: Callable[[Message], None] | None = None,
        connection_factory: Callable[..., Any] = AMIConnection,
    ) -> None:
        if settings is None and connection is None:
            raise ValueError("AmiFeed needs AMI settings or a connection")
        self.settings = settings
        self._secret = secret
        self.lines = lines or line_format()
        self.tracker = tracker if tracker is not None else CallTracker(clock)
        self._clock = clock
        self._raw = raw
        self._factory = connection_factory
        self._link: Any = connection
        self._own_link = connection is None
        self._observers: list[FeedObserver] = []
        self._hooks: list[MessageHook] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._tick_handle: asyncio.Handle | None = None  # qasync's loop gives plain Handles
        self._tick_when = 0.0  # loop time the tick is due
        self._running = False
        ready = connection is not None
        self._status = LinkStatus(
            LinkState.READY if ready else LinkState.DISCONNECTED, None, clock()
        )
        self.presence_book = PresenceBook(self._emit)
        self.commands = AmiCommands(
            self._require_link, self.tracker, self.line, self.presence_book, self._spawn
        )

    # ------------------------------------------------------------ observers
    @property
    def status(self) -> LinkStatus:
        return self._status

    def subscribe(self, callback: FeedObserver) -> Callable[[], None]:
        self._observers.append(callback)

        def unsubscribe() -> None:
            if callback in self._observers:
                self._observers.remove(callback)

        return unsubscribe

    def _emit(self, event: FeedEvent) -> None:
        for callback in list(self._observers):
            try:
                callback(event)
            except Exception:  # an observer's bug must never stop the ingest path
                log.exception("feed observer failed on %s", type(event).__name__)

    def _set_status(self, state: LinkState, detail: str | None = None) -> None:
        if state is self._status.state and detail == self._status.detail:
            return
        self._status = LinkStatus(state, detail, self._clock())
        self._emit(self._status)

    # ------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Connect in the background (state through :class:`LinkStatus`); returns at once."""
        self._running = True
        if not self._own_link or self._link is not None:
            return
        if not self._secret:
            self._set_status(LinkState.FAILED, NO_SECRET)
            return
        self._link = self._new_connection()
        self._spawn(self._connect(self._link, fail_fast=False), "ami-connect")

    async def open(self) -> None:
        """Connect now (headless commands): :class:`FeedError` in words if the first try fails."""
        self._running = True
        if not self._own_link:
            return
        if not self._secret:
            self._set_status(LinkState.FAILED, NO_SECRET)
            raise FeedError(f"{self._where()}: {NO_SECRET}")
        if self._link is None:
            self._link = self._new_connection()
        await self._connect(self._link, fail_fast=True)
        if self._status.state is not LinkState.READY:
            raise FeedError(self._status.detail or f"{self._where()}: not connected")

    def _new_connection(self) -> Any:
        cfg = self.settings
        assert cfg is not None
        return self._factory(
            cfg.host,
            cfg.port,
            cfg.username,
            self._secret,
            tls=cfg.tls,
            filters=event_filters() if cfg.filter_events else (),
            resync=cfg.resync,
            on_message=self.on_message,
            on_state=self._on_connection_state,
        )

    async def _connect(self, link: Any, *, fail_fast: bool) -> None:
        try:
            await link.start(fail_fast=fail_fast)
        except AMIError as exc:  # words, never the secret
            self._set_status(LinkState.FAILED, login_words(exc, self._where()))

    def _where(self) -> str:
        cfg = self.settings
        return f"{cfg.host}:{cfg.port}" if cfg is not None else "the PBX"

    def _on_connection_state(self, state: ConnectionState, detail: str | None = None) -> None:
        link_state = _LINK_STATES.get(state, LinkState.DISCONNECTED)
        if link_state is LinkState.DISCONNECTED and self._running and detail != "closed":
            detail = (
                f"PBX unreachable, retrying ({detail})" if detail else "PBX unreachable, retrying"
            )
        self._set_status(link_state, detail)

    async def stop(self) -> None:
        """Close the connection and cancel the feed's work; idempotent, never raises."""
        self._running = False
        if self._tick_handle is not None:
            self._tick_handle.cancel()
            self._tick_handle = None
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        link, self._link = self._link, None
        if link is not None and self._own_link:
            try:
                await link.close()
            except Exception:
                log.exception("closing the AMI connection failed")
        self._set_status(LinkState.DISCONNECTED)

    def _spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # --------------------------------------------------------- ingest path
    def on_message(self, message: Message) -> None:
        """Every AMI message, in order (the connection's callback; embedders call it too)."""
        if self._raw is not None:
            self._raw(message)
        name = message.get("Event")
        if name == "QueueMemberPause":
            self.presence_book.queue_member_pause(message)
        elif name == "DeviceStateChange":
            self.presence_book.device_state(message)
        self.commands.observe(message)
        events = self.tracker.handle(message)
        for hook in self._hooks:
            try:
                events = [*events, *hook(message)]
            except Exception:  # a hook's bug must not stop the ingest path
                log.exception("feed message hook failed on %s", message.get("Event", "?"))
        self._deliver(events)

    def add_message_hook(self, hook: MessageHook) -> None:
        """Run ``hook(message)`` after the tracker on every AMI message; its call events are
        delivered right after the tracker's (the gateway's reconcile-after-restart)."""
        self._hooks.append(hook)

    def _deliver(self, events: Iterable[CallEvent]) -> None:
        for event in events:
            self._emit(event)
        self._schedule_tick()

    def _schedule_tick(self) -> None:
        """Wake up at the tracker's next deadline, and only while one is pending."""
        deadline = self.tracker.next_deadline()
        handle = self._tick_handle
        if deadline is None:
            if handle is not None:  # nothing waits on time any more: no wake-ups
                handle.cancel()
                self._tick_handle = None
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # fed outside a loop (replays, tests): the caller ticks
            return
        delay = min(self.TICK_MAX, max(self.TICK_MIN, deadline - self._clock()))
        when = loop.time() + delay
        if handle is not None:
            if self._tick_when <= when:
                return  # already due as early
            handle.cancel()
        self._tick_when = when
        self._tick_handle = loop.call_at(when, self._tick)

    def _tick(self) -> None:
        self._tick_handle = None
        try:
            events = list(self.tracker.tick())
        except Exception:  # a tracker bug must not stop the feed
            log.exception("call tracker tick failed")
            events = []
        self._deliver(events)

    @property
    def ticking(self) -> bool:
        """True while a tracker deadline is pending (a wake-up is scheduled)."""
        return self._tick_handle is not None

    def active_calls(self) -> list[CallSnapshot]:
        return self.tracker.active_calls()

    def trail(self, call_id: str) -> list[dict[str, str]]:
        return self.tracker.trail(call_id)

    def presence(self, extension: str) -> PresenceUpdate:
        """``extension``'s DND and queue pause as last set or reported."""
        return self.presence_book.get(extension)

    # ------------------------------------------------------------ commands
    def _require_link(self) -> Any:
        if self._link is None or self._status.state is not LinkState.READY:
            detail = self._status.detail
            raise FeedError("Not connected to the PBX" + (f": {detail}" if detail else ""))
        return self._link

    def line(self, extension: str) -> LineConfig:
        """``extension``'s line, or :class:`FeedError` when it is not a safe extension name."""
        problem = extension_problem(extension)
        if problem is not None:
            raise FeedError(f"“{extension}” is not an extension: {problem}")
        return self.lines(extension)

    async def click_to_call(
        self, extension: str, number: str, *, request_id: str | None = None
    ) -> str:
        """Ring ``extension``'s phone, then ``number``; the channel id once the phone answered."""
        return await self.begin_call(self.line(extension), number, request_id=request_id).wait()

    def begin_call(
        self, line: LineConfig, number: str, *, request_id: str | None = None
    ) -> Dialing:
        """Start a click-to-call on ``line``; returns at once (see :meth:`AmiCommands.begin_call`)."""
        return self.commands.begin_call(line, number, request_id=request_id)

    async def hangup(self, extension: str, call_id: str) -> None:
        await self.commands.hangup(extension, call_id)

    async def transfer(
        self, extension: str, call_id: str, target: str, *, attended: bool = False
    ) -> None:
        await self.commands.transfer(extension, call_id, target, attended=attended)

    async def set_queue_pause(self, extension: str, paused: bool, reason: str = "") -> None:
        await self.commands.set_queue_pause(extension, paused, reason)

    async def set_dnd(self, extension: str, on: bool) -> None:
        await self.commands.set_dnd(extension, on)

    async def spy(self, extension: str, target: str, mode: str = "listen") -> str:
        return await self.commands.spy(extension, target, mode)


def login_words(exc: AMIError, where: str) -> str:
    """Why the first connection failed, in one line."""
    if isinstance(exc, (AuthenticationFailed, HostUnreachable)):
        return str(exc)
    return (
        f"{where} did not answer the AMI login ({exc}): is it the AMI port? "
        "Run 'ringside doctor' with the same options for details"
    )


__all__ = [
    "FEED_EVENTS",
    "NO_SECRET",
    "AmiFeed",
    "AmiSettings",
    "Dialing",
    "LineConfig",
    "LineResolver",
    "MessageHook",
    "channel_for",
    "event_filters",
    "line_format",
    "login_words",
    "originate_words",
]
