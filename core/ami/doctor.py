"""``doctor``: check an AMI account the way Ringside will use it, and say how to fix it.

:func:`run_doctor` tries each feature's action for real (harmlessly: the
Originate probe targets an extension that cannot exist, so Asterisk rejects it
before creating any channel) and returns typed :class:`CheckResult` rows plus
the least-privilege ``manager.conf`` stanza. The CLI prints them; the desktop's
"Test connection" button shows them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from core.ami import actions
from core.ami.codec import Message
from core.ami.connection import AMIConnection, OpenTransport, open_transport
from core.ami.errors import AMIError, AuthenticationFailed, HostUnreachable, PermissionDenied

PROBE_EXTEN = "ringside-doctor-no-such-exten"
EVENT_FILTER = (
    "Newchannel|Newstate|Hangup|Dial.*|Bridge.*|Queue.*|Agent.*|BlindTransfer|"
    "AttendedTransfer|OriginateResponse|Cdr|MixMonitorStart"
)


class CheckStatus(StrEnum):
    PASS = "PASS"
    WARN = "WARN"
    FAIL = "FAIL"
    SKIP = "SKIP"


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    status: CheckStatus
    detail: str
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class DoctorReport:
    checks: tuple[CheckResult, ...]
    stanza: str

    @property
    def ok(self) -> bool:
        return all(c.status is not CheckStatus.FAIL for c in self.checks)


def manager_conf_stanza(username: str = "ringside", permit: str = "192.168.0.0/255.255.0.0") -> str:
    """The least-privilege manager.conf user Ringside needs (paste, then set the secret)."""
    return "\n".join(
        [
            f"[{username}]",
            "secret = <a long random secret>",
            "deny = 0.0.0.0/0.0.0.0",
            f"permit = {permit}   ; the operators' network",
            "read = call,agent",
            "write = originate,agent",
            "; optional: read += cdr,dialplan  -> recording file names (Cdr RecordingFile, VarSet MIXMONITOR_FILENAME)",
            "; optional: write += reporting    -> calls in progress re-learned after a reconnect (CoreShowChannels)",
            f"eventfilter = Event: ({EVENT_FILTER})",
            "eventfilter = Variable: MIXMONITOR_FILENAME",
        ]
    )


Probe = Callable[[AMIConnection], Awaitable[str]]


async def _probe(
    name: str, conn: AMIConnection, probe: Probe, fix: str, *, optional: bool
) -> CheckResult:
    try:
        detail = await probe(conn)
    except PermissionDenied as exc:
        status = CheckStatus.WARN if optional else CheckStatus.FAIL
        return CheckResult(name, status, f"permission denied (needs {exc.missing_class})", fix)
    except AMIError as exc:
        return CheckResult(name, CheckStatus.FAIL, str(exc), fix)
    return CheckResult(name, CheckStatus.PASS, detail)


async def _ping(conn: AMIConnection) -> str:
    await actions.ping(conn)
    return "Ping -> Pong"


async def _version(conn: AMIConnection) -> str:
    settings = await actions.core_settings(conn)
    return f"Asterisk {settings.get('AsteriskVersion', '?')}, AMI {settings.get('AMIversion', '?')}"


async def _queues(conn: AMIConnection) -> str:
    items = await actions.queue_status(conn)
    queues = sorted({i.get("Queue", "") for i in items if i.get("Event") == "QueueParams"})
    return f"{len(queues)} queue(s): {', '.join(queues) or '-'}"


def _originate_probe(context: str) -> Probe:
    async def probe(conn: AMIConnection) -> str:
        fields = {
            "Channel": f"Local/{PROBE_EXTEN}@{context}",
            "Context": context,
            "Exten": PROBE_EXTEN,
            "Priority": "1",
            "Async": "true",
            "Timeout": "1000",
        }
        response = await conn.send_action("Originate", fields, timeout=5.0)
        if response.message == "Extension does not exist.":
            return (
                "Originate allowed (probe into a non-existent extension was rejected, no call made)"
            )
        if response.success:
            return "Originate allowed"
        raise AMIError(f"Originate probe answered: {response.message}")

    return probe


async def _queue_pause(conn: AMIConnection) -> str:
    response = await conn.send_action(
        "QueuePause", {"Interface": "PJSIP/ringside-doctor", "Paused": "false"}
    )
    return "QueuePause allowed" + ("" if response.success else f" ({response.message})")


async def _channels(conn: AMIConnection) -> str:
    return f"{len(await actions.core_show_channels(conn))} live channel(s)"


async def _filter(conn: AMIConnection) -> str:
    await actions.set_filter(conn, f"Event: ({EVENT_FILTER})")
    return "server-side Filter allowed"


async def _call_events(events: list[Message], wait: float) -> CheckResult:
    name = "call events arrive (read=call)"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while loop.time() < deadline:
        if any("call" in e.get("Privilege", "") for e in events):
            break
        await asyncio.sleep(0.05)
    seen = [e for e in events if "call" in e.get("Privilege", "")]
    if seen:
        return CheckResult(
            name, CheckStatus.PASS, f"{len(seen)} call event(s), e.g. {seen[0].get('Event')}"
        )
    return CheckResult(
        name,
        CheckStatus.WARN,
        f"no call event in {wait:g} s (idle PBX, or read= lacks 'call')",
        "make a test call while doctor runs, or add 'call' to read=",
    )


async def run_doctor(
    host: str,
    port: int,
    username: str,
    secret: str,
    *,
    extension: str | None = None,
    context: str = "from-internal",
    test_number: str | None = None,
    tls: bool = False,
    event_wait: float = 3.0,
    login_timeout: float = 10.0,
    transport: OpenTransport = open_transport,
) -> DoctorReport:
    """Run every check; never raises for PBX-side problems (they become FAIL rows)."""
    stanza = manager_conf_stanza(username)
    events: list[Message] = []
    conn = AMIConnection(host, port, username, secret, tls=tls, on_message=events.append,
                         resync=False, open_transport=transport, backoff=(0.5, 0.5),
                         action_timeout=login_timeout)  # fmt: skip
    try:
        await conn.start(fail_fast=True)
    except AMIError as exc:
        return DoctorReport(_login_failure(exc, host, port), stanza)
    checks: list[CheckResult] = []
    try:
        checks += await _feature_checks(conn, host, port, context)
        checks.append(await _call_events(events, event_wait))
        if test_number and extension:
            checks.append(await _test_originate(conn, extension, test_number, context))
    finally:
        await conn.close()
    return DoctorReport(tuple(checks), stanza)


def _login_failure(exc: AMIError, host: str, port: int) -> tuple[CheckResult, ...]:
    if isinstance(exc, HostUnreachable):
        return (CheckResult("TCP reachability", CheckStatus.FAIL, str(exc)),)
    reachable = CheckResult(
        "TCP reachability", CheckStatus.PASS, f"{host}:{port} accepts connections"
    )
    if not isinstance(exc, AuthenticationFailed):
        detail = f"no AMI answer to the login ({exc})"
        fix = "is this the AMI port (5038; 5039 is TLS: use --tls)? is it Asterisk?"
        return reachable, CheckResult("AMI protocol", CheckStatus.FAIL, detail, fix)
    fix = "create the user with the stanza below (then: asterisk -rx 'manager reload')"
    return reachable, CheckResult("login", CheckStatus.FAIL, str(exc), fix)


async def _feature_checks(
    conn: AMIConnection, host: str, port: int, context: str
) -> list[CheckResult]:
    checks = [
        CheckResult(
            "TCP reachability", CheckStatus.PASS, f"{host}:{port}: {conn.banner or 'no banner'}"
        ),
        CheckResult("login", CheckStatus.PASS, f"logged in as {conn.username!r}"),
    ]
    plan: list[tuple[str, Probe, str, bool]] = [
        ("ping", _ping, "check the network between this PC and the PBX", False),
        ("Asterisk version (CoreSettings)", _version, "optional: add 'reporting' to write=", True),
        (
            "queue status (QueueStatus)",
            _queues,
            "QueueStatus needs no class; check the queues module",
            False,
        ),
        (
            "click-to-call (Originate)",
            _originate_probe(context),
            "add 'originate' to write=",
            False,
        ),
        ("queue pause (QueuePause)", _queue_pause, "add 'agent' to write=", True),
        (
            "resync after reconnect (CoreShowChannels)",
            _channels,
            "optional: add 'reporting' to write=",
            True,
        ),
        (
            "server-side Filter",
            _filter,
            "optional: use the eventfilter lines below instead (no 'system' needed)",
            True,
        ),
    ]
    for name, probe, fix, optional in plan:
        checks.append(await _probe(name, conn, probe, fix, optional=optional))
    return checks


async def _test_originate(
    conn: AMIConnection, extension: str, number: str, context: str
) -> CheckResult:
    name = f"test call PJSIP/{extension} -> {number}@{context}"
    try:
        result = await actions.originate_click_to_call(conn, f"PJSIP/{extension}", number, context)
    except AMIError as exc:
        return CheckResult(
            name, CheckStatus.FAIL, str(exc), "check the extension, the context and the number"
        )
    return CheckResult(
        name, CheckStatus.PASS, f"answered on {result.channel} (call id {result.channel_id})"
    )
