"""The shipped systemd unit and nginx example for the gateway (issue 11 #5)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.paths import REPO

LINUX = REPO / "packaging" / "linux"


def _unit() -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(LINUX / "ringside-gateway.service", encoding="utf-8")
    return parser


def test_unit_raises_the_open_files_limit_and_is_hardened() -> None:
    service = _unit()["Service"]
    assert int(service["LimitNOFILE"]) >= 65536
    assert "ringside gateway --config" in service["ExecStart"]
    assert "--check" in service["ExecStartPre"]
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "CapabilityBoundingSet": ""}.items():  # fmt: skip
        assert service[key] == value, key
    assert service["Restart"] in ("always", "on-failure")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    unit = tmp_path / "ringside-gateway.service"
    shutil.copy(LINUX / unit.name, unit)
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
    complaints = [line for line in (result.stdout + result.stderr).splitlines()
                  if line.strip() and "/opt/ringside/bin/ringside" not in line]  # fmt: skip
    assert complaints == []


def test_nginx_example_terminates_tls_and_keeps_a_hub_websocket_block() -> None:
    text = (LINUX / "nginx-ringside.conf").read_text(encoding="utf-8")
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    assert code.count("{") == code.count("}")
    assert "listen 443 ssl" in code and "ssl_certificate " in code
    hub = code[code.index("location /hub/") :]
    hub = hub[: hub.index("}")]
    assert "proxy_set_header Upgrade $http_upgrade" in hub
    assert 'proxy_set_header Connection "upgrade"' in hub
    assert "proxy_set_header X-Forwarded-For $remote_addr" in code  # set, not appended
    assert "client_header_timeout" in code and "client_max_body_size 1m" in code
