"""AMI actions as typed coroutines over an :class:`AMIConnection`.

Each function builds the exact fields Asterisk expects, waits for the whole
answer and turns ``Response: Error`` into a typed error from
:mod:`core.ami.errors`. ``Originate`` always carries ``Async:``; click-to-call
sets ``ChannelId`` so the call's Uniqueid/Linkedid are known before the first
event (transcript 12) and the tracker can be told in advance.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from core.ami.codec import Message
from core.ami.connection import AMIConnection, Response
from core.ami.errors import ActionFailed, OriginateFailed
from core.ami.protocol import FieldValue


@dataclass(frozen=True, slots=True)
class OriginateResult:
    """A click-to-call that the operator's phone answered (Reason 4)."""

    channel_id: str  # Uniqueid == Linkedid of the operator's leg == the call id
    channel: str  # e.g. PJSIP/101-00000013
    endpoint: str
    number: str
    action_id: str


def new_channel_id(prefix: str = "rs") -> str:
    """A unique ``ChannelId`` (Asterisk accepts any string; keep it short and safe)."""
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


async def _checked(
    conn: AMIConnection,
    name: str,
    fields: Mapping[str, FieldValue] | None = None,
    *,
    timeout: float | None = None,  # noqa: ASYNC109
    as_list: bool | None = None,
) -> Response:
    response = await conn.send_action(name, fields, timeout=timeout, as_list=as_list)
    if not response.success:
        raise ActionFailed(name, response.message or "error")
    return response


def _own_number(endpoint: str) -> str:
    """``PJSIP/101`` or ``SIP/101@host`` -> ``101``: the caller's own extension."""
    return endpoint.rpartition("/")[2].split("@")[0]


async def _originate(
    conn: AMIConnection,
    fields: Mapping[str, FieldValue],
    endpoint: str,
    number: str,
    *,
    channel_id: str,
    timeout_ms: int,
) -> OriginateResult:
    """Send an async ``Originate`` and wait for its ``OriginateResponse``; errors in words."""
    response = await conn.send_action("Originate", fields, timeout=timeout_ms / 1000 + 15)
    if not response.success:
        raise OriginateFailed.from_response(response.message)
    final = next((e for e in response.events if e.get("Event") == "OriginateResponse"), None)
    if final is None:
        raise OriginateFailed(None, "the PBX did not report the call's outcome")
    if final.get("Response") != "Success":
        raise OriginateFailed.from_reason(int(final.get("Reason", "0") or 0))
    return OriginateResult(
        channel_id=final.get("Uniqueid") or channel_id,
        channel=final.get("Channel", endpoint),
        endpoint=endpoint,
        number=number,
        action_id=response.get("ActionID"),
    )


async def originate_click_to_call(
    conn: AMIConnection,
    endpoint: str,
    number: str,
    context: str,
    *,
    caller_id_name_prefix: str = "CRM",
    timeout_ms: int = 30000,
    channel_id: str | None = None,
    variables: Mapping[str, str] | None = None,
    on_channel_id: Callable[[str], None] | None = None,
) -> OriginateResult:
    """Ring ``endpoint`` (e.g. ``PJSIP/101``) first; once answered, dial ``number`` in ``context``.

    Raises :class:`OriginateFailed` with the reason in words (busy, no answer,
    no such extension...), ``PermissionDenied`` without the ``originate`` class.
    ``on_channel_id(id)`` runs before the action is sent: the place to call
    ``CallTracker.expect_originate`` so the call is outbound from its first event.
    """
    channel_id = channel_id or new_channel_id()
    if on_channel_id is not None:
        on_channel_id(channel_id)
    # The operator's phone shows the name; the number stays the operator's own
    # extension so the outbound leg never presents the customer's number to the trunk.
    caller_name = f"{caller_id_name_prefix}: {number}" if caller_id_name_prefix else number
    fields: dict[str, FieldValue] = {
        "Channel": endpoint,
        "Context": context,
        "Exten": number,
        "Priority": "1",
        "CallerID": f'"{caller_name}" <{_own_number(endpoint)}>',
        "Timeout": str(timeout_ms),
        "Async": "true",
        "ChannelId": channel_id,
    }
    if variables:
        fields["Variable"] = [f"{k}={v}" for k, v in variables.items()]
    return await _originate(
        conn, fields, endpoint, number, channel_id=channel_id, timeout_ms=timeout_ms
    )


SPY_MODES: dict[str, str] = {
    # ChanSpy options: q = no beep, E = leave when the spied channel hangs up,
    # w = whisper (only the operator hears the supervisor), B = barge (both hear).
    "listen": "qE",
    "whisper": "qwE",
    "barge": "qBE",
}


