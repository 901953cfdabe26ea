"""Hand-built flows: click-to-call through a Local originate, originate failures, attended
transfer, and the timing rules (Timestamp header, grace period, waiting for Cdr)."""

from __future__ import annotations

import pytest

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
)


def _click_to_call_via_local(result: str) -> list[dict[str, str]]:
    one = Chan("Local/101@from-internal-00000001;1", "4.1", "4.1", exten="101")
    two = Chan("Local/101@from-internal-00000001;2", "4.2", "4.1", exten="101")
    phone = Chan("PJSIP/101-00000001", "4.3", "4.1", num="101")
    trunk = Chan("PJSIP/trunk-00000002", "4.4", "4.1", num="0501234567")
    msgs = [
        one.new("0"),
        two.new("4"),
        dial_begin(None, one),
        phone.new(),
        dial_begin(two, phone),
        phone.state("5"),
        phone.state("6"),
        dial_end(two, phone, "ANSWER"),
        two.state("6"),
        one.state("6"),
        dial_end(None, one, "ANSWER"),
        event(
            "OriginateResponse",
            ActionID="x-1",
            Response="Success",
            Channel=one.name,
            Context="from-internal",
            Exten="0501234567",
            Reason="4",
            Uniqueid="4.1",
        ),
        trunk.new(),
        dial_begin(one, trunk),
        trunk.state("5"),
    ]
    if result == "ANSWER":
        msgs += [trunk.state("6"), dial_end(one, trunk, "ANSWER"), trunk.hangup()]
    else:
        msgs += [dial_end(one, trunk, result), trunk.hangup("17" if result == "BUSY" else "19")]
    return [*msgs, one.hangup(), two.hangup(), phone.hangup()]


@pytest.mark.parametrize(
    ("result", "outcome"), [("ANSWER", "answered"), ("BUSY", "busy"), ("NOANSWER", "missed")]
)
def test_click_to_call_through_a_local_originate(result: str, outcome: str) -> None:
    events = feed(CallTracker(fixed_clock), _click_to_call_via_local(result))
    snap = finished(events, "4.1")
    assert (str(snap.direction), snap.remote_number, snap.from_extension) == (
        "outbound",
        "0501234567",
        "101",
    )
    assert snap.rang == ("101",)
    assert str(snap.outcome) == outcome
    assert dict(snap.per_extension) == {"101": outcome}
    assert snap.talked == (("101",) if result == "ANSWER" else ())


def test_originate_failure_without_any_channel() -> None:
    tracker = CallTracker(fixed_clock)
    tracker.expect_originate("c2c-9", "101", "0509999999")
    events = tracker.handle(
        event(
            "OriginateResponse",
            ActionID="9",
            Response="Failure",
            Channel="PJSIP/101",
            Context="internal",
            Exten="0509999999",
            Reason="0",
            Uniqueid="<unknown>",
        )
    )
    assert [describe(e) for e in events] == [
        ("started", None, "c2c-9"),
        ("ended", "101", "failed"),
        ("finished", None, "failed"),
    ]
    snap = events[-1].call
    assert (str(snap.direction), snap.remote_number, snap.from_extension) == (
        "outbound",
        "0509999999",
        "101",
    )
    assert tracker.trail("c2c-9")[0]["Event"] == "OriginateResponse"


def test_attended_transfer_moves_the_target_into_the_customer_call() -> None:
    trunk = Chan("PJSIP/trunk-00000001", "3.1", "3.1", exten="0443334000", **CUSTOMER)
    op = Chan("PJSIP/101-00000002", "3.2", "3.1", num="101")
    consult = Chan("PJSIP/101-00000003", "3.3", "3.3", num="101", exten="102")
    target = Chan("PJSIP/102-00000004", "3.4", "3.3", num="102")
    tracker = CallTracker(fixed_clock)
    events = feed(
        tracker,
        [
            trunk.new("4"),
            op.new(),
            dial_begin(trunk, op),
            op.state("6"),
            dial_end(trunk, op, "ANSWER"),
            consult.new("4"),
            target.new(),
            dial_begin(consult, target),
            target.state("6"),
            dial_end(consult, target, "ANSWER"),
            event(
                "AttendedTransfer",
                Result="Success",
                **{"Orig" + k: v for k, v in op.f("6", "Transferer").items()},
                **{"Second" + k: v for k, v in consult.f("6", "Transferer").items()},
                **trunk.f("6", "Transferee"),
                **target.f("6", "TransferTarget"),
                DestType="Bridge",
                IsExternal="No",
            ),
            op.hangup(),
            consult.hangup(),
            trunk.hangup(),
            target.hangup(),
        ],
    )
    customer = finished(events, "3.1")
    assert customer.rang == ("101", "102")
    assert customer.talked == ("101", "102")
    assert customer.answered_by == "102"
    assert dict(customer.per_extension) == {"101": "transferred-away", "102": "answered"}
    consultation = finished(events, "3.3")
    assert (str(consultation.direction), str(consultation.outcome)) == ("internal", "answered")
    in_customer_call = [describe(e) for e in events if e.call.call_id == "3.1" and e.extension]
    assert in_customer_call == [
        ("ringing", "101", None),
        ("answered", "101", "101"),
        ("transferred", "101", "102"),
        ("ringing", "102", None),
        ("answered", "101", "102"),
        ("answered", "102", "102"),
        ("ended", "101", "transferred-away"),
        ("ended", "102", "answered"),
    ]
    assert tracker.active_calls() == []


