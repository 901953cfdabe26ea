"""The click-to-call helper: early refusals are answered, slow answers do not block."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import pytest

from core.ami.connection import Response
from core.calls.ami_feed import AmiFeed
from core.calls.events import CallStarted, Direction
from gateway.originate import OriginateError, Originator, channel_for, split_context


class SlowAmi:
    """Queues the Originate, then fails it (Reason 3: no answer) when told to."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.fields: dict[str, Any] = {}

    async def send_action(self, name: str, fields: Any = None, **_: Any) -> Response:
        self.fields = dict(fields)
        await self.release.wait()
        final = {"Event": "OriginateResponse", "Response": "Failure", "Reason": "3"}
        return Response(name, True, "Originate successfully queued", {}, (final,))


def test_channel_and_context_helpers() -> None:
    assert channel_for("PJSIP/##", "101") == "PJSIP/101"
    assert channel_for("SIP/", "7") == "SIP/7"
    assert channel_for("Local/##@from-internal", "102") == "Local/102@from-internal"
    assert split_context("default,2") == ("default", "2")
    assert split_context(" from-internal ") == ("from-internal", "1")


async def test_slow_answer_returns_the_id_and_logs_a_late_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ami = SlowAmi()
    feed = AmiFeed(None, connection=ami)
    originator = Originator(feed, answer_wait=0.01)
    call_id = await originator.originate(
        "101", "0501234567", channel_format="PJSIP/##", context="internal", caller_id_name="CRM"
    )
    assert re.fullmatch(r"rs-[0-9a-f]{16}", call_id) and ami.fields["ChannelId"] == call_id
    assert (ami.fields["Channel"], ami.fields["Context"]) == ("PJSIP/101", "internal")
    # the tracker was told before the Originate went out: the call is outbound from 101
    started = feed.tracker.handle(
        {"Event": "Newchannel", "Channel": "PJSIP/101-00000001", "ChannelState": "0",
         "Uniqueid": call_id, "Linkedid": call_id, "CallerIDNum": "101"}
    )  # fmt: skip
    (event,) = started
    assert isinstance(event, CallStarted) and event.call.direction is Direction.OUTBOUND
    assert event.call.originated and event.call.remote_number == "0501234567"
    with caplog.at_level(logging.WARNING, logger="gateway.originate"):
        ami.release.set()
        for _ in range(100):
            if "failed" in caplog.text:
                break
            await asyncio.sleep(0.01)
    assert f"click-to-call originate-{call_id} failed" in caplog.text
    await feed.stop()


async def test_an_early_refusal_is_answered_in_words() -> None:
    class Refusing:
        async def send_action(self, name: str, fields: Any = None, **_: Any) -> Response:
            return Response(name, False, "Extension does not exist.", {})

    feed = AmiFeed(None, connection=Refusing())
    with pytest.raises(OriginateError, match="0501234567 does not exist in context 'internal'"):
        await Originator(feed).originate(
            "101", "0501234567", channel_format="PJSIP/##", context="internal", caller_id_name=""
        )


async def test_no_connection_is_an_error() -> None:
    from core.calls.ami_feed import AmiSettings

    feed = AmiFeed(AmiSettings("127.0.0.1", 9, "ringside"), "secret")  # never started
    with pytest.raises(OriginateError, match="Not connected to the PBX"):
        await Originator(feed).originate(
            "101", "0501234567", channel_format="PJSIP/##", context="c", caller_id_name=""
        )
