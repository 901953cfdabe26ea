"""Typed, immutable call events and call snapshots: what front-ends see of a call.

A *call* is one customer conversation (correlated by Asterisk ``Linkedid``),
however many channels Asterisk makes for it. ``CallSnapshot`` is a frozen view
of it at one moment; events carry the snapshot as it was when they fired.

Per-extension events (``extension`` set) drive an operator's popup; PBX-wide
events (``extension is None``: ``CallStarted``, ``CallFinished``) drive the
gateway, CRM prefetch and supervisors' views.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"


class Outcome(StrEnum):
    """Outcome of a whole call, or of one extension's part of it."""

    ANSWERED = "answered"
    MISSED = "missed"
    BUSY = "busy"
    FAILED = "failed"
    ABANDONED = "abandoned"
    ANSWERED_ELSEWHERE = "answered-elsewhere"
    TRANSFERRED_AWAY = "transferred-away"


@dataclass(frozen=True, slots=True)
class Parking:
    """The call was parked (``ParkedCall``): where, by whom, and what became of it."""

    lot: str | None  # parking lot (``default``)
    space: str  # the slot a colleague dials to retrieve it (``71``)
    by: str | None = None  # the extension that parked it
    retrieved_by: str | None = None  # the extension that picked it up from the slot
    state: str = "parked"  # parked | retrieved | gave-up (caller hung up) | timed-out
    since: float | None = None  # when it was parked (the tracker's clock)


@dataclass(frozen=True, slots=True)
class CallSnapshot:
    """A call as the operator sees it (times are epoch seconds from the tracker's clock)."""

    call_id: str  # Asterisk Linkedid of the customer leg
    direction: Direction
    remote_number: str | None
    remote_name: str | None
    did: str | None = None
    queue: str | None = None
    rang: tuple[str, ...] = ()
    answered_by: str | None = None
    talked: tuple[str, ...] = ()
    outcome: Outcome | None = None  # set once ended
    per_extension: tuple[tuple[str, Outcome], ...] = ()
    recording: str | None = None  # file name (MixMonitor / Cdr RecordingFile)
    from_extension: str | None = None  # internal and click-to-call calls: the calling extension
    started_at: float = 0.0
    answered_at: float | None = None
    ended_at: float | None = None
    originated: bool = False  # placed by AMI Originate (click-to-call)
    parking: Parking | None = None  # set once the call was parked (ParkedCall)
    voicemail: str | None = None  # the mailbox VoiceMail() took the call to (``101@default``)
    voicemail_left: bool = False  # the caller left a message there
    forwarded_to: str | None = None  # the external number a call forward dialled

    @property
    def parked_in(self) -> str | None:
        """The parking space the call waits in right now (None when not parked)."""
        parking = self.parking
        return parking.space if parking is not None and parking.state == "parked" else None

    @property
    def wait_seconds(self) -> float:
        end = self.answered_at if self.answered_at is not None else self.ended_at
        return max(0.0, (end or self.started_at) - self.started_at)

    @property
    def talk_seconds(self) -> float:
        if self.answered_at is None or self.ended_at is None:
            return 0.0
        return max(0.0, self.ended_at - self.answered_at)

    def outcome_for(self, extension: str) -> Outcome | None:
        for ext, outcome in self.per_extension:
            if ext == extension:
                return outcome
        return None


@dataclass(frozen=True, slots=True)
class CallEvent:
    """Base of every call event. ``extension`` is None for PBX-wide events."""

    call: CallSnapshot
    extension: str | None


@dataclass(frozen=True, slots=True)
class CallStarted(CallEvent):
    """PBX-wide: a customer channel appeared (Newchannel). Start the CRM lookup now."""


@dataclass(frozen=True, slots=True)
class CallRinging(CallEvent):
    """``extension``'s phone rings for this call (once per extension per call)."""


@dataclass(frozen=True, slots=True)
class CallAnswered(CallEvent):
    """The call was answered. ``extension`` is told; ``by`` says who answered."""

    by: str | None = None


@dataclass(frozen=True, slots=True)
class CallTransferred(CallEvent):
    """``extension`` handed the customer on to ``to`` (blind or attended transfer)."""

    to: str | None = None


@dataclass(frozen=True, slots=True)
class CallEnded(CallEvent):
    """``extension``'s part of the call ended with ``outcome`` (its own, per-extension)."""

    outcome: Outcome = Outcome.MISSED


@dataclass(frozen=True, slots=True)
class CallFinished(CallEvent):
    """PBX-wide: the whole call is over (all channels hung up); ``call.outcome`` is final."""
