"""The hub's wire protocol, byte by byte: every message and event type round-trips exactly."""

from __future__ import annotations

import dataclasses
import json

import pytest

from core.calls.events import (
    CallAnswered,
    CallEnded,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    CallTransferred,
    Direction,
    Outcome,
    Parking,
)
from core.calls.feed import LinkState, LinkStatus, PresenceUpdate
from core.crm.types import Contact, Link, LookupResult, Match
from core.hub import wire
from core.hub.stream import EventStream

FULL = CallSnapshot(
    call_id="1795369340.10",
    direction=Direction.INBOUND,
    remote_number="+79161234567",
    remote_name="Андрей Волков",
    did="0443334100",
    queue="support",
    rang=("101", "102"),
    answered_by="101",
    talked=("101",),
    outcome=Outcome.ANSWERED,
    per_extension=(("101", Outcome.ANSWERED), ("102", Outcome.ANSWERED_ELSEWHERE)),
    recording="2026/12/04/q-support-1795369340.10.wav",
    from_extension=None,
    started_at=1795369340.25,
    answered_at=1795369345.5,
    ended_at=1795369400.0,
    originated=False,
)
BARE = CallSnapshot(
    "rs-00ff", Direction.OUTBOUND, None, None, from_extension="101", originated=True
)

FULL_JSON = (
    '{"answered_at":1795369345.5,"answered_by":"101","call_id":"1795369340.10","did":"0443334100",'
    '"direction":"inbound","ended_at":1795369400.0,"from_extension":null,"originated":false,'
    '"outcome":"answered","per_extension":[["101","answered"],["102","answered-elsewhere"]],'
    '"queue":"support","rang":["101","102"],"recording":"2026/12/04/q-support-1795369340.10.wav",'
    '"remote_name":"Андрей Волков","remote_number":"+79161234567","started_at":1795369340.25,'
    '"talked":["101"]}'
)
BARE_JSON = (
    '{"answered_at":null,"answered_by":null,"call_id":"rs-00ff","did":null,"direction":"outbound",'
    '"ended_at":null,"from_extension":"101","originated":true,"outcome":null,"per_extension":[],'
    '"queue":null,"rang":[],"recording":null,"remote_name":null,"remote_number":null,'
    '"started_at":0.0,"talked":[]}'
)
CARD = LookupResult(
    number="89161234567",
    e164="+79161234567",
    matches=(
        Match(
            Contact(
                "7",
                "Иван Петров",
                "retailcrm",
                company="СтройМаркет",
                phones=("+79161234567",),
                email="i@example.ru",
                manager_name="Ольга",
                manager_extension="101",
                links=(Link("Open customer", "https://crm.example/customers/7"),),
                notes=("Order #12",),
            ),
            1.0,
        ),
    ),
)


def test_a_full_snapshot_has_exactly_one_encoding() -> None:
    assert wire.dumps(wire.snapshot_to_dict(FULL)) == FULL_JSON
    assert wire.dumps(wire.snapshot_to_dict(BARE)) == BARE_JSON
    assert wire.snapshot_from_dict(wire.snapshot_to_dict(FULL)) == FULL


@pytest.mark.parametrize(
    ("event", "head"),
    [
        (CallStarted(FULL, None), '{"call":%s,"extension":null,"kind":"call","type":"started"}'),
        (CallRinging(FULL, "102"), '{"call":%s,"extension":"102","kind":"call","type":"ringing"}'),
        (
            CallAnswered(FULL, "102", by="101"),
            '{"by":"101","call":%s,"extension":"102","kind":"call","type":"answered"}',
        ),
        (
            CallTransferred(FULL, "101", to="103"),
            '{"call":%s,"extension":"101","kind":"call","to":"103","type":"transferred"}',
        ),
        (
            CallEnded(FULL, "102", outcome=Outcome.ANSWERED_ELSEWHERE),
            '{"call":%s,"extension":"102","kind":"call","outcome":"answered-elsewhere","type":"ended"}',
        ),
        (CallFinished(FULL, None), '{"call":%s,"extension":null,"kind":"call","type":"finished"}'),
    ],
)
def test_every_call_event_round_trips_byte_by_byte(event: object, head: str) -> None:
    frame = wire.encode(wire.Event(42, event))  # type: ignore[arg-type]
    assert frame == '{"e":' + head % FULL_JSON + ',"seq":42,"t":"event"}'
    back = wire.decode(frame)
    assert back == wire.Event(42, event)  # type: ignore[arg-type]
    assert wire.encode(back) == frame


def test_link_presence_and_card_events() -> None:
    link = wire.Event(
        1, LinkStatus(LinkState.DISCONNECTED, "PBX unreachable, retrying", 1795369340.5)
    )
    assert wire.encode(link) == (
        '{"e":{"detail":"PBX unreachable, retrying","kind":"link","since":1795369340.5,'
        '"state":"disconnected"},"seq":1,"t":"event"}'
    )
    presence = wire.Event(2, PresenceUpdate("101", dnd=True, paused=True, reason="обед"))
    assert wire.encode(presence) == (
        '{"e":{"dnd":true,"extension":"101","kind":"presence","paused":true,"reason":"обед"},'
        '"seq":2,"t":"event"}'
    )
    card = wire.Event(3, wire.Card("1795369340.10", CARD))
    for msg in (link, presence, card):
        assert wire.decode(wire.encode(msg)) == msg
    assert '"name":"Иван Петров"' in wire.encode(card)


