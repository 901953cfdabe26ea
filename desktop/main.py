"""Start-up of the desktop: ``ringside`` (the tray app) and ``ringside demo``, in one place.

``run(args)`` is ``ringside`` with no subcommand: one instance per user (a
second launch forwards its ``tel:``/``callto:``/``sip:`` argument and exits);
no configured profile -> the first-run window (connect to a Ringside server,
to the PBX directly, or try the demo); otherwise connect and sit in the tray.
``run_demo(args)`` is ``ringside demo``: the simulator behind the same app,
with settings kept in the demo's own profile.

Event loop (qasync, ``desktop.loop.run_app``): the app never quits on its last
window; Quit (menu) and Ctrl+C only set an ``asyncio.Event`` that the loop
awaits, and everything is closed before the loop ends.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from desktop.app import RingsideApp
from desktop.demo import DemoEnvironment, default_args
from desktop.loop import ensure_app, install_language, run_app
from desktop.settings_glue import SettingsController, demo_controller, recordings_dir
from desktop.single_instance import ACTIVATE, SingleInstance

__all__ = ["main", "run", "run_demo"]


class _Nothing:
    """What ``setup`` returns when the operator closed the first-run window: quit quietly."""

    async def aclose(self) -> None:
        return None


class _Running:
    def __init__(self, ui: RingsideApp, *extra: Any) -> None:
        self.ui = ui
        self.extra = extra

    async def aclose(self) -> None:
        await self.ui.aclose()
        for part in self.extra:
            await part.aclose()


def main(argv: list[str] | None = None) -> int:
    """``ringside [tel:/callto:/sip: URL]`` (also ``python -m desktop.main``)."""
    parser = argparse.ArgumentParser(prog="ringside", description="Ringside tray app")
    parser.add_argument("url", nargs="?", help="tel:/callto:/sip: link or number to dial")
    return run(parser.parse_args(sys.argv[1:] if argv is None else argv))


def run(args: Any) -> int:
    """``ringside [URL]``: the tray app (the first-run window when nothing is configured)."""
    app = ensure_app()
    instance = SingleInstance()
    if instance.forward(getattr(args, "url", None) or ACTIVATE):
        return 0  # the running instance got our link
    instance.listen()
    from desktop import url_open  # macOS: tel: links arrive as QFileOpenEvent, not in argv

    links = url_open.install(None, app)  # kept until the shell exists
    controller = SettingsController()
    profile = controller.profile()  # a small JSON file, read before the loop starts
    install_language(app, profile.language)

    async def setup(quit_event: asyncio.Event) -> Any:
        current = profile
        if not current.configured:
            from desktop.ui.firstrun import FirstRunWindow

            choice = await FirstRunWindow(controller).choice()
            if choice == "demo":
                instance.close()
                return await start_demo(quit_event, default_args())
            if choice != "saved":
                quit_event.set()
                return _Nothing()
            current = controller.profile()
            if current.language != profile.language:  # a Ringside server's language default
                install_language(app, current.language)
        ui = await start_tray(controller, current, quit_event)
        instance.message_received.connect(ui.handle_link)
        links.set_handler(ui.handle_link)
        if getattr(args, "url", None):
            ui.handle_link(args.url)
        return _Running(ui)

    try:
        return run_app(setup)
    finally:
        instance.close()


async def start_tray(
    controller: SettingsController, profile: Any, quit_event: asyncio.Event
) -> RingsideApp:
    """Build the service for ``profile``, show the tray and connect (never without a secret)."""
    service, closers = await asyncio.to_thread(controller.build_service, profile)
    api = await asyncio.to_thread(controller.recordings_client, profile)
    has_secret = await asyncio.to_thread(controller.has_login, profile)
    ui = RingsideApp(
        service, quit_event, recordings_dir=recordings_dir(profile), settings=controller,
        on_close=closers, recordings_api=api, supervisor=profile.supervisor_tools,
        popup_settings=profile.popup, profile=profile,
    )  # fmt: skip
    ui.tray.show()
    ui.selection.start(profile.dial_hotkey)
    await ui.start_service(has_secret)
    return ui


def run_demo(args: argparse.Namespace) -> int:
    """``ringside demo``: the tray app against the demo environment."""
    install_language(ensure_app(), os.environ.get("RINGSIDE_LANGUAGE", "auto"))

    async def setup(quit_event: asyncio.Event) -> Any:
        return await start_demo(quit_event, args)

    return run_app(setup)


async def start_demo(quit_event: asyncio.Event, args: argparse.Namespace) -> Any:
    """The simulator, the address book and sample recordings behind the tray app."""
    from core.recordings.client import RecordingsClient

    tmp = tempfile.TemporaryDirectory(prefix="ringside-demo-")
    demo = DemoEnvironment(
        Path(tmp.name), args.extension, args.interval, getattr(args, "speed", 1.0)
    )
    controller = demo_controller()
    profile = controller.profile()
    service = await demo.start()
    api = RecordingsClient(demo.gateway.url, demo.gateway.token, who=args.extension)
    ui = RingsideApp(
        service, quit_event, recordings_dir=demo.recordings_dir, recordings_api=api,
        supervisor=True,  # the demo shows the supervisor tools (browser, Live tab)
        settings=controller, popup_settings=profile.popup, profile=profile,
    )  # fmt: skip
    ui.addressbook_path = demo.root / "addressbook.sqlite3"  # the demo customers' book
    ui.tray.show()
    ui.selection.start("Ctrl+Alt+D")  # the global dial hotkey, where the session has one
    await service.start()
    demo.start_calls()
    if args.exit_after:
        asyncio.get_running_loop().call_later(args.exit_after, quit_event.set)

    class _Folder:
        async def aclose(self) -> None:
            await demo.aclose()
            tmp.cleanup()

    return _Running(ui, _Folder())


if __name__ == "__main__":
    sys.exit(main())
