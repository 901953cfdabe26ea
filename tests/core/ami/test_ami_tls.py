"""AMI over TLS: the same client against the simulator behind a self-signed certificate."""

from __future__ import annotations

import ssl
from pathlib import Path

from core.ami.connection import AMIConnection, ConnectionState
from core.sim.server import PBXSimulator, SimUser
from tests.fakes.certs import self_signed


async def test_login_over_tls(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    client_ctx.check_hostname = False  # we dial 127.0.0.1, the cert names localhost
    sim = PBXSimulator(port=0, users={"demo": SimUser("demo")}, ssl_context=server_ctx)
    await sim.start()
    try:
        conn = AMIConnection(
            "127.0.0.1", sim.port, "demo", "demo", tls=True, ssl_context=client_ctx
        )
        await conn.start()
        assert conn.state is ConnectionState.CONNECTED
        assert (await conn.send_action("Ping")).get("Ping") == "Pong"
        await conn.close()
    finally:
        await sim.stop()
