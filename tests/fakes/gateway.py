"""Test helpers for the gateway: config builder, in-loop uvicorn and ASGI clients, a stand-in
AMI and clock, a Rostelecom-side fake, transcript replays through the planner."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from core.ami.connection import Response
from core.calls.events import CallEvent
from core.calls.tracker import CallTracker
from core.signing.rostelecom import sign
from gateway.app import create_app
from gateway.config import GatewayConfig, config_from_dict
from gateway.planner import PlannedPush, PushPlanner
from tests.fakes.crm_http import FakeServer, RecordedRequest, Reply, json_reply
from tests.paths import TRANSCRIPTS

RT_CLIENT_ID = "000003C405E6525C64C184258C44EC99"
RT_KEY = "00000716ABDA6D4DFF10F82BCBBFC532"
RETAIL_KEY = "retail-api-key"
RETAIL_CLIENT_ID = "5494143d6ad0b09976b"
BINOTEL_KEY = "701151-a3a9ca8"
BINOTEL_SECRET = "binotel-secret"
AMI_USER, AMI_SECRET = "gateway", "gw-secret"
LINK_KEY = "0123456789abcdef0123456789abcdef"

SECRETS = {
    "RINGSIDE_AMI_SECRET": AMI_SECRET,
    "RINGSIDE_RETAILCRM_API_KEY": RETAIL_KEY,
    "RINGSIDE_BINOTEL_SECRET": BINOTEL_SECRET,
    "RINGSIDE_ROSTELECOM_SIGN_KEY": RT_KEY,
    "RINGSIDE_RECORDINGS_LINK_KEY": LINK_KEY,
}


class RostelecomSideFake(FakeServer):
    """The external system of seed 004: receives signed ``call_events``, answers signed."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict[str, Any]] = []

    @property
    def events_url(self) -> str:
        return self.url + "/call_events"

    def route(self, req: RecordedRequest) -> Reply:
        if (req.method, req.path) != ("POST", "/call_events"):
            return json_reply({"result": 1, "resultMessage": "not found"}, 404)
        self.events.append(json.loads(req.body))
        body = json.dumps({"result": 0}).encode()
        headers = {"X-Client-ID": RT_CLIENT_ID, "X-Client-Sign": sign(RT_CLIENT_ID, body, RT_KEY)}
        return Reply(200, body, headers)


def gateway_config(
    data_dir: Path,
    *,
    ami_port: int = 1,
    retailcrm_url: str | None = None,
    clinica_url: str | None = None,
    rostelecom_url: str | None = None,
    **overrides: Any,
) -> GatewayConfig:
    raw: dict[str, Any] = {
        "server": {"host": "127.0.0.1", "port": 0, "data_dir": str(data_dir)},
        "ami": {"host": "127.0.0.1", "port": ami_port, "user": AMI_USER},
        "binotel": {"key": BINOTEL_KEY, "context": "internal"},
        "rostelecom": {
            "client_id": RT_CLIENT_ID,
            "callback_url": rostelecom_url or "",
            "context": "internal",
        },
        "recordings": {"recordings_root": str(data_dir / "monitor")},
    }
    if retailcrm_url is not None:
        raw["retailcrm"] = {
            "url": retailcrm_url,
            "client_id": RETAIL_CLIENT_ID,
            "context": "internal",
        }
    if clinica_url is not None:
        raw["clinica"] = {"push_url": clinica_url, "company_id": "3041"}
    for section, values in overrides.items():
        raw.setdefault(section, {}).update(values)
    (data_dir / "monitor").mkdir(parents=True, exist_ok=True)
    return config_from_dict(raw, SECRETS)


@contextlib.asynccontextmanager
async def serve(
    config: GatewayConfig, *, clock: Callable[[], float] | None = None, ami: Any = None
) -> AsyncIterator[tuple[str, Any]]:
    """Run the gateway under uvicorn on 127.0.0.1:<ephemeral> in this loop; yield (url, app)."""
    kwargs: dict[str, Any] = {"ami": ami}
    if clock is not None:
        kwargs["clock"] = clock
    app = create_app(config, **kwargs)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started or task.done():
            break
        await asyncio.sleep(0.01)
    if task.done():
        task.result()
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 15)


async def wait_for(predicate: Callable[[], bool], within: float = 10.0) -> None:
    """Poll ``predicate`` (state reached through real sockets) until true or fail."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


def rt_headers(body: bytes, *, client_id: str = RT_CLIENT_ID, key: str = RT_KEY) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Client-ID": client_id,
        "X-Client-Sign": sign(client_id, body, key),
    }


async def post(url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.post(url, content=body, headers=headers)


class FakeClock:
    def __init__(self, now: float = 1_795_360_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeAmi:
    """Stands in for AMIConnection in HTTP-only tests: records actions, answers Success."""

    def __init__(self, message: str = "", success: bool = True) -> None:
        self.actions: list[tuple[str, dict[str, Any]]] = []
        self.success, self.message = success, message

    async def send_action(self, name: str, fields: Any = None, **_: Any) -> Response:
        self.actions.append((name, dict(fields or {})))
        final = {"Event": "OriginateResponse", "Response": "Success", "Reason": "4"}
        final["Uniqueid"] = str((fields or {}).get("ChannelId", ""))
        return Response(name, self.success, self.message, {}, (final,) if self.success else ())


async def make_client(
    tmp_path: Path, clock: FakeClock, *, ip: str = "127.0.0.1", ami: Any = None, **config: Any
) -> tuple[httpx.AsyncClient, Any]:
    config.setdefault("retailcrm_url", "http://127.0.0.1:9")
    config.setdefault("clinica_url", "http://127.0.0.1:9/api/Binotel/Push")
    cfg = gateway_config(tmp_path, server={"public_url": "http://gw.test"}, **config)
    app = create_app(cfg, clock=clock, ami=ami)
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://gw.test"), app


def replay(name: str) -> list[CallEvent]:
    """Feed the captured messages with the capture's own timing (``t``) as the clock."""
    now = [1_795_360_000.0]
    tracker = CallTracker(lambda: now[0])
    if name.startswith("12-"):
        tracker.expect_originate("c2c-1795-0001", "101", "0501234567")
    events: list[CallEvent] = []
    for line in (TRANSCRIPTS / f"{name}.timeline.jsonl").read_text().splitlines():
        entry = json.loads(line)
        if entry.get("dir") == "in" and "msg" in entry:
            now[0] = 1_795_360_000.0 + entry["t"]
            events += tracker.handle(entry["msg"])
    return events + tracker.flush()


def plan(tmp_path: Path, name: str) -> list[PlannedPush]:
    cfg = gateway_config(
        tmp_path,
        retailcrm_url="https://shop.retailcrm.ru",
        clinica_url="https://cw/api/Binotel/Push",
        rostelecom_url="https://ext/call_events",
    )
    planner = PushPlanner(
        cfg, clock=lambda: 1000.0, record_url=lambda call: f"https://gw/{call.recording}"
    )
    return [push for event in replay(name) for push in planner.plan(event)]
