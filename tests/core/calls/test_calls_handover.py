"""Flows with no capture of their own, composed from captured event shapes.

Every message here is built by ``tests/fakes/calls.py`` with the header set of the public
captures (Newchannel/Newstate/DialBegin/DialEnd/Hangup as Asterisk 22.10.1 sends
them, transcripts 03-07 and F1/F3/F9); the field values that make each flow
(Local pairs of FreePBX's follow-me, the trunk DialString of F9, the order of
HangupRequest/Hangup of transcript 03) are taken from those captures. Composed,
not captured: call forward through a FreePBX follow-me Local leg, call waiting
with a hand-over between the two calls, controls for the Redirect rule, and the
hangup causes that are the only evidence of an outcome. The real captures of a
Redirect, call waiting and a forward are in ``captures/`` (test_calls_captures.py).
"""

from __future__ import annotations

from core.calls.events import CallEvent, CallFinished, CallStarted, Outcome
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


def _customer(n: int = 1) -> Chan:
    return Chan(f"PJSIP/trunk-0000000{n}", f"{n}.1", f"{n}.1", exten="0443334000", **CUSTOMER)


def hangup_request(ch: Chan) -> dict[str, str]:
    """The channel's own side hung up (its phone or the carrier sent BYE): transcript 03."""
    return event("HangupRequest", ch.f("6"), Cause="16")


# ---------------------------------------------------------------- call forward


def _forwarded(answer: bool) -> list[dict[str, str]]:
    """101 rings 2 s, no answer; FreePBX follow-me dials Local/0509998877@from-internal,
    whose ;2 dials the trunk (DialString as in F9): a second trunk channel, same Linkedid."""
    cust = _customer()
    phone = Chan("PJSIP/101-00000002", "1.2", "1.1", num="101")
    one = Chan("Local/0509998877@from-internal-00000003;1", "1.3", "1.1", exten="0509998877")
    two = Chan("Local/0509998877@from-internal-00000003;2", "1.4", "1.1", exten="0509998877")
    out = Chan("PJSIP/trunk-00000005", "1.5", "1.1", num="0509998877", context="from-trunk")
    msgs = [
        cust.new("4"),
        phone.new(),
        dial_begin(cust, phone),
        phone.state("5"),
        dial_end(cust, phone, "NOANSWER"),
        phone.hangup("0"),
        one.new("0"),
        two.new("4"),
        dial_begin(cust, one),
        out.new(),
        event(
            "DialBegin",
            out.f("0", "Dest"),
            two.f("4"),
            DialString="0509998877@trunk",
        ),
        out.state("5"),
    ]
    if answer:
        msgs += [
            out.state("6"),
            dial_end(two, out, "ANSWER"),
            two.state("6"),
            one.state("6"),
            dial_end(cust, one, "ANSWER"),
            cust.state("6"),
            hangup_request(cust),
            cust.hangup(),
            one.hangup(),
            two.hangup(),
            out.hangup(),
        ]
    else:
        msgs += [dial_end(two, out, "NOANSWER"), out.hangup("19"), two.hangup(), one.hangup()]
        msgs += [dial_end(cust, one, "NOANSWER"), cust.hangup()]
    return msgs


def test_call_forward_is_an_outgoing_leg_of_the_same_call() -> None:
    events = feed(CallTracker(fixed_clock), _forwarded(answer=True))
    assert [describe(e) for e in events if isinstance(e, CallStarted)] == [("started", None, "1.1")]
    snap = finished(events, "1.1")
    assert str(snap.direction) == "inbound" and snap.remote_number == "0501234567"
    assert snap.forwarded_to == "0509998877"
    assert snap.outcome is Outcome.ANSWERED  # the customer was served, at the forward number
    assert snap.answered_by is None and snap.talked == ()  # by nobody of ours
    # 101's part ended before the forward: it rang and nobody answered there
    assert per_extension_sequence(events) == [("ringing", "101", None), ("ended", "101", "missed")]


def test_unanswered_call_forward_is_missed() -> None:
    events = feed(CallTracker(fixed_clock), _forwarded(answer=False))
    snap = finished(events, "1.1")
    assert snap.forwarded_to == "0509998877"
    assert snap.outcome is Outcome.MISSED
    assert dict(snap.per_extension) == {"101": Outcome.MISSED}


# ---------------------------------------------------------------- call waiting


def test_call_waiting_two_calls_at_once_on_one_extension() -> None:
    first, second = _customer(1), _customer(2)
    a = Chan("PJSIP/101-0000000a", "1.2", "1.1", num="101")
    b = Chan("PJSIP/101-0000000b", "2.2", "2.1", num="101")  # the same phone, a second line
    msgs = [
        first.new("4"),
        a.new(),
        dial_begin(first, a),
        a.state("5"),
        a.state("6"),
        dial_end(first, a, "ANSWER"),
        first.state("6"),
        second.new("4"),  # while 101 talks: call waiting rings the same phone again
        b.new(),
        dial_begin(second, b),
        b.state("5"),
        hangup_request(first),  # the first customer hangs up ...
        first.hangup(),
        a.hangup(),
        b.state("6"),  # ... and 101 takes the waiting call
        dial_end(second, b, "ANSWER"),
        second.state("6"),
        hangup_request(b),
        b.hangup(),
        second.hangup(),
    ]
    events = feed(CallTracker(fixed_clock), msgs)
    by_call: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for e in events:
        if e.extension is not None:
            by_call.setdefault(e.call.call_id, []).append(describe(e))
    expected_seq = [
        ("ringing", "101", None),
        ("answered", "101", "101"),
        ("ended", "101", "answered"),
    ]
    assert by_call == {"1.1": expected_seq, "2.1": expected_seq}
    # while both were up, 101 was in two calls at once
    ringing_second = next(
        i for i, e in enumerate(events) if e.call.call_id == "2.1" and describe(e)[0] == "ringing"
    )
    ended_first = next(
        i for i, e in enumerate(events) if e.call.call_id == "1.1" and describe(e)[0] == "ended"
    )
    assert ringing_second < ended_first
    assert finished(events, "1.1").outcome is finished(events, "2.1").outcome is Outcome.ANSWERED