def test_timestamp_header_is_preferred_over_the_clock() -> None:
    trunk = Chan("PJSIP/trunk-00000001", "2.1", "2.1", exten="0443334000", **CUSTOMER)
    op = Chan("PJSIP/101-00000002", "2.2", "2.1", num="101")
    up = op.state("6")
    up["Timestamp"] = "1700000012.250000"
    bye = trunk.hangup()
    bye["Timestamp"] = "1700000042.250000"
    events = feed(
        CallTracker(fixed_clock),
        [
            trunk.new("4", Timestamp="1700000000.000000"),
            op.new(),
            dial_begin(trunk, op),
            up,
            bye,
            op.hangup(),
        ],
    )
    snap = finished(events, "2.1")
    assert (snap.started_at, snap.answered_at) == (1700000000.0, 1700000012.25)
    assert snap.ended_at == fixed_clock()  # the last hangup had no Timestamp
    assert snap.wait_seconds == 12.25


def test_call_owed_an_originate_response_finishes_after_the_grace_period() -> None:
    now = [100.0]
    tracker = CallTracker(lambda: now[0], finish_grace=3.0)
    leg = Chan("Local/noanswer@lab-00000003;1", "1.1", "1.1", exten="noanswer", context="lab")
    other = Chan("Local/noanswer@lab-00000003;2", "1.2", "1.1", exten="noanswer", context="lab")
    events = feed(tracker, [leg.new("0"), other.new("4"), leg.hangup("19"), other.hangup("19")])
    assert [describe(e)[0] for e in events] == ["started"]  # no OriginateResponse yet
    assert tracker.tick() == []
    now[0] += 2.9
    assert tracker.tick() == []
    now[0] += 0.2
    done = tracker.tick()
    assert [describe(e) for e in done] == [("finished", None, "failed")]
    assert tracker.recent_call_ids() == ["1.1"]


def test_once_cdr_events_flow_each_call_waits_for_its_cdr() -> None:
    """Cdr is granted to this user: a call finishes on its Cdr, which also names the recording."""
    tracker = CallTracker(fixed_clock)
    tracker.handle(event("Cdr", UniqueID="0.0", Disposition="ANSWERED"))  # an earlier call's
    trunk = Chan("PJSIP/trunk-00000001", "1.5", "1.5", exten="0443334000", **CUSTOMER)
    events = feed(tracker, [trunk.new("4"), trunk.hangup()])
    assert [describe(e)[0] for e in events] == ["started"]
    cdr = event("Cdr", UniqueID="1.5", Disposition="NO ANSWER", RecordingFile="1.5.wav")
    done = tracker.handle(cdr)
    assert [describe(e) for e in done] == [("finished", None, "missed")]
    assert done[0].call.recording == "1.5.wav"
    assert tracker.trail("1.5")[-1] is cdr


@pytest.mark.parametrize(
    ("status", "cause", "per_ext"), [("BUSY", "17", "busy"), ("NOANSWER", "19", "missed")]
)
def test_operator_not_taking_its_click_to_call_leg(status: str, cause: str, per_ext: str) -> None:
    """The operator's own phone refuses / ignores the originate leg: the call failed."""
    leg = Chan("PJSIP/101-00000009", "c2c-7", "c2c-7", num="101")
    tracker = CallTracker(fixed_clock)
    tracker.expect_originate("c2c-7", "101", "0507777777")
    events = feed(
        tracker,
        [
            leg.new("0"),
            dial_begin(None, leg),
            leg.state("5"),
            dial_end(None, leg, status),
            event(
                "OriginateResponse",
                ActionID="7",
                Response="Failure",
                Channel="PJSIP/101",
                Context="internal",
                Exten="0507777777",
                Reason="5" if status == "BUSY" else "3",
                Uniqueid="<unknown>",
            ),
            leg.hangup(cause),
        ],
    )
    assert [describe(e) for e in events] == [
        ("started", None, "c2c-7"),
        ("ringing", "101", None),
        ("ended", "101", per_ext),
        ("finished", None, "failed"),
    ]
    assert events[0].call.remote_number == "0507777777"


def test_expect_originate_after_the_events_overtook_it() -> None:
    leg = Chan("PJSIP/101-0000000a", "c2c-8", "c2c-8", num="101")
    tracker = CallTracker(fixed_clock)
    feed(tracker, [leg.new("0")])
    tracker.expect_originate("c2c-8", "101", "0508888888")
    events = feed(tracker, [dial_begin(None, leg)])
    assert [describe(e) for e in events] == [("ringing", "101", None)]
    snap = events[0].call
    assert (str(snap.direction), snap.remote_number, snap.from_extension) == (
        "outbound",
        "0508888888",
        "101",
    )
