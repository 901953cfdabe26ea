"""Linux desktop integration: the entry validates; installing it in a temporary HOME makes
``xdg-mime`` name Ringside for tel:/callto:/sip:; uninstalling removes it and only it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop import integration

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "resources" / "ringside.desktop"
needs_validate = pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="apt install desktop-file-utils"
)
needs_xdg_mime = pytest.mark.skipif(
    shutil.which("xdg-mime") is None, reason="apt install xdg-utils"
)


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A throw-away HOME with XDG dirs inside it and no desktop-environment hints."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "system-share"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "system-config"))
    for name in (
        "XDG_CURRENT_DESKTOP",
        "DESKTOP_SESSION",
        "KDE_FULL_SESSION",
        "GNOME_DESKTOP_SESSION_ID",
    ):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def query_default(mime: str) -> str:
    done = subprocess.run(
        ["xdg-mime", "query", "default", mime],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return done.stdout.strip()


def validate(path: Path) -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@needs_validate
def test_shipped_entry_validates_and_declares_the_url_schemes():
    validate(ENTRY)
    assert (ROOT / "packaging" / "linux" / "ringside.desktop").read_bytes() == ENTRY.read_bytes()
    text = ENTRY.read_text(encoding="utf-8")
    assert "MimeType=x-scheme-handler/tel;x-scheme-handler/callto;x-scheme-handler/sip;" in text
    assert "Exec=ringside %u" in text


@needs_validate
def test_generated_entries_validate_even_with_awkward_paths(tmp_path):
    command = ["/opt/Ring side/ringside", "--flag=50%"]
    for autostart in (False, True):
        path = tmp_path / f"entry-{autostart}.desktop"
        path.write_text(integration.desktop_entry(command, autostart=autostart), encoding="utf-8")
        validate(path)
    menu = integration.desktop_entry(command)
    assert 'Exec="/opt/Ring side/ringside" --flag=50%% %u' in menu
    autostart = integration.desktop_entry(command, autostart=True)
    assert "MimeType" not in autostart and "%u" not in autostart


@needs_xdg_mime
def test_install_makes_ringside_the_handler_and_uninstall_removes_it(home):
    assert not integration.is_installed()
    written = integration.install(command=["/usr/bin/ringside"])
    assert integration.is_installed() and integration.is_autostart_enabled()
    for scheme in ("tel", "callto", "sip"):
        assert query_default(f"x-scheme-handler/{scheme}") == "ringside.desktop"
    assert (home / ".local/share/icons/hicolor/256x256/apps/ringside.png").exists()
    assert (home / ".config/autostart/ringside.desktop").exists()
    removed = integration.uninstall()
    assert set(removed) == set(written)
    assert not integration.is_installed() and not integration.is_autostart_enabled()
    for scheme in ("tel", "callto", "sip"):
        assert query_default(f"x-scheme-handler/{scheme}") == ""


@needs_xdg_mime
def test_without_xdg_utils_mimeapps_is_edited_and_other_lines_survive(home, monkeypatch):
    config = home / ".config"
    config.mkdir(parents=True)
    (config / "mimeapps.list").write_text(
        "# mine\n[Default Applications]\ntext/html=firefox.desktop;\n"
        "x-scheme-handler/tel=softphone.desktop;\n\n"
        "[Added Associations]\nx-scheme-handler/tel=softphone.desktop;\n",
        encoding="utf-8",
    )
    path = os.environ["PATH"]
    monkeypatch.setenv("PATH", str(home / "empty-bin"))  # no xdg-mime, no update-desktop-database
    integration.install(command=["ringside"], autostart=False)
    monkeypatch.setenv("PATH", path)
    assert query_default("x-scheme-handler/tel") == "ringside.desktop"
    assert query_default("x-scheme-handler/sip") == "ringside.desktop"
    integration.uninstall()
    text = (config / "mimeapps.list").read_text(encoding="utf-8")
    assert "ringside" not in text
    assert "# mine" in text and "text/html=firefox.desktop;" in text
    assert "[Added Associations]\nx-scheme-handler/tel=softphone.desktop;" in text


def test_autostart_toggle(tmp_path):
    path = integration.set_autostart(True, home=tmp_path, command=["ringside"])
    assert path == tmp_path / ".config" / "autostart" / "ringside.desktop"
    assert "Exec=ringside\n" in path.read_text(encoding="utf-8")
    assert integration.is_autostart_enabled(tmp_path)
    integration.set_autostart(False, home=tmp_path)
    assert not path.exists() and not integration.is_autostart_enabled(tmp_path)


@needs_xdg_mime
def test_command_line(home, capsys):
    assert integration.main(["--install", "--no-autostart", "--home", str(home)]) == 0
    assert "tel:, callto: and sip:" in capsys.readouterr().out
    assert not integration.is_autostart_enabled(home)
    integration.main(["--status", "--home", str(home)])
    assert "menu entry: yes" in capsys.readouterr().out
    integration.main(["--uninstall", "--home", str(home)])
    assert not integration.is_installed(home)