async def originate_spy(
    conn: AMIConnection,
    supervisor_endpoint: str,
    target_channel: str,
    mode: str = "listen",
    *,
    timeout_ms: int = 30000,
) -> OriginateResult:
    """Ring the supervisor's own phone, then ChanSpy on ``target_channel`` (live listen).

    ``target_channel`` is the operator's channel or device prefix (``PJSIP/101``);
    ``mode`` is listen, whisper or barge. Raises ``OriginateFailed`` in words.
    """
    if mode not in SPY_MODES:
        raise ValueError(f"unknown spy mode {mode!r}: use listen, whisper or barge")
    target = target_channel.strip()
    if not target or "," in target or "|" in target:
        raise ValueError("the channel to listen to must be a channel name such as PJSIP/101")
    channel_id = new_channel_id("spy")
    fields: dict[str, FieldValue] = {
        "Channel": supervisor_endpoint,
        "Application": "ChanSpy",
        "Data": f"{target},{SPY_MODES[mode]}",
        "CallerID": f'"{mode.capitalize()}: {target}" <{_own_number(supervisor_endpoint)}>',
        "Timeout": str(timeout_ms),
        "Async": "true",
        "ChannelId": channel_id,
    }
    return await _originate(
        conn, fields, supervisor_endpoint, target, channel_id=channel_id, timeout_ms=timeout_ms
    )


async def hangup(conn: AMIConnection, channel: str, cause: int = 16) -> Response:
    return await _checked(conn, "Hangup", {"Channel": channel, "Cause": str(cause)})


async def redirect(
    conn: AMIConnection, channel: str, exten: str, context: str, priority: int = 1
) -> Response:
    """Blind transfer: send ``channel`` to ``exten@context``."""
    fields = {"Channel": channel, "Exten": exten, "Context": context, "Priority": str(priority)}
    return await _checked(conn, "Redirect", fields)


async def atxfer(conn: AMIConnection, channel: str, exten: str, context: str) -> Response:
    """Attended transfer: ``channel`` (the operator's leg) consults ``exten`` first."""
    # Asterisk answers "Atxfer successfully queued"; panoramisk reads such answers as async
    # Originates and needs the Async key to tell them apart (Asterisk ignores it here).
    fields = {"Channel": channel, "Exten": exten, "Context": context, "Async": "false"}
    return await _checked(conn, "Atxfer", fields)


async def queue_pause(
    conn: AMIConnection, interface: str, paused: bool, reason: str = "", queue: str | None = None
) -> Response:
    """Pause/unpause ``interface`` in ``queue`` (every queue when None)."""
    fields = {"Interface": interface, "Paused": "true" if paused else "false"}
    if reason:
        fields["Reason"] = reason
    if queue:
        fields["Queue"] = queue
    return await _checked(conn, "QueuePause", fields)


async def core_show_channels(conn: AMIConnection) -> list[Message]:
    """Every live channel (``CoreShowChannel`` items)."""
    return list((await _checked(conn, "CoreShowChannels")).events)


async def queue_status(conn: AMIConnection, queue: str | None = None) -> list[Message]:
    """``QueueParams`` / ``QueueMember`` / ``QueueEntry`` items."""
    fields = {"Queue": queue} if queue else None
    return list((await _checked(conn, "QueueStatus", fields)).events)


async def set_filter(conn: AMIConnection, pattern: str) -> Response:
    """Add a server-side event filter (regex; ``!`` prefix excludes). Needs class ``system``."""
    return await _checked(conn, "Filter", {"Operation": "Add", "Filter": pattern})


async def ping(conn: AMIConnection, *, timeout: float = 5.0) -> Response:  # noqa: ASYNC109
    return await _checked(conn, "Ping", timeout=timeout)


async def core_settings(conn: AMIConnection) -> Message:
    return (await _checked(conn, "CoreSettings")).fields


async def db_put(conn: AMIConnection, family: str, key: str, value: str) -> Response:
    return await _checked(conn, "DBPut", {"Family": family, "Key": key, "Val": value})


async def db_del(conn: AMIConnection, family: str, key: str) -> Response:
    return await _checked(conn, "DBDel", {"Family": family, "Key": key})


async def set_dnd(conn: AMIConnection, extension: str, enabled: bool) -> Response:
    """FreePBX-style DND: AstDB ``DND/<ext>`` = ``YES`` (deleted to clear)."""
    if enabled:
        return await db_put(conn, "DND", extension, "YES")
    return await db_del(conn, "DND", extension)