def test_hello_command_welcome_reply_bye() -> None:
    hello = wire.Hello("tok", "ab12", 17)
    assert wire.encode(hello) == '{"seq":17,"stream":"ab12","t":"hello","token":"tok","v":1}'
    cmd = wire.Command(
        "c1", "click_to_call", {"extension": "101", "number": "0501234567", "request_id": "r1"}
    )
    assert wire.encode(cmd) == (
        '{"args":{"extension":"101","number":"0501234567","request_id":"r1"},"id":"c1",'
        '"op":"click_to_call","t":"cmd"}'
    )
    welcome = wire.Welcome(
        "ab12",
        99,
        "101",
        "operator",
        ("101",),
        LinkStatus(LinkState.READY, None, 5.0),
        False,
        (BARE,),
        1e9,
    )
    assert wire.encode(welcome) == (
        '{"calls":[' + BARE_JSON + '],"expires_at":1000000000.0,"extensions":["101"],'
        '"link":{"detail":null,"kind":"link","since":5.0,"state":"ready"},"resumed":false,'
        '"role":"operator","seq":99,"stream":"ab12","t":"welcome","user":"101","v":1}'
    )
    ok = wire.Reply("c1", True, "rs-00ff")
    refused = wire.Reply(
        "c2",
        False,
        error="101 may place calls only as its own extension (101), not as 102",
        code="forbidden",
    )
    assert wire.encode(ok) == '{"id":"c1","ok":true,"result":"rs-00ff","t":"reply"}'
    assert wire.encode(refused) == (
        '{"code":"forbidden","error":"101 may place calls only as its own extension (101), not as 102",'
        '"id":"c2","ok":false,"t":"reply"}'
    )
    bye = wire.Bye("revoked", "This sign-in was revoked")
    for msg in (hello, cmd, welcome, ok, refused, bye):
        assert wire.decode(wire.encode(msg)) == msg


@pytest.mark.parametrize(
    ("frame", "words"),
    [
        ("not json", "not JSON"),
        ("[]", "message: expected an object"),
        ('{"t":"bogus"}', "unknown message type 'bogus'"),
        ('{"t":"hello","v":2,"token":"x"}', "protocol version 2 is not supported"),
        ('{"t":"hello","v":1,"token":"x","seq":-1}', "seq: expected a non-negative integer"),
        ('{"t":"cmd","id":"1","op":"reboot"}', "unknown command 'reboot'"),
        ('{"t":"cmd","id":"1","op":"hangup","args":[]}', "args: expected an object"),
        (
            '{"t":"event","seq":1,"e":{"kind":"call","type":"exploded"}}',
            "unknown call event type 'exploded'",
        ),
        (
            '{"t":"event","seq":1,"e":{"kind":"call","type":"ringing","call":{"call_id":"1","direction":"sideways"}}}',
            "call: call.direction: unknown value 'sideways'",
        ),
        ('{"t":"event","seq":"1","e":{}}', "seq: expected an integer"),
        (
            '{"t":"event","seq":1,"e":{"kind":"link","state":"ready","since":"NaN"}}',
            "since: expected a number",
        ),
    ],
)
def test_malformed_frames_are_refused_in_words(frame: str, words: str) -> None:
    with pytest.raises(wire.WireError) as caught:
        wire.decode(frame)
    assert words in str(caught.value)


def test_a_huge_frame_is_refused_before_parsing() -> None:
    with pytest.raises(wire.WireError, match="too large"):
        wire.decode("x" * (wire.MAX_FRAME + 1))


def test_stream_replays_exactly_the_missed_events_or_says_it_cannot() -> None:
    stream = EventStream(keep=3, stream_id="s1")
    events = [PresenceUpdate(str(100 + i), dnd=False, paused=False) for i in range(5)]
    assert [stream.append(e) for e in events] == [1, 2, 3, 4, 5]
    assert stream.since("s1", 3) == [(4, events[3]), (5, events[4])]
    assert stream.since("s1", 2) == [(3, events[2]), (4, events[3]), (5, events[4])]
    assert stream.since("s1", 5) == []
    assert stream.since("s1", 1) is None  # seq 2 fell out of the buffer: a snapshot instead
    assert stream.since("other", 4) is None  # another hub process
    assert stream.since("s1", 6) is None  # from the future
    only_102 = stream.since(
        "s1", 2, lambda e: isinstance(e, PresenceUpdate) and e.extension == "102"
    )
    assert only_102 == [(3, events[2])]


PARKED = dataclasses.replace(
    BARE,
    parking=Parking(lot="default", space="71", by="101", state="parked", since=1795369350.5),
    voicemail="101@default",
    voicemail_left=True,
    forwarded_to="+79169876543",
)
PARKED_JSON = (
    '{"answered_at":null,"answered_by":null,"call_id":"rs-00ff","did":null,"direction":"outbound",'
    '"ended_at":null,"forwarded_to":"+79169876543","from_extension":"101","originated":true,'
    '"outcome":null,"parking":{"by":"101","lot":"default","retrieved_by":null,"since":1795369350.5,'
    '"space":"71","state":"parked"},"per_extension":[],"queue":null,"rang":[],"recording":null,'
    '"remote_name":null,"remote_number":null,"started_at":0.0,"talked":[],'
    '"voicemail":"101@default","voicemail_left":true}'
)


def test_freepbx_fields_cross_the_wire_only_when_set() -> None:
    assert wire.dumps(wire.snapshot_to_dict(PARKED)) == PARKED_JSON
    back = wire.snapshot_from_dict(json.loads(PARKED_JSON))
    assert back == PARKED
    assert back.parked_in == "71"


def test_a_parking_state_outside_the_vocabulary_is_refused() -> None:
    raw = wire.snapshot_to_dict(PARKED)
    raw["parking"]["state"] = "lost"
    with pytest.raises(wire.WireError, match=r"parking\.state"):
        wire.snapshot_from_dict(raw)
