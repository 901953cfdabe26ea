"""``doctor``: check an AMI account the way Ringside will use it, and say how to fix it.

:func:`run_doctor` tries each feature's action for real (harmlessly: the
Originate probe targets an extension that cannot exist, so Asterisk rejects it
before creating any channel) and returns typed :class:`CheckResult` rows plus
the least-privilege ``manager.conf`` stanza. The CLI prints them; the desktop's
"Test connection" button shows them.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from core.ami import actions
from core.ami.codec import Message
from core.ami.connection import AMIConnection, OpenTransport, open_transport
from core.ami.errors import AMIError, AuthenticationFailed, HostUnreachable, PermissionDenied
from core.calls.ami_feed import event_filters

PROBE_EXTEN = "ringside-doctor-no-such-exten"
DEFAULT_PERMIT = "192.168.0.0/255.255.0.0"
PASTE_INSTRUCTIONS = (
    "Least-privilege AMI user: paste it into /etc/asterisk/manager.conf\n"
    "(FreePBX rewrites manager.conf: paste into /etc/asterisk/manager_custom.conf instead),\n"
    "set the secret, then run: asterisk -rx 'manager reload'"
)
_BANNER = "Asterisk Call Manager/"


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


def manager_conf_stanza(username: str = "ringside", permit: str = DEFAULT_PERMIT) -> str:
    """The least-privilege manager.conf user Ringside needs (paste, then set the secret).

    Valid on every Asterisk from 1.8 to 22: ``permit``/``deny`` address/mask ACL
    lines and regex ``eventfilter`` lines (whitelist; an event passes if any
    line matches it and the user may read its class).
    """
    return "\n".join(
        [
            f"[{username}]",
            "secret = <a long random secret>",
            "deny = 0.0.0.0/0.0.0.0",
            f"permit = {permit}",
            "; every PC running Ringside must match a permit line (add one per PC or subnet);",
            "; a user allowed only from 127.0.0.1 gets 'Authentication failed' from anywhere else",
            "read = call,agent",
            "write = originate,agent",
            "; optional, replacing the two lines above:",
            ";   read = call,agent,cdr,dialplan    ; + recording file names (Cdr, VarSet)",
            ";   write = originate,agent,reporting ; + calls in progress re-learned on reconnect",
            ";   (add 'system' to write= for FreePBX-style DND: DBPut DND/<ext>)",
            *(f"eventfilter = {pattern}" for pattern in event_filters()),  # what the feed asks
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


async def _dnd(conn: AMIConnection) -> str:
    # DBDel of a key that does not exist changes nothing but needs the same class as DBPut
    response = await conn.send_action("DBDel", {"Family": "Ringside", "Key": "doctor-probe"})
    return "DBPut/DBDel allowed" + ("" if response.success else f" ({response.message})")


async def _channels(conn: AMIConnection) -> str:
    return f"{len(await actions.core_show_channels(conn))} live channel(s)"


async def _filter(conn: AMIConnection) -> str:
    await actions.set_filter(conn, event_filters()[0])  # the feed's own filter
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
        classes = sorted(
            {c.strip() for e in events for c in e.get("Privilege", "").split(",")} - {"", "all"}
        )
        detail = f"{len(seen)} call event(s), e.g. {seen[0].get('Event')}; classes seen: "
        return CheckResult(name, CheckStatus.PASS, detail + ", ".join(classes))
    return CheckResult(
        name,
        CheckStatus.WARN,
        f"no call event in {wait:g} s (idle PBX, or read= lacks 'call')",
        "make a test call while doctor runs, or add 'call' to read=",
    )


class _Wire:
    """Wraps the transport opener to remember what the server said first and our address."""

    def __init__(self, opener: OpenTransport) -> None:
        self.opener = opener
        self.first_bytes = bytearray()
        self.local_ip: str | None = None

    async def __call__(
        self,
        factory: Callable[[], asyncio.Protocol],
        host: str,
        port: int,
        ssl_context: ssl.SSLContext | None,
    ) -> tuple[asyncio.BaseTransport, asyncio.Protocol]:
        def recording_factory() -> asyncio.Protocol:
            proto = factory()
            inner = proto.data_received

            def data_received(data: bytes) -> None:
                if len(self.first_bytes) < 512:
                    self.first_bytes += data[:512]
                inner(data)

            proto.data_received = data_received  # type: ignore[method-assign]
            return proto

        transport, proto = await self.opener(recording_factory, host, port, ssl_context)
        sockname = transport.get_extra_info("sockname")
        if isinstance(sockname, tuple) and sockname:
            self.local_ip = str(sockname[0])
        return transport, proto

    def first_line(self) -> str | None:
        text = bytes(self.first_bytes).decode("utf-8", "replace").strip()
        return text.splitlines()[0][:80] if text else None

    def permit(self) -> str:
        if self.local_ip is None:
            return DEFAULT_PERMIT
        return f"{self.local_ip}/{'255.255.255.255' if '.' in self.local_ip else '128'}"


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
    events: list[Message] = []
    wire = _Wire(transport)
    conn = AMIConnection(host, port, username, secret, tls=tls, on_message=events.append,
                         resync=False, open_transport=wire, backoff=(0.5, 0.5),
                         action_timeout=login_timeout)  # fmt: skip
    try:
        await conn.start(fail_fast=True)
    except AMIError as exc:
        await conn.close()
        failure = _login_failure(exc, host, port, tls=tls, wire=wire)
        return DoctorReport(failure, manager_conf_stanza(username, wire.permit()))
    except BaseException:  # cancelled (Ctrl-C) mid-login: a live runner would block the exit
        await conn.close()
        raise
    checks: list[CheckResult] = []
    try:
        checks += await _feature_checks(conn, host, port, context)
        checks.append(await _call_events(events, event_wait))
        if test_number and extension:
            checks.append(await _test_originate(conn, extension, test_number, context))
    finally:
        await conn.close()
    return DoctorReport(tuple(checks), manager_conf_stanza(username, wire.permit()))


def _login_failure(
    exc: AMIError, host: str, port: int, *, tls: bool, wire: _Wire
) -> tuple[CheckResult, ...]:
    where = f"{host}:{port}"
    if isinstance(exc, HostUnreachable) and tls and _is_tls_problem(str(exc)):
        reachable = CheckResult(
            "TCP reachability", CheckStatus.PASS, f"{where} accepts connections"
        )
        detail = f"TLS handshake with {where} failed ({exc.detail})"
        fix = (
            "this port does not speak TLS (plain AMI is port 5038): drop --tls, or use the TLS "
            "port (tlsenable=yes, tlsbindaddr in manager.conf, usually 5039)"
        )
        if "CERTIFICATE" in exc.detail.upper():
            fix = "the PBX's certificate is not trusted here: install its CA on this PC"
        return reachable, CheckResult("TLS", CheckStatus.FAIL, detail, fix)
    if isinstance(exc, HostUnreachable):
        return (CheckResult("TCP reachability", CheckStatus.FAIL, str(exc)),)
    reachable = CheckResult("TCP reachability", CheckStatus.PASS, f"{where} accepts connections")
    if isinstance(exc, AuthenticationFailed):
        return reachable, CheckResult("login", CheckStatus.FAIL, str(exc), _auth_fix(wire))
    return reachable, _not_ami(exc, where, tls=tls, first_line=wire.first_line())


def _is_tls_problem(text: str) -> bool:
    return any(word in text.upper() for word in ("SSL", "TLS", "CERTIFICATE", "HANDSHAKE"))


def _auth_fix(wire: _Wire) -> str:
    me = wire.local_ip or "this PC"
    return (
        "Asterisk answers 'Authentication failed' when (1) the user is not an AMI user: a FreePBX "
        "web/admin login does not work here, use a [user] from manager.conf (FreePBX: "
        "manager_custom.conf or Settings > Asterisk Manager Users); (2) the secret is wrong; "
        f"(3) the user's deny=/permit=/acl= lines do not allow {me} (permit=127.0.0.1 lets only "
        "the PBX itself in). Fix it (the stanza below), then: asterisk -rx 'manager reload'"
    )


def _not_ami(exc: AMIError, where: str, *, tls: bool, first_line: str | None) -> CheckResult:
    if first_line is not None and first_line.startswith(_BANNER):
        detail = f"{first_line} greeted, then the login got no answer ({exc})"
        fix = "the PBX accepts connections but does not answer: is Asterisk overloaded or hung?"
    elif first_line is not None:
        web = first_line.upper().startswith(("HTTP/", "<!DOCTYPE", "<HTML"))
        kind = " (a web server)" if web else ""
        detail = f"{where} is not AMI{kind}: it answered {first_line!r}"
        fix = "point --port at AMI (port= in manager.conf, usually 5038; TLS 5039 with --tls)"
    else:
        detail = f"{where} accepted the connection but sent no AMI greeting ({exc})"
        fix = "is this the AMI port (port= in manager.conf, usually 5038)?" + (
            "" if tls else " A TLS port (5039) needs --tls."
        )
    return CheckResult("AMI protocol", CheckStatus.FAIL, detail, fix)


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
            "do-not-disturb in AstDB (DBPut DND/<ext>)",
            _dnd,
            "add 'system' to write= for FreePBX-style DND, or set the DND mode to "
            "'device state' in Settings (needs only 'call')",
            True,
        ),
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
