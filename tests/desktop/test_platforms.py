"""Windows and macOS code paths under a faked platform: they import, and behave.

* Windows: the dial hotkey calls ``RegisterHotKey`` with the right virtual key and
  modifiers (a stand-in records the user32 calls: there is no user32 here), and a
  ``WM_HOTKEY`` message, laid out as Win32's ``MSG`` and handed to the native event
  filter the way Qt's message loop hands it, dials the clipboard text.
* macOS: a ``tel:`` link arrives as a ``QFileOpenEvent`` (sent through Qt's real event
  delivery) and reaches the shell, also when it came before the shell existed.
* No module of ``desktop``/``core`` hard-codes ``/tmp`` or calls POSIX-only functions.
"""

from __future__ import annotations

import ast
import ctypes
import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QFileOpenEvent, QGuiApplication

from desktop import hotkey, url_open
from desktop.hotkey import MOD_ALT, MOD_CONTROL, MOD_NOREPEAT, MOD_SHIFT, WM_HOTKEY, DialHotkey

ROOT = Path(__file__).resolve().parents[2]


class FakeUser32:
    """Records RegisterHotKey/UnregisterHotKey as user32 would receive them."""

    def __init__(self, accept: bool = True) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.accept = accept

    def RegisterHotKey(self, hwnd: Any, ident: int, modifiers: int, vk: int) -> int:
        self.calls.append(("register", hwnd, ident, modifiers, vk))
        return 1 if self.accept else 0

    def UnregisterHotKey(self, hwnd: Any, ident: int) -> int:
        self.calls.append(("unregister", hwnd, ident))
        return 1


def wm_hotkey(ident: int, message: int = WM_HOTKEY) -> Any:
    msg = hotkey._Msg()
    msg.message = message
    msg.wParam = ident
    return msg


def test_windows_hotkey_registers_and_dials_on_wm_hotkey(qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    QGuiApplication.clipboard().setText(" 8 (495) 123-45-67 ")
    texts: list[str] = []
    user32 = FakeUser32()
    key = DialHotkey(texts.append, "Ctrl+Alt+D")
    key.user32 = user32
    assert key.available(), key.available().reason  # Windows is supported now
    state = key.start()
    assert state.ok, state.reason
    assert user32.calls == [
        ("register", None, hotkey._HOTKEY_ID, MOD_CONTROL | MOD_ALT | MOD_NOREPEAT, 0x44)
    ]
    backend = key._windows
    assert backend is not None
    other = wm_hotkey(hotkey._HOTKEY_ID, message=0x0100)  # WM_KEYDOWN: not ours
    assert backend.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(other)) == (False, 0)
    assert texts == []
    msg = wm_hotkey(hotkey._HOTKEY_ID)
    assert backend.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg)) == (True, 0)
    assert texts == ["8 (495) 123-45-67"]
    key.stop()
    assert user32.calls[-1] == ("unregister", None, hotkey._HOTKEY_ID)
    assert backend.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg)) == (False, 0)


def test_windows_hotkey_taken_or_nonsense_is_said_in_words(qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    key = DialHotkey(None, "Ctrl+Shift+F9")
    key.user32 = FakeUser32(accept=False)
    state = key.start()
    assert not state.ok and "already used by another application" in state.reason
    assert key.user32.calls[0][3:] == (MOD_CONTROL | MOD_SHIFT | MOD_NOREPEAT, 0x78)  # VK_F9
    odd = DialHotkey(None, "Ctrl+Alt+Space")
    odd.user32 = FakeUser32()
    state = odd.start()
    assert not state.ok and "use a letter, a digit or F1" in state.reason


def test_macos_has_no_global_hotkey_and_says_what_to_use(qtbot: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    state = DialHotkey(None).start()
    assert not state.ok and "Dial selection" in state.reason


def test_macos_tel_link_arrives_as_a_file_open_event(
    qtbot: Any, qapp: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    links: list[str] = []
    handler = url_open.install(None, qapp)  # at launch: the shell does not exist yet
    try:
        early = QFileOpenEvent(QUrl("tel:+74951234567"))
        assert QCoreApplication.sendEvent(qapp, early)
        assert handler.pending == ["tel:+74951234567"] and links == []
        handler.set_handler(links.append)
        assert links == ["tel:+74951234567"]
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl("callto:101")))
        document = QFileOpenEvent(QUrl.fromLocalFile(str(ROOT / "README.md")))
        assert not QCoreApplication.sendEvent(qapp, document) or links[-1] != str(
            ROOT / "README.md"
        )
        assert links == ["tel:+74951234567", "callto:101"]  # a file is not a call link
    finally:
        qapp.removeEventFilter(handler)
        handler.deleteLater()


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_platform_modules_import_under_a_faked_platform(monkeypatch: Any, platform: str) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    for module in (hotkey, url_open):  # the modules with per-platform code
        importlib.reload(module)
    assert hotkey.platform_problem() is None if platform == "win32" else hotkey.platform_problem()
    monkeypatch.undo()
    for module in (hotkey, url_open):
        importlib.reload(module)


POSIX_ONLY = {"getuid", "geteuid", "getgid", "fork", "killpg", "setsid", "getpwnam", "chown"}


def test_no_tmp_paths_or_posix_only_calls_outside_guarded_code() -> None:
    problems = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value == "/tmp" or node.value.startswith("/tmp/"):
                    problems.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} hard-codes {node.value}"
                    )
            if isinstance(node, ast.Attribute) and node.attr in POSIX_ONLY:
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {node.attr}")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                if {"fcntl", "termios", "pwd", "grp"} & set(names):
                    problems.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} imports a POSIX module"
                    )
    assert problems == []
