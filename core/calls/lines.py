"""An extension's line on the PBX: what rings for it, where it dials from, how its DND works.

A :class:`LineConfig` is what a PBX command needs to know about an extension
beyond its name; a :data:`LineResolver` gives one per extension (the desktop
builds it from the profile, the gateway from its config's ``channel_format``).
:func:`originate_words` says, for a click-to-call on a line that failed, which
leg failed and what to check -- from what the PBX showed of the phone's channel
(:class:`LegEvidence`: its Hangup cause, its DialEnd status) before the bare
``OriginateResponse`` reason code, which Asterisk 22 sets to 0 for a phone that
rang and rejected the call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.ami.errors import OriginateFailed

__all__ = [
    "LegEvidence",
    "LineConfig",
    "LineResolver",
    "channel_for",
    "line_format",
    "originate_words",
]


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


@dataclass(slots=True)
class LegEvidence:
    """What the PBX showed of the click-to-call's own channel (Uniqueid = its channel id)."""

    created: bool = False  # a Newchannel: the endpoint exists and was called
    cause: str | None = None  # Q.850 cause of HangupRequest / Hangup (non-zero only)
    dial_status: str | None = None  # DialEnd DialStatus (BUSY, NOANSWER, CHANUNAVAIL, ...)
    hung_up: bool = False  # its Hangup arrived: nothing more will come


_BUSY, _REJECTED, _NO_ANSWER, _ABSENT = "busy", "rejected", "noanswer", "absent"
_BY_CAUSE = {"17": _BUSY, "21": _REJECTED, "18": _NO_ANSWER, "19": _NO_ANSWER, "20": _ABSENT}
_BY_STATUS = {"BUSY": _BUSY, "NOANSWER": _NO_ANSWER, "CHANUNAVAIL": _ABSENT}


def _leg_words(leg: LegEvidence, line: LineConfig) -> tuple[str, str] | None:
    """(what happened, what to do) from the channel's own events, or None without evidence."""
    kind = _BY_CAUSE.get(leg.cause or "") or _BY_STATUS.get((leg.dial_status or "").upper())
    if kind == _BUSY:
        return ("the phone is busy (it rejected the call)",
                "hang up the other call, or use another extension")  # fmt: skip
    if kind == _REJECTED:
        return "the phone rejected the call", "answer it on the phone, or check its do-not-disturb"
    if kind == _NO_ANSWER:
        return "nobody answered (ring timeout)", "answer the phone when it rings"
    if kind == _ABSENT:
        return ("the phone is not reachable (not registered)",
                f"is {line.endpoint} registered? (asterisk -rx 'pjsip show endpoints')")  # fmt: skip
    return None


_NO_SUCH = re.compile(r"does not exist", re.IGNORECASE)


def originate_words(
    exc: OriginateFailed, line: LineConfig, number: str, leg: LegEvidence | None = None
) -> str:
    """Which leg of a click-to-call failed and what to check: the channel's own Hangup cause
    or DialEnd status first (``leg``), else the reason code (reason codes are the phone's)."""
    if exc.response is not None and _NO_SUCH.search(exc.response):
        return (
            f"{number} does not exist in context {line.context!r}: check the originate context "
            "(the context your phones dial out from; FreePBX: from-internal)"
        )
    found = _leg_words(leg, line) if leg is not None else None
    if found is not None:
        return f"your phone {line.endpoint} was not connected: {found[0]}; {found[1]}"
    if leg is not None and leg.created and exc.reason_code == 0:
        return (
            f"your phone {line.endpoint} was not connected: its call ended before it was answered"
        )
    hint = {
        0: f"is {line.endpoint} a registered endpoint? (asterisk -rx 'pjsip show endpoints')",
        5: "hang up the other call, or use another extension",
    }.get(exc.reason_code if exc.reason_code is not None else -1, "")
    return f"your phone {line.endpoint} was not connected: {exc.words}" + (
        f"; {hint}" if hint else ""
    )
