"""Test helpers for the gateway: config builder, in-loop uvicorn, a Rostelecom-side fake."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from core.signing.rostelecom import sign
from gateway.app import create_app
from gateway.config import GatewayConfig, config_from_dict
from tests.fakes.crm_http import FakeServer, RecordedRequest, Reply, json_reply

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
