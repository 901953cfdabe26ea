"""Call flows of the simulator: scenario playback and the Originate action.

:class:`ScenarioRun` plays one rendered scenario on the server's clock
(compressed by ``speed``), can pause after a given event so tests can break the
network mid-call, and fills Cdr times from the wall clock. :func:`originate`
answers ``Action: Originate`` the way Asterisk does: rejected up front for an
unknown extension, ``Originate failed`` (sync) / ``OriginateResponse Reason``
(async) for unknown or unanswered endpoints; a busy endpoint rings and rejects
(486: DialEnd BUSY, Hangup cause 17, ``OriginateResponse`` Reason 0, as Asterisk
22 reports a phone that rejects the ringing leg); else the click-to-call flow
of transcript 12 with the requested ``ChannelId`` as Uniqueid/Linkedid.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from core.ami.codec import Message

if TYPE_CHECKING:
    from core.sim.server import PBXSimulator
    from core.sim.session import AMISession

KNOWN_CONTEXTS = frozenset({"internal", "from-internal", "default", "lab", "from-trunk"})
_DIALABLE = re.compile(r"^(\+?\d{2,}|s)$")
_LAB_EXTENS = frozenset(
    {"answer", "wait", "monkeys", "record", "noanswer", "busy", "congestion", "echo", "hold"}
)  # the [lab] context of the capture PBX
_TRUE = frozenset({"true", "yes", "1", "on"})


def extension_exists(context: str, exten: str) -> bool:
    """The simulator's dialplan: digits (and ``s``) in the usual contexts, named [lab] extens."""
    if context == "lab" and exten in _LAB_EXTENS:
        return True
    return context in KNOWN_CONTEXTS and bool(_DIALABLE.match(exten))


Hook = Callable[[Message], bool]  # True: the hook consumed the message


class ScenarioRun:
    """One playing scenario. ``call_id`` is its first Uniqueid (the call's Linkedid)."""

    def __init__(
        self,
        server: PBXSimulator,
        name: str,
        values: dict[str, str],
        messages: Iterator[tuple[float, Message]],
        *,
        speed: float,
        pause_after: str | None = None,
        hook: Hook | None = None,
    ) -> None:
        self.server, self.name, self.values = server, name, values
        self.speed = speed
        self.paused = asyncio.Event()
        self._gate = asyncio.Event()
        self._gate.set()
        self._pause_event, _, nth = (pause_after or "").partition("#")
        self._pause_nth = int(nth or 1)
        self._hook = hook
        self._seen = 0
        self.emitted = 0
        self.task = asyncio.create_task(self._play(messages), name=f"sim-{name}")

    @property
    def call_id(self) -> str:
        return self.values["u0"]

    def resume(self) -> None:
        self.paused.clear()
        self._gate.set()

    def pause_after(self, spec: str) -> None:
        """Pause again after the ``nth`` next ``Event`` (``"BridgeEnter#2"``), counted from now."""
        self._pause_event, _, nth = spec.partition("#")
        self._pause_nth = int(nth or 1)
        self._seen = 0
        self.paused.clear()

    async def wait(self) -> None:
        await asyncio.shield(self.task)

    def cancel(self) -> None:
        self.task.cancel()

    async def _play(self, messages: Iterator[tuple[float, Message]]) -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        for t, msg in messages:
            delay = start + t / self.speed - loop.time()
            if delay > 0.001:
                await asyncio.sleep(delay)
            if not self._gate.is_set():
                paused_at = loop.time()
                await self._gate.wait()
                start += loop.time() - paused_at
            if self._hook is not None and self._hook(msg):
                continue
            if msg.get("Event") == "Cdr":
                _stamp_cdr(msg)
            self.server.broadcast(msg)
            self.emitted += 1
            if self._pause_event and msg.get("Event") == self._pause_event:
                self._seen += 1
                if self._seen == self._pause_nth:
                    self._gate.clear()
                    self.paused.set()


def _stamp_cdr(msg: Message) -> None:
    end = time.time()
    duration = int(msg.get("Duration", "0") or 0)
    billsec = int(msg.get("BillableSeconds", "0") or 0)
    fmt = "%Y-%m-%d %H:%M:%S"
    msg["StartTime"] = time.strftime(fmt, time.localtime(end - duration))
    if msg.get("AnswerTime"):
        msg["AnswerTime"] = time.strftime(fmt, time.localtime(end - billsec))
    msg["EndTime"] = time.strftime(fmt, time.localtime(end))


