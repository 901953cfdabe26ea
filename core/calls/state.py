"""Mutable per-call state of the tracker and the outcome rules, kept as data.

``Channel`` and ``Call`` are the tracker's private bookkeeping (slotted, mutated
in place on the hot path); front-ends only ever see :class:`CallSnapshot`.

Sides: the *head* of a call (the first channel of its Linkedid) and everything
that acts on its behalf (its Local partner, phones a Local originate leg dials)
are side A; whatever the head dials is side B. Inbound: A = customer, B =
operators. Click-to-call: A = the operator's originate leg, B = the customer.
Internal: A = the calling extension, B = the called one.
"""

from __future__ import annotations

from collections.abc import Callable

from core.calls.events import CallSnapshot, Direction, Outcome, Parking
from core.calls.recorder import Trail

SIDE_UNKNOWN, SIDE_A, SIDE_B = 0, 1, 2
ACTIVE, ENDED = 1, 2  # per-extension participation state


class Channel:
    """One Asterisk channel of a call (keyed by Uniqueid)."""

    __slots__ = (
        "bridged_at",
        "call",
        "ext",
        "hangup_asked",
        "is_head",
        "is_local",
        "name",
        "partner",
        "seq",
        "side",
        "uniqueid",
        "up",
    )

    def __init__(self, call: Call, uniqueid: str, name: str, ext: str | None, seq: int) -> None:
        self.call = call
        self.uniqueid = uniqueid
        self.name = name
        self.ext = ext  # operator extension (endpoint channels; Local pairs once resolved)
        self.is_local = name.startswith("Local/")
        self.is_head = False
        self.side = SIDE_UNKNOWN
        self.partner: Channel | None = None  # Local ;1 <-> ;2
        self.up = False
        self.seq = seq  # creation order, for the resync sweep
        self.hangup_asked = False  # HangupRequest: its own side hung up (not Asterisk for it)
        self.bridged_at: tuple[str, str] | None = None  # (Context, Exten) when it entered a bridge


class Call:
    """Everything the tracker knows about one Linkedid while it is alive."""

    __slots__ = (
        "abandoned",
        "announced",
        "answered",
        "answered_at",
        "answered_by",
        "call_id",
        "cdr_done",
        "dial_busy",
        "dial_other",
        "dialed",
        "did",
        "direction",
        "elsewhere",
        "ended_at",
        "ext_live",
        "ext_state",
        "forwarded_to",
        "from_ext",
        "handed_at",
        "head",
        "heard_at",
        "last_seen",
        "live",
        "origin_failed",
        "origin_response",
        "origin_up_at",
        "originated",
        "parking",
        "per_ext",
        "queue",
        "quiet",
        "rang",
        "recording",
        "rejected",
        "remote_name",
        "remote_number",
        "resynced",
        "started_at",
        "talked",
        "talked_at",
        "trail",
        "transferred_away",
        "uniqueids",
        "voicemail",
        "voicemail_left",
    )

    def __init__(self, call_id: str, started_at: float) -> None:
        self.call_id = call_id
        self.direction = Direction.INBOUND
        self.remote_number: str | None = None
        self.remote_name: str | None = None
        self.did: str | None = None
        self.queue: str | None = None
        self.recording: str | None = None
        self.from_ext: str | None = None
        self.originated = False
        self.started_at = started_at
        self.answered_at: float | None = None
        self.ended_at: float | None = None
        self.head: Channel | None = None
        self.live = 0  # channels not yet hung up
        self.uniqueids: list[str] = []
        self.ext_live: dict[str, int] = {}
        self.ext_state: dict[str, int] = {}  # participants in order of appearance
        self.rang: list[str] = []
        self.talked: list[str] = []
        self.talked_at: dict[str, float] = {}  # when each extension started talking
        self.answered_by: str | None = None
        self.answered = False  # the remote party was connected
        self.per_ext: dict[str, Outcome] = {}
        self.transferred_away: set[str] = set()
        self.handed_at: dict[str, float] = {}  # when each extension handed the customer on
        self.rejected: set[str] = set()
        self.elsewhere: set[str] = set()  # Hangup cause 26 (answered elsewhere)
        self.dialed = False  # the head dialled side B
        self.dial_busy = 0
        self.dial_other = 0
        self.abandoned = False
        self.origin_up_at: float | None = None
        self.origin_failed = False
        self.origin_response = False
        self.cdr_done = False
        self.trail = Trail()
        self.last_seen = started_at  # time of the last message about this call (idle eviction)
        self.heard_at = started_at  # ... of the last event (not a list item) about it
        self.announced = False  # CallStarted was emitted (deferred for calls a phone places)
        self.quiet = False  # not a call for anyone (a supervisor's ChanSpy leg): no events
        self.resynced = False  # learned from a CoreShowChannels list: waits for its Cdr
        self.parking: Parking | None = None
        self.voicemail: str | None = None
        self.voicemail_left = False
        self.forwarded_to: str | None = None

    @property
    def busy(self) -> bool:
        """Every side-B dial that ended unanswered was rejected busy."""
        return self.dial_busy > 0 and self.dial_other == 0

    def snapshot(self, outcome: Outcome | None = None) -> CallSnapshot:
        return CallSnapshot(
            call_id=self.call_id,
            direction=self.direction,
            remote_number=self.remote_number,
            remote_name=self.remote_name,
            did=self.did,
            queue=self.queue,
            rang=tuple(self.rang),
            answered_by=self.answered_by,
            talked=tuple(self.talked),
            outcome=outcome,
            per_extension=tuple(self.per_ext.items()),
            recording=self.recording,
            from_extension=self.from_ext,
            started_at=self.started_at,
            answered_at=self.answered_at,
            ended_at=self.ended_at,
            originated=self.originated,
            parking=self.parking,
            voicemail=self.voicemail,
            voicemail_left=self.voicemail_left,
            forwarded_to=self.forwarded_to,
        )


