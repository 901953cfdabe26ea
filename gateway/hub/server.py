"""The hub: one :class:`~core.calls.feed.CallFeed` (the gateway's one AMI connection),
fanned out to the desktops connected over WebSocket, each within its account's scope.

Every feed event gets the next seq of the hub's :class:`~core.hub.stream.EventStream`
and is encoded once; each connected desktop whose :class:`~core.hub.scope.Scope`
sees it gets the same frame through its own bounded send queue (a desktop that
cannot keep up is disconnected and resumes, it never slows the others). Commands
are checked against the scope before they reach the feed; refusals are logged and
answered in words. Transport-neutral: :mod:`gateway.hub.routes` binds it to
Starlette's WebSocket and to HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.calls.events import CallAnswered, CallEvent, CallRinging, CallSnapshot
from core.calls.feed import (
    SPY_MODES,
    CallFeed,
    FeedError,
    FeedEvent,
    LinkState,
    LinkStatus,
    PresenceUpdate,
)
from core.crm.types import LookupResult
from core.history.notes import NoteOutbox, note_record
from core.hub import wire
from core.hub.scope import Scope, ScopeError, call_extensions
from core.hub.stream import EventStream
from gateway.hub.accounts import Account, Accounts, AuthError, Session
from gateway.hub.settings import HubSettings

log = logging.getLogger("gateway.hub")
audit = logging.getLogger("gateway.hub.audit")

QUEUE_LIMIT = 5_000  # frames waiting for one desktop before it is dropped (it resumes)
RECENT_CALLS = 4_096  # finished calls kept for notes and cards


class CommandError(Exception):
    """A command refused or failed: ``code`` (wire.ERROR_CODES) and words."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Connection(Protocol):
    """What the hub needs of one desktop connection (Starlette's WebSocket, wrapped)."""

    async def send_text(self, text: str) -> None: ...

    async def close(self, code: int = 1000) -> None: ...


class RecordingSearch(Protocol):
    def __call__(self, scope: Scope, query: dict[str, Any]) -> list[dict[str, Any]]: ...


@dataclass(eq=False)
class Desktop:
    """One connected desktop: its scope, its session and its send queue."""

    conn: Connection
    scope: Scope
    session: Session
    queue: asyncio.Queue[str | None] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    writer: asyncio.Task[None] | None = None
    dropped: bool = False

    def push(self, frame: str | None) -> bool:
        if self.dropped:
            return False
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            self.dropped = True
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()  # room for the end marker
            self.queue.put_nowait(None)
            return False
        return True

    async def run_writer(self) -> None:
        try:
            while True:
                frame = await self.queue.get()
                if frame is None:
                    break
                await self.conn.send_text(frame)
        except Exception as exc:  # the socket went away: the reader side notices too
            log.debug("desktop %s writer ended: %s", self.scope.user, exc)
        finally:
            with contextlib.suppress(Exception):
                await self.conn.close(1000 if not self.dropped else 1013)


