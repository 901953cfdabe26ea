"""Hand-built AMI flows the transcripts do not cover: internal calls, calls dialled from the
phone, queue abandon, queue members and ring groups behind Local channels."""

from __future__ import annotations

from core.calls.tracker import CallTracker
from tests.fakes.calls import (
    CUSTOMER,
    Chan,
    describe,
    dial_begin,
    dial_end,
    event,
    feed,
    finished,
    fixed_clock,
    per_extension_sequence,
)


def test_internal_call_101_to_102() -> None:
    caller = Chan(
        "PJSIP/101-00000001", "9.1", "9.1", num="101", cid_name="Operator 101", exten="102"
    )
    callee = Chan("PJSIP/102-00000002", "9.2", "9.1", num="102")
    events = feed(
        CallTracker(fixed_clock),
        [
            caller.new("4"),
            callee.new(),
            dial_begin(caller, callee),
            callee.state("5"),
            callee.state("6"),
            dial_end(caller, callee, "ANSWER"),
            callee.hangup(),
            caller.hangup(),
        ],
    )
    assert per_extension_sequence(events) == [
        ("ringing", "102", None),
        ("answered", "101", "102"),
        ("answered", "102", "102"),
        ("ended", "102", "answered"),
        ("ended", "101", "answered"),
    ]
    snap = finished(events, "9.1")
    assert (str(snap.direction), snap.from_extension, snap.remote_number, snap.remote_name) == (
        "internal",
        "101",
        "101",
        "Operator 101",
    )
    assert (snap.rang, snap.talked, snap.answered_by, str(snap.outcome)) == (
        ("102",),
        ("102",),
        "102",
        "answered",
    )


def test_operator_dialling_the_trunk_from_the_phone_is_outbound() -> None:
    caller = Chan("PJSIP/101-00000001", "8.1", "8.1", num="101", exten="0501234567")
    trunk = Chan("PJSIP/trunk-00000002", "8.2", "8.1", num="0501234567")
    events = feed(
        CallTracker(fixed_clock),
        [
            caller.new("4"),
            trunk.new(),
            dial_begin(caller, trunk),
            trunk.state("5"),
            dial_end(caller, trunk, "BUSY"),
            trunk.hangup("17"),
            caller.hangup(),
        ],
    )
    snap = finished(events, "8.1")
    assert (str(snap.direction), snap.remote_number, snap.from_extension) == (
        "outbound",
        "0501234567",
        "101",
    )
    assert str(snap.outcome) == "busy"
    assert dict(snap.per_extension) == {"101": "busy"}
    assert snap.rang == ()


def test_queue_caller_abandons() -> None:
    trunk = Chan("PJSIP/trunk-00000001", "7.1", "7.1", exten="0443334100", **CUSTOMER)
    agent = Chan("PJSIP/101-00000002", "7.2", "7.1", num="101")
    queue_fields = {"Queue": "support", "Position": "1", "Count": "1"}
    events = feed(
        CallTracker(fixed_clock),
        [
            trunk.new("4"),
            event("QueueCallerJoin", trunk.f(), **queue_fields),
            agent.new(),
            event(
                "AgentCalled",
                trunk.f(),
                agent.f("0", "Dest"),
                Queue="support",
                Interface="PJSIP/101",
                MemberName="Operator 101",
            ),
            dial_begin(trunk, agent),
            agent.state("5"),
            dial_end(trunk, agent, "CANCEL"),
            agent.hangup("127"),
            event(
                "QueueCallerAbandon",
                trunk.f(),
                Queue="support",
                Position="1",
                OriginalPosition="1",
                HoldTime="9",
            ),
            trunk.hangup("127"),
        ],
    )
    assert per_extension_sequence(events) == [("ringing", "101", None), ("ended", "101", "missed")]
    snap = finished(events, "7.1")
    assert (str(snap.outcome), snap.queue, snap.did) == ("abandoned", "support", "0443334100")


