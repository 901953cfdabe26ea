"""Shared helpers for the core/calls tests: transcripts, replays and hand-built AMI events."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from core.ami.codec import AMIFramer
from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallEvent,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    CallTransferred,
)
from core.calls.tracker import CallTracker
from tests.paths import SHARED, TRANSCRIPTS

FREEPBX = SHARED / "ami-transcripts-freepbx"
SCENARIOS = sorted(p.stem for p in TRANSCRIPTS.glob("[01][0-9]-*.ami"))
FREEPBX_SCENARIOS = sorted(p.stem for p in FREEPBX.glob("F[0-9]-*.ami"))


def _folder(name: str):  # type: ignore[no-untyped-def]
    return FREEPBX if name.startswith("F") else TRANSCRIPTS


def fixed_clock() -> float:
    return 1_000.0


def transcript_bytes(name: str) -> bytes:
    return (_folder(name) / f"{name}.ami").read_bytes()


def transcript_messages(name: str) -> list[dict[str, str]]:
    return AMIFramer().feed(transcript_bytes(name))


def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_folder(name) / "expected" / f"{name}.json").read_text())
    return data


def feed(tracker: CallTracker, msgs: Iterable[dict[str, str]]) -> list[CallEvent]:
    out: list[CallEvent] = []
    for msg in msgs:
        out += tracker.handle(msg)
    return out


def describe(event: CallEvent) -> tuple[str, str | None, str | None]:
    """A compact, comparable form of one event: (kind, extension, detail)."""
    if isinstance(event, CallRinging):
        return ("ringing", event.extension, None)
    if isinstance(event, CallAnswered):
        return ("answered", event.extension, event.by)
    if isinstance(event, CallTransferred):
        return ("transferred", event.extension, event.to)
    if isinstance(event, CallEnded):
        return ("ended", event.extension, str(event.outcome))
    if isinstance(event, CallStarted):
        return ("started", None, event.call.call_id)
    if isinstance(event, CallFinished):
        return ("finished", None, str(event.call.outcome))
    raise AssertionError(f"unknown event {event!r}")


def per_extension_sequence(events: Iterable[CallEvent]) -> list[tuple[str, str | None, str | None]]:
    return [describe(e) for e in events if e.extension is not None]


# ---------------------------------------------------------------- hand-built AMI events

_CHANNEL_STATES = {"0": "Down", "4": "Ring", "5": "Ringing", "6": "Up"}


def channel_fields(
    name: str,
    uid: str,
    linkedid: str,
    state: str = "4",
    *,
    num: str = "",
    cid_name: str = "",
    exten: str = "s",
    context: str = "internal",
    prefix: str = "",
) -> dict[str, str]:
    fields = {
        "Channel": name,
        "ChannelState": state,
        "ChannelStateDesc": _CHANNEL_STATES.get(state, "Unknown"),
        "CallerIDNum": num or "<unknown>",
        "CallerIDName": cid_name or "<unknown>",
        "ConnectedLineNum": "<unknown>",
        "ConnectedLineName": "<unknown>",
        "Context": context,
        "Exten": exten,
        "Priority": "1",
        "Uniqueid": uid,
        "Linkedid": linkedid,
    }
    return {prefix + key: value for key, value in fields.items()}


def event(name: str, *parts: dict[str, str], **headers: str) -> dict[str, str]:
    msg = {"Event": name, "Privilege": "call,all"}
    for part in parts:
        msg.update(part)
    msg.update(headers)
    return msg


CUSTOMER = {"num": "0501234567", "cid_name": "Customer", "context": "from-trunk"}


class Chan:
    """A channel of a hand-built flow; produces the events Asterisk would send for it."""

    def __init__(self, name: str, uid: str, linkedid: str, **fields: str) -> None:
        self.name, self.uid, self.linkedid, self.fields = name, uid, linkedid, fields

    def f(self, state: str = "4", prefix: str = "") -> dict[str, str]:
        return channel_fields(
            self.name, self.uid, self.linkedid, state, prefix=prefix, **self.fields
        )

    def new(self, state: str = "0", **extra: str) -> dict[str, str]:
        return event("Newchannel", self.f(state), **extra)

    def state(self, state: str) -> dict[str, str]:
        return event("Newstate", self.f(state))

    def hangup(self, cause: str = "16") -> dict[str, str]:
        return event("Hangup", self.f("6"), Cause=cause)


def dial_begin(caller: Chan | None, dest: Chan) -> dict[str, str]:
    parts = [dest.f("0", "Dest")] + ([caller.f("4")] if caller else [])
    return event("DialBegin", *parts, DialString=dest.name)


def dial_end(caller: Chan | None, dest: Chan, status: str) -> dict[str, str]:
    parts = [dest.f("6", "Dest")] + ([caller.f("4")] if caller else [])
    return event("DialEnd", *parts, DialStatus=status)


def finished(events: list[CallEvent], call_id: str) -> CallSnapshot:
    done = [e.call for e in events if isinstance(e, CallFinished) and e.call.call_id == call_id]
    assert len(done) == 1, [describe(e) for e in events]
    return done[0]
