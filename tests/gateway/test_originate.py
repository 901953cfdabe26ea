"""The click-to-call helper: early refusals are answered, slow answers do not block."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from core.ami.connection import Response
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
    expected: list[tuple[str, str, str]] = []
    originator = Originator(
        lambda: ami,
        expect=lambda *a: expected.append(a),
        answer_wait=0.01,
        id_factory=lambda: "rs-1",
    )
    call_id = await originator.originate(
        "101", "0501234567", channel_format="PJSIP/##", context="internal", caller_id_name="CRM"
    )
    assert call_id == "rs-1" and expected == [("rs-1", "101", "0501234567")]
    assert ami.fields["ChannelId"] == "rs-1"
    with caplog.at_level(logging.WARNING, logger="gateway.originate"):
        ami.release.set()
        for _ in range(100):
            if not originator._tasks:
                break
            await asyncio.sleep(0.01)
    assert "click-to-call originate-rs-1 failed" in caplog.text
    await originator.aclose()


async def test_no_connection_is_an_error() -> None:
    with pytest.raises(OriginateError, match="not connected"):
        await Originator(lambda: None).originate(
            "1", "2", channel_format="PJSIP/##", context="c", caller_id_name=""
        )
