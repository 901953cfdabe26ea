"""A self-healing AMI connection: login, ping watchdog, probing, re-login, resync.

``AMIConnection`` owns one :class:`core.ami.protocol.AMIProtocol` at a time.
Sockets are made in exactly one place, :func:`open_transport` (tests and TLS
swap it through the ``open_transport`` argument). Events go to ``on_message``
as plain dicts; state changes to ``on_state``. The secret is only ever written
to the socket: never to logs, exceptions or ``repr``.

When the PBX is gone (connection refused, timed out) the port is *probed* at a
short fixed interval (``probe_interval``, a TCP connect that is refused costs
nothing): however long the outage, the session is back within one probe of the
port reopening. :attr:`AMIConnection.unreachable_since` (also in the state
detail: "unreachable since 12:03:04, retrying") says since when. A failure
after the TCP connect (banner or login timeout, session dropped at once) backs
off exponentially (``backoff``), and a *refused login* only slowly
(``auth_backoff``, a minute and up: fail2ban counts failed logins).

A Login is never sent without a secret: the state is ``AUTH_FAILED`` with the
detail :data:`NO_SECRET` and no socket is opened. :meth:`AMIConnection.reconnect`
applies new settings (a secret stored, a host changed) and tries at once, also
after a refused login.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import random
import ssl
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core.ami.codec import Message
from core.ami.errors import (
    ActionTimeout,
    AMIError,
    AuthenticationFailed,
    ConnectionLost,
    HostUnreachable,
    PermissionDenied,
)
from core.ami.protocol import AMIProtocol, FieldValue, to_message

log = logging.getLogger(__name__)

NO_SECRET = "no secret stored"


class NoSecretStored(AuthenticationFailed):
    """No AMI secret is stored: nothing was sent to the PBX (a Login without one is a
    failed login in its log, and fail2ban bans the PC)."""

    def __init__(self, username: str) -> None:
        self.username = username
        AMIError.__init__(
            self,
            f"{NO_SECRET} for the AMI user {username!r}: enter the secret of that manager.conf "
            "user in the connection settings (nothing was sent to the PBX)",
        )


class ConnectionState(StrEnum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"  # logged in
    AUTH_FAILED = "auth-failed"  # final until the user changes the credentials


@dataclass(frozen=True, slots=True)
class Response:
    """The answer to one action. ``events`` holds list items / ``OriginateResponse``."""

    action: str
    success: bool
    message: str
    fields: Message
    events: tuple[Message, ...] = ()
    complete: Message | None = field(default=None)

    def get(self, key: str, default: str = "") -> str:
        return self.fields.get(key, default)


ProtocolFactory = Callable[[], asyncio.Protocol]
OpenTransport = Callable[
    [ProtocolFactory, str, int, ssl.SSLContext | None],
    Awaitable[tuple[asyncio.BaseTransport, asyncio.Protocol]],
]

_SUCCESS = frozenset({"Success", "Goodbye", "Follows"})


async def open_transport(
    factory: ProtocolFactory, host: str, port: int, ssl_context: ssl.SSLContext | None
) -> tuple[asyncio.BaseTransport, asyncio.Protocol]:
    """The one place Ringside opens an AMI socket."""
    loop = asyncio.get_running_loop()
    return await loop.create_connection(factory, host, port, ssl=ssl_context)


def make_response(action: str, result: Any) -> Response:
    """panoramisk's future result (one message or a list) -> :class:`Response`."""
    items = [to_message(m) for m in (result if isinstance(result, list) else [result])]
    first, rest = items[0], items[1:]
    complete = None
    if rest and rest[-1].get("EventList") == "Complete":
        complete = rest.pop()
    return Response(
        action=action,
        success=first.get("Response") in _SUCCESS,
        message=first.get("Message", ""),
        fields=first,
        events=tuple(rest),
        complete=complete,
    )


