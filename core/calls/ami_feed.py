"""The direct :class:`~core.calls.feed.CallFeed`: one AMI connection and one call tracker.

:class:`AmiFeed` is what the desktop (direct mode, the demo), the gateway and the
headless commands use to talk to Asterisk. It owns

* the :class:`~core.ami.connection.AMIConnection` (TLS and the server-side event
  filter wired from :class:`AmiSettings`), or an injected, already connected link;
* the :class:`~core.calls.tracker.CallTracker`, fed every AMI message in order and
  *ticked only while it has a deadline pending* (a quiet PBX still gets its calls
  finished; an idle one causes no wake-ups);
* the PBX commands, each in exactly one place: click-to-call (one channel id
  format, ``tracker.expect_originate`` before the Originate is sent), hangup,
  blind transfer (Redirect), attended transfer (Atxfer), queue pause, DND, ChanSpy.

Per-extension dialling details (which device rings, the originate context, the
caller-ID prefix, the queue member, DND style) come from a :data:`LineResolver`
given at construction: the desktop builds it from the profile, the gateway from its
config's ``channel_format``. Every failure is a :class:`~core.calls.feed.FeedError`
in words; the secret never appears in one.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from core.ami import actions
from core.ami.connection import AMIConnection, ConnectionState
from core.ami.errors import (
    AMIError,
    AuthenticationFailed,
    HostUnreachable,
    OriginateFailed,
)
from core.calls.events import CallEvent, CallSnapshot
from core.calls.feed import (
    SPY_MODES,
    FeedError,
    FeedEvent,
    FeedObserver,
    LinkState,
    LinkStatus,
    PresenceUpdate,
)
from core.calls.filters import filter_patterns
from core.calls.tracker import CallTracker
from core.phone import clean_dial_number, extension_problem

log = logging.getLogger(__name__)

Message = dict[str, str]


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


@dataclass(frozen=True, slots=True)
class LineConfig:
    """One extension's place on the PBX: what rings, where it dials from, how DND works."""

    extension: str
    endpoint: str  # the device that rings for click-to-call, e.g. PJSIP/101
    context: str = "from-internal"  # the dialplan context click-to-call dials the number in
    caller_id_prefix: str = ""  # shown on the operator's phone: "<prefix>: <number>"
    queue_interface: str = ""  # the queue member to pause (empty: endpoint)
    queues: tuple[str, ...] = ()  # queues the pause applies to (empty: every queue)
    dnd_mode: str = "astdb"  # astdb: FreePBX DND/<ext> key; devstate: Custom:DND<ext>
    ring_seconds: float = 30.0  # how long the operator's phone rings for click-to-call


LineResolver = Callable[[str], LineConfig]


def channel_for(channel_format: str, extension: str) -> str:
    """``PJSIP/##`` + ``101`` -> ``PJSIP/101`` (``##`` is the extension; else appended)."""
    if "##" in channel_format:
        return channel_format.replace("##", extension)
    return f"{channel_format}{extension}"


def line_format(
    channel_format: str = "PJSIP/##",
    context: str = "from-internal",
    *,
    caller_id_prefix: str = "",
    dnd_mode: str = "astdb",
) -> LineResolver:
    """A resolver for a PBX where every extension is alike (the gateway's ``channel_format``)."""

    def resolve(extension: str) -> LineConfig:
        return LineConfig(
            extension,
            channel_for(channel_format, extension),
            context,
            caller_id_prefix=caller_id_prefix,
            dnd_mode=dnd_mode,
        )

    return resolve


# -------------------------------------------------------------- event filtering
# The feed reads one event the tracker does not: queue pauses made elsewhere (presence).
FEED_EVENTS = ("QueueMemberPause",)


def event_filters() -> tuple[str, ...]:
    """The AMI ``Filter`` regexes that let exactly the tracker's and the feed's events through."""
    return (*filter_patterns(), f"Event: ({'|'.join(FEED_EVENTS)})[^A-Za-z0-9_]")


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


@dataclass(slots=True)
class Dialing:
    """A click-to-call under way: its channel id now, the phone's answer later."""

    channel_id: str
    task: asyncio.Task[str]

    async def wait(self) -> str:
        """The channel id once the operator's phone answered; :class:`FeedError` otherwise."""
        return await asyncio.shield(self.task)