def originate(session: AMISession, msg: Message) -> None:
    """Handle ``Action: Originate``."""
    server = session.server
    channel = msg.get("Channel", "")
    context, exten = msg.get("Context", ""), msg.get("Exten", "")
    is_async = msg.get("Async", "false").strip().lower() in _TRUE
    application = msg.get("Application", "")
    if not channel:
        session.respond(msg, "Error", "Channel not specified")
        return
    write = session.user.write if session.user else frozenset()
    dangerous = application.lower() in ("system", "exec", "trysystem", "eval")
    if dangerous and not ({"all", "system"} & write):
        session.respond(msg, "Error", "Originate Access Forbidden: app or data blacklisted")
        return
    if not application and not extension_exists(context, exten):
        session.respond(msg, "Error", "Extension does not exist.")
        return
    tech, _, resource = channel.partition("/")
    ext = resource.split("@")[0]
    behaviour = server.pbx.endpoints.get(ext) if tech.upper() in ("PJSIP", "SIP", "LOCAL") else None
    timeout_s = int(msg.get("Timeout", "30000") or 30000) / 1000
    if behaviour == "answer":
        if is_async:
            session.respond(msg, "Success", "Originate successfully queued")
        if application:  # e.g. ChanSpy for a supervisor: the phone answers, no customer call
            server.spawn(_play_application(session, msg, is_async))
        else:
            _play_click_to_call(session, msg, ext, exten, is_async)
        return
    if is_async:
        session.respond(msg, "Success", "Originate successfully queued")
    if behaviour == "busy" and not application:
        server.spawn(_play_rejected(session, msg, ext, is_async))
        return
    reason, delay = {None: (0, 0.05), "busy": (5, 1.0), "noanswer": (3, timeout_s)}.get(
        behaviour, (0, 0.05)
    )  # busy: an application originate (ChanSpy) still answers Reason 5
    server.spawn(_report_originate(session, msg, delay, is_async, _failed(msg, reason)))


async def _report_originate(
    session: AMISession, msg: Message, delay: float, is_async: bool, fields: Message
) -> None:
    """After ``delay`` PBX seconds: the sync answer, or the ``OriginateResponse`` with ``fields``."""
    await asyncio.sleep(delay / session.server.speed)
    if not is_async:
        if fields["Response"] == "Success":
            session.respond(msg, "Success", "Originate successfully queued")
        else:
            session.respond(msg, "Error", "Originate failed")
        return
    event: Message = {"Event": "OriginateResponse", "Privilege": "call,all"}
    if "ActionID" in msg:
        event["ActionID"] = msg["ActionID"]
    event.update(fields)
    session.server.broadcast(event)


_APP_LEG_SECONDS = 5.0  # how long a simulated supervisor listens before hanging up
_app_legs = iter(range(0xA00, 0x10_0000))


async def _play_application(session: AMISession, msg: Message, is_async: bool) -> None:
    """An application originate as Asterisk 22 reports it: the phone's channel is created
    Down (Uniqueid = the requested ChannelId), rings, answers, the OriginateResponse
    follows, the application runs (no Newexten: it is not dialplan), and the channel
    hangs up when the user does (here after a few PBX seconds, or on Action: Hangup)."""
    server = session.server
    name = f"{msg.get('Channel', '')}-{next(_app_legs):08x}"
    uid = msg.get("ChannelId", "") or f"{time.time():.0f}.{next(_app_legs)}"
    fields = {
        "Channel": name,
        "ChannelState": "0",
        "ChannelStateDesc": "Down",
        "CallerIDNum": msg.get("Channel", "").rpartition("/")[2],
        "CallerIDName": "<unknown>",
        "ConnectedLineNum": "<unknown>",
        "ConnectedLineName": "<unknown>",
        "Language": "en",
        "AccountCode": "",
        "Context": "default",
        "Exten": "s",
        "Priority": "1",
        "Uniqueid": uid,
        "Linkedid": uid,
    }
    step = 0.05 / server.speed
    server.broadcast({"Event": "Newchannel", "Privilege": "call,all", **fields})
    for state, desc in (("5", "Ringing"), ("6", "Up")):
        await asyncio.sleep(step)
        fields.update(ChannelState=state, ChannelStateDesc=desc)
        server.broadcast({"Event": "Newstate", "Privilege": "call,all", **fields})
    await _report_originate(session, msg, 0.0, is_async, _application_answered(msg, name))
    await asyncio.sleep(_APP_LEG_SECONDS / server.speed)
    if server.pbx.has_channel(name):  # not hung up by Action: Hangup meanwhile
        server.hang_up_call([dict(fields)])


_REJECT_AFTER = 1.0  # PBX seconds the busy phone rings before it rejects (486 Busy Here)


