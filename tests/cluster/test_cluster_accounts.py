"""Sign-ins are shared by the cluster: a token from one node works on another, and a
token revoked on one node is refused on every node and its connections are closed."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from core.calls.feed import LinkState
from core.hub.client import HubToken
from core.sim.server import PBXSimulator
from tests.cluster.support import (
    CRM_KEY,
    NATS_SERVER,
    SKIP_REASON,
    NatsServer,
    start_nodes,
    stop_all,
    wait_leader,
)
from tests.fakes.crm_servers import RetailCrmFake
from tests.hub.support import PASSWORD, Desk, desk, wait_for

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.slow,
    pytest.mark.skipif(NATS_SERVER is None, reason=SKIP_REASON),
]


async def test_a_sign_in_works_on_every_node_and_a_revocation_everywhere(
    tmp_path: Path, sim: PBXSimulator, nats: NatsServer
) -> None:
    with RetailCrmFake(api_key=CRM_KEY) as crm:
        nodes = await start_nodes(tmp_path, sim, [[nats.url]] * 2, crm.url)
        desks: list[Desk] = []
        try:
            await wait_leader(nodes)
            a, b = nodes
            async with httpx.AsyncClient(timeout=5) as http:
                login = await http.post(
                    a.url + "/hub/login", json={"user": "101", "password": PASSWORD}
                )
                assert login.status_code == 200
                token = login.json()["token"]
                # the token from node a, no password: node b takes it
                d101 = desk(
                    b.url, "101", password=None, token=HubToken(token, login.json()["expires_at"])
                )
                desks.append(d101)
                await d101.feed.start()
                await wait_for(lambda: d101.feed.status.state is LinkState.READY, 20)
                me = await http.get(b.url + "/hub/me", headers={"Authorization": f"Bearer {token}"})
                assert me.status_code == 200 and me.json()["user"] == "101"

                out = await http.post(
                    a.url + "/hub/logout", headers={"Authorization": f"Bearer {token}"}
                )
                assert out.status_code < 300
                # node b closes the connection by itself and refuses the token from now on
                await wait_for(lambda: d101.feed.status.state is LinkState.FAILED, 5)
                assert "revoked" in (d101.feed.status.detail or "")
                assert d101.tokens[-1] is None  # the desktop forgot the saved token
                again = await http.get(
                    b.url + "/hub/me", headers={"Authorization": f"Bearer {token}"}
                )
                assert again.status_code == 401
        finally:
            await stop_all(nodes, desks)
