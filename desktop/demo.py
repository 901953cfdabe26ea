"""``ringside demo``: the whole product on embedded defaults, popups within seconds.

The environment is :mod:`core.demo` (Qt-free); this module adds the recordings
gateway and the tray app. It starts the PBX simulator on 127.0.0.1 (a free
port), a throw-away profile in a temporary directory (extension 101 on PJSIP/101), the local address book with
the demo customers, a call history, and sample recordings; then plays a call
scenario every few seconds (answered, queue, missed, click-to-call, transfer,
busy) so the popup, the history and playback all show up at once.
``--exit-after S`` quits by itself (CI, screenshots, benchmarks).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import tempfile
from pathlib import Path

import core.demo
from core.demo import PLAYLIST, write_tone_wav
from core.service import RingsideService
from desktop.demo_gateway import DemoGateway

log = logging.getLogger(__name__)
__all__ = ["PLAYLIST", "DemoEnvironment", "add_arguments", "default_args", "run", "write_tone_wav"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--interval", type=float, default=4.0, metavar="S",
                        help="seconds between the end of one demo call and the next (default 4)")
    parser.add_argument("--exit-after", type=float, default=None, metavar="S",
                        help="quit by itself after S seconds (CI, screenshots)")
    parser.add_argument("--extension", default="101", help="the operator's extension (default 101)")
    parser.add_argument("--speed", type=float, default=1.0, help="play the calls faster (e.g. 2)")


def default_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args([])


class DemoEnvironment(core.demo.DemoEnvironment):
    """The core demo environment plus its recordings gateway (uvicorn, 127.0.0.1)."""

    def __init__(self, root: Path, extension: str = "101", interval: float = 4.0, speed: float = 1.0):
        super().__init__(root, extension, interval, speed)
        self.gateway = DemoGateway(root, self.recordings_dir)
        self.on_finished.append(lambda call: self.gateway.add_call(call, self.extension))
        self.on_close.append(self.gateway.stop)

    async def start(self) -> RingsideService:
        service = await super().start()
        await self.gateway.start()
        return service


def run(args: argparse.Namespace) -> int:
    """``ringside demo``: run the tray app against the demo environment."""
    from desktop.app import RingsideApp
    from desktop.loop import ensure_app, install_language, run_app

    with tempfile.TemporaryDirectory(prefix="ringside-demo-") as tmp:
        root = Path(tmp)
        os.environ["RINGSIDE_CONFIG_DIR"] = str(root / "config")  # never touch the real profile
        install_language(ensure_app(), os.environ.get("RINGSIDE_LANGUAGE", "auto"))
        demo = DemoEnvironment(root, args.extension, args.interval, getattr(args, "speed", 1.0))

        class Running:
            def __init__(self, ui: RingsideApp) -> None:
                self.ui = ui

            async def aclose(self) -> None:
                await self.ui.aclose()
                await demo.aclose()

        async def setup(quit_event: asyncio.Event) -> Running:
            service = await demo.start()
            from core.recordings.client import RecordingsClient

            api = RecordingsClient(demo.gateway.url, demo.gateway.token, who=args.extension)
            ui = RingsideApp(
                service, quit_event, recordings_dir=demo.recordings_dir, recordings_api=api,
                supervisor=True,  # the demo profile shows the supervisor tools (browser, Live tab)
            )  # fmt: skip
            ui.tray.show()
            ui.selection.start("Ctrl+Alt+D")  # the global dial hotkey, where the session has one
            await service.start()
            demo.start_calls()
            if args.exit_after:
                asyncio.get_running_loop().call_later(args.exit_after, quit_event.set)
            return Running(ui)

        return run_app(setup)
