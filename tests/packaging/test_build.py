"""The PyInstaller build: it builds, and the built binary starts (``--version``, ``doctor --help``,
the demo offscreen for a few seconds). Slow (about three minutes on two cores): runs only with
``RINGSIDE_TEST_PACKAGE=1``; set ``RINGSIDE_DIST`` to test an existing ``dist/ringside`` instead."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import __version__

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1800),  # the build runs in the first test's setup
    pytest.mark.skipif(
        os.environ.get("RINGSIDE_TEST_PACKAGE") != "1",
        reason="set RINGSIDE_TEST_PACKAGE=1 to build",
    ),
]


@pytest.fixture(scope="module")
def binary(tmp_path_factory) -> Path:
    if os.environ.get("RINGSIDE_DIST"):
        return Path(os.environ["RINGSIDE_DIST"]) / "ringside"
    pyinstaller = Path(sys.prefix, "bin", "pyinstaller")
    if not pyinstaller.exists():
        pytest.skip("pip install pyinstaller (the 'package' extra)")
    work = tmp_path_factory.mktemp("pyinstaller")
    subprocess.run(
        [str(pyinstaller), "--noconfirm", "--log-level", "WARN", "--workpath", str(work / "build"),
         "--distpath", str(work / "dist"), str(ROOT / "packaging" / "ringside.spec")],
        cwd=ROOT, check=True, timeout=1500,
    )  # fmt: skip
    return work / "dist" / "ringside" / "ringside"


def run(
    binary: Path, *args: str, home: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
        "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }  # fmt: skip
    return subprocess.run(
        [str(binary), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_version_and_doctor_help(binary, tmp_path):
    version = run(binary, "--version", home=tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == f"ringside {__version__}"
    doctor = run(binary, "doctor", "--help", home=tmp_path)
    assert doctor.returncode == 0 and "--host" in doctor.stdout


def test_bundle_carries_resources_plugins_and_no_webengine(binary):
    internal = binary.parent / "_internal"
    assert (internal / "resources" / "translations" / "ringside_ru.qm").exists()
    assert (internal / "resources" / "icons" / "tray-ready.svg").exists()
    assert list(internal.rglob("libffmpegmediaplugin*")), "QtMultimedia FFmpeg backend missing"
    assert not list(internal.rglob("*WebEngine*"))


def test_demo_runs_offscreen(binary, tmp_path):
    demo = run(binary, "demo", "--exit-after", "5", "--interval", "1", home=tmp_path, timeout=90)
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "Traceback" not in demo.stderr