class HubServer:
    SYNC_WAIT = 5.0  # seconds a hello waits for the PBX link before answering with what there is

    def __init__(
        self,
        feed: CallFeed,
        accounts: Accounts,
        settings: HubSettings,
        *,
        notes: NoteOutbox | None = None,
        crm: Any = None,  # a CrmPort (LookupCache in front of the adapter): lookups on the hub
        recordings: RecordingSearch | None = None,
        profile_extra: dict[str, Any] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.feed = feed
        self.accounts = accounts
        self.settings = settings
        self.notes = notes
        self.crm = crm
        self.recordings = recordings
        self.profile_extra = profile_extra or {}
        self.clock = clock
        self.stream = EventStream(settings.buffer)
        self.desktops: set[Desktop] = set()
        self._by_ext: dict[str, set[Desktop]] = {}  # extension -> desktops that see it
        self._see_all: set[Desktop] = set()  # admins
        self.recent: OrderedDict[str, CallSnapshot] = OrderedDict()
        self.cards: OrderedDict[str, LookupResult] = OrderedDict()
        self.events_total = 0
        self.frames_sent = 0
        self.refused_total = 0
        self.commands_total = 0
        self.on_command: Callable[[str, float, bool], None] | None = (
            None  # (op, seconds, ok): metrics
        )
        self._unsubscribe: Callable[[], None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._sweeper: asyncio.Task[None] | None = None
        self._requests: dict[str, asyncio.Future[str]] = {}
        self._looking: set[str] = set()  # calls whose CRM lookup is in flight

    # ----------------------------------------------------------- lifecycle
    async def start(self) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = self.feed.subscribe(self.on_feed_event)
        if self.notes is not None:
            self.notes.start()
        self._sweeper = asyncio.get_running_loop().create_task(self._sweep(), name="hub-sweep")

    async def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(BaseException):
                await self._sweeper
        for desktop in list(self.desktops):
            desktop.push(wire.encode(wire.Bye("shutdown", "The Ringside server is restarting")))
            desktop.push(None)
        writers = [d.writer for d in self.desktops if d.writer is not None]
        if writers:
            await asyncio.wait(writers, timeout=2.0)
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.notes is not None:
            await self.notes.stop()

    def spawn(self, coro: Awaitable[Any], name: str) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        task.set_name(name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("hub task %s failed: %s", task.get_name(), task.exception())

    # ------------------------------------------------------------ fan-out
    def on_feed_event(self, event: FeedEvent) -> None:
        """The feed's callback (sync, on the loop): sequence, encode once, fan out."""
        if isinstance(event, CallEvent):
            self._remember(event.call)
            self._prefetch(event.call)
        self.publish(event)
        if isinstance(event, CallRinging | CallAnswered) and event.call.call_id in self.cards:
            # the card came back before this extension's phone rang: it sees the call only now
            self.publish(wire.Card(event.call.call_id, self.cards[event.call.call_id]))

    def publish(self, event: wire.HubEvent) -> None:
        self.fan_out(self.stream.append(event), event)

    def fan_out(self, seq: int, event: wire.HubEvent) -> None:
        """Encode ``event`` (already in the stream under ``seq``) once; queue it to its desktops."""
        self.events_total += 1
        frame = wire.encode(wire.Event(seq, event))
        for desktop in self._recipients(event):
            if desktop.push(frame):
                self.frames_sent += 1
            else:
                self._drop(desktop, "too slow to keep up")

    def _recipients(self, event: wire.HubEvent) -> list[Desktop]:
        """The desktops whose scope sees ``event`` (an index by extension, not a scan of all)."""
        if isinstance(event, LinkStatus):
            return list(self.desktops)
        exts: Iterable[str]
        if isinstance(event, PresenceUpdate):
            exts = (event.extension,)
        elif isinstance(event, CallEvent) and event.extension is not None:
            exts = (event.extension,)
        elif isinstance(event, CallEvent):
            exts = call_extensions(event.call)
        elif isinstance(event, wire.Card):
            call = self.recent.get(event.call_id)
            exts = call_extensions(call) if call is not None else ()
        else:
            return []
        found = set(self._see_all)
        for ext in exts:
            found |= self._by_ext.get(ext, set())
        return list(found)

    def _add(self, desktop: Desktop) -> None:
        self.desktops.add(desktop)
        if desktop.scope.sees_all:
            self._see_all.add(desktop)
        for ext in desktop.scope.visible:
            self._by_ext.setdefault(ext, set()).add(desktop)

    def _remove(self, desktop: Desktop) -> None:
        self.desktops.discard(desktop)
        self._see_all.discard(desktop)
        for ext in desktop.scope.visible:
            members = self._by_ext.get(ext)
            if members is not None:
                members.discard(desktop)
                if not members:
                    del self._by_ext[ext]

    def _remember(self, call: CallSnapshot) -> None:
        self.recent[call.call_id] = call
        self.recent.move_to_end(call.call_id)
        while len(self.recent) > RECENT_CALLS:
            self.recent.popitem(last=False)

    def _prefetch(self, call: CallSnapshot) -> None:
        if self.crm is None or self.settings.lookup != "hub" or not call.remote_number:
            return
        if (
            call.direction.value == "internal"
            or call.call_id in self.cards
            or call.call_id in self._looking
        ):
            return
        self._looking.add(call.call_id)
        self.spawn(self._card(call.call_id, call.remote_number), name="hub-card")

    async def _card(self, call_id: str, number: str) -> None:
        try:
            result = await self.lookup(number)
        finally:
            self._looking.discard(call_id)
        self.cards[call_id] = result
        while len(self.cards) > RECENT_CALLS:
            self.cards.popitem(last=False)
        self.publish(wire.Card(call_id, result))

    async def lookup(self, number: str) -> LookupResult:
        if self.crm is None:
            return LookupResult(
                number=number, e164=None, error="No CRM is configured on the Ringside server"
            )
        try:
            result = self.crm.lookup(number)
            if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
                result = await asyncio.wait_for(result, 10.0)
        except TimeoutError:
            return LookupResult(
                number=number, e164=None, error="The CRM did not answer within 10 s"
            )
        except Exception as exc:
            log.exception("hub CRM lookup crashed")
            return LookupResult(number=number, e164=None, error=f"CRM lookup failed: {exc}")
        return (
            result if isinstance(result, LookupResult) else LookupResult(number=number, e164=None)
        )

    def _drop(self, desktop: Desktop, why: str) -> None:
        if desktop in self.desktops:
            self._remove(desktop)
            log.warning("hub dropped %s: %s", desktop.scope.user, why,
                        extra={"hub_event": "dropped", "user": desktop.scope.user})  # fmt: skip

    # -------------------------------------------------------- connections
    def calls_in(self, scope: Scope) -> list[CallSnapshot]:
        return [call for call in self.feed.active_calls() if scope.sees_call(call)]

    async def authenticate(self, token: str) -> tuple[Session, Scope]:
        session = await asyncio.to_thread(self.accounts.check_token, token)
        scope = await asyncio.to_thread(self.accounts.scope, session.account)
        return session, scope

    async def _synced(self) -> None:
        """Wait (bounded) until the feed has been READY for ``sync_grace`` (its resync is in)."""
        deadline = asyncio.get_running_loop().time() + self.SYNC_WAIT
        while asyncio.get_running_loop().time() < deadline:
            status = self.feed.status
            if status.state is LinkState.READY:
                left = status.since + self.settings.sync_grace - self.clock()
                if left <= 0:
                    return
                await asyncio.sleep(min(left, 0.5))
            else:
                await asyncio.sleep(0.05)

    async def open(self, conn: Connection, first_frame: str) -> Desktop | None:
        """Handle the hello: welcome + replay (or snapshot), register. None: refused (Bye sent)."""
        try:
            hello = wire.decode(first_frame)
        except wire.WireError as exc:
            await self._refuse(conn, "bad_request", f"Bad hello: {exc}")
            return None
        if not isinstance(hello, wire.Hello):
            await self._refuse(conn, "bad_request", "The first message must be a hello")
            return None
        try:
            session, scope = await self.authenticate(hello.token)
        except AuthError as exc:
            audit.warning(
                "hub refused a connection: %s", exc, extra={"hub_event": "refused-connection"}
            )
            await self._refuse(conn, "unauthorized", str(exc))
            return None
        await self._synced()
        # From here to registration nothing awaits: no event can slip between replay and live.
        desktop = Desktop(conn, scope, session)
        replay = self.stream.since(
            hello.stream, hello.seq, lambda e: scope.sees(e, self._card_call(e))
        )
        link = self.feed.status
        welcome = wire.Welcome(
            stream=self.stream.id,
            seq=hello.seq if replay is not None else self.stream.seq,
            user=scope.user,
            role=scope.role.value,
            extensions=tuple(sorted(scope.own)),
            link=link,
            resumed=replay is not None,
            calls=() if replay is not None else tuple(self.calls_in(scope)),
            expires_at=session.expires_at,
        )
        desktop.push(wire.encode(welcome))
        for seq, event in replay or ():
            desktop.push(wire.encode(wire.Event(seq, event)))
        self._add(desktop)
        desktop.writer = asyncio.get_running_loop().create_task(
            desktop.run_writer(), name="hub-writer"
        )
        log.info(
            "hub: %s (%s) connected, %s",
            scope.user,
            scope.role.value,
            f"resumed {len(replay)} events" if replay is not None else "snapshot",
        )
        return desktop

    def _card_call(self, event: wire.HubEvent) -> CallSnapshot | None:
        return self.recent.get(event.call_id) if isinstance(event, wire.Card) else None

    async def _refuse(self, conn: Connection, code: str, words: str) -> None:
        with contextlib.suppress(Exception):
            await conn.send_text(wire.encode(wire.Bye(code, words)))
            await conn.close(4401 if code == "unauthorized" else 4400)

    def rebind(self, old_hash: str, session: Session) -> None:
        """A token was refreshed: the connections signed in with the old one carry on with the new."""
        for desktop in self.desktops:
            if desktop.session.token_hash == old_hash:
                desktop.session = session

    async def closed(self, desktop: Desktop) -> None:
        self._remove(desktop)
        desktop.push(None)
        if desktop.writer is not None:
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(desktop.writer, 2.0)

    def frame(self, desktop: Desktop, text: str) -> None:
        """A frame from the desktop (after the hello): a command, answered asynchronously."""
        try:
            msg = wire.decode(text)
        except wire.WireError as exc:
            desktop.push(
                wire.encode(wire.Reply("", False, error=f"Bad message: {exc}", code="bad_request"))
            )
            return
        if not isinstance(msg, wire.Command):
            desktop.push(
                wire.encode(wire.Reply("", False, error="Expected a command", code="bad_request"))
            )
            return
        self.spawn(self._answer(desktop, msg), name=f"hub-cmd-{msg.op}")

    async def _answer(self, desktop: Desktop, cmd: wire.Command) -> None:
        try:
            result = await self.command(desktop.scope, cmd.op, dict(cmd.args))
            reply = wire.Reply(cmd.id, True, result)
        except CommandError as exc:
            reply = wire.Reply(cmd.id, False, error=str(exc), code=exc.code)
        desktop.push(wire.encode(reply))

    async def _sweep(self) -> None:
        """Close connections whose token was revoked (disable/reset/logout) or expired."""
        while True:
            await asyncio.sleep(self.settings.recheck)
            if not self.desktops:
                continue
            checked = list(self.desktops)  # desktops that connect during the query are not judged
            try:
                valid = await asyncio.to_thread(
                    self.accounts.still_valid, [d.session.token_hash for d in checked]
                )
            except Exception:
                log.exception("hub token sweep failed")
                continue
            now = self.clock()
            for desktop in checked:
                if desktop not in self.desktops or desktop.session.token_hash in valid:
                    continue
                expired = desktop.session.expires_at <= now
                code = "expired" if expired else "revoked"
                words = (
                    "The sign-in has expired"
                    if expired
                    else "This sign-in was revoked (account disabled or password reset)"
                )
                audit.warning("hub closes %s's connection: %s", desktop.scope.user, code,
                              extra={"hub_event": code, "user": desktop.scope.user})  # fmt: skip
                self._remove(desktop)
                desktop.push(wire.encode(wire.Bye(code, words)))
                desktop.push(None)

    # ------------------------------------------------------------ commands
    async def command(self, scope: Scope, op: str, args: dict[str, Any]) -> Any:
        """Run ``op`` for ``scope`` (WebSocket and HTTP alike); :class:`CommandError` in words."""
        started = time.perf_counter()
        ok = False
        self.commands_total += 1
        try:
            handler = self._handlers().get(op)
            if handler is None:
                raise CommandError("bad_request", f"Unknown command “{op}”")
            result = await handler(scope, args)
            ok = True
            return result
        except ScopeError as exc:
            self.refused_total += 1
            self._refused(scope, op, exc)
            raise CommandError("forbidden", str(exc)) from None
        except CommandError as exc:
            if exc.code == "forbidden":
                self.refused_total += 1
                self._refused(scope, op, exc)
            raise
        except FeedError as exc:
            raise CommandError("failed", str(exc)) from None
        except Exception:
            log.exception("hub command %s crashed", op)
            raise CommandError(
                "internal", f"The Ringside server failed on “{op}”; see its log"
            ) from None
        finally:
            if self.on_command is not None:
                self.on_command(op, time.perf_counter() - started, ok)

    @staticmethod
    def _refused(scope: Scope, op: str, exc: Exception) -> None:
        audit.warning(
            "hub refused %s by %s (%s): %s", op, scope.user, scope.role.value, exc,
            extra={"hub_event": "refused", "user": scope.user, "role": scope.role.value, "op": op},
        )  # fmt: skip

    def _handlers(self) -> dict[str, Callable[[Scope, dict[str, Any]], Awaitable[Any]]]:
        return {
            "click_to_call": self._click_to_call,
            "hangup": self._hangup,
            "transfer": self._transfer,
            "set_queue_pause": self._pause,
            "set_dnd": self._dnd,
            "spy": self._spy,
            "save_note": self._note,
            "recordings": self._recordings,
            "profile": self._profile,
            "lookup": self._lookup,
        }

    def _call(self, call_id: str) -> CallSnapshot | None:
        for call in self.feed.active_calls():
            if call.call_id == call_id:
                return call
        return self.recent.get(call_id)

    async def _click_to_call(self, scope: Scope, args: dict[str, Any]) -> str:
        ext = _arg(args, "extension")
        number = _arg(args, "number")
        scope.check_act_as(ext, "place calls")
        request_id = _arg(args, "request_id", required=False)
        if not request_id:
            return await self.feed.click_to_call(ext, number)
        key = f"{scope.user}:{request_id}"
        running = self._requests.get(key)
        if running is not None:  # the same request again while the first is in flight
            return await asyncio.shield(running)
        earlier = await asyncio.to_thread(self.accounts.begin_request, key, scope.user)
        if earlier is not None:
            state, result = earlier
            if state == "done":
                return result
            if state == "failed":
                raise CommandError("failed", result)
            raise CommandError(
                "failed",
                "This call request was already sent to the PBX before the server restarted",
            )
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._requests[key] = future
        try:
            channel = await self.feed.click_to_call(ext, number, request_id=request_id)
        except FeedError as exc:
            await asyncio.to_thread(self.accounts.finish_request, key, "failed", str(exc))
            future.set_exception(exc)
            future.exception()
            raise
        finally:
            self._requests.pop(key, None)
        await asyncio.to_thread(self.accounts.finish_request, key, "done", channel)
        future.set_result(channel)
        return channel

    async def _hangup(self, scope: Scope, args: dict[str, Any]) -> None:
        ext, call_id = _arg(args, "extension"), _arg(args, "call_id")
        scope.check_act_as(ext, "hang up")
        scope.check_call(ext, self._call(call_id), call_id, "hang up")
        await self.feed.hangup(ext, call_id)

    async def _transfer(self, scope: Scope, args: dict[str, Any]) -> None:
        ext, call_id, target = _arg(args, "extension"), _arg(args, "call_id"), _arg(args, "target")
        scope.check_act_as(ext, "transfer calls")
        scope.check_call(ext, self._call(call_id), call_id, "transfer")
        await self.feed.transfer(ext, call_id, target, attended=_flag(args, "attended"))

    async def _pause(self, scope: Scope, args: dict[str, Any]) -> None:
        ext = _arg(args, "extension")
        scope.check_act_as(ext, "pause in queues")
        reason = _arg(args, "reason", required=False)
        await self.feed.set_queue_pause(ext, _flag(args, "paused"), reason)

    async def _dnd(self, scope: Scope, args: dict[str, Any]) -> None:
        ext = _arg(args, "extension")
        scope.check_act_as(ext, "change do-not-disturb")
        await self.feed.set_dnd(ext, _flag(args, "on"))

    async def _spy(self, scope: Scope, args: dict[str, Any]) -> str:
        ext, target = _arg(args, "extension"), _arg(args, "target")
        mode = _arg(args, "mode", required=False) or "listen"
        if mode not in SPY_MODES:
            raise CommandError(
                "bad_request", f"Unknown listen mode “{mode}”: use listen, whisper or barge"
            )
        scope.check_spy(target)
        scope.check_act_as(ext, "listen")
        return await self.feed.spy(ext, target, mode)

    async def _note(self, scope: Scope, args: dict[str, Any]) -> None:
        ext, call_id = _arg(args, "extension"), _arg(args, "call_id")
        note = _arg(args, "note", required=False)
        outcome = _arg(args, "outcome", required=False)
        scope.check_act_as(ext, "write notes")
        call = self._call(call_id)
        scope.check_call(ext, call, call_id, "write a note on")
        assert call is not None
        if self.notes is None:
            raise CommandError(
                "unavailable", "No CRM is configured on the Ringside server for notes"
            )
        await self.notes.push(note_record(call, ext, note, outcome))

    async def _recordings(self, scope: Scope, args: dict[str, Any]) -> list[dict[str, Any]]:
        operator = _arg(args, "operator", required=False) or None
        scope.check_recordings(operator)
        if self.recordings is None:
            raise CommandError(
                "unavailable", "Recordings are not configured on the Ringside server"
            )
        return await asyncio.to_thread(self.recordings, scope, dict(args))

    async def _profile(self, scope: Scope, _args: dict[str, Any]) -> dict[str, Any]:
        return self.profile(scope)

    def profile(self, scope: Scope) -> dict[str, Any]:
        s = self.settings
        crm: dict[str, Any] | None = None
        if s.crm is not None:
            crm = {"adapter": s.crm.adapter, "settings": dict(s.crm.settings)}
        return {
            "user": scope.user,
            "role": scope.role.value,
            "extensions": sorted(scope.own),
            "team_extensions": sorted(scope.visible - scope.own) if not scope.sees_all else [],
            "permissions": list(scope.permissions),
            "lookup": s.lookup,
            "crm": crm,
            "popup": dict(s.popup),
            "language": s.language,
            "recordings_url": s.recordings_url or self.profile_extra.get("recordings_url", ""),
            "stream": self.stream.id,
        }

    async def _lookup(self, _scope: Scope, args: dict[str, Any]) -> dict[str, Any]:
        return wire.lookup_to_dict(await self.lookup(_arg(args, "number")))

    # --------------------------------------------------------------- state
    @property
    def link(self) -> LinkStatus:
        return self.feed.status


def _arg(args: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = args.get(name, "")
    if not isinstance(value, str):
        raise CommandError("bad_request", f"“{name}” must be text")
    value = value.strip()
    if required and not value:
        raise CommandError("bad_request", f"“{name}” is missing")
    return value


def _flag(args: dict[str, Any], name: str) -> bool:
    value = args.get(name, False)
    if not isinstance(value, bool):
        raise CommandError("bad_request", f"“{name}” must be true or false")
    return value


__all__ = ["Account", "CommandError", "Desktop", "HubServer"]
