"""The ``ringside`` entry point: dispatches subcommands.

Headless subcommands (sim, monitor, dial, doctor) live in ``cli.commands`` and
never import Qt. ``demo`` and the bare tray app import ``desktop`` lazily;
``gateway`` imports the FastAPI service lazily.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from cli.display import missing_display_message
from core import __version__

# subcommand -> module that provides ``add_arguments(parser)`` and ``run(args) -> int``
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "sim": ("cli.commands.sim", "run the PBX simulator (a real AMI server)"),
    "monitor": ("cli.commands.monitor", "print live operator-level call events"),
    "dial": ("cli.commands.dial", "click-to-call: ring your phone, then the number"),
    "doctor": ("cli.commands.doctor", "check AMI reachability, login and permissions"),
    "demo": ("desktop.demo", "the whole product on embedded defaults (simulator + address book)"),
    "gateway": ("gateway.main", "the PBX-side HTTP service"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ringside",
        usage="ringside [options] [tel:|callto:|sip: LINK] | ringside COMMAND ...",
        description="Ringside: operator companion for Asterisk. With a link, the running "
        "tray app dials it.",
    )
    parser.add_argument("--version", action="version", version=f"ringside {__version__}")
    parser.add_argument(
        "--install-desktop-integration",
        action="store_true",
        help="register Ringside for tel:/callto:/sip: links and autostart, then exit",
    )
    parser.add_argument(
        "--uninstall-desktop-integration",
        action="store_true",
        help="remove the link handlers and the autostart entry, then exit",
    )
    sub = parser.add_subparsers(dest="command", prog="ringside", metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module_name)
        module = importlib.import_module(module_name) if name not in ("demo", "gateway") else None
        if module is not None:
            module.add_arguments(p)
        else:
            p.set_defaults(_lazy_args=True)
    return parser


def _no_display() -> bool:
    """Say so (instead of letting Qt abort) when the tray app has no display to open."""
    message = missing_display_message()
    if message:
        print(message, file=sys.stderr)
    return message is not None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # demo and gateway parse their own flags after the module is imported
    if argv and argv[0] in ("demo", "gateway"):
        if argv[0] == "demo" and "-h" not in argv and "--help" not in argv and _no_display():
            return 2
        module = importlib.import_module(SUBCOMMANDS[argv[0]][0])
        sub = argparse.ArgumentParser(
            prog=f"ringside {argv[0]}", description=SUBCOMMANDS[argv[0]][1]
        )
        module.add_arguments(sub)
        if argv[0] == "demo":  # desktop.demo is the Qt-free environment; desktop.main shows it
            return int(
                importlib.import_module("desktop.main").run_demo(sub.parse_args(argv[1:])) or 0
            )
        return int(module.run(sub.parse_args(argv[1:])) or 0)
    parser = build_parser()
    if argv and not argv[0].startswith("-") and argv[0] not in SUBCOMMANDS:
        # `ringside tel:+74951234567`: a link for the tray app (the running instance dials it)
        args = parser.parse_args(argv[1:])
        args.url = argv[0]
    else:
        args = parser.parse_args(argv)
        args.url = None
    if args.install_desktop_integration or args.uninstall_desktop_integration:
        integration = importlib.import_module("desktop.integration")  # Qt-free
        if args.install_desktop_integration:
            integration.install()
            print("Ringside now opens tel:, callto: and sip: links and starts with the session.")
        else:
            integration.uninstall()
            print("Ringside's link handlers and autostart entry were removed.")
        return 0
    if args.command is None:
        if _no_display():
            return 2
        app = importlib.import_module("desktop.main")
        return int(app.run(args) or 0)
    module = importlib.import_module(args._module)
    return int(module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
