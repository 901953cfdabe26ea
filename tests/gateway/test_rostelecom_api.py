"""Seed 004 inbound methods: signature both ways, client id, IP allow-list, limits, errors."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from core.calls.events import CallSnapshot, Direction, Outcome
from core.signing.rostelecom import verify
from tests.fakes.gateway import RT_CLIENT_ID, RT_KEY, FakeAmi, FakeClock, make_client, rt_headers

SEED_BODY = b'{"request_number": "+74951234567","from_sipuri": "test_user@cloudpbx.rt.ru"}'


def answer(response: httpx.Response) -> dict[str, object]:
    """The JSON answer, after checking its signature over the exact received bytes."""
    assert response.headers["X-Client-ID"] == RT_CLIENT_ID
    assert verify(RT_CLIENT_ID, response.content, RT_KEY, response.headers["X-Client-Sign"])
    return json.loads(response.content)  # type: ignore[no-any-return]


async def test_call_back_with_the_seed_example_originates(tmp_path: Path, clock: FakeClock) -> None:
    ami = FakeAmi()
    client, app = await make_client(tmp_path, clock, ami=ami)
    async with client:
        response = await client.post("/call_back", content=SEED_BODY, headers=rt_headers(SEED_BODY))
        body = answer(response)
        assert response.status_code == 200
        assert body["result"] == 0 and body["resultMessage"] == "Операция выполнена успешно"
        ((name, fields),) = ami.actions
        assert name == "Originate"
        assert fields["Channel"] == "PJSIP/test_user" and fields["Exten"] == "+74951234567"
        assert fields["Context"] == "internal" and fields["ChannelId"] == body["session_id"]
        log = (
            await client.get("/debug/log", params={"method": "call_back", "direction": "in"})
        ).json()
        (entry,) = log["items"]
        assert entry["request_body"] == SEED_BODY.decode() and entry["status"] == 200
        assert entry["request_headers"]["x-client-sign"] == "***"
    await app.state.gateway.stop()


async def test_from_pin_used_when_no_sipuri(tmp_path: Path, clock: FakeClock) -> None:
    ami = FakeAmi()
    client, app = await make_client(tmp_path, clock, ami=ami)
    body = json.dumps({"request_number": "+74951234567", "from_pin": "101"}).encode()
    async with client:
        response = await client.post("/call_back", content=body, headers=rt_headers(body))
    assert answer(response)["result"] == 0
    assert ami.actions[0][1]["Channel"] == "PJSIP/101"
    await app.state.gateway.stop()


async def test_refusals(asgi: tuple[httpx.AsyncClient, object]) -> None:
    client, _ = asgi
    tampered = SEED_BODY.replace(b"4567", b"4568")
    cases = [
        (tampered, rt_headers(SEED_BODY), 403, 3),  # body changed after signing
        (SEED_BODY, rt_headers(SEED_BODY, client_id="0" * 32), 403, 2),
        (SEED_BODY, {**rt_headers(SEED_BODY), "X-Client-Sign": ""}, 403, 3),
        (b"[1,2]", rt_headers(b"[1,2]"), 400, 6),
        (b'{"from_pin": "101"}', rt_headers(b'{"from_pin": "101"}'), 400, 6),
        (b'{"request_number": "+7495"}', rt_headers(b'{"request_number": "+7495"}'), 400, 6),
    ]
    for body, headers, status, result in cases:
        response = await client.post("/call_back", content=body, headers=headers)
        assert (response.status_code, answer(response)["result"]) == (status, result), body


async def test_pbx_not_connected_is_a_clear_result(asgi: tuple[httpx.AsyncClient, object]) -> None:
    client, _ = asgi
    response = await client.post("/call_back", content=SEED_BODY, headers=rt_headers(SEED_BODY))
    body = answer(response)
    assert (response.status_code, body["result"]) == (200, 1)
    assert body["resultMessage"] == "Не удалось совершить вызов: Not connected to the PBX"


async def test_disallowed_ip_is_refused_before_anything_else(
    tmp_path: Path, clock: FakeClock
) -> None:
    client, app = await make_client(
        tmp_path, clock, ip="203.0.113.9", rostelecom={"allowed_ips": ["192.0.2.0/24"]}
    )
    async with client:
        response = await client.post("/call_back", content=SEED_BODY, headers=rt_headers(SEED_BODY))
    assert response.status_code == 403
    assert answer(response) == {
        "result": 4,
        "resultMessage": "Запросы с IP-адреса 203.0.113.9 не разрешены (белый список)",
    }
    await app.state.gateway.stop()


async def test_allowed_network_passes(tmp_path: Path, clock: FakeClock) -> None:
    client, app = await make_client(
        tmp_path,
        clock,
        ip="192.0.2.77",
        ami=FakeAmi(),
        rostelecom={"allowed_ips": ["192.0.2.0/24"]},
    )
    async with client:
        response = await client.post("/call_back", content=SEED_BODY, headers=rt_headers(SEED_BODY))
    assert answer(response)["result"] == 0
    await app.state.gateway.stop()


async def test_rate_limit_per_method(tmp_path: Path, clock: FakeClock) -> None:
    client, app = await make_client(
        tmp_path, clock, ami=FakeAmi(), rostelecom={"rate_limits": {"call_back": 2}}
    )
    app.state.gateway.limiter._clock = clock  # virtual time: no sleeping
    headers = rt_headers(SEED_BODY)
    async with client:
        statuses = [
            (await client.post("/call_back", content=SEED_BODY, headers=headers)) for _ in range(3)
        ]
        assert [r.status_code for r in statuses] == [200, 200, 429]
        refused = answer(statuses[2])
        assert refused["result"] == 5
        assert refused["resultMessage"] == (
            "Превышено ограничение на количество запросов к методу call_back: "
            "не более 2 в час. Повторите через 3600 с"
        )
        assert statuses[2].headers["Retry-After"] == "3600"
        other = await client.post(
            "/get_record", content=b'{"session_id":"x"}', headers=rt_headers(b'{"session_id":"x"}')
        )
        assert other.status_code == 404  # get_record has its own budget (default 100/hour)
        clock.now += 3600
        again = await client.post("/call_back", content=SEED_BODY, headers=headers)
        assert again.status_code == 200
    await app.state.gateway.stop()


async def test_get_record_gives_a_one_time_link(tmp_path: Path, clock: FakeClock) -> None:
    client, app = await make_client(tmp_path, clock)
    gw = app.state.gateway
    gw.store.save_call(
        CallSnapshot(
            "1795360756.4",
            Direction.INBOUND,
            "0501234567",
            None,
            outcome=Outcome.ANSWERED,
            recording="1795360756.4.wav",
        )
    )
    body = b'{"session_id": "1795360756.4"}'
    async with client:
        response = await client.post("/get_record", content=body, headers=rt_headers(body))
        got = answer(response)
        assert got["result"] == 0 and str(got["url"]).startswith("http://gw.test/records/")
        path = str(got["url"]).removeprefix("http://gw.test")
        first = await client.get(path)
        assert first.status_code == 307
        assert first.headers["location"].startswith(
            "http://gw.test/recordings/file/1795360756.4.wav?exp="
        )
        second = await client.get(path)
        assert second.status_code == 404
        missing = b'{"session_id": "nope"}'
        response = await client.post("/get_record", content=missing, headers=rt_headers(missing))
        assert (response.status_code, answer(response)["result"]) == (404, 7)
    await gw.stop()


async def test_one_time_link_downloads_the_freepbx_recording(
    tmp_path: Path, clock: FakeClock
) -> None:
    client, app = await make_client(tmp_path, clock)
    gw = app.state.gateway
    started = clock.now
    day = time.strftime("%Y/%m/%d", time.localtime(started))
    wav = tmp_path / "monitor" / day / "in-0443334000-0501234567-x.wav"
    wav.parent.mkdir(parents=True)
    wav.write_bytes(b"RIFF" + bytes(200))
    gw.store.save_call(
        CallSnapshot(
            "1.9",
            Direction.INBOUND,
            "0501234567",
            None,
            outcome=Outcome.ANSWERED,
            recording=wav.name,
            started_at=started,
        )
    )
    body = b'{"session_id":"1.9"}'
    async with client:
        got = answer(await client.post("/get_record", content=body, headers=rt_headers(body)))
        path = str(got["url"]).removeprefix("http://gw.test")
        redirect = await client.get(path)
        location = redirect.headers["location"]
        assert f"/recordings/file/{day}/{wav.name}?exp=" in location
        audio = await client.get(location.removeprefix("http://gw.test"))
        assert audio.status_code == 200 and audio.content == wav.read_bytes()
    await gw.stop()


async def test_get_record_as_get_signs_the_query_string(tmp_path: Path, clock: FakeClock) -> None:
    client, app = await make_client(tmp_path, clock)
    app.state.gateway.store.save_call(
        CallSnapshot("7.1", Direction.INBOUND, "0501234567", None, recording="7.1.wav")
    )
    query = b"session_id=7.1"
    async with client:
        good = await client.get("/get_record?session_id=7.1", headers=rt_headers(query))
        assert answer(good)["result"] == 0
        forged = await client.get("/get_record?session_id=7.2", headers=rt_headers(query))
        assert (forged.status_code, answer(forged)["result"]) == (403, 3)
    await app.state.gateway.stop()
