"""Scenario templates (generated from the real transcripts): loading and rendering.

A :class:`Scenario` is a list of ``(seconds, message-template)`` pairs loaded
from ``core/sim/scenarios/<name>.json``. :meth:`Scenario.render` fills the
placeholders with fresh Uniqueids, channel sequence numbers and bridge ids from
an :class:`IdAllocator` plus the call's parameters (caller, DID, extensions),
so every run looks like a new call on the same PBX.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.ami.codec import Message

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"
SCENARIO_NAMES = (
    "inbound-answered",
    "inbound-missed",
    "inbound-busy",
    "queue-answered",
    "blind-transfer",
    "click-to-call",
    "fpbx-queue-local-members",
    "fpbx-ringgroup",
    "fpbx-pickup",
    "fpbx-park",
    "fpbx-voicemail",
    "fpbx-dial-out",
)
_PLACEHOLDER = re.compile(r"⟦(\w+)⟧")


class IdAllocator:
    """Asterisk-style identifiers: ``<epoch>.<seq>`` uniqueids, 8-hex channel numbers."""

    def __init__(self, epoch: int | None = None) -> None:
        self.epoch = int(time.time()) if epoch is None else epoch
        self._uid = 0
        self._chan = 0

    def uniqueid(self) -> str:
        self._uid += 1
        return f"{self.epoch}.{self._uid}"

    def channel_seq(self) -> str:
        self._chan += 1
        return f"{self._chan:08x}"


class _Values(dict[str, str]):
    """Placeholder values; ``u*``/``c*``/``b*`` are allocated on first use."""

    def __init__(self, ids: IdAllocator, params: Mapping[str, str]) -> None:
        super().__init__(params)
        self._ids = ids

    def __missing__(self, key: str) -> str:
        kind = key[0]
        if kind == "u":
            value = self._ids.uniqueid()
        elif kind == "c":
            value = self._ids.channel_seq()
        elif kind == "b":
            value = str(uuid.uuid4())
        else:
            value = ""
        self[key] = value
        return value


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    defaults: Mapping[str, str]
    events: tuple[tuple[float, Message], ...]
    # the same events as ``str.format_map`` templates: (key, value, has_placeholders)
    compiled: tuple[tuple[float, tuple[tuple[str, str, bool], ...]], ...] = ()

    @property
    def duration(self) -> float:
        return self.events[-1][0] if self.events else 0.0

    def render(
        self, ids: IdAllocator, params: Mapping[str, str] | None = None
    ) -> tuple[dict[str, str], Iterator[tuple[float, Message]]]:
        """Return the placeholder values and a lazy iterator of concrete messages."""
        values = _Values(ids, {**self.defaults, **{k: v for k, v in (params or {}).items() if v}})
        if "ext2" not in values:
            values["ext2"] = values.get("ext", "")

        def messages() -> Iterator[tuple[float, Message]]:
            for t, fields in self.compiled:
                msg: Message = {}
                for key, value, templated in fields:
                    msg[key] = value.format_map(values) if templated else value
                if msg.get("ActionID") == "":
                    del msg["ActionID"]
                yield t, msg

        # touch u0 so the call id is known before the first event is sent
        values["u0"]
        return values, messages()


@cache
def load(name: str) -> Scenario:
    """Load one scenario template by name (``KeyError`` for an unknown name)."""
    if name not in SCENARIO_NAMES:
        raise KeyError(f"unknown scenario {name!r}; known: {', '.join(SCENARIO_NAMES)}")
    data = json.loads((SCENARIO_DIR / f"{name}.json").read_text("utf-8"))
    events = tuple((float(t), dict(msg)) for t, msg in data["events"])
    compiled = tuple((t, tuple(_compile(k, v) for k, v in msg.items())) for t, msg in events)
    return Scenario(name=name, defaults=dict(data["defaults"]), events=events, compiled=compiled)


def _compile(key: str, value: str) -> tuple[str, str, bool]:
    """``⟦u0⟧.wav`` -> ``{u0}.wav`` (literal braces doubled) for a C-speed ``format_map``."""
    if "⟦" not in value:
        return key, value, False
    escaped = value.replace("{", "{{").replace("}", "}}")
    return key, _PLACEHOLDER.sub(lambda m: "{" + m.group(1) + "}", escaped), True
