"""Server-side AMI action handlers of the simulator (one function per action).

Answers are shaped like Asterisk 22's: same ``Message:`` texts, header order
and list framing as in ../shared/ami-transcripts. Permission checks use the
same action -> class table the client's errors name (:mod:`core.ami.errors`).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.ami.codec import Message
from core.sim import flows, transfers
from core.sim.pbx import event_classes

if TYPE_CHECKING:
    from core.sim.session import AMISession

Handler = Callable[["AMISession", Message], None]
_ALL_CLASSES = frozenset(
    "system call log verbose command agent user config dtmf reporting cdr dialplan originate "
    "agi cc aoc test security message".split()
)


def handle(session: AMISession, msg: Message) -> None:
    """Dispatch one received action."""
    action = msg.get("Action", "").strip().lower()
    if not action:
        session.respond(msg, "Error", "Missing action in request")
        return
    if not session.authenticated and action not in ("login", "challenge", "logoff"):
        session.respond(msg, "Error", "Permission denied")
        return
    if not session.may_write(action):
        session.respond(msg, "Error", "Permission denied")
        return
    handler = HANDLERS.get(action)
    if handler is None:
        session.respond(
            msg,
            "Error",
            f"Invalid/unknown command: {msg.get('Action')}. Use Action: ListCommands to show available commands.",
        )
        return
    handler(session, msg)


def _login(session: AMISession, msg: Message) -> None:
    server = session.server
    user = server.users.get(msg.get("Username", ""))
    ok = False
    if user is not None:
        if msg.get("AuthType", "").lower() == "md5":
            if session.challenge:
                expected = hashlib.md5((session.challenge + user.secret).encode()).hexdigest()
                ok = secrets.compare_digest(expected, msg.get("Key", ""))
        else:
            ok = secrets.compare_digest(user.secret.encode(), msg.get("Secret", "").encode())
    if not ok:
        session.respond(msg, "Error", "Authentication failed")
        session.close()
        return
    assert user is not None
    session.user, session.username = user, msg["Username"]
    session.event_mask = _mask(msg.get("Events", "on"))
    session.respond(msg, "Success", "Authentication accepted")
    _send_if_readable(
        session,
        {
            "Event": "FullyBooted",
            "Privilege": "system,all",
            "Uptime": str(server.uptime()),
            "LastReload": str(server.uptime()),
            "Status": "Fully Booted",
        },
    )
    _send_if_readable(session, _successful_auth(session))
    server.on_login(session)


def _successful_auth(session: AMISession) -> Message:
    now = time.time()
    stamp = (
        time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}+0000"
    )
    local = remote = ("127.0.0.1", 0)
    if session.transport is not None:
        local = session.transport.get_extra_info("sockname") or local
        remote = session.transport.get_extra_info("peername") or remote
    return {
        "Event": "SuccessfulAuth",
        "Privilege": "security,all",
        "EventTV": stamp,
        "Severity": "Informational",
        "Service": "AMI",
        "EventVersion": "1",
        "AccountID": session.username,
        "SessionID": f"0x{id(session):x}",
        "LocalAddress": f"IPV4/TCP/{local[0]}/{local[1]}",
        "RemoteAddress": f"IPV4/TCP/{remote[0]}/{remote[1]}",
        "UsingPassword": "0",
        "SessionTV": stamp,
    }


def _mask(value: str) -> frozenset[str] | None:
    value = value.strip().lower()
    if value in ("off", "no", "false", "0", "none"):
        return None
    if value in ("on", "yes", "true", "1", ""):
        return frozenset({"all"})
    return frozenset(c.strip() for c in value.split(",")) & (_ALL_CLASSES | {"all"})


def _send_if_readable(session: AMISession, event: Message) -> None:
    if session.may_read(event_classes(event)):
        session.send(event)


def _challenge(session: AMISession, msg: Message) -> None:
    if msg.get("AuthType", "").lower() != "md5":
        session.respond(msg, "Error", "Must specify AuthType")
        return
    session.challenge = f"{secrets.randbelow(10**9):09d}"
    session.respond(msg, "Success", None, Challenge=session.challenge)


def _logoff(session: AMISession, msg: Message) -> None:
    session.respond(msg, "Goodbye", "Thanks for all the fish.")
    session.close()


def _ping(session: AMISession, msg: Message) -> None:
    session.respond(msg, "Success", None, Ping="Pong", Timestamp=f"{time.time():.6f}")


def _events(session: AMISession, msg: Message) -> None:
    session.event_mask = _mask(msg.get("EventMask", "on"))
    session.respond(msg, "Success", None, Events="Off" if session.event_mask is None else "On")


def _filter(session: AMISession, msg: Message) -> None:
    if msg.get("Operation", "").lower() != "add":
        session.respond(msg, "Error", "Unknown operation")
        return
    text = msg.get("Filter", "")
    keep = not text.startswith("!")
    try:
        pattern = re.compile(text if keep else text[1:], re.DOTALL)  # POSIX: "." spans lines
    except re.error:
        session.respond(msg, "Error", "Filter Not Added")
        return
    session.filters.append((keep, pattern))
    session.respond(msg, "Success", "Filter Added Successfully")


def _setvar(session: AMISession, msg: Message) -> None:
    """``Setvar`` without a channel sets a global variable or a function such as DEVICE_STATE()."""
    if not msg.get("Variable"):
        session.respond(msg, "Error", "No variable specified")
        return
    session.respond(msg, "Success", "Variable Set")


def _core_settings(session: AMISession, msg: Message) -> None:
    session.respond(
        msg,
        "Success",
        None,
        AMIversion="11.0.0",
        AsteriskVersion="22.10.1",
        SystemName="ringside-sim",
        CoreMaxCalls="0",
        CoreMaxLoadAvg="0.000000",
        CoreRunUser="",
        CoreRunGroup="",
        CoreMaxFilehandles="0",
        CoreRealTimeEnabled="No",
        CoreCDRenabled="Yes",
        CoreHTTPenabled="No",
        SoundsSearchCustomDir="No",
    )


def _core_status(session: AMISession, msg: Message) -> None:
    started = time.localtime(time.time() - session.server.uptime())
    session.respond(
        msg,
        "Success",
        None,
        CoreStartupDate=time.strftime("%Y-%m-%d", started),
        CoreStartupTime=time.strftime("%H:%M:%S", started),
        CoreReloadDate=time.strftime("%Y-%m-%d", started),
        CoreReloadTime=time.strftime("%H:%M:%S", started),
        CoreCurrentCalls=str(len(session.server.pbx.core_show_channels())),
        CoreProcessedCalls=str(session.server.processed_calls),
    )


def _core_show_channels(session: AMISession, msg: Message) -> None:
    items = session.server.pbx.core_show_channels()
    session.respond_list(msg, "Channels will follow", items, "CoreShowChannelsComplete")


def _status(session: AMISession, msg: Message) -> None:
    items = session.server.pbx.status()
    session.respond_list(msg, "Channel status will follow", items, "StatusComplete")


def _queue_status(session: AMISession, msg: Message) -> None:
    items = session.server.pbx.queue_status(msg.get("Queue") or None)
    session.respond_list(msg, "Queue status will follow", items, "QueueStatusComplete")


def _queue_pause(session: AMISession, msg: Message) -> None:
    members = session.server.pbx.find_members(msg.get("Interface", ""), msg.get("Queue") or None)
    if not members:
        session.respond(msg, "Error", "Interface not found")
        return
    paused = msg.get("Paused", "").lower() in ("true", "yes", "1", "on")
    for member in members:
        member.paused, member.reason = paused, msg.get("Reason", "") if paused else ""
        session.server.broadcast(
            {
                "Event": "QueueMemberPause",
                "Privilege": "agent,all",
                "Queue": member.queue,
                "MemberName": member.name,
                "Interface": member.interface,
                "StateInterface": member.interface,
                "Membership": "static",
                "Penalty": "0",
                "CallsTaken": str(member.calls_taken),
                "LastCall": "0",
                "LastPause": str(int(time.time())),
                "LoginTime": str(member.login_time),
                "InCall": "0",
                "Status": "1",
                "Paused": "1" if paused else "0",
                "PausedReason": member.reason,
                "Ringinuse": "0",
                "Wrapuptime": "0",
            }
        )
    session.respond(
        msg,
        "Success",
        "Interface paused successfully" if paused else "Interface unpaused successfully",
    )


def _queue_add(session: AMISession, msg: Message) -> None:
    from core.sim.pbx import QueueMember

    queue, interface = msg.get("Queue", ""), msg.get("Interface", "")
    if not queue or not interface:
        session.respond(msg, "Error", "'Queue' and 'Interface' not set.")
        return
    pbx = session.server.pbx
    if pbx.find_members(interface, queue):
        session.respond(msg, "Error", "Unable to add interface: Already there")
        return
    name = msg.get("MemberName") or interface
    pbx.members.append(
        QueueMember(queue, interface, name, paused=msg.get("Paused", "") in ("1", "true"))
    )
    session.respond(msg, "Success", "Added interface to queue")


def _queue_remove(session: AMISession, msg: Message) -> None:
    pbx = session.server.pbx
    found = pbx.find_members(msg.get("Interface", ""), msg.get("Queue", ""))
    if not found:
        session.respond(msg, "Error", "Unable to remove interface: Not there")
        return
    pbx.members = [m for m in pbx.members if m not in found]
    session.respond(msg, "Success", "Removed interface from queue")


def _channel_action(ok_message: str) -> Handler:
    def handler(session: AMISession, msg: Message) -> None:
        channel = msg.get("Channel", "")
        if not channel:
            session.respond(msg, "Error", "No channel specified")
        elif not session.server.pbx.has_channel(channel):
            session.respond(msg, "Error", "No such channel")
        else:
            session.respond(msg, "Success", ok_message)

    return handler


def _hangup(session: AMISession, msg: Message) -> None:
    """Hang up the whole call the channel belongs to (stops its scenario)."""
    channel = msg.get("Channel", "")
    channels = session.server.pbx.call_channels(channel)
    if not channel:
        session.respond(msg, "Error", "No channel specified")
        return
    if not channels:
        session.respond(msg, "Error", "No such channel")
        return
    session.respond(msg, "Success", "Channel Hungup")
    session.server.hang_up_call(channels)


def _db(session: AMISession, msg: Message) -> None:
    action = msg.get("Action", "").lower()
    key = (msg.get("Family", ""), msg.get("Key", ""))
    astdb = session.server.pbx.astdb
    if not all(key):
        session.respond(msg, "Error", "No family specified" if not key[0] else "No key specified")
    elif action == "dbput":
        astdb[key] = msg.get("Val", "")
        session.respond(msg, "Success", "Updated database successfully")
    elif key in astdb:
        del astdb[key]
        session.respond(msg, "Success", "Key deleted successfully")
    else:
        session.respond(msg, "Error", "Database entry not found")


def _command(session: AMISession, msg: Message) -> None:
    output = "Asterisk 22.10.1 (Ringside PBX simulator)"
    if "channels" in msg.get("Command", ""):
        output = f"{len(session.server.pbx.core_show_channels())} active channels"
    session.respond(msg, "Success", "Command output follows", Output=output)


HANDLERS: dict[str, Handler] = {
    "login": _login,
    "challenge": _challenge,
    "logoff": _logoff,
    "ping": _ping,
    "events": _events,
    "filter": _filter,
    "coresettings": _core_settings,
    "corestatus": _core_status,
    "coreshowchannels": _core_show_channels,
    "status": _status,
    "queuestatus": _queue_status,
    "queuepause": _queue_pause,
    "queueadd": _queue_add,
    "queueremove": _queue_remove,
    "originate": flows.originate,
    "hangup": _hangup,
    "redirect": transfers.redirect,
    "blindtransfer": transfers.blind_transfer,
    "atxfer": _channel_action("Atxfer successfully queued"),
    "setvar": _setvar,
    "dbput": _db,
    "dbdel": _db,
    "command": _command,
}
