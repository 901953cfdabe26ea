"""``HubFeed``: the :class:`~core.calls.feed.CallFeed` a desktop gets from a Ringside hub.

The desktop logs in over HTTPS (``POST /hub/login``: user + password -> a token the
caller keeps in the keyring, see ``on_token``), then holds one WebSocket
(``/hub/ws``) to the hub. Events arrive as :mod:`core.hub.wire` frames with a
sequence number; on every reconnect (with backoff) the feed sends the last seq it
applied and gets what it missed, or a fresh snapshot it reconciles with what it
shows: no duplicate popup, no lost one. Commands are request/reply frames with an
id; ``click_to_call``'s ``request_id`` travels as the idempotency key, so a command
re-sent after a reconnect is never executed twice. Refusals come back as
:class:`~core.calls.feed.FeedError` in the hub's words.

Qt-free asyncio; the caller never sees a secret in a status, log or exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import socket
import ssl
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    Outcome,
)
from core.calls.feed import (
    SPY_MODES,
    FeedError,
    FeedEvent,
    FeedObserver,
    LinkState,
    LinkStatus,
    PresenceUpdate,
)
from core.crm.types import LookupResult
from core.hub import wire

log = logging.getLogger(__name__)

NO_SECRET = "no secret stored"
CardObserver = Callable[[wire.Card], None]


@dataclass(frozen=True, slots=True)
class HubToken:
    """A hub session token (keep it in the keyring, never in a file)."""

    token: str
    expires_at: float
    role: str = ""  # the account's role as the hub said at sign-in ("" when not told)

    def __repr__(self) -> str:
        return f"HubToken(expires_at={self.expires_at:.0f}, role={self.role!r})"


TokenSink = Callable[[HubToken | None], Any]  # None: the saved token is no good any more


def hub_urls(url: str) -> tuple[str, str]:
    """``(http base, websocket URL)`` of a hub address (``https://host[:port][/prefix]``)."""
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme in ("ws", "wss"):
        scheme = "https" if scheme == "wss" else "http"
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"“{url}” is not a Ringside server address (https://host[:port])")
    path = parts.path.rstrip("/")
    if path.endswith("/hub"):
        path = path[: -len("/hub")]
    base = urlunsplit((scheme, parts.netloc, path, "", ""))
    ws = urlunsplit(("wss" if scheme == "https" else "ws", parts.netloc, path + "/hub/ws", "", ""))
    return base, ws


class HubAuthError(FeedError):
    """The hub refused the credentials or the token (retrying alone will not help)."""


async def login(
    url: str,
    user: str,
    password: str,
    *,
    verify: ssl.SSLContext | bool = True,
    timeout: float = 10.0,  # noqa: ASYNC109 - an HTTP client timeout, passed to httpx
) -> HubToken:
    """Log in with a password; :class:`HubAuthError` / :class:`FeedError` in words."""
    if not password:
        raise HubAuthError(f"Sign-in to the Ringside server: {NO_SECRET}")
    base, _ws = hub_urls(url)
    return await _token_call(
        base, "/hub/login", {"user": user, "password": password}, None, verify, timeout
    )


async def refresh(
    url: str,
    token: str,
    *,
    verify: ssl.SSLContext | bool = True,
    timeout: float = 10.0,  # noqa: ASYNC109
) -> HubToken:
    """A fresh token for a valid one (the old one stops working)."""
    base, _ws = hub_urls(url)
    return await _token_call(base, "/hub/refresh", {}, token, verify, timeout)


