"""Plain-http CRM URLs are refused unless allowed, and warned about (issue 11 #10); the
[outbox] settings (issue 11 #3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from gateway.config import ConfigError, parse_config
from tests.fakes.gateway import SECRETS

BASE = """\
[server]
data_dir = "{data}"
{extra}
[ami]
user = "gateway"

[retailcrm]
url = "{url}"
client_id = "5494143d6ad0b09976b"
"""


def text(url: str, extra: str = "", data: str = "/tmp/ringside-gw") -> str:
    return BASE.format(url=url, extra=extra, data=data)


def test_plain_http_to_another_host_is_refused_with_its_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text("http://crm.example.ru"))
    [problem] = info.value.problems
    assert problem.startswith("gateway.toml:8: retailcrm.url: http://crm.example.ru is plain http")
    assert "allow_insecure_http" in problem


@pytest.mark.parametrize("url", ["https://crm.example.ru", "http://127.0.0.1:8000",
                                 "http://localhost/crm", "http://[::1]:81"])  # fmt: skip
def test_https_and_this_machine_are_fine(url: str) -> None:
    assert parse_config(text(url)).retailcrm is not None


def test_the_flag_allows_it_and_check_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "gateway.toml"
    path.write_text(text("http://crm.example.ru", "allow_insecure_http = true", str(tmp_path)),
                    encoding="utf-8")  # fmt: skip
    assert main(["gateway", "--config", str(path), "--check"]) == 0
    out = capsys.readouterr().out
    assert "warning: retailcrm.url: http://crm.example.ru is plain http" in out
    assert out.strip().endswith("OK")


def test_outbox_section() -> None:
    cfg = parse_config(text("https://crm.example.ru") + "\n[outbox]\nmax_age_hours = 48\n"
                       "retry_after_floor = 2.5\n")  # fmt: skip
    assert cfg.outbox.max_age_hours == 48 and cfg.outbox.retry_after_floor == 2.5
    assert parse_config(text("https://crm.example.ru")).outbox.max_age_hours == 24