def backoff_delay(attempt: int, low: float, high: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter, floored at ``low``, capped at ``high``."""
    ceiling = min(high, low * (2 ** min(attempt, 30)))
    return max(low, rng.uniform(0.0, ceiling))


class AMIConnection:
    """Keeps one logged-in AMI session alive until :meth:`close`."""

    def __init__(
        self,
        host: str,
        port: int = 5038,
        username: str = "",
        secret: str = "",
        *,
        tls: bool = False,
        ssl_context: ssl.SSLContext | None = None,
        on_message: Callable[[Message], None] | None = None,
        on_state: Callable[[ConnectionState, str | None], None] | None = None,
        ping_interval: float = 5.0,
        watchdog_timeout: float = 10.0,
        backoff: tuple[float, float] = (0.5, 30.0),
        events: str = "on",
        auth: str = "md5",
        connect_timeout: float = 5.0,
        action_timeout: float = 10.0,
        resync: bool = True,
        filters: tuple[str, ...] = (),
        open_transport: OpenTransport = open_transport,
        rng: random.Random | None = None,
        probe_interval: float = 0.5,
        auth_backoff: tuple[float, float] = (60.0, 900.0),
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.host, self.port, self.username = host, port, username
        self._secret = secret
        self._ssl = ssl_context or (ssl.create_default_context() if tls else None)
        self._on_message = on_message or (lambda _m: None)
        self._on_state = on_state or (lambda _s, _d: None)
        self.ping_interval, self.watchdog_timeout = ping_interval, watchdog_timeout
        self._backoff = backoff
        self._events, self._auth = events, auth
        self._connect_timeout, self.action_timeout = connect_timeout, action_timeout
        self._resync_enabled = resync
        self._filters = filters  # server-side Filter regexes, re-applied after every login
        self._open = open_transport
        self._rng = rng or random.Random()
        self.probe_interval = probe_interval
        self._auth_backoff = auth_backoff
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._kick = asyncio.Event()  # reconnect(): stop waiting, try now
        self.unreachable_since: float | None = None  # wall-clock time the PBX was lost
        self.state = ConnectionState.DISCONNECTED
        self.detail: str | None = None
        self.banner: str | None = None
        self.connects = 0  # successful logins so far
        self._proto: AMIProtocol | None = None
        self._runner: asyncio.Task[None] | None = None
        self._first: asyncio.Future[None] | None = None
        self._closing = False

    def __repr__(self) -> str:
        return f"<AMIConnection {self.username}@{self.host}:{self.port} {self.state}>"

    # -- public API ---------------------------------------------------------
    async def start(self, *, fail_fast: bool = True) -> None:
        """Connect and log in. Raises ``AuthenticationFailed`` (never retried) and,
        with ``fail_fast``, ``HostUnreachable`` if the first attempt fails."""
        loop = asyncio.get_running_loop()
        self._closing = False
        self._first = loop.create_future()
        self._runner = asyncio.create_task(self._run(fail_fast), name="ami-connection")
        try:
            await asyncio.shield(self._first)
        except asyncio.CancelledError:
            # the caller gave up (Ctrl+C, a timeout): don't leave a reconnect loop behind
            await self.close()
            raise

    async def reconnect(
        self,
        *,
        host: str | None = None,
        port: int | None = None,
        username: str | None = None,
        secret: str | None = None,
    ) -> None:
        """Apply changed settings and try again now: drops a live session, cuts a backoff
        short, and retries after a refused login or :data:`NO_SECRET` (which are otherwise
        final until the long ``auth_backoff`` runs out)."""
        self.host = self.host if host is None else host
        self.port = self.port if port is None else port
        self.username = self.username if username is None else username
        self._secret = self._secret if secret is None else secret
        self._closing = False
        self._kick.set()
        if self._proto is not None:
            self._proto.abort()
        if self._runner is None or self._runner.done():
            self._first = asyncio.get_running_loop().create_future()
            self._runner = asyncio.create_task(self._run(False), name="ami-connection")

    @property
    def protocol(self) -> AMIProtocol | None:
        return self._proto

    async def send_action(
        self,
        name: str,
        fields: Mapping[str, FieldValue] | None = None,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 - the public API names it so
        as_list: bool | None = None,
    ) -> Response:
        """Send one action and wait for its whole answer (list items included).

        Raises ``PermissionDenied`` (naming the missing class), ``ActionTimeout``
        or ``ConnectionLost``; other ``Response: Error`` answers come back with
        ``success=False``.
        """
        proto = self._proto
        if proto is None or proto.closed or self.state is not ConnectionState.CONNECTED:
            raise ConnectionLost("not connected to the PBX")
        return await self._send(proto, name, fields, timeout, as_list)

    async def close(self) -> None:
        """Log off and stop reconnecting."""
        self._closing = True
        proto = self._proto
        if proto is not None and not proto.closed and self.state is ConnectionState.CONNECTED:
            with contextlib.suppress(AMIError, ValueError):
                await self._send(proto, "Logoff", None, 1.0, None)
        if proto is not None:
            proto.close()
        if self._runner is not None:
            self._runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner
        self._runner = None
        if self.state is not ConnectionState.AUTH_FAILED:
            self._set_state(ConnectionState.DISCONNECTED, "closed")

    def abort(self) -> None:
        """Drop the socket as if the network failed (the connection will reconnect)."""
        if self._proto is not None:
            self._proto.abort()

    # -- internals ----------------------------------------------------------
    async def _send(
        self,
        proto: AMIProtocol,
        name: str,
        fields: Mapping[str, FieldValue] | None,
        timeout: float | None,  # noqa: ASYNC109
        as_list: bool | None,
    ) -> Response:
        if (
            name.lower() == "originate"
            and fields is not None
            and not any(k.lower() == "async" for k in fields)
        ):
            fields = {**fields, "Async": "false"}  # panoramisk KeyErrors without it
        future = proto.send_action(name, fields, as_list=as_list)
        limit = self.action_timeout if timeout is None else timeout
        try:
            result = await asyncio.wait_for(asyncio.shield(future), limit)
        except TimeoutError:
            for key, action in list(proto.responses.items()):
                if action.future is future:
                    proto.forget(key)
            future.cancel()
            raise ActionTimeout(name, limit) from None
        response = make_response(name, result)
        if not response.success and response.message.lower() == "permission denied":
            raise PermissionDenied(name)
        return response

    def _set_state(self, state: ConnectionState, detail: str | None = None) -> None:
        if state is self.state and detail == self.detail:
            return
        self.state, self.detail = state, detail
        log.info("AMI %s:%s %s%s", self.host, self.port, state, f" ({detail})" if detail else "")
        try:
            self._on_state(state, detail)
        except Exception:
            log.exception("AMI state handler failed")

    def _settle_first(self, exc: BaseException | None) -> None:
        if self._first is not None and not self._first.done():
            if exc is None:
                self._first.set_result(None)
            else:
                self._first.set_exception(exc)

    async def _run(self, fail_fast: bool) -> None:
        failures = refusals = 0  # in a row: after the TCP connect / refused logins
        while not self._closing:
            self._kick.clear()
            try:
                if not self._secret:
                    raise NoSecretStored(self.username)
                lost = await self._connect_once()
                failures = refusals = 0
                self._settle_first(None)
                await self._watch(lost)
            except AuthenticationFailed as exc:
                self._drop()
                self._set_state(ConnectionState.AUTH_FAILED, NO_SECRET if isinstance(
                    exc, NoSecretStored) else str(exc))  # fmt: skip
                self._settle_first(exc)
                if fail_fast or isinstance(exc, NoSecretStored):
                    if not fail_fast:
                        await self._kick.wait()  # until reconnect() brings a secret
                        continue
                    return
                delay = backoff_delay(refusals, *self._auth_backoff, self._rng)
                refusals += 1
                log.info("AMI login refused; next try in %.0f s (or when the settings change)",
                         delay)  # fmt: skip
                await self._pause(delay)
                continue
            except (AMIError, OSError) as exc:
                self._drop()
                if self._closing:
                    break
                unreachable = isinstance(exc, HostUnreachable)
                if self.unreachable_since is None:
                    self.unreachable_since = self._wall_clock()
                self._set_state(ConnectionState.DISCONNECTED, self._retry_detail(exc))
                if fail_fast and self._first is not None and not self._first.done():
                    self._settle_first(exc)
                    return
                if unreachable:  # nothing listens: probe again soon, at a steady pace
                    delay = self.probe_interval * self._rng.uniform(0.5, 1.0)
                else:
                    delay = backoff_delay(failures, *self._backoff, self._rng)
                    failures += 1
                log.debug("AMI reconnect in %.2f s", delay)
                await self._pause(delay)
                continue
            await self._pause(backoff_delay(0, *self._backoff, self._rng))

    def _retry_detail(self, exc: BaseException) -> str:
        since = time.strftime("%H:%M:%S", time.localtime(self.unreachable_since or 0))
        return f"{exc} (unreachable since {since}, retrying)"

    async def _pause(self, delay: float) -> None:
        """Wait ``delay`` seconds, or less if :meth:`reconnect` is called meanwhile."""
        if self._kick.is_set():
            return
        kicked = asyncio.ensure_future(self._kick.wait())
        sleeper = asyncio.ensure_future(self._sleep(delay))
        try:
            await asyncio.wait({kicked, sleeper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            kicked.cancel()
            sleeper.cancel()

    def _drop(self) -> None:
        if self._proto is not None:
            self._proto.abort()
        self._proto = None

    async def _connect_once(self) -> asyncio.Future[Exception | None]:
        loop = asyncio.get_running_loop()
        if self.unreachable_since is None:  # while probing a dead port the state stays put
            self._set_state(ConnectionState.CONNECTING, f"{self.host}:{self.port}")
        lost: asyncio.Future[Exception | None] = loop.create_future()

        def on_lost(exc: Exception | None) -> None:
            if not lost.done():
                lost.set_result(exc)

        def factory() -> AMIProtocol:
            return AMIProtocol(self._on_message, on_lost, clock=loop.time)

        try:
            _t, proto = await asyncio.wait_for(
                self._open(factory, self.host, self.port, self._ssl), self._connect_timeout
            )
        except (OSError, TimeoutError, ssl.SSLError) as exc:
            detail = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
            raise HostUnreachable(self.host, self.port, str(detail)) from None
        assert isinstance(proto, AMIProtocol)
        self._proto = proto
        self._set_state(ConnectionState.CONNECTING, f"{self.host}:{self.port}")
        await self._login(proto)
        self.banner = proto.framer.banner
        self.connects += 1
        self.unreachable_since = None
        self._set_state(ConnectionState.CONNECTED, self.banner)
        await self._apply_filters(proto)
        if self._resync_enabled:
            await self._resync(proto)
        return lost

    async def _login(self, proto: AMIProtocol) -> None:
        if not self._secret:  # checked before connecting too; never send a Login without it
            raise NoSecretStored(self.username)
        fields: dict[str, FieldValue] = {"Username": self.username, "Events": self._events}
        limit = min(self.action_timeout, self.watchdog_timeout)  # a hung PBX must not stall login
        if self._auth == "md5":
            challenge = await self._send(proto, "Challenge", {"AuthType": "MD5"}, limit, None)
            if challenge.success and challenge.get("Challenge"):
                key = hashlib.md5((challenge.get("Challenge") + self._secret).encode()).hexdigest()
                fields.update(AuthType="MD5", Key=key)
        if "Key" not in fields:
            fields["Secret"] = self._secret
        response = await self._send(proto, "Login", fields, limit, None)
        if not response.success:
            raise AuthenticationFailed(self.username, response.message or "refused")

    async def _apply_filters(self, proto: AMIProtocol) -> None:
        """Filters live in the AMI session: every new session needs them again."""
        for pattern in self._filters:
            try:
                await self._send(
                    proto, "Filter", {"Operation": "Add", "Filter": pattern}, None, None
                )
            except PermissionDenied as exc:
                log.warning("server-side filter not set (%s); use eventfilter in manager.conf", exc)
                return

    async def _resync(self, proto: AMIProtocol) -> None:
        """Re-learn calls in progress: the list items flow into ``on_message``."""
        for action in ("CoreShowChannels", "QueueStatus"):
            try:
                await self._send(proto, action, None, None, None)
            except PermissionDenied as exc:
                log.warning("resync skipped: %s", exc)

    async def _watch(self, lost: asyncio.Future[Exception | None]) -> None:
        """Ping while connected; abort the socket when the PBX falls silent."""
        proto = self._proto
        assert proto is not None
        loop = asyncio.get_running_loop()
        tick = max(0.01, min(self.ping_interval, self.watchdog_timeout / 4))
        next_ping = loop.time() + self.ping_interval
        while True:
            done, _ = await asyncio.wait([lost], timeout=tick)
            if done:
                raise ConnectionLost(f"the PBX closed the connection ({lost.result() or 'EOF'})")
            now = loop.time()
            silent = now - proto.last_received
            if silent > self.watchdog_timeout:
                proto.abort()
                raise ConnectionLost(f"no answer from the PBX for {silent:.1f} s (watchdog)")
            if now >= next_ping:
                next_ping = now + self.ping_interval
                ping = proto.send_action("Ping")
                ping.add_done_callback(_ignore_result)


def _ignore_result(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()
