"""An extension's line on the PBX: what rings for it, where it dials from, how its DND works.

A :class:`LineConfig` is what a PBX command needs to know about an extension
beyond its name; a :data:`LineResolver` gives one per extension (the desktop
builds it from the profile, the gateway from its config's ``channel_format``).
:func:`originate_words` says, for a click-to-call on a line that failed, which
leg failed and what to check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.ami.errors import OriginateFailed

__all__ = ["LineConfig", "LineResolver", "channel_for", "line_format", "originate_words"]


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
