"""Linux desktop integration: menu entry, icons, tel:/callto:/sip: handlers and autostart.

``install()`` writes ``ringside.desktop`` into ``$XDG_DATA_HOME/applications``
(with an ``Exec`` line that starts *this* Ringside: the frozen binary, the
``ringside`` script on PATH, or ``python -m cli.main``), the icons into the
hicolor theme, makes Ringside the default handler of the URL schemes with
``xdg-mime default`` (editing ``mimeapps.list`` directly when xdg-utils is
missing) and, if asked, an autostart entry in ``$XDG_CONFIG_HOME/autostart``.
``uninstall()`` removes all of it and only our lines of ``mimeapps.list``.

Qt-free and safe to run headless::

    python -m desktop.integration --install [--no-autostart]
    python -m desktop.integration --uninstall
    python -m desktop.integration --status
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DESKTOP_ID = "ringside.desktop"
SCHEMES = ("tel", "callto", "sip")
MIME_TYPES = tuple(f"x-scheme-handler/{scheme}" for scheme in SCHEMES)
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
_MIME_SECTIONS = ("[Default Applications]", "[Added Associations]")


def _resources() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    return (
        Path(frozen) / "resources" if frozen else Path(__file__).resolve().parents[1] / "resources"
    )


@dataclass(frozen=True)
class Locations:
    """Where the integration files go (XDG base directories)."""

    data_home: Path
    config_home: Path

    @property
    def entry(self) -> Path:
        return self.data_home / "applications" / DESKTOP_ID

    @property
    def autostart(self) -> Path:
        return self.config_home / "autostart" / DESKTOP_ID

    @property
    def mimeapps(self) -> Path:
        return self.config_home / "mimeapps.list"

    def icon(self, size: int | None) -> Path:
        hicolor = self.data_home / "icons" / "hicolor"
        if size is None:
            return hicolor / "scalable" / "apps" / "ringside.svg"
        return hicolor / f"{size}x{size}" / "apps" / "ringside.png"

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """An environment for xdg-utils that points at these directories."""
        env = dict(os.environ if base is None else base)
        env["XDG_DATA_HOME"] = str(self.data_home)
        env["XDG_CONFIG_HOME"] = str(self.config_home)
        return env


def locations(home: str | Path | None = None, env: Mapping[str, str] | None = None) -> Locations:
    """XDG locations for ``home`` (``~/.local/share``, ``~/.config``) or, without it, from ``env``."""
    if home is not None:
        root = Path(home)
        return Locations(root / ".local" / "share", root / ".config")
    env = os.environ if env is None else env
    root = Path(env.get("HOME") or Path.home())
    data = env.get("XDG_DATA_HOME") or str(root / ".local" / "share")
    config = env.get("XDG_CONFIG_HOME") or str(root / ".config")
    return Locations(Path(data), Path(config))


def default_command() -> list[str]:
    """How to start this Ringside from a desktop entry."""
    if getattr(sys, "frozen", False):  # a PyInstaller build
        return [sys.executable]
    beside = Path(sys.executable).parent / "ringside"  # the venv's console script
    if beside.exists():
        return [str(beside)]
    script = shutil.which("ringside")
    return [script] if script else [sys.executable, "-m", "cli.main"]


_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")


def _quote(arg: str) -> str:
    """Quote one Exec argument as the Desktop Entry spec asks (then escape for the file)."""
    arg = arg.replace("%", "%%")
    if not any(ch in _RESERVED for ch in arg):
        return arg
    inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
    return '"' + inner.replace("\\", "\\\\") + '"'


def _exec_line(command: list[str], url: bool) -> str:
    return " ".join(_quote(a) for a in command) + (" %u" if url else "")


def desktop_entry(command: list[str] | None = None, *, autostart: bool = False) -> str:
    """The text of the menu entry (or the autostart entry) with ``Exec`` set to ``command``."""
    template = (_resources() / DESKTOP_ID).read_text(encoding="utf-8")
    exec_line = _exec_line(command or default_command(), url=not autostart)
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line}"
        elif autostart and line.startswith("MimeType="):
            continue  # the autostart copy must not compete for the URL schemes
        lines.append(line)
    if autostart:
        lines += ["X-GNOME-Autostart-enabled=true", "X-KDE-autostart-after=panel"]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _edit_mimeapps(path: Path, *, add: bool) -> None:
    """Make Ringside the default for our schemes (``add``) or drop it, keeping all other lines."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    ours = [f"{mime}={DESKTOP_ID};" for mime in MIME_TYPES]
    out: list[str] = []
    section = ""
    placed = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
            out.append(line)
            if add and section == _MIME_SECTIONS[0] and not placed:
                out += ours
                placed = True
            continue
        key, _, value = stripped.partition("=")
        if section in _MIME_SECTIONS and key.strip() in MIME_TYPES:
            if add and section == _MIME_SECTIONS[0]:
                continue  # replaced by our line above
            apps = [a.strip() for a in value.split(";") if a.strip() and a.strip() != DESKTOP_ID]
            if not apps:
                continue
            line = f"{key.strip()}={';'.join(apps)};"
        out.append(line)
    if add and not placed:
        out += (["", _MIME_SECTIONS[0]] if out else [_MIME_SECTIONS[0]]) + ours
    _write(path, "\n".join(out) + "\n")