async def _play_rejected(session: AMISession, msg: Message, ext: str, is_async: bool) -> None:
    """A click-to-call to a phone that rejects the ringing leg, in Asterisk 22's bytes (the
    live lab's 102 answering 486): the channel (Uniqueid = the requested ChannelId) is made
    and rings (DialBegin, Newstate Ringing, DialState RINGING), then HangupRequest and
    DialEnd BUSY, ``OriginateResponse`` Failure with Reason 0 (not 5), Hangup cause 17 and
    a BUSY Cdr. Sync: ``Originate failed`` after the events."""
    server = session.server
    name = f"PJSIP/{ext}-{next(_app_legs):08x}"
    uid = msg.get("ChannelId", "") or f"{time.time():.0f}.{next(_app_legs)}"
    caller_name = _caller_id_name(msg.get("CallerID", "")) or f"Operator {ext}"
    fields: Message = {
        "Channel": name,
        "ChannelState": "0",
        "ChannelStateDesc": "Down",
        "CallerIDNum": ext,
        "CallerIDName": f"Operator {ext}",
        "ConnectedLineNum": "<unknown>",
        "ConnectedLineName": "<unknown>",
        "Language": "en",
        "AccountCode": "",
        "Context": "internal",
        "Exten": "s",
        "Priority": "1",
        "Uniqueid": uid,
        "Linkedid": uid,
    }
    call = {"Privilege": "call,all"}
    step = 0.0002 / server.speed
    server.broadcast({"Event": "Newchannel", **call, **fields})
    server.broadcast({"Event": "Newexten", "Privilege": "dialplan,all", **fields,
                      "Extension": "s", "Application": "AppDial2", "AppData": "(Outgoing Line)"})  # fmt: skip
    fields["CallerIDName"] = caller_name
    server.broadcast({"Event": "NewCallerid", **call, **fields,
                      "CID-CallingPres": "0 (Presentation Allowed, Not Screened)"})  # fmt: skip
    fields.update(ConnectedLineNum=ext, ConnectedLineName=caller_name)
    server.broadcast({"Event": "NewConnectedLine", **call, **fields})
    server.broadcast({"Event": "DialBegin", **call, **_dest(fields), "DialString": ext})
    await asyncio.sleep(step)
    fields.update(ChannelState="5", ChannelStateDesc="Ringing")
    server.broadcast({"Event": "Newstate", **call, **fields})
    server.broadcast({"Event": "DialState", **call, **_dest(fields), "DialStatus": "RINGING"})
    await asyncio.sleep(_REJECT_AFTER / server.speed)
    failed = {**_failed(msg, 0), "Uniqueid": uid, "CallerIDNum": ext, "CallerIDName": caller_name}
    if not server.pbx.has_channel(name):  # hung up by Action: Hangup meanwhile
        await _report_originate(session, msg, 0.0, is_async, failed)
        return
    server.broadcast(
        {"Event": "HangupRequest", **call, **fields, "Cause": "17", "TechCause": "486"}
    )
    server.broadcast({"Event": "DialEnd", **call, **_dest(fields), "DialStatus": "BUSY"})
    await _report_originate(session, msg, 0.0, is_async, failed)
    server.broadcast({"Event": "Hangup", **call, **fields, "Cause": "17", "Cause-txt": "User busy",
                      "TechCause": "486"})  # fmt: skip
    cdr: Message = {
        "Event": "Cdr", "Privilege": "cdr,all", "AccountCode": "", "Source": ext,
        "Destination": "s", "DestinationContext": "internal",
        "CallerID": f'"{caller_name}" <{ext}>', "Channel": name, "DestinationChannel": "",
        "LastApplication": "AppDial2", "LastData": "(Outgoing Line)", "StartTime": "",
        "AnswerTime": "", "EndTime": "", "Duration": str(round(_REJECT_AFTER)),
        "BillableSeconds": "0", "Disposition": "BUSY", "AMAFlags": "DOCUMENTATION",
        "UniqueID": uid, "UserField": "", "RecordingFile": "",
    }  # fmt: skip
    _stamp_cdr(cdr)
    server.broadcast(cdr)


def _dest(fields: Message) -> Message:
    """A channel's fields as the ``Dest*`` side of a Dial* event."""
    return {f"Dest{k}": v for k, v in fields.items()}


def _caller_id_name(caller_id: str) -> str:
    """``"CRM: 0501234567" <101>`` -> ``CRM: 0501234567``."""
    match = re.match(r'\s*"([^"]*)"', caller_id)
    return match.group(1) if match else caller_id.split("<")[0].strip()


def _application_answered(msg: Message, name: str | None = None) -> Message:
    """OriginateResponse fields of an application originate the phone answered."""
    return {
        "Response": "Success",
        "Channel": name or msg.get("Channel", "") + "-00000abc",
        "Application": msg.get("Application", ""),
        "Data": msg.get("Data", ""),
        "Reason": "4",
        "Uniqueid": msg.get("ChannelId", "") or "1795369999.1",
        "CallerIDNum": msg.get("Channel", "").rpartition("/")[2],
        "CallerIDName": "<unknown>",
    }


def _failed(msg: Message, reason: int) -> Message:
    """OriginateResponse fields of an originate that failed with ``reason``."""
    return {
        "Response": "Failure",
        "Channel": msg.get("Channel", ""),
        "Context": msg.get("Context", ""),
        "Exten": msg.get("Exten", ""),
        "Reason": str(reason),
        "Uniqueid": "<unknown>",
        "CallerIDNum": "<unknown>",
        "CallerIDName": "<unknown>",
    }


def _play_click_to_call(
    session: AMISession, msg: Message, ext: str, number: str, is_async: bool
) -> None:
    def hook(event: Message) -> bool:
        if event.get("Event") != "OriginateResponse" or is_async:
            return False
        session.respond(msg, "Success", "Originate successfully queued")
        return True

    session.server.play(
        "click-to-call",
        hook=hook,
        ext=ext,
        caller=number,
        action_id=msg.get("ActionID", ""),
        u0=msg.get("ChannelId", ""),
    )
