"""The parts of the cluster tests: a real nats-server, hub nodes as child processes."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import httpx

from core.sim.server import PBXSimulator
from gateway.config import GatewayConfig, parse_config
from tests.hub.support import Desk, add_users, desk

ROOT = Path(__file__).resolve().parents[2]
AMI_USER, AMI_SECRET, CRM_KEY = "hub", "hub-secret", "crm-key"
NATS_SERVER = shutil.which("nats-server") or shutil.which("/usr/sbin/nats-server")
SKIP_REASON = "nats-server is not installed (apt-get install nats-server; `make test` installs it)"
RETAIL_CLIENT_ID = "cluster-client-id-0001"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class NatsServer:
    """``nats-server -js`` on loopback with a temp store (restartable on the same port)."""

    def __init__(self, store: Path) -> None:
        self.store, self.port = store, free_port()
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    async def start(self) -> None:
        assert NATS_SERVER is not None
        self.proc = await asyncio.create_subprocess_exec(
            NATS_SERVER, "-js", "-a", "127.0.0.1", "-p", str(self.port), "-sd", str(self.store),
            "-m", "0", stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(200):
            try:
                _r, w = await asyncio.open_connection("127.0.0.1", self.port)
                w.close()
                return
            except OSError:
                await asyncio.sleep(0.05)
        raise AssertionError("nats-server did not start")

    async def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()


class Cut:
    """A TCP relay between one node and NATS that the test can cut (a partition)."""

    def __init__(self, target_port: int) -> None:
        self.target, self.port = target_port, free_port()
        self.open = True
        self.links: set[asyncio.StreamWriter] = set()
        self.server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", self.port)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.open:
            writer.close()
            return
        try:
            up_r, up_w = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            return
        self.links |= {writer, up_w}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while self.open and (data := await src.read(65536)):
                    dst.write(data)
                    await dst.drain()
            except (OSError, ConnectionError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_w), pipe(up_r, writer))

    def cut(self) -> None:
        self.open = False
        for writer in list(self.links):
            writer.transport.abort()
        self.links.clear()

    def heal(self) -> None:
        self.open = True

    async def stop(self) -> None:
        self.cut()
        if self.server is not None:
            self.server.close()


class HubProcess:
    """``ringside gateway --config FILE`` in a child process (kill -9 needs a real one)."""

    def __init__(self, config: Path, port: int) -> None:
        self.config, self.port = config, port
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        env = {**os.environ, "RINGSIDE_AMI_SECRET": AMI_SECRET, "RINGSIDE_HUB_CRM_KEY": CRM_KEY}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "cli.main", "gateway", "--config", str(self.config), "--log-level", "warning",
            cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        async with httpx.AsyncClient(timeout=1) as http:
            for _ in range(300):
                try:
                    if (await http.get(self.url + "/health")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if self.proc.returncode is not None:
                    raise AssertionError(f"the hub exited with {self.proc.returncode}")
                await asyncio.sleep(0.05)
        raise AssertionError("the hub did not start")

    async def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


def node_config(
    tmp: Path, name: str, ami_port: int, nats: list[str], crm_url: str, lease_ttl: float = 2.0
) -> tuple[Path, int]:
    port = free_port()
    data = tmp / name
    data.mkdir(parents=True, exist_ok=True)
    path = data / "gateway.toml"
    urls = ", ".join(f'"{u}"' for u in nats)
    path.write_text(
        f"""
[server]
host = "127.0.0.1"
port = {port}
data_dir = "{data / "data"}"
debug_page = false

[ami]
host = "127.0.0.1"
port = {ami_port}
user = "{AMI_USER}"

[retailcrm]
url = "{crm_url}"
client_id = "{RETAIL_CLIENT_ID}"
api_key_env = "RINGSIDE_HUB_CRM_KEY"
context = "from-internal"

[hub]
enabled = true
sync_grace = 0.3
recheck = 0.5

[hub.crm]
adapter = "retailcrm"
settings = {{ url = "{crm_url}" }}
secret_env = "RINGSIDE_HUB_CRM_KEY"

[cluster]
nats = [{urls}]
node = "{name}"
lease_ttl = {lease_ttl}
command_timeout = 4.0
""",
        encoding="utf-8",
    )
    add_users(GatewayConfig(file=parse_config(path.read_text()), path=path))
    return path, port


async def status(node: HubProcess) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=2) as http:
        return dict((await http.get(node.url + "/cluster")).json())


async def leader_of(nodes: list[HubProcess]) -> HubProcess | None:
    for node in nodes:
        if node.proc is None or node.proc.returncode is not None:
            continue
        try:
            if (await status(node))["leading"]:
                return node
        except httpx.HTTPError:
            continue
    return None


async def start_nodes(
    tmp_path: Path, sim: PBXSimulator, urls: list[list[str]], crm_url: str
) -> list[HubProcess]:
    nodes = []
    for i, nats_urls in enumerate(urls):
        path, port = node_config(tmp_path, f"n{i}", sim.port, nats_urls, crm_url)
        node = HubProcess(path, port)
        await node.start()
        nodes.append(node)
    return nodes


async def wait_leader(nodes: list[HubProcess], within: float = 20) -> HubProcess:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        found = await leader_of(nodes)
        if found is not None:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError("no node took the AMI connection")


def cluster_desk(nodes: list[HubProcess], first: HubProcess, user: str) -> Desk:
    order = [first] + [n for n in nodes if n is not first]
    return desk(",".join(n.url for n in order), user)


async def stop_all(nodes: list[HubProcess], desks: list[Desk]) -> None:
    for d in desks:
        await d.feed.stop()
    for node in nodes:
        await node.stop()


__all__ = [
    "AMI_SECRET",
    "AMI_USER",
    "CRM_KEY",
    "Cut",
    "HubProcess",
    "NatsServer",
    "cluster_desk",
    "free_port",
    "leader_of",
    "node_config",
    "start_nodes",
    "stop_all",
    "wait_leader",
]