async def _token_call(
    base: str,
    path: str,
    body: dict[str, str],
    token: str | None,
    verify: ssl.SSLContext | bool,
    timeout: float,  # noqa: ASYNC109
) -> HubToken:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        async with httpx.AsyncClient(verify=verify, timeout=timeout) as http:
            response = await http.post(base + path, json=body, headers=headers)
    except httpx.ConnectError as exc:
        raise FeedError(f"Cannot reach the Ringside server at {base}: {_reason(exc)}") from None
    except httpx.TimeoutException:
        raise FeedError(f"The Ringside server at {base} did not answer in {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FeedError(f"The Ringside server at {base} failed: {_reason(exc)}") from None
    if response.status_code in (401, 403):
        raise HubAuthError(_detail(response) or "The Ringside server refused the sign-in")
    if response.status_code != 200:
        raise FeedError(
            f"The Ringside server answered {response.status_code}: {_detail(response) or 'error'}"
        )
    try:
        data = response.json()
        return HubToken(str(data["token"]), float(data["expires_at"]), str(data.get("role") or ""))
    except (ValueError, KeyError, TypeError):
        raise FeedError("The Ringside server sent a garbled sign-in answer") from None


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    return detail if isinstance(detail, str) else ""


def _reason(exc: BaseException) -> str:
    """Words for a connection failure, from the exception or what caused it."""
    seen: BaseException | None = exc
    for _ in range(5):  # httpx says "All connection attempts failed"; the OSError below says why
        if seen is None:
            break
        text = str(seen)
        if "CERTIFICATE_VERIFY_FAILED" in text or isinstance(seen, ssl.SSLCertVerificationError):
            return "its TLS certificate is not trusted"
        if (
            isinstance(seen, ConnectionRefusedError)
            or "Connection refused" in text
            or "Errno 111" in text
        ):
            return "connection refused"
        if isinstance(seen, socket.gaierror) or "Name or service not known" in text:
            return "the server name is not known (DNS)"
        seen = seen.__cause__ or seen.__context__
    return str(exc) or type(exc).__name__


@dataclass(slots=True)
class _Pending:
    command: wire.Command
    future: asyncio.Future[Any]
    retry_safe: bool
    sent: bool = False


class HubFeed:
    """A :class:`~core.calls.feed.CallFeed` over a WebSocket to a Ringside hub."""

    COMMAND_TIMEOUT = 15.0
    HELLO_TIMEOUT = 15.0
    REFRESH_AT = 0.75  # of the token's lifetime

    def __init__(
        self,
        url: str,
        user: str,
        *,
        password: str | None = None,
        token: HubToken | str | None = None,
        on_token: TokenSink | None = None,
        verify: ssl.SSLContext | bool = True,
        backoff: tuple[float, float] = (0.5, 15.0),
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        # several nodes of a hub cluster: the next one after a connection fails
        self.urls = [u.strip() for u in url.split(",") if u.strip()] if "," in url else [url]
        self._url_index = 0
        self.url = self.urls[0]
        self.base, self.ws_url = hub_urls(self.url)
        for other in self.urls[1:]:
            hub_urls(other)  # every address is checked up front, in words
        self.user = user
        self._password = password or None
        if isinstance(token, str):
            token = HubToken(token, 0.0)
        self._token: HubToken | None = token or None
        self._on_token = on_token
        self._verify = verify
        self._backoff = backoff
        self._clock = clock
        self._rng = rng or random.Random()
        self._observers: list[FeedObserver] = []
        self._card_observers: list[CardObserver] = []
        self._status = LinkStatus(LinkState.DISCONNECTED, None, clock())
        self._hub_link = LinkStatus(LinkState.DISCONNECTED, None, clock())
        self._task: asyncio.Task[None] | None = None
        self._ws: ClientConnection | None = None
        self._connected = asyncio.Event()
        self._closing = False
        self._pending: dict[str, _Pending] = {}
        self._stream: str | None = None
        self._seq = 0
        self._calls: dict[str, CallSnapshot] = {}
        self._open: dict[
            str, set[str]
        ] = {}  # call -> extensions whose part is live (rang, not ended)
        self._cards: dict[str, LookupResult] = {}
        self.role: str | None = None
        self.extensions: tuple[str, ...] = ()
        self.events_received = 0
        self.connects = 0
        self.resumes = 0  # reconnects that got exactly the missed events (no snapshot)
        self._token_tasks: set[asyncio.Future[Any]] = set()

    # ---------------------------------------------------------- contract
    @property
    def status(self) -> LinkStatus:
        return self._status

    def subscribe(self, callback: FeedObserver) -> Callable[[], None]:
        self._observers.append(callback)

        def unsubscribe() -> None:
            if callback in self._observers:
                self._observers.remove(callback)

        return unsubscribe

    def subscribe_cards(self, callback: CardObserver) -> Callable[[], None]:
        """CRM cards the hub looked up for calls in this account's scope."""
        self._card_observers.append(callback)
        return lambda: (
            self._card_observers.remove(callback) if callback in self._card_observers else None
        )

    async def start(self) -> None:
        if self._task is not None:
            return
        self._closing = False
        if self._token is None and not self._password:
            self._set_status(LinkState.FAILED, NO_SECRET)
            return
        self._set_status(LinkState.CONNECTING, f"Ringside server {self.base}")
        self._task = asyncio.get_running_loop().create_task(self._run(), name="hub-feed")

    async def open(self, timeout: float = 15.0) -> None:  # noqa: ASYNC109 - how long to wait for the hub
        """Connect now (headless commands): :class:`FeedError` in words unless ready in time."""
        await self.start()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self._status.state is not LinkState.READY:
            if self._status.state is LinkState.FAILED:
                raise FeedError(self._status.detail or "The Ringside server refused the connection")
            if loop.time() > deadline:
                raise FeedError(
                    self._status.detail or f"The Ringside server {self.base} did not answer"
                )
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        self._closing = True
        task, self._task = self._task, None
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        if task is not None:
            task.cancel()
            with contextlib.suppress(BaseException):
                await task
        self._fail_pending(FeedError("The connection to the Ringside server was closed"), all_=True)
        self._set_status(LinkState.DISCONNECTED, None)

    def active_calls(self) -> list[CallSnapshot]:
        return list(self._calls.values())

    def trail(self, call_id: str) -> list[dict[str, str]]:
        return []  # the raw AMI stays on the PBX host

    def card_for(self, call_id: str) -> LookupResult | None:
        return self._cards.get(call_id)

    @property
    def token(self) -> HubToken | None:
        return self._token

    # ---------------------------------------------------------- commands
    async def click_to_call(
        self, extension: str, number: str, *, request_id: str | None = None
    ) -> str:
        args = {
            "extension": extension,
            "number": number,
            "request_id": request_id or uuid.uuid4().hex,
        }
        return str(await self._command("click_to_call", args, retry_safe=True))

    async def hangup(self, extension: str, call_id: str) -> None:
        await self._command("hangup", {"extension": extension, "call_id": call_id}, retry_safe=True)

    async def transfer(
        self, extension: str, call_id: str, target: str, *, attended: bool = False
    ) -> None:
        args = {"extension": extension, "call_id": call_id, "target": target, "attended": attended}
        await self._command("transfer", args, retry_safe=False)

    async def set_queue_pause(self, extension: str, paused: bool, reason: str = "") -> None:
        args = {"extension": extension, "paused": paused, "reason": reason}
        await self._command("set_queue_pause", args, retry_safe=True)

    async def set_dnd(self, extension: str, on: bool) -> None:
        await self._command("set_dnd", {"extension": extension, "on": on}, retry_safe=True)

    async def spy(self, extension: str, target: str, mode: str = "listen") -> str:
        if mode not in SPY_MODES:
            raise FeedError(f"Unknown listen mode “{mode}”: use listen, whisper or barge")
        args = {"extension": extension, "target": target, "mode": mode}
        return str(await self._command("spy", args, retry_safe=False))

    async def save_note(self, extension: str, call_id: str, note: str, outcome: str = "") -> None:
        """After-call note + outcome: into the hub's durable outbox, then the CRM (once)."""
        args = {"extension": extension, "call_id": call_id, "note": note, "outcome": outcome}
        await self._command("save_note", args, retry_safe=True)

    async def profile(self) -> dict[str, Any]:
        """This account's profile from the hub: CRM, popup, recordings, language, permissions."""
        result = await self._command("profile", {}, retry_safe=True)
        return dict(result) if isinstance(result, dict) else {}

    async def lookup(self, number: str) -> LookupResult:
        """The hub's CRM lookup (one cache for the whole call center); errors in the result."""
        try:
            raw = await self._command("lookup", {"number": number}, retry_safe=True)
            return wire.lookup_from_dict(raw)
        except (FeedError, wire.WireError) as exc:
            return LookupResult(number=number, e164=None, error=str(exc))

    async def recordings(self, **query: Any) -> list[dict[str, Any]]:
        """Recordings in this account's scope (each with a signed ``url`` to play it)."""
        result = await self._command("recordings", dict(query), retry_safe=True)
        return [dict(item) for item in result] if isinstance(result, list) else []

    async def _command(self, op: str, args: dict[str, Any], *, retry_safe: bool) -> Any:
        if self._task is None:
            raise FeedError(
                "Not connected to the Ringside server: " + (self._status.detail or "not started")
            )
        command = wire.Command(uuid.uuid4().hex, op, args)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        pending = _Pending(command, future, retry_safe)
        self._pending[command.id] = pending
        try:
            if self._ws is not None:
                await self._send_pending(self._ws, pending)
            return await asyncio.wait_for(asyncio.shield(future), self.COMMAND_TIMEOUT)
        except TimeoutError:
            where = "did not answer" if self._ws is not None else "is not reachable"
            raise FeedError(
                f"The Ringside server {where} within {self.COMMAND_TIMEOUT:g} s; the command was not confirmed"
            ) from None
        finally:
            self._pending.pop(command.id, None)

    async def _send_pending(self, ws: ClientConnection, pending: _Pending) -> None:
        try:
            await ws.send(wire.encode(pending.command))
            pending.sent = True
        except ConnectionClosed:
            pass  # re-sent (retry-safe) or failed (others) when the connection comes back

    def _fail_pending(self, error: FeedError, *, all_: bool) -> None:
        for pending in list(self._pending.values()):
            if (all_ or (pending.sent and not pending.retry_safe)) and not pending.future.done():
                pending.future.set_exception(error)
            pending.sent = False

    # ---------------------------------------------------------- the link
    def _set_status(self, state: LinkState, detail: str | None) -> None:
        if state == self._status.state and detail == self._status.detail:
            return
        self._status = LinkStatus(state, detail, self._clock())
        self._deliver(self._status)

    def _link_changed(self) -> None:
        if self._ws is None:
            return
        hub = self._hub_link
        if hub.state is LinkState.READY:
            self._set_status(LinkState.READY, None)
        else:
            words = hub.detail or str(hub.state)
            state = (
                LinkState.CONNECTING
                if hub.state is LinkState.CONNECTING
                else LinkState.DISCONNECTED
            )
            self._set_status(state, f"The Ringside server has no connection to the PBX: {words}")

    async def _run(self) -> None:
        attempt = 0
        relogin_at = -1  # self.connects when the password was last used after a refusal
        while not self._closing:
            try:
                token = await self._ensure_token()
                await self._session(token)
                attempt = 0  # a clean close by the hub: reconnect at once
                continue
            except HubAuthError as exc:
                self._token = None
                self._notify_token(None)
                if self._password and relogin_at != self.connects:
                    relogin_at = self.connects
                    continue  # a saved token that expired (or another node's): sign in again
                self._set_status(LinkState.FAILED, str(exc))
                return
            except FeedError as exc:
                detail = str(exc)
            except (
                OSError,
                TimeoutError,
                ConnectionClosed,
                InvalidHandshake,
                wire.WireError,
            ) as exc:
                detail = f"Ringside server {self.base} unreachable ({_reason(exc)}), retrying"
            except InvalidURI as exc:
                self._set_status(LinkState.FAILED, f"Bad Ringside server address: {exc}")
                return
            finally:
                self._ws = None
                self._connected.clear()
            if self._closing:
                break
            self._fail_pending(
                FeedError(
                    "The connection to the Ringside server dropped before it confirmed the command"
                ),
                all_=False,
            )
            self._set_status(LinkState.DISCONNECTED, detail)
            if len(self.urls) > 1:  # a hub cluster: try the next node
                self._url_index = (self._url_index + 1) % len(self.urls)
                self.url = self.urls[self._url_index]
                self.base, self.ws_url = hub_urls(self.url)
                if attempt < len(self.urls):
                    attempt += 1
                    await asyncio.sleep(self._backoff[0] * self._rng.random())
                    continue
            low, high = self._backoff
            delay = min(high, low * (2**attempt)) * (0.5 + self._rng.random() / 2)
            attempt += 1
            await asyncio.sleep(delay)

    async def _ensure_token(self) -> str:
        token = self._token
        if token is not None and (token.expires_at == 0 or token.expires_at > self._clock() + 5):
            return token.token
        if not self._password:
            raise HubAuthError(
                "The saved sign-in to the Ringside server has expired: sign in again"
            )
        self._token = await login(self.url, self.user, self._password, verify=self._verify)
        self._notify_token(self._token)
        return self._token.token

    def _notify_token(self, token: HubToken | None) -> None:
        if self._on_token is None:
            return
        try:
            result = self._on_token(token)
            if isinstance(result, Awaitable):
                task = asyncio.ensure_future(result)
                self._token_tasks.add(task)
                task.add_done_callback(self._token_tasks.discard)
        except Exception:
            log.exception("saving the hub token failed")

    async def _session(self, token: str) -> None:
        ssl_arg: Any = None
        if self.ws_url.startswith("wss:"):
            ssl_arg = (
                self._verify
                if isinstance(self._verify, ssl.SSLContext)
                else ssl.create_default_context()
            )
            if self._verify is False:
                ssl_arg = ssl.create_default_context()
                ssl_arg.check_hostname = False
                ssl_arg.verify_mode = ssl.CERT_NONE
        async with (
            connect(
                self.ws_url,
                ssl=ssl_arg,
                max_size=wire.MAX_FRAME,
                open_timeout=10,
                ping_interval=20,
                ping_timeout=20,
                close_timeout=2,
                compression=None,  # frames are small; a deflate context per desktop costs the hub ~100 KB
            ) as ws
        ):
            await ws.send(wire.encode(wire.Hello(token, self._stream, self._seq)))
            first = wire.decode(await asyncio.wait_for(ws.recv(), self.HELLO_TIMEOUT))
            if isinstance(first, wire.Bye):
                self._bye(first)
                return
            if not isinstance(first, wire.Welcome):
                raise wire.WireError(f"expected a welcome, got {type(first).__name__}")
            self._ws = ws
            self.connects += 1
            self._welcome(first)
            refresher = asyncio.get_running_loop().create_task(
                self._refresh_later(first.expires_at)
            )
            try:
                for pending in list(self._pending.values()):
                    if not pending.sent:
                        await self._send_pending(ws, pending)
                self._connected.set()
                async for frame in ws:
                    msg = wire.decode(frame)
                    if isinstance(msg, wire.Event):
                        self._on_event(msg)
                    elif isinstance(msg, wire.Reply):
                        self._on_reply(msg)
                    elif isinstance(msg, wire.Bye):
                        self._bye(msg)
                        return
            finally:
                refresher.cancel()

    def _bye(self, bye: wire.Bye) -> None:
        if bye.code in ("unauthorized", "revoked", "disabled"):
            raise HubAuthError(bye.reason)
        if bye.code == "expired":
            self._token = None if not self._password else self._token
            if self._token is not None:
                self._token = HubToken(self._token.token, 1.0)  # force a fresh login
            if not self._password:
                raise HubAuthError(bye.reason)
        log.info("hub closed the connection: %s (%s)", bye.reason, bye.code)

    async def _refresh_later(self, expires_at: float) -> None:
        """Swap the token for a fresh one before it expires (the connection stays up)."""
        while expires_at > 0:
            lifetime = expires_at - self._clock()
            await asyncio.sleep(max(1.0, lifetime * (1 - self.REFRESH_AT)) if lifetime > 4 else 1.0)
            if self._token is None:
                return
            try:
                self._token = await refresh(self.url, self._token.token, verify=self._verify)
            except HubAuthError:
                return  # the hub closes the connection; _run signs in again or fails in words
            except FeedError as exc:
                log.warning("token refresh failed: %s", exc)
                continue
            self._notify_token(self._token)
            expires_at = self._token.expires_at

    # ---------------------------------------------------------- incoming
    def _on_reply(self, reply: wire.Reply) -> None:
        pending = self._pending.get(reply.id)
        if pending is None or pending.future.done():
            return
        if reply.ok:
            pending.future.set_result(reply.result)
        else:
            cls = HubAuthError if reply.code == "unauthorized" else FeedError
            pending.future.set_exception(
                cls(reply.error or "The Ringside server refused the command")
            )

    def _welcome(self, welcome: wire.Welcome) -> None:
        self.role = welcome.role
        self.extensions = welcome.extensions
        resumed = welcome.resumed and welcome.stream == self._stream
        self._stream = welcome.stream
        self._seq = welcome.seq if not resumed else self._seq
        self._hub_link = welcome.link
        if resumed:
            self.resumes += 1
        else:
            self._reconcile(welcome)
        self._link_changed()

    def _reconcile(self, welcome: wire.Welcome) -> None:
        """A fresh snapshot: close calls that ended meanwhile, show the ones that began."""
        fresh = {call.call_id: call for call in welcome.calls}
        synced = welcome.link.state is LinkState.READY
        out: list[FeedEvent] = []
        for call_id, old in list(self._calls.items()):
            if call_id in fresh or not synced:
                continue
            for ext in sorted(self._open.pop(call_id, set())):
                out.append(CallEnded(old, ext, outcome=_gone_outcome(old, ext)))
            out.append(CallFinished(old, None))
            del self._calls[call_id]
        for call_id, call in fresh.items():
            known = self._calls.get(call_id)
            self._calls[call_id] = call
            if known is None:
                out.append(CallStarted(call, None))
                ended = {ext for ext, _ in call.per_extension}
                for ext in call.rang:
                    if ext in welcome.extensions and ext not in ended:
                        out.append(CallRinging(call, ext))
                        if call.answered_by == ext:
                            out.append(CallAnswered(call, ext, by=ext))
            elif known.answered_at is None and call.answered_at is not None:
                for ext in sorted(self._open.get(call_id, set())):
                    out.append(CallAnswered(call, ext, by=call.answered_by))
        for event in out:
            self._apply(event)

    def _on_event(self, msg: wire.Event) -> None:
        if msg.seq <= self._seq:
            return  # already applied (a replay overlapping what arrived live)
        self._seq = msg.seq
        self.events_received += 1
        event = msg.event
        if isinstance(event, wire.Card):
            self._cards[event.call_id] = event.result
            while len(self._cards) > 512:
                del self._cards[next(iter(self._cards))]
            for callback in list(self._card_observers):
                try:
                    callback(event)
                except Exception:
                    log.exception("hub card observer failed")
            return
        if isinstance(event, LinkStatus):
            self._hub_link = event
            self._link_changed()
            return
        self._apply(event)

    def _apply(self, event: FeedEvent) -> None:
        if isinstance(event, CallEvent):
            call = event.call
            ext = event.extension
            if isinstance(event, CallRinging) and ext is not None:
                live = self._open.setdefault(call.call_id, set())
                if ext in live:
                    return  # this extension's phone is already shown ringing for this call
                live.add(ext)
            elif isinstance(event, CallEnded) and ext is not None:
                self._open.get(call.call_id, set()).discard(ext)
            if isinstance(event, CallFinished):
                self._calls.pop(call.call_id, None)
                self._open.pop(call.call_id, None)
            else:
                self._calls[call.call_id] = call
        self._deliver(event)

    def _deliver(self, event: FeedEvent) -> None:
        for callback in list(self._observers):
            try:
                callback(event)
            except Exception:
                log.exception("hub feed observer failed on %s", type(event).__name__)


def _gone_outcome(call: CallSnapshot, ext: str) -> Outcome:
    """The outcome of ``ext``'s part of a call that ended while the hub was away."""
    own = call.outcome_for(ext)
    if own is not None:
        return own
    if call.answered_by == ext:
        return Outcome.ANSWERED
    if call.answered_at is not None:
        return Outcome.ANSWERED_ELSEWHERE
    return Outcome.MISSED


__all__ = [
    "NO_SECRET",
    "HubAuthError",
    "HubFeed",
    "HubToken",
    "PresenceUpdate",
    "hub_urls",
    "login",
    "refresh",
]
