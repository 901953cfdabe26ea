"""SecretStore against a real Secret Service (gnome-keyring on a private D-Bus session).

Runs two Python processes under ``dbus-run-session`` with an unlocked
gnome-keyring in a temporary home: the first stores a secret through
``SecretStore`` (which must pick the SecretService backend by itself and say
it is secure), the second reads it back, so the secret really left the process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
    reason="needs dbus-run-session and gnome-keyring-daemon (apt-get install dbus gnome-keyring)",
)

WRITE = textwrap.dedent("""
    import json
    from core.settings.secrets import SecretStore
    store = SecretStore()
    store.set("ami:office", "s3cr3t-über-пароль")
    print(json.dumps({"secure": store.secure, "backend": store.backend_name,
                      "warning": store.warning}))
""")
READ = textwrap.dedent("""
    import json
    from keyring.backends import SecretService
    from core.settings.secrets import SecretStore
    store = SecretStore()
    direct = SecretService.Keyring().get_password("ringside", "ami:office")
    value = store.get("ami:office")
    store.delete("ami:office")
    print(json.dumps({"value": value, "direct": direct, "after": store.get("ami:office")}))
""")


def test_secret_round_trip_through_gnome_keyring(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_", "KEYRING"))}
    env.update(
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_RUNTIME_DIR=str(runtime),
        PYTHONIOENCODING="utf-8",
    )
    (tmp_path / "write.py").write_text(WRITE)
    (tmp_path / "read.py").write_text(READ)
    script = (
        "echo pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || exit 97; "
        f"'{sys.executable}' write.py && echo '---' && '{sys.executable}' read.py"
    )
    proc = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if proc.returncode == 97:
        pytest.skip(f"gnome-keyring-daemon did not start: {proc.stderr[-300:]}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    first, second = (json.loads(part) for part in proc.stdout.split("---"))
    assert first == {
        "secure": True,
        "backend": "keyring.backends.SecretService.Keyring",
        "warning": None,
    }
    assert second == {"value": "s3cr3t-über-пароль", "direct": "s3cr3t-über-пароль", "after": None}
