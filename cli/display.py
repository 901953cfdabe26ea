"""Say clearly that the tray app needs a display, before Qt aborts with a core dump.

``ringside`` without a subcommand starts the Qt tray app. On a Linux box with
no graphical session (ssh, a server, CI) Qt prints "could not connect to
display" and aborts (exit 134). :func:`missing_display_message` detects that
case up front so ``cli.main`` can print a plain message and exit 2 instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

HEADLESS_HINT = (
    "Run it inside your desktop session, or use a command that needs no display:\n"
    "  ringside doctor | monitor | dial | sim | gateway    (see: ringside --help)"
)


def missing_display_message(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> str | None:
    """A message when the tray app cannot get a display here, else None."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None  # Windows/macOS always have one; an explicit Qt platform is the user's call
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "ringside: no graphical display (DISPLAY and WAYLAND_DISPLAY are not set), "
        "so the tray app cannot start.\n" + HEADLESS_HINT
    )
