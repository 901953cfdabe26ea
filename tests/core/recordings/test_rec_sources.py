"""Recording sources: each scheme's request and the URL it yields (httpx MockTransport fakes)."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from core.recordings.client import RecordingsClient
from core.recordings.errors import Forbidden, NotFound, RecordingError
from core.recordings.sources import (
    BinotelSource,
    CallRef,
    CrmRecordUrlSource,
    GatewayLinkSource,
    GetRecordLocalSource,
    RostelecomSource,
    VirtualPbxSource,
)
from core.recordings.types import SearchQuery
from core.signing.links import verify_link

CALL = CallRef(call_id="1795360756.4", uniqueid="1795360756.4", recording="2026/11/22/in x.wav",
               provider_id="30-624835FEEE0E11E6A19D331E4D6A0606")  # fmt: skip
KEY = b"s" * 32


async def test_gateway_source_signs_locally_with_the_shared_key() -> None:
    source = GatewayLinkSource("http://gw:8080/", key=KEY, ttl=600, clock=lambda: 1000.0)
    playable = await source.resolve(CALL)
    parts = urlsplit(playable.url)
    assert parts.path == "/recordings/file/2026/11/22/in%20x.wav"
    query = parse_qs(parts.query)
    assert query["exp"] == ["1600"]
    assert verify_link("2026/11/22/in x.wav", "1600", query["sig"][0], KEY, now=1599)
    assert playable.streamable and playable.expires_at == 1600
    with pytest.raises(NotFound):
        await source.resolve(CallRef(call_id="x"))


async def test_gateway_source_asks_the_link_endpoint_with_a_token() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == "Bearer tok"
        assert json.loads(request.content)["call_id"] == "1795360756.4"
        return httpx.Response(
            200, json={"url": "http://gw/recordings/file/a.wav?exp=1&sig=x", "expires_at": 1}
        )

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        playable = await GatewayLinkSource("http://gw", token="tok", client=client).resolve(CALL)
    assert playable.url.endswith("sig=x")


async def test_get_record_local_url() -> None:
    playable = await GetRecordLocalSource("https://pbx/get_record_local.php", "crm key").resolve(
        CALL
    )
    assert playable.url == "https://pbx/get_record_local.php?clientId=crm+key&uniqueid=1795360756.4"


async def test_virtual_pbx_modes() -> None:
    base = "https://hostname/api/ver1.0/client/@me"

    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers["Authorization"] != "Bearer oauth":
            return httpx.Response(403)
        if request.url.path.endswith("/storage_url/"):
            return httpx.Response(200, json={"record_url": "http://storage.hostname/bd7zz=="})
        if request.url.path.endswith("/path/"):
            return httpx.Response(
                200,
                json={"filename": "/300/2017-02-17-11-05-04_in_300_uhl4.mp3", "file_size": 19152},
            )
        return httpx.Response(403)

    record = f"{base}/record/30-624835FEEE0E11E6A19D331E4D6A0606/"
    bearer = await VirtualPbxSource(base, "bearer", access_token="oauth").resolve(CALL)
    assert bearer.url == record and bearer.headers == (("Authorization", "Bearer oauth"),)
    assert not bearer.streamable
    assert "oauth" not in repr(bearer) and "oauth" not in repr(
        VirtualPbxSource(base, access_token="oauth")
    )
    basic = await VirtualPbxSource(base, "basic", username="u", password="p").resolve(CALL)
    assert basic.url == record + "download/" and basic.basic_auth == ("u", "p")
    assert "'p'" not in repr(basic)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        storage = await VirtualPbxSource(
            base, "storage", access_token="oauth", client=client
        ).resolve(CALL)
        ftp = await VirtualPbxSource(base, "ftp", access_token="oauth", username="300",
                                     ftp_host="ftp.hostname", client=client).resolve(CALL)  # fmt: skip
        with pytest.raises(Forbidden):
            await VirtualPbxSource(
                base + "x", "storage", access_token="bad", client=client
            ).resolve(CallRef(call_id="1"))
    assert storage.url == "http://storage.hostname/bd7zz=="
    assert ftp.url == "ftp://300@ftp.hostname/300/2017-02-17-11-05-04_in_300_uhl4.mp3"


async def test_binotel_call_record_is_signed_md5_of_secret_and_sorted_json() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        assert request.url.path == "/stats/call-record.json"
        assert body["key"] == "701151-a3a9ca8"
        expected = hashlib.md5(b'secret{"callID":"744924436"}').hexdigest()
        assert body["signature"] == expected
        assert request.content == (  # Binotel's PHP client: sorted params, signature, key
            b'{"callID":"744924436","signature":"'
            + expected.encode()
            + b'","key":"701151-a3a9ca8"}'
        )
        assert request.headers["Content-Length"] == str(len(request.content))
        return httpx.Response(
            200, json={"status": "success", "url": "https://cdn/74/744924436.mp3?Expires=1"}
        )

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        source = BinotelSource(
            "https://host", "701151-a3a9ca8", "secret", client, clock=lambda: 0.0
        )
        playable = await source.resolve(CallRef(call_id="x", provider_id="744924436"))
    assert playable.url.startswith("https://cdn/74/") and playable.expires_at == 900


async def test_rostelecom_get_record_one_time_url_and_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = request.content
        assert body.startswith(b'{"session_id": "')  # the exact bytes sent are the ones signed
        sign = hashlib.sha256(b"cid" + body + b"key").hexdigest()
        assert request.headers["X-Client-ID"] == "cid" and request.headers["X-Client-Sign"] == sign
        session = json.loads(body)["session_id"]
        if session == "none":
            return httpx.Response(200, json={"result": "1", "resultMessage": "Запись не найдена"})
        return httpx.Response(
            200, json={"result": "0", "resultMessage": "ok", "url": "  https://rt/rec/1\n"}
        )

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        source = RostelecomSource("https://api.cloudpbx.rt.ru/get_record", "cid", "key", client)
        assert (
            await source.resolve(CallRef(call_id="x", provider_id="0000be28"))
        ).url == "https://rt/rec/1"
        with pytest.raises(NotFound, match="Запись не найдена"):
            await source.resolve(CallRef(call_id="x", provider_id="none"))


async def test_crm_record_url() -> None:
    assert (
        await CrmRecordUrlSource().resolve(CallRef(call_id="1", record_url="https://crm/r.mp3"))
    ).url.endswith("r.mp3")
    with pytest.raises(NotFound):
        await CrmRecordUrlSource().resolve(CallRef(call_id="1"))


async def test_search_client_round_trip_and_errors() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers["Authorization"] != "Bearer t":
            return httpx.Response(401)
        if request.url.path == "/recordings/link":
            return httpx.Response(200, json={"url": "http://gw/f?sig=1"})
        row = {"id": 1, "call_id": "c", "uniqueid": "c", "started_at": 5, "src": "1", "dst": "2",
               "operator": "101", "number": "1", "direction": "inbound", "disposition": "ANSWERED",
               "outcome": "answered", "duration": 3, "billsec": 2, "recording": "c.wav", "extra": 1}  # fmt: skip
        return httpx.Response(
            200, json={"items": [row], "total": 1, "total_exact": True, "page": 1, "per_page": 50}
        )

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = RecordingsClient("http://gw/", "t", http, who="anna")
        page = await client.search(SearchQuery(operator="101", min_duration=2))
        assert page.items[0].recording == "c.wav" and page.total == 1
        assert dict(seen[0].url.params) == {
            "operator": "101",
            "min_duration": "2",
            "page": "1",
            "per_page": "50",
        }
        assert seen[0].headers["X-Ringside-User"] == "anna"
        assert await client.link_for("c") == "http://gw/f?sig=1"
        with pytest.raises(RecordingError):
            await RecordingsClient("http://gw", "wrong", http).search(SearchQuery())