class AmiFeed:
    """A :class:`~core.calls.feed.CallFeed` over one AMI connection (see the module docstring).

    ``settings`` + ``secret`` make the feed open and keep its own connection;
    ``connection`` instead injects one that is already logged in (its messages go
    to :meth:`on_message`). ``raw`` sees every AMI message before the tracker
    (``ringside monitor --raw``).
    """

    KEEP_REQUESTS = 256
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
        self._tasks: set[asyncio.Task[Any]] = set()
        self._tick_handle: asyncio.Handle | None = None  # qasync's loop gives plain Handles
        self._tick_when = 0.0  # loop time the tick is due
        self._requests: OrderedDict[str, Dialing] = OrderedDict()
        self._presence: dict[str, PresenceUpdate] = {}
        self._running = False
        ready = connection is not None
        self._status = LinkStatus(
            LinkState.READY if ready else LinkState.DISCONNECTED, None, clock()
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
        if message.get("Event") == "QueueMemberPause":
            self._queue_pause_event(message)
        self._deliver(self.tracker.handle(message))

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
        return self._presence.get(extension) or PresenceUpdate(extension, False, False)

    def _set_presence(self, update: PresenceUpdate) -> None:
        if self._presence.get(update.extension) != update:
            self._presence[update.extension] = update
            self._emit(update)

    def _queue_pause_event(self, message: Message) -> None:
        """``QueueMemberPause`` (from any client, the PBX's own UI included) -> presence."""
        member = message.get("Interface", "")
        ext = message.get("MemberName", "") if member.startswith("Local/") else ""
        ext = ext or member.rpartition("/")[2].split("@")[0]
        if not ext:
            return
        paused = message.get("Paused", "0") in ("1", "true", "yes")
        reason = (message.get("PausedReason") or message.get("Reason") or None) if paused else None
        now = self.presence(ext)
        self._set_presence(PresenceUpdate(ext, now.dnd, paused, reason))

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
        """Start a click-to-call on ``line`` and return at once (the one Originate of Ringside).

        The channel id is chosen here (``rs-`` + 16 hex digits) and announced to
        the tracker before the action is sent, so the call is ``originated`` and
        ``outbound`` from its first event. A ``request_id`` already seen returns
        the same :class:`Dialing` instead of calling twice.
        """
        if request_id is not None and request_id in self._requests:
            return self._requests[request_id]
        dialable = clean_dial_number(number)
        if dialable is None:
            raise FeedError(f"“{number.strip()}” does not look like a phone number")
        link = self._require_link()
        channel_id = actions.new_channel_id("rs")
        self.tracker.expect_originate(channel_id, line.extension, dialable)
        coro = self._originate(link, line, dialable, channel_id)
        dialing = Dialing(channel_id, self._spawn(coro, f"originate-{channel_id}"))
        if request_id is not None:
            self._requests[request_id] = dialing
            while len(self._requests) > self.KEEP_REQUESTS:
                self._requests.popitem(last=False)
        return dialing

    async def _originate(self, link: Any, line: LineConfig, number: str, channel_id: str) -> str:
        try:
            await actions.originate_click_to_call(
                link,
                line.endpoint,
                number,
                line.context,
                caller_id_name_prefix=line.caller_id_prefix,
                timeout_ms=int(line.ring_seconds * 1000),
                channel_id=channel_id,
            )
        except OriginateFailed as exc:
            raise FeedError(originate_words(exc, line, number)) from None
        except AMIError as exc:
            raise FeedError(f"Could not call {number}: {exc}") from None
        return channel_id

    async def hangup(self, extension: str, call_id: str) -> None:
        """Hang up ``extension``'s own channel(s) in ``call_id``."""
        link = self._require_link()
        mine = [
            name for name, ext, local in self._channels(call_id) if ext == extension and not local
        ]
        if not mine:
            raise FeedError(f"Extension {extension} is not on call {call_id}")
        try:
            for channel in mine:
                await actions.hangup(link, channel)
        except AMIError as exc:
            raise FeedError(f"Could not hang up: {exc}") from None

    async def transfer(
        self, extension: str, call_id: str, target: str, *, attended: bool = False
    ) -> None:
        """Blind: Redirect the customer's channel to ``target``. Attended: Atxfer from the operator's."""
        dest = clean_dial_number(target)
        if dest is None:
            raise FeedError(
                f"“{target.strip()}” is not an extension or a phone number to transfer to"
            )
        line = self.line(extension)
        link = self._require_link()
        channels = self._channels(call_id)
        mine = [name for name, ext, local in channels if ext == extension and not local]
        if not mine:
            raise FeedError(f"Extension {extension} is not on call {call_id}")
        try:
            if attended:
                await actions.atxfer(link, mine[0], dest, line.context)
                return
            others = [name for name, ext, local in channels if ext != extension and not local]
            if not others:
                raise FeedError(f"Call {call_id} has nobody to transfer")
            await actions.redirect(link, others[0], dest, line.context)
        except AMIError as exc:
            raise FeedError(f"Could not transfer to {dest}: {exc}") from None

    def _channels(self, call_id: str) -> list[tuple[str, str | None, bool]]:
        channels = self.tracker.channels(call_id)
        if not channels:
            raise FeedError(f"Call {call_id} is not in progress")
        return channels

    async def set_queue_pause(self, extension: str, paused: bool, reason: str = "") -> None:
        """Pause or unpause ``extension``'s queue member (its line's queues, or every queue)."""
        line = self.line(extension)
        link = self._require_link()
        interface = line.queue_interface or line.endpoint
        try:
            for queue in line.queues or (None,):
                await actions.queue_pause(link, interface, paused, reason, queue)
        except AMIError as exc:
            raise FeedError(f"Could not change the queue pause: {exc}") from None
        now = self.presence(extension)
        self._set_presence(
            PresenceUpdate(extension, now.dnd, paused, (reason or None) if paused else None)
        )

    async def set_dnd(self, extension: str, on: bool) -> None:
        """Do-not-disturb the way the PBX does it (FreePBX AstDB key or a custom device state)."""
        line = self.line(extension)
        link = self._require_link()
        try:
            if line.dnd_mode == "devstate":
                state = "BUSY" if on else "NOT_INUSE"
                variable = {"Variable": f"DEVICE_STATE(Custom:DND{extension})", "Value": state}
                response = await link.send_action("Setvar", variable)
                if not response.success:
                    raise FeedError(f"Could not change do-not-disturb: {response.message}")
            else:
                await actions.set_dnd(link, extension, on)
        except AMIError as exc:
            raise FeedError(f"Could not change do-not-disturb: {exc}") from None
        now = self.presence(extension)
        self._set_presence(PresenceUpdate(extension, on, now.paused, now.reason))

    async def spy(self, extension: str, target: str, mode: str = "listen") -> str:
        """Supervisor live listen: ring ``extension``, then ChanSpy on ``target``'s device."""
        if mode not in SPY_MODES:
            raise FeedError(f"Unknown listen mode “{mode}”: use listen, whisper or barge")
        target = target.strip()
        if not target:
            raise FeedError("Choose an operator's call to listen to")
        if target == extension:
            raise FeedError("You cannot listen to your own calls")
        line = self.line(extension)
        spied = target if "/" in target else self.line(target).endpoint
        link = self._require_link()
        try:
            result = await actions.originate_spy(link, line.endpoint, spied, mode)
        except ValueError as exc:
            raise FeedError(f"Cannot listen to {target}: {exc}") from None
        except AMIError as exc:
            raise FeedError(f"Could not start listening to {target}: {exc}") from None
        return result.channel_id


def login_words(exc: AMIError, where: str) -> str:
    """Why the first connection failed, in one line."""
    if isinstance(exc, (AuthenticationFailed, HostUnreachable)):
        return str(exc)
    return (
        f"{where} did not answer the AMI login ({exc}): is it the AMI port? "
        "Run 'ringside doctor' with the same options for details"
    )


_NO_SUCH = re.compile(r"does not exist", re.IGNORECASE)


def originate_words(exc: OriginateFailed, line: LineConfig, number: str) -> str:
    """Which leg of a click-to-call failed and what to check (reason codes are the phone's)."""
    if exc.response is not None and _NO_SUCH.search(exc.response):
        return (
            f"{number} does not exist in context {line.context!r}: check the originate context "
            "(the context your phones dial out from; FreePBX: from-internal)"
        )
    hint = {
        0: f"is {line.endpoint} a registered endpoint? (asterisk -rx 'pjsip show endpoints')",
        5: "hang up the other call, or use another extension",
    }.get(exc.reason_code if exc.reason_code is not None else -1, "")
    return f"your phone {line.endpoint} was not connected: {exc.words}" + (
        f"; {hint}" if hint else ""
    )


__all__ = [
    "FEED_EVENTS",
    "NO_SECRET",
    "AmiFeed",
    "AmiSettings",
    "Dialing",
    "LineConfig",
    "LineResolver",
    "channel_for",
    "event_filters",
    "line_format",
    "login_words",
]
