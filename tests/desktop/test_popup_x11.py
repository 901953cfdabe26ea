"""On a real X server without a compositor (Xvfb) the popup's corners are cut by a window
shape instead of a translucent background, which such a server paints black."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("Xlib", reason="python-xlib is not installed")

PROBE = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from desktop.ui.popup import CallPopup, PopupActions
from desktop.ui.popup_style import compositing_available
popup = CallPopup("101", PopupActions(open_url=print, call_back=print, save_note=print))
popup.show()
app.processEvents()
mask = popup.mask()
print(app.platformName(), compositing_available(), popup.translucent, mask.isEmpty(),
      mask.contains(popup.rect().topLeft()), mask.contains(popup.rect().center()))
"""


def test_no_black_corners_on_x11_without_a_compositor(xserver: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xserver}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                          timeout=60, cwd=os.getcwd())  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    platform, composited, translucent, empty, corner, centre = done.stdout.split()[-6:]
    assert (platform, composited, translucent) == ("xcb", "False", "False")
    assert (empty, corner, centre) == ("False", "False", "True")  # the corner is cut away


def test_compositor_check_outside_x11_says_yes(qtbot: Any) -> None:
    from desktop.ui.popup_style import compositing_available

    assert compositing_available()  # offscreen here: as on Windows, macOS and Wayland