def _run(args: list[str], where: Locations) -> bool:
    if shutil.which(args[0]) is None:
        return False
    try:
        done = subprocess.run(args, env=where.env(), capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _register_handlers(where: Locations) -> None:
    _run(["update-desktop-database", str(where.entry.parent)], where)
    if not all(_run(["xdg-mime", "default", DESKTOP_ID, mime], where) for mime in MIME_TYPES):
        _edit_mimeapps(where.mimeapps, add=True)


def set_autostart(
    enabled: bool, home: str | Path | None = None, command: list[str] | None = None
) -> Path:
    """Create or remove the autostart entry (the Settings "Start when I log in" toggle)."""
    where = locations(home)
    if enabled:
        _write(where.autostart, desktop_entry(command, autostart=True))
    else:
        where.autostart.unlink(missing_ok=True)
    return where.autostart


def install(
    home: str | Path | None = None, *, command: list[str] | None = None, autostart: bool = True
) -> list[Path]:
    """Install entry, icons, URL handlers (and autostart); returns the files written."""
    where = locations(home)
    written = [where.entry]
    _write(where.entry, desktop_entry(command))
    icons = _resources() / "icons"
    for size in ICON_SIZES:
        png = icons / "png" / f"ringside-{size}.png"
        if png.exists():
            where.icon(size).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(png, where.icon(size))
            written.append(where.icon(size))
    where.icon(None).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(icons / "ringside.svg", where.icon(None))
    written.append(where.icon(None))
    _register_handlers(where)
    if autostart:
        written.append(set_autostart(True, home, command))
    return written


def uninstall(home: str | Path | None = None) -> list[Path]:
    """Remove everything ``install`` wrote and our handler lines; returns the removed files."""
    where = locations(home)
    removed = []
    for path in (
        where.entry,
        where.autostart,
        where.icon(None),
        *(where.icon(s) for s in ICON_SIZES),
    ):
        if path.exists():
            path.unlink()
            removed.append(path)
    for mimeapps in (where.mimeapps, where.entry.parent / "mimeapps.list"):
        if mimeapps.exists():
            _edit_mimeapps(mimeapps, add=False)
    _run(["update-desktop-database", str(where.entry.parent)], where)
    return removed


def is_installed(home: str | Path | None = None) -> bool:
    return locations(home).entry.exists()


def is_autostart_enabled(home: str | Path | None = None) -> bool:
    return locations(home).autostart.exists()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m desktop.integration", description=__doc__.splitlines()[0]
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--install", action="store_true", help="install the entry, icons, URL handlers"
    )
    action.add_argument("--uninstall", action="store_true", help="remove them again")
    action.add_argument("--status", action="store_true", help="say what is installed")
    parser.add_argument(
        "--no-autostart", action="store_true", help="with --install: no autostart entry"
    )
    parser.add_argument("--home", help="install under this home folder instead of $XDG_*_HOME")
    args = parser.parse_args(argv)
    if args.install:
        for path in install(args.home, autostart=not args.no_autostart):
            print(f"installed {path}")
        print("Ringside now opens tel:, callto: and sip: links.")
    elif args.uninstall:
        for path in uninstall(args.home):
            print(f"removed {path}")
    else:
        where = locations(args.home)
        print(f"menu entry: {'yes' if is_installed(args.home) else 'no'} ({where.entry})")
        print(
            f"autostart:  {'yes' if is_autostart_enabled(args.home) else 'no'} ({where.autostart})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
