"""The ``ringside`` entry point: subcommands, links for the tray app, desktop integration flags."""

from __future__ import annotations

import argparse
import types

import pytest

from cli import main as entry


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        entry.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("ringside ")


def test_a_link_goes_to_the_tray_app(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[argparse.Namespace] = []
    fake_app = types.SimpleNamespace(run=lambda args: seen.append(args) or 0)
    real_import = entry.importlib.import_module
    monkeypatch.setattr(
        entry.importlib,
        "import_module",
        lambda name: fake_app if name == "desktop.main" else real_import(name),
    )
    assert entry.main(["tel:+74951234567"]) == 0
    assert entry.main([]) == 0
    assert [a.url for a in seen] == ["tel:+74951234567", None]
    assert all(a.command is None for a in seen)


def test_subcommands_are_not_links() -> None:
    parser = entry.build_parser()
    assert parser.parse_args(["doctor"]).command == "doctor"


def test_desktop_integration_flags_install_into_home(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert entry.main(["--install-desktop-integration"]) == 0
    assert (tmp_path / "share" / "applications" / "ringside.desktop").exists()
    assert entry.main(["--uninstall-desktop-integration"]) == 0
    assert not (tmp_path / "share" / "applications" / "ringside.desktop").exists()
    assert "removed" in capsys.readouterr().out


def test_no_display_is_a_clear_message_not_a_qt_abort(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(entry.sys, "platform", "linux")
    imported: list[str] = []
    real_import = entry.importlib.import_module
    monkeypatch.setattr(
        entry.importlib, "import_module", lambda name: imported.append(name) or real_import(name)
    )
    assert entry.main([]) == 2
    assert entry.main(["demo"]) == 2
    assert "no graphical display" in capsys.readouterr().err
    assert not [m for m in imported if m.startswith("desktop")]