def test_queue_member_via_local_channel_resolves_to_its_extension() -> None:
    trunk = Chan("PJSIP/trunk-00000001", "6.1", "6.1", exten="0443334100", **CUSTOMER)
    one = Chan("Local/101@from-queue-00000001;1", "6.2", "6.1", exten="101")
    two = Chan("Local/101@from-queue-00000001;2", "6.3", "6.1", exten="101")
    phone = Chan("PJSIP/101-00000003", "6.4", "6.1", num="101")
    events = feed(
        CallTracker(fixed_clock),
        [
            trunk.new("4"),
            one.new(),
            two.new("4"),
            event("LocalBridge", LocalOneChannel=one.name, LocalTwoChannel=two.name),
            dial_begin(trunk, one),
            phone.new(),
            dial_begin(two, phone),
            phone.state("5"),
            phone.state("6"),
            dial_end(two, phone, "ANSWER"),
            two.state("6"),
            one.state("6"),
            dial_end(trunk, one, "ANSWER"),
            event("AgentConnect", trunk.f(), one.f("6", "Dest"), Queue="support", HoldTime="2"),
            one.hangup(),
            two.hangup(),
            trunk.hangup(),
            phone.hangup(),
        ],
    )
    assert per_extension_sequence(events) == [
        ("ringing", "101", None),
        ("answered", "101", "101"),
        ("ended", "101", "answered"),
    ]
    snap = finished(events, "6.1")
    assert (snap.rang, snap.talked, str(snap.outcome)) == (("101",), ("101",), "answered")


def test_ring_group_through_one_local_pair() -> None:
    trunk = Chan("PJSIP/trunk-00000001", "5.1", "5.1", exten="0443334000", **CUSTOMER)
    one = Chan("Local/600@ringgroups-00000001;1", "5.2", "5.1", exten="600")
    two = Chan("Local/600@ringgroups-00000001;2", "5.3", "5.1", exten="600")
    a = Chan("PJSIP/101-00000002", "5.4", "5.1", num="101")
    b = Chan("PJSIP/102-00000003", "5.5", "5.1", num="102")
    events = feed(
        CallTracker(fixed_clock),
        [
            trunk.new("4"),
            one.new(),
            two.new("4"),
            dial_begin(trunk, one),
            a.new(),
            b.new(),
            dial_begin(two, a),
            dial_begin(two, b),
            dial_end(two, b, "ANSWER"),
            dial_end(two, a, "CANCEL"),
            a.hangup("26"),
            dial_end(trunk, one, "ANSWER"),
            trunk.hangup(),
            one.hangup(),
            two.hangup(),
            b.hangup(),
        ],
    )
    snap = finished(events, "5.1")
    assert (snap.rang, snap.answered_by, snap.talked) == (("101", "102"), "102", ("102",))
    assert dict(snap.per_extension) == {"101": "answered-elsewhere", "102": "answered"}


def test_operator_checking_voicemail_is_an_answered_internal_call() -> None:
    caller = Chan("PJSIP/101-00000001", "4.1", "4.1", num="101", exten="*97")
    events = feed(CallTracker(fixed_clock), [caller.new("4"), caller.state("6"), caller.hangup()])
    assert per_extension_sequence(events) == [("ended", "101", "answered")]
    snap = finished(events, "4.1")
    assert (str(snap.direction), str(snap.outcome), snap.remote_number) == (
        "internal",
        "answered",
        "101",
    )


def test_short_number_dialled_to_the_trunk_becomes_outbound() -> None:
    caller = Chan("PJSIP/101-00000001", "3.1", "3.1", num="101", exten="112")
    trunk = Chan("PJSIP/trunk-00000002", "3.2", "3.1", num="112")
    tracker = CallTracker(fixed_clock)
    # a call a phone places shows once it dials: 112 could be an extension ...
    assert tracker.handle(caller.new("4")) == []
    events = feed(tracker, [trunk.new(), dial_begin(caller, trunk), trunk.state("6")])
    started = events[0]
    assert describe(started)[0] == "started"
    assert str(started.call.direction) == "outbound"  # ... until it goes out the trunk
    assert started.call.remote_number == "112"
    assert str(events[-1].call.direction) == "outbound"
    assert events[-1].call.remote_number == "112"
    assert per_extension_sequence(events) == [("answered", "101", "101")]


def test_call_a_phone_places_into_an_application_still_starts_and_finishes() -> None:
    # 101 dials *97 (its voicemail box): no Dial at all, the call is announced when it ends
    phone = Chan("PJSIP/101-00000001", "5.1", "5.1", num="101", exten="*97")
    events = feed(CallTracker(fixed_clock), [phone.new("4"), phone.state("6"), phone.hangup()])
    assert [describe(e) for e in events] == [
        ("started", None, "5.1"),
        ("ended", "101", "answered"),
        ("finished", None, "answered"),
    ]


def test_idle_eviction_of_a_call_a_phone_placed_is_balanced() -> None:
    now = [1_000.0]
    tracker = CallTracker(lambda: now[0], idle_timeout=60.0)
    phone = Chan("PJSIP/101-00000001", "5.1", "5.1", num="101", exten="*97")
    assert tracker.handle(phone.new("4")) == []
    now[0] += 120.0
    assert [describe(e)[0] for e in tracker.tick()] == ["started", "ended", "finished"]
