"""The gateway's feed against the PBX simulator over TCP: event filter, TLS option, no secret."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from core.calls.ami_feed import event_filters
from core.sim.server import PBXSimulator, SimUser
from gateway.config import config_from_dict
from gateway.runtime import Gateway
from tests.fakes.certs import self_signed
from tests.fakes.gateway import AMI_SECRET, AMI_USER, gateway_config, wait_for


async def test_the_gateway_asks_asterisk_for_the_trackers_events_only(tmp_path: Path) -> None:
    sim = PBXSimulator(port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20)
    await sim.start()
    gw = Gateway(gateway_config(tmp_path, ami_port=sim.port))
    try:
        await gw.start()
        await wait_for(lambda: gw.ami_state == "ready")
        sent = [f["Filter"] for f in sim.actions_named("Filter")]
        assert sent == list(event_filters())
    finally:
        await gw.stop()
        await sim.stop()


async def test_filter_events_off_sends_no_filter(tmp_path: Path) -> None:
    sim = PBXSimulator(port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20)
    await sim.start()
    config = gateway_config(tmp_path, ami_port=sim.port, ami={"filter_events": False})
    gw = Gateway(config)
    try:
        await gw.start()
        await wait_for(lambda: gw.ami_state == "ready")
        assert sim.actions_named("Filter") == [] and sim.actions_named("CoreShowChannels")
    finally:
        await gw.stop()
        await sim.stop()


async def test_no_secret_means_no_login(tmp_path: Path) -> None:
    sim = PBXSimulator(port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20)
    await sim.start()
    raw = {
        "server": {"host": "127.0.0.1", "port": 0, "data_dir": str(tmp_path)},
        "ami": {"host": "127.0.0.1", "port": sim.port, "user": AMI_USER},
    }
    gw = Gateway(config_from_dict(raw, {}))
    try:
        await gw.start()
        assert gw.ami_state == "failed" and gw.feed.status.detail == "no secret stored"
        assert sim.actions_named("Login") == [] and sim.actions_named("Challenge") == []
    finally:
        await gw.stop()
        await sim.stop()


async def test_ami_over_tls_verifies_the_pbx_certificate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = self_signed(tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    sim = PBXSimulator(
        port=0, users={AMI_USER: SimUser(AMI_SECRET)}, speed=20, ssl_context=server_ctx
    )
    await sim.start()
    ami = {"host": "localhost", "port": sim.port, "tls": True}
    untrusted = Gateway(gateway_config(tmp_path / "a", ami=ami))
    try:  # the self-signed certificate is not trusted: no login, and no plain-text fallback
        await untrusted.start()
        await wait_for(lambda: "certificate" in (untrusted.feed.status.detail or "").lower())
        assert sim.actions_named("Login") == []
    finally:
        await untrusted.stop()
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the PBX's certificate is trusted now
    gw = Gateway(gateway_config(tmp_path / "b", ami=ami))
    try:
        await gw.start()
        await wait_for(lambda: gw.ami_state == "ready")
        assert sim.actions_named("Login")
    finally:
        await gw.stop()
        await sim.stop()


def test_lines_come_from_the_config_channel_format(tmp_path: Path) -> None:
    config = gateway_config(tmp_path, binotel={"channel_format": "SIP/##", "context": "office,2"})
    gw = Gateway(config)
    try:
        line = gw.feed.line("205")
        assert (line.endpoint, line.context) == ("SIP/205", "office")
    finally:
        gw.store.close()
        gw.outbox.close()