# ---------------------------------------------------------------- transfer by AMI Redirect
# (the real capture is tests/core/calls/captures/X1-*; these are its controls)


def _bridged_then(leave_at: tuple[str, str], *, customer_asked: bool) -> list[CallEvent]:
    cust = _customer()
    p101 = Chan("PJSIP/101-00000002", "1.2", "1.1", num="101")
    enter = event("BridgeEnter", cust.f("6"), BridgeUniqueid="b1")
    leave = event("BridgeLeave", cust.f("6"), BridgeUniqueid="b1")
    leave.update(Context=leave_at[0], Exten=leave_at[1])
    msgs = [
        cust.new("4"),
        p101.new(),
        dial_begin(cust, p101),
        p101.state("6"),
        dial_end(cust, p101, "ANSWER"),
        enter,
        *([hangup_request(cust)] if customer_asked else []),
        leave,
        p101.hangup(),
        cust.hangup(),
    ]
    return feed(CallTracker(fixed_clock), msgs)


def test_customer_leaving_the_bridge_where_it_entered_is_no_redirect() -> None:
    # a hangup of either side: the customer leaves the bridge at its own dialplan place
    events = _bridged_then(("from-trunk", "0443334000"), customer_asked=False)
    assert per_extension_sequence(events)[-1] == ("ended", "101", "answered")


def test_customer_who_hung_up_is_no_redirect_wherever_it_leaves() -> None:
    events = _bridged_then(("internal", "102"), customer_asked=True)
    assert per_extension_sequence(events)[-1] == ("ended", "101", "answered")


def test_customer_moved_elsewhere_without_a_hangup_is_a_redirect() -> None:
    events = _bridged_then(("internal", "102"), customer_asked=False)
    assert per_extension_sequence(events)[-2:] == [
        ("transferred", "101", "102"),
        ("ended", "101", "transferred-away"),
    ]


# ---------------------------------------------------------------- hangup causes as the only evidence


def _ring_two(cause_for_101: str, *, other: str = "PJSIP/102-00000003") -> list[CallEvent]:
    """101 and another device ring; the other answers; 101's phone hangs up with ``cause``."""
    cust = _customer()
    p101 = Chan("PJSIP/101-00000002", "1.2", "1.1", num="101")
    dev = Chan(other, "1.3", "1.1", num="555")
    msgs = [
        cust.new("4"),
        p101.new(),
        dev.new(),
        dial_begin(cust, p101),
        dial_begin(cust, dev),
        p101.state("5"),
        dev.state("5"),
        dev.state("6"),
        dial_end(cust, dev, "ANSWER"),
        p101.hangup(cause_for_101),
        hangup_request(cust),
        cust.hangup(),
        dev.hangup(),
    ]
    return feed(CallTracker(fixed_clock), msgs)


def test_cause_26_alone_says_answered_elsewhere() -> None:
    # answered on a device that is no extension of ours (a reception desk endpoint):
    # nobody we know talked, only Asterisk's cause 26 tells 101 it was answered elsewhere
    events = _ring_two("26", other="PJSIP/reception-00000003")
    assert per_extension_sequence(events)[-1] == ("ended", "101", "answered-elsewhere")
    control = _ring_two("16", other="PJSIP/reception-00000003")
    assert per_extension_sequence(control)[-1] == ("ended", "101", "missed")


def _rejected(cause: str, *, answered_first: bool = False) -> Outcome:
    cust = _customer()
    p101 = Chan("PJSIP/101-00000002", "1.2", "1.1", num="101")
    msgs = [cust.new("4"), p101.new(), dial_begin(cust, p101), p101.state("5")]
    if answered_first:
        msgs += [p101.state("6"), dial_end(cust, p101, "ANSWER"), hangup_request(p101)]
    msgs += [p101.hangup(cause), cust.hangup()]
    events = feed(CallTracker(fixed_clock), msgs)
    return dict(finished(events, "1.1").per_extension)["101"]


def test_cause_21_while_ringing_is_a_rejection() -> None:
    assert _rejected("21") is Outcome.BUSY  # the phone's reject button, no DialEnd BUSY
    assert _rejected("17") is Outcome.BUSY
    assert _rejected("19") is Outcome.MISSED
    assert _rejected("21", answered_first=True) is Outcome.ANSWERED  # after talking: not a reject


def test_every_call_finishes_once_in_composed_flows() -> None:
    for events in (
        feed(CallTracker(fixed_clock), _forwarded(answer=True)),
        _bridged_then(("internal", "102"), customer_asked=False),
        _ring_two("26"),
    ):
        assert sum(isinstance(e, CallFinished) for e in events) == 1


def test_without_bridge_events_an_operator_hangup_is_no_transfer() -> None:
    # an AMI user whose eventfilter drops BridgeEnter/BridgeLeave: no evidence, no transfer
    cust = _customer()
    p101 = Chan("PJSIP/101-00000002", "1.2", "1.1", num="101")
    msgs = [
        cust.new("4"),
        p101.new(),
        dial_begin(cust, p101),
        p101.state("6"),
        dial_end(cust, p101, "ANSWER"),
        p101.hangup("16"),
        cust.hangup(),
    ]
    events = feed(CallTracker(fixed_clock), msgs)
    assert per_extension_sequence(events)[-1] == ("ended", "101", "answered")
