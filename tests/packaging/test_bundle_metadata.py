"""Windows and macOS install metadata (built elsewhere, so checked here as text): the same three
URL schemes, per-user registry keys, autostart, a menu-bar app bundle; the icons exist in every size."""

from __future__ import annotations

import plistlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SCHEMES = ("tel", "callto", "sip")


def test_macos_bundle_declares_the_url_schemes_and_no_dock_icon():
    info = plistlib.loads((PACKAGING / "macos" / "Info.plist").read_bytes())
    schemes = [s for url_type in info["CFBundleURLTypes"] for s in url_type["CFBundleURLSchemes"]]
    assert sorted(schemes) == sorted(SCHEMES)
    assert info["LSUIElement"] is True
    agent = plistlib.loads((PACKAGING / "macos" / "org.ringside.Ringside.plist").read_bytes())
    assert agent["RunAtLoad"] is True and agent["Label"] == info["CFBundleIdentifier"]


@pytest.mark.parametrize("name", ["ringside.iss", "ringside-url-handlers.reg.template"])
def test_windows_registers_each_scheme_per_user_with_autostart(name):
    text = (PACKAGING / "windows" / name).read_text(encoding="utf-8")
    for scheme in SCHEMES:
        assert re.search(rf"Software\\Classes\\{scheme}\\shell\\open\\command", text), scheme
        assert re.search(rf'"?{scheme}"?.{{0,40}}Ringside\.Url', text), scheme
    assert "URL Protocol" in text
    assert "HKEY_LOCAL_MACHINE" not in text and "HKLM" not in text  # no admin rights needed
    assert "CurrentVersion\\Run" in text
    assert '""%1""' in text or '\\"%1\\"' in text  # the link is passed quoted


def test_inno_setup_installs_per_user_from_the_pyinstaller_folder():
    text = (PACKAGING / "windows" / "ringside.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in text
    assert r'Source: "..\..\dist\ringside\*"' in text


def test_spec_includes_what_the_app_loads_at_run_time():
    spec = (PACKAGING / "ringside.spec").read_text(encoding="utf-8")
    for needle in ('collect_submodules("keyring.backends")', '"resources"', "PySide6.QtMultimedia",
                   '"PySide6.QtWebEngineCore"', 'copy_metadata("keyring")', "cli\" / \"main.py"):  # fmt: skip
        assert needle in spec, needle


def test_app_icon_has_every_png_size_and_tray_states_exist():
    icons = ROOT / "resources" / "icons"
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        png = icons / "png" / f"ringside-{size}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = (
            int.from_bytes(png.read_bytes()[16:20]),
            int.from_bytes(png.read_bytes()[20:24]),
        )
        assert (width, height) == (size, size)
    for state in ("disconnected", "connecting", "ready", "ringing", "incall", "dnd"):
        assert "<svg" in (icons / f"tray-{state}.svg").read_text(encoding="utf-8")
