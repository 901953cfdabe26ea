"""``[retailcrm] events_from``: AMI, the dialplan's ``/api/event``, or both without doubles."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.fakes.gateway import RETAIL_CLIENT_ID, FakeClock, make_client, replay

TRANSCRIPT = "03-inbound-call-answered-by-101"


def _form(item: Any) -> dict[str, Any]:
    form = parse_qs(base64.b64decode(item.payload["body"]).decode())
    return {k: json.loads(v[0]) for k, v in form.items()}


async def _run(tmp_path: Path, clock: FakeClock, mode: str | None) -> tuple[list[Any], str]:
    """AMI replays transcript 03 and the dialplan reports the same call; the retailCRM outbox."""
    overrides = {} if mode is None else {"retailcrm": {"events_from": mode}}
    client, app = await make_client(tmp_path, clock, **overrides)
    gw = app.state.gateway
    try:
        events = replay(TRANSCRIPT)
        call_id = events[0].call.call_id
        await gw.apply_events(events)
        base = {"clientId": RETAIL_CLIENT_ID, "uniqueid": call_id, "phone": "0501234567"}
        answers = [
            await client.get("/api/event", params={**base, "type": "in", "code": "101"}),
            await client.get(
                "/api/event",
                params={
                    **base,
                    "type": "hangup",
                    "code": "101",
                    "status": "ANSWER",
                    "direct": "in",
                    "date": "2026-11-22 15:19:20",
                    "hold": "2",
                    "duration": "5",
                },
            ),
        ]
        assert [(r.status_code, r.json()) for r in answers] == [(200, {"success": True})] * 2
        return gw.outbox.pending("retailcrm"), call_id
    finally:
        await client.aclose()
        await gw.stop()


@pytest.mark.parametrize("mode", [None, "ami"])
async def test_ami_default_forwards_ami_only(
    tmp_path: Path, clock: FakeClock, mode: str | None
) -> None:
    items, call_id = await _run(tmp_path, clock, mode)
    assert [(i.kind, i.idempotency_key) for i in items] == [
        ("in", f"retailcrm:{call_id}:in:101"),
        ("hangup", f"retailcrm:{call_id}:hangup:101"),
        ("upload", f"retailcrm:{call_id}:upload"),
    ]
    assert not any(":api-" in i.idempotency_key for i in items)


async def test_dialplan_stops_ami_pushes(tmp_path: Path, clock: FakeClock) -> None:
    items, call_id = await _run(tmp_path, clock, "dialplan")
    assert [(i.kind, i.idempotency_key) for i in items] == [
        ("in", f"retailcrm:{call_id}:api-in:101"),
        ("hangup", f"retailcrm:{call_id}:api-hangup:101"),
        ("upload", f"retailcrm:{call_id}:api-upload"),
    ]
    assert _form(items[2])["calls"][0]["date"] == "2026-11-22 15:19:20"  # the dialplan's


async def test_both_sends_each_event_once(tmp_path: Path, clock: FakeClock) -> None:
    items, call_id = await _run(tmp_path, clock, "both")
    assert [(i.kind, i.idempotency_key) for i in items] == [
        ("in", f"retailcrm:{call_id}:in"),
        ("hangup", f"retailcrm:{call_id}:hangup"),
        ("upload", f"retailcrm:{call_id}:upload"),
    ]
    # AMI came first, so its bytes won; the dialplan's copies were dropped by the outbox
    hangup = _form(items[1])["event"]
    assert hangup["callExternalId"] == call_id and hangup["hangupStatus"] == "answered"
    assert "externalPhone" in hangup  # the DID, which only the AMI path knew here
    assert _form(items[2])["calls"][0]["date"] != "2026-11-22 15:19:20"


async def test_config_refuses_other_values(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from tests.fakes.gateway import gateway_config

    with pytest.raises(ValidationError, match="events_from"):
        gateway_config(tmp_path, retailcrm_url="https://x", retailcrm={"events_from": "cdr"})
