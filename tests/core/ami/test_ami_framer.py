"""Byte-level tests of the AMI framer and of the panoramisk protocol subclass.

A UTF-8 caller name split inside a multibyte character must survive; malformed
input (garbage, missing colons, 1 MB lines, NULs) is skipped, never raised.
"""

from __future__ import annotations

import asyncio
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from panoramisk.ami_protocol import AMIProtocol as BareProtocol

from core.ami.codec import AMIFramer, encode_message
from core.ami.protocol import AMIProtocol
from tests.paths import TRANSCRIPTS

NAME = "Иван Петров"
EVENT = encode_message(
    {"Event": "Newchannel", "Privilege": "call,all", "Channel": "PJSIP/trunk-00000001",
     "CallerIDNum": "0501234567", "CallerIDName": NAME, "Uniqueid": "1.1", "Linkedid": "1.1"}
)  # fmt: skip
BANNER = b"Asterisk Call Manager/11.0.0\r\n"


def split_inside_char() -> int:
    """Offset of the second byte of the first Cyrillic character in EVENT."""
    return EVENT.index(NAME.encode()) + 1


def feed_all(framer: AMIFramer, chunks: list[bytes]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for chunk in chunks:
        out += framer.feed(chunk)
    return out


def test_name_split_inside_multibyte_char_survives() -> None:
    cut = split_inside_char()
    assert EVENT[cut - 1] >= 0xC0  # really inside a 2-byte sequence
    messages = feed_all(AMIFramer(), [BANNER + EVENT[:cut], EVENT[cut:]])
    assert [m["CallerIDName"] for m in messages] == [NAME]


def test_one_byte_at_a_time_equals_whole_feed_for_every_transcript() -> None:
    for path in sorted(TRANSCRIPTS.glob("*.ami")):
        data = path.read_bytes()
        whole = AMIFramer().feed(data)
        framer = AMIFramer()
        assert feed_all(framer, [data[i : i + 1] for i in range(len(data))]) == whole, path.name
        assert framer.banner == "Asterisk Call Manager/11.0.0"
        assert framer.skipped == 0


def test_bare_panoramisk_loses_the_split_character() -> None:
    """The fault our protocol fixes (documents why it exists)."""
    got = []

    class Factory:
        def dispatch(self, message: object) -> None:
            got.append(message)

    proto = BareProtocol()
    proto.connection_made(_Transport())
    proto.factory = Factory()
    proto.encoding = "utf-8"
    cut = split_inside_char()
    proto.data_received(BANNER + EVENT[:cut])
    proto.data_received(EVENT[cut:])
    assert got and got[0]["CallerIDName"] != NAME


def test_protocol_subclass_delivers_split_name_and_routes_events() -> None:
    got: list[dict[str, str]] = []
    proto = AMIProtocol(got.append)
    proto.connection_made(_Transport())
    data = BANNER + EVENT
    for i in range(len(data)):
        proto.data_received(data[i : i + 1])
    assert [m["CallerIDName"] for m in got] == [NAME]
    assert proto.version == "11.0.0"


async def test_action_future_and_event_stream_both_get_action_events() -> None:
    got: list[dict[str, str]] = []
    transport = _Transport()
    proto = AMIProtocol(got.append)
    proto.connection_made(transport)
    future = proto.send_action("QueueStatus")
    action_id = transport.sent().split("ActionID: ")[1].split("\r\n")[0]
    reply = [
        {"Response": "Success", "ActionID": action_id, "EventList": "start", "Message": "Queue status will follow"},
        {"Event": "QueueParams", "ActionID": action_id, "Queue": "support"},
        {"Event": "QueueStatusComplete", "ActionID": action_id, "EventList": "Complete", "ListItems": "1"},
    ]  # fmt: skip
    proto.data_received(BANNER + b"".join(encode_message(m) for m in reply))
    result = await asyncio.wait_for(future, 1)
    assert [m["Event"] for m in result[1:]] == ["QueueParams", "QueueStatusComplete"]
    # the list start goes to the stream too: the tracker opens a resync window on it
    assert [m.get("Event", m.get("EventList")) for m in got] == [
        "start",
        "QueueParams",
        "QueueStatusComplete",
    ]


def test_send_refuses_header_injection() -> None:
    proto = AMIProtocol(lambda m: None)
    proto.connection_made(_Transport())
    with pytest.raises(ValueError):
        proto.send_action("Originate", {"Exten": "1\r\nAction: Command"})


def test_malformed_lines_and_nuls_are_skipped() -> None:
    framer = AMIFramer(expect_banner=False)
    data = b"garbage without colon\r\nEvent: A\r\n\r\nEv\x00ent: B\r\nX: 1\r\n\r\n\xff\xfe: \xff\r\n\r\n"
    messages = framer.feed(data)
    assert messages[0] == {"Event": "A"}
    assert messages[1] == {"Event": "B", "X": "1"}
    assert framer.skipped >= 2


def test_one_megabyte_line_is_dropped_and_stream_recovers() -> None:
    framer = AMIFramer(expect_banner=False)
    out = framer.feed(b"Event: Huge\r\nData: " + b"x" * (1 << 20) + b"y" * 100)
    assert out == [] and framer.skipped == 1 and framer.buffered == 0
    assert framer.feed(b"\r\n\r\nEvent: Next\r\n\r\n") == [{"Event": "Next"}]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=300), max_size=20))
def test_fuzz_garbage_never_raises(chunks: list[bytes]) -> None:
    framer = AMIFramer(max_message=4096)
    for chunk in chunks:
        for msg in framer.feed(chunk):
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in msg.items())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.integers(min_value=1, max_value=len(BANNER + EVENT * 3) - 1), max_size=8, unique=True
    )
)
def test_fuzz_any_split_gives_the_same_messages(cuts: list[int]) -> None:
    data = BANNER + EVENT * 3
    bounds = [0, *sorted(cuts), len(data)]
    chunks = [data[a:b] for a, b in itertools.pairwise(bounds)]
    assert feed_all(AMIFramer(), chunks) == AMIFramer().feed(data)


class _Transport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.buffer = bytearray()

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.buffer += bytes(data)

    def sent(self) -> str:
        return self.buffer.decode()

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass


def test_oversized_tail_after_complete_messages_is_dropped() -> None:
    framer = AMIFramer(expect_banner=False, max_message=1000)
    out = framer.feed(b"Event: A\r\n\r\nEvent: Huge\r\nData: " + b"x" * 2000)
    assert out == [{"Event": "A"}] and framer.buffered == 0 and framer.skipped == 1


def test_repeated_keys_are_joined_and_empty_values_kept() -> None:
    framer = AMIFramer(expect_banner=False)
    data = b"Response: Success\r\nOutput: line 1\r\nOutput: line 2\r\nSystemName: \r\nX:\r\n\r\n"
    assert framer.feed(data) == [
        {"Response": "Success", "Output": "line 1\nline 2", "SystemName": "", "X": ""}
    ]
