"""The reusable Rostelecom "external system" fake accepts only correctly signed bytes."""

from __future__ import annotations

import httpx

from core.signing import rostelecom
from tests.fakes.crm_servers import RostelecomCrmFake


def test_signed_events_accepted_and_answers_signed() -> None:
    with RostelecomCrmFake(client_id="cid", key="k3y") as fake:
        body = b'{"state": "new", "type": "incoming", "session_id": "76981273981237"}'
        with httpx.Client(auth=rostelecom.RostelecomAuth("cid", "k3y")) as client:
            good = client.post(fake.url + "/call_events", content=body)
        with httpx.Client(auth=rostelecom.RostelecomAuth("cid", "wrong")) as client:
            bad = client.post(fake.url + "/call_events", content=body)
    assert good.status_code == 200 and bad.status_code == 403
    assert rostelecom.verify_request(good.headers, good.content, "cid", "k3y")
    assert [(path, ok) for path, _, ok in fake.events] == [
        ("/call_events", True),
        ("/call_events", False),
    ]
    assert fake.events[0][1]["session_id"] == "76981273981237"
