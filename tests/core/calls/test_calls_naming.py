"""Channel-name helpers: which channel is an operator's phone, Local pairs, header cleaning."""

from __future__ import annotations

import pytest

from core.calls.naming import clean, default_extension_of, file_name, local_partner


@pytest.mark.parametrize(
    ("channel", "ext"),
    [
        ("PJSIP/101-00000001", "101"),
        ("SIP/101-0000abcd", "101"),
        ("IAX2/2001-12345", "2001"),
        ("PJSIP/101", "101"),
        ("PJSIP/12-00000001", "12"),
        ("PJSIP/123456-00000001", "123456"),
        ("PJSIP/1234567-00000001", None),
        ("PJSIP/1-00000001", None),
        ("PJSIP/trunk-00000000", None),
        ("PJSIP/provider-out-00000003", None),
        ("Local/101@from-queue-00000001;1", None),
        ("DAHDI/1-1", None),
        ("", None),
        ("garbage", None),
    ],
)
def test_default_extension_of(channel: str, ext: str | None) -> None:
    assert default_extension_of(channel) == ext


def test_local_partner() -> None:
    assert local_partner("Local/101@from-queue-00000001;1") == "Local/101@from-queue-00000001;2"
    assert local_partner("Local/101@from-queue-00000001;2") == "Local/101@from-queue-00000001;1"
    assert local_partner("PJSIP/101-00000001") is None
    assert local_partner("Local/x;3") is None


def test_clean_and_file_name() -> None:
    assert clean("<unknown>") is None and clean("") is None and clean("0501") == "0501"
    assert file_name("/var/spool/asterisk/monitor/1795360756.4.wav") == "1795360756.4.wav"
    assert file_name("c2c-1795-0001.wav") == "c2c-1795-0001.wav"
    assert file_name("") is None and file_name(None) is None


def test_custom_extension_mapping_is_used() -> None:
    """A site whose phones are named by MAC maps them itself (extension_of=...)."""
    from core.calls.tracker import CallTracker
    from tests.fakes.calls import channel_fields, event, feed, fixed_clock

    phones = {"PJSIP/a1b2c3": "201"}
    tracker = CallTracker(fixed_clock, extension_of=lambda ch: phones.get(ch.rpartition("-")[0]))
    t = channel_fields("PJSIP/trunk-00000001", "1.1", "1.1", "4", num="0501234567")
    p = channel_fields("PJSIP/a1b2c3-00000002", "1.2", "1.1", "0")
    events = feed(
        tracker,
        [
            event("Newchannel", t),
            event("Newchannel", p),
            event(
                "DialBegin",
                t,
                channel_fields("PJSIP/a1b2c3-00000002", "1.2", "1.1", "0", prefix="Dest"),
            ),
        ],
    )
    assert [e.extension for e in events] == [None, "201"]
