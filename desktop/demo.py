"""``ringside demo``: the environment behind the demo (Qt-free); ``desktop.main`` shows it.

The environment is :mod:`core.demo`; this module adds the recordings gateway.
It starts the PBX simulator on 127.0.0.1 (a free port), the local address book
with the demo customers, a call history and sample recordings in a temporary
directory (extension 101 on PJSIP/101), then plays a call scenario every few
seconds (answered, queue, missed, click-to-call, transfer, busy) so the popup,
the history and playback all show up at once. Settings changed inside the
demo go to the demo's own profile (``desktop.settings_glue.demo_controller``),
never to the real one. ``--exit-after S`` quits by itself (CI, screenshots,
benchmarks).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import core.demo
from core.demo import PLAYLIST, write_tone_wav
from core.service import RingsideService
from desktop.demo_gateway import DemoGateway

log = logging.getLogger(__name__)
__all__ = ["PLAYLIST", "DemoEnvironment", "add_arguments", "default_args", "write_tone_wav"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--interval",
        type=float,
        default=4.0,
        metavar="S",
        help="seconds between the end of one demo call and the next (default 4)",
    )
    parser.add_argument(
        "--exit-after",
        type=float,
        default=None,
        metavar="S",
        help="quit by itself after S seconds (CI, screenshots)",
    )
    parser.add_argument("--extension", default="101", help="the operator's extension (default 101)")
    parser.add_argument("--speed", type=float, default=1.0, help="play the calls faster (e.g. 2)")


def default_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args([])


class DemoEnvironment(core.demo.DemoEnvironment):
    """The core demo environment plus its recordings gateway (uvicorn, 127.0.0.1)."""

    def __init__(
        self, root: Path, extension: str = "101", interval: float = 4.0, speed: float = 1.0
    ):
        super().__init__(root, extension, interval, speed)
        self.gateway = DemoGateway(root, self.recordings_dir)
        self.on_finished.append(lambda call: self.gateway.add_call(call, self.extension))
        self.on_close.append(self.gateway.stop)

    async def start(self) -> RingsideService:
        service = await super().start()
        await self.gateway.start()
        return service
