"""The push sender: credentials added at send time, identical bytes and key on every retry."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from core.calls.events import CallFinished, CallRinging, CallSnapshot, Direction, Outcome
from core.crm.push import PushRequest
from core.history.worker import DeliveryError
from core.signing.rostelecom import verify
from gateway.planner import PushPlanner
from gateway.push.sender import PushSender
from gateway.store import GatewayStore
from tests.fakes.crm_servers import ClinicaFake, RetailCrmFake
from tests.fakes.gateway import (
    RETAIL_KEY,
    RT_CLIENT_ID,
    RT_KEY,
    RostelecomSideFake,
    gateway_config,
)

CALL = CallSnapshot(
    call_id="1795360756.4",
    direction=Direction.INBOUND,
    remote_number="0501234567",
    remote_name=None,
    did="0443334000",
    rang=("101",),
    answered_by="101",
    outcome=Outcome.ANSWERED,
    started_at=1795360756.0,
    answered_at=1795360758.0,
    ended_at=1795360763.0,
)


async def test_every_push_is_retried_byte_for_byte_with_its_key(tmp_path: Path) -> None:
    with RetailCrmFake(api_key=RETAIL_KEY) as retail, ClinicaFake() as clinica, \
            RostelecomSideFake() as rt:  # fmt: skip
        cfg = gateway_config(tmp_path, retailcrm_url=retail.url, clinica_url=clinica.push_url,
                             rostelecom_url=rt.events_url)  # fmt: skip
        planner = PushPlanner(cfg, clock=lambda: 1795360763.0)
        pushes = planner.plan(CallRinging(call=CALL, extension="101"))
        pushes += planner.plan(CallFinished(call=CALL, extension=None))
        assert {p.target for p in pushes} == {"retailcrm", "clinica", "rostelecom"}
        store = GatewayStore(tmp_path / "gw.sqlite3")
        async with httpx.AsyncClient() as client:
            sender = PushSender(cfg, store, client)
            for push in pushes:
                # what the outbox stores: no credential anywhere
                stored = json.dumps(push.request.to_payload())
                assert RETAIL_KEY not in stored and "X-Client-Sign" not in stored
                fake = {"retailcrm": retail, "clinica": clinica, "rostelecom": rt}[push.target]
                fake.fail_next(503, retry_after=1)
                with pytest.raises(DeliveryError) as info:
                    await sender.send(
                        push.target, PushRequest.from_payload(push.request.to_payload())
                    )
                assert info.value.retry_after == 1.0
                await sender.send(push.target, PushRequest.from_payload(push.request.to_payload()))
        store.close()
    for fake in (retail, clinica, rt):
        sent = fake.requests
        assert len(sent) % 2 == 0 and sent
        for first, retry in zip(sent[::2], sent[1::2], strict=True):
            assert first.body == retry.body
            assert first.headers["idempotency-key"] == retry.headers["idempotency-key"]
        keys = [r.headers["idempotency-key"] for r in sent[::2]]
        assert len(set(keys)) == len(keys) and all("1795360756.4" in k for k in keys)
    assert {r.headers["x-api-key"] for r in retail.requests} == {RETAIL_KEY}
    assert [r.headers["idempotency-key"] for r in retail.requests[::2]] == [
        "retailcrm:1795360756.4:in:101",
        "retailcrm:1795360756.4:upload",
    ]
    assert [r.headers["idempotency-key"] for r in clinica.requests[::2]] == [
        "clinica:1795360756.4:receivedTheCall:101",
        "clinica:1795360756.4:hangupTheCall",
    ]
    for request in rt.requests:
        assert request.headers["x-client-id"] == RT_CLIENT_ID
        assert verify(RT_CLIENT_ID, request.body, RT_KEY, request.headers["x-client-sign"])
    assert rt.requests[0].headers["idempotency-key"] == "rostelecom:1795360756.4:disconnected"
    assert len(retail.uploads) == 1  # retailCRM itself dedupes calls/upload by externalId