def _dialplan_answered(c: Call) -> bool:
    """A call placed into a dialplan application (Originate into Playback, an operator
    dialling voicemail): it never dialled anyone, and its calling side came up."""
    return (
        (c.originated or c.from_ext is not None)
        and not c.dialed
        and c.origin_up_at is not None
        and not c.origin_failed
    )


Rule = tuple[Callable[[Call, str], bool], Outcome]

# What happened to one extension's part of a call; first match wins.
EXTENSION_RULES: tuple[Rule, ...] = (
    # Rule 1: it talked and then handed the customer on (BlindTransfer / AttendedTransfer).
    (lambda c, e: e in c.transferred_away, Outcome.TRANSFERRED_AWAY),
    # Rule 2: it talked with the remote party.
    (lambda c, e: e in c.talked, Outcome.ANSWERED),
    # Rule 3: the calling / originating extension: its call was connected ...
    (lambda c, e: e == c.from_ext and (c.answered or _dialplan_answered(c)), Outcome.ANSWERED),
    # Rule 4: ... or hit a busy remote party.
    (lambda c, e: e == c.from_ext and c.busy, Outcome.BUSY),
    # Rule 5: it rejected the call (DialEnd BUSY, Hangup cause 17/21 while ringing).
    (lambda c, e: e in c.rejected, Outcome.BUSY),
    # Rule 6: another extension answered (or Asterisk said so: Hangup cause 26).
    (
        lambda c, e: e in c.elsewhere or (bool(c.talked) and e != c.from_ext),
        Outcome.ANSWERED_ELSEWHERE,
    ),
)
# Rule 7: otherwise it rang and nobody answered.
EXTENSION_DEFAULT = Outcome.MISSED


# Outcome of the whole call; first match wins.
CALL_RULES: tuple[tuple[Callable[[Call], bool], Outcome], ...] = (
    # Rule 1: the remote party was connected (with an extension or not), or a call placed
    # into a dialplan application came up.
    (lambda c: c.answered or _dialplan_answered(c), Outcome.ANSWERED),
    # Rule 2: the caller left a queue unanswered (QueueCallerAbandon).
    (lambda c: c.abandoned, Outcome.ABANDONED),
    # Rule 3: click-to-call that never reached the remote party (originate failed,
    # operator leg busy or not answering).
    (lambda c: c.originated and (c.origin_failed or c.origin_up_at is None), Outcome.FAILED),
    # Rule 4: every dialled party rejected it.
    (lambda c: c.busy, Outcome.BUSY),
)
# Rule 5: nobody answered (inbound: missed; outbound: the remote did not answer).
CALL_DEFAULT = Outcome.MISSED


def extension_outcome(call: Call, ext: str) -> Outcome:
    for test, outcome in EXTENSION_RULES:
        if test(call, ext):
            return outcome
    return EXTENSION_DEFAULT


def call_outcome(call: Call) -> Outcome:
    for test, outcome in CALL_RULES:
        if test(call):
            return outcome
    return CALL_DEFAULT
