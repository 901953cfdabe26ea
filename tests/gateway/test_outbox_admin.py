"""Dead pushes are visible and recoverable: /health, the admin HTTP route, the CLI (issue 11 #3)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from cli.main import main
from core.history.outbox import Outbox
from gateway.app import create_app
from tests.fakes.gateway import SECRETS, FakeClock, gateway_config

TOKEN = "admin-token-0123456789"


def _dead_items(data_dir: Path, count: int) -> list[int]:
    outbox = Outbox(data_dir / "outbox.sqlite3")
    try:
        for n in range(count):
            outbox.enqueue("retailcrm", "event", f"call{n}:hangup", {"n": n}, group=f"call{n}")
        ids = [item.id for item in outbox.pending()]
        for item_id in ids:
            outbox.mark_dead(item_id, "HTTP 400: bad phone")
        return ids
    finally:
        outbox.close()


async def _client(
    tmp_path: Path, clock: FakeClock, token: str | None
) -> tuple[httpx.AsyncClient, object]:
    cfg = gateway_config(tmp_path, retailcrm_url="http://127.0.0.1:9")
    if token is not None:
        cfg = type(cfg)(file=cfg.file, secrets=type(cfg.secrets)(
            {**SECRETS, "RINGSIDE_GATEWAY_ADMIN_TOKEN": token}))  # fmt: skip
    app = create_app(cfg, clock=clock)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://gw.test"), app


async def test_dead_items_are_on_health_and_recoverable_over_http(
    tmp_path: Path, clock: FakeClock
) -> None:
    first, second, third = _dead_items(tmp_path, 3)
    client, app = await _client(tmp_path, clock, TOKEN)
    auth = {"authorization": f"Bearer {TOKEN}"}
    try:
        health = (await client.get("/health")).json()
        assert health["outbox"]["dead"] == 3
        assert (await client.get("/admin/outbox")).status_code == 401
        wrong = {"authorization": "Bearer " + TOKEN[:-1] + "X"}
        assert (await client.get("/admin/outbox", headers=wrong)).status_code == 401
        listed = (await client.get("/admin/outbox", headers=auth)).json()
        assert listed["dead"] == 3
        assert [i["key"] for i in listed["items"]] == [
            "call0:hangup",
            "call1:hangup",
            "call2:hangup",
        ]
        assert listed["items"][0]["last_error"] == "HTTP 400: bad phone"
        ok = await client.post(f"/admin/outbox/{first}/retry", headers=auth)
        assert ok.status_code == 200 and ok.json() == {"retried": [first]}
        assert (await client.post(f"/admin/outbox/{first}/retry", headers=auth)).status_code == 404
        assert (await client.delete(f"/admin/outbox/{second}", headers=auth)).json() == {
            "dropped": [second]
        }
        assert (await client.post("/admin/outbox/retry-dead", headers=auth)).json() == {
            "retried": [third]
        }
        health = (await client.get("/health")).json()
        assert health["outbox"]["dead"] == 0 and health["outbox"]["pending"] == 2
    finally:
        await client.aclose()
        await app.state.gateway.stop()  # type: ignore[attr-defined]


async def test_without_an_admin_token_the_admin_api_does_not_exist(
    tmp_path: Path, clock: FakeClock
) -> None:
    client, app = await _client(tmp_path, clock, None)
    try:
        answer = await client.get("/admin/outbox", headers={"authorization": "Bearer "})
        assert answer.status_code == 404
    finally:
        await client.aclose()
        await app.state.gateway.stop()  # type: ignore[attr-defined]


def test_cli_lists_retries_and_drops_dead_items(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    config = tmp_path / "gateway.toml"
    config.write_text(f'[server]\ndata_dir = "{tmp_path}"\n[ami]\nuser = "gw"\n', encoding="utf-8")
    first, second = _dead_items(tmp_path, 2)
    assert main(["gateway", "outbox", "list", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "dead 2" in out and "call0:hangup" in out and "HTTP 400: bad phone" in out
    assert main(["gateway", "--config", str(config), "outbox", "retry", str(first)]) == 0
    assert "retried 1 item(s)" in capsys.readouterr().out
    assert main(["gateway", "outbox", "drop", str(first), "--config", str(config)]) == 1
    assert f"no dead outbox item {first}" in capsys.readouterr().err
    assert main(["gateway", "outbox", "drop", str(second), "--config", str(config)]) == 0
    assert main(["gateway", "outbox", "list", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "pending 1 " in out and "dead 0" in out
