"""Config validation: every problem reported as FILE:LINE: key: words; secrets never shown."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from gateway import main
from gateway.config import ConfigError, load_config, parse_config

GOOD = """\
[server]
port = 8080
data_dir = "/tmp/ringside-gw"

[ami]
host = "pbx.local"
user = "gateway"

[rostelecom]
client_id = "000003C405E6525C64C184258C44EC99"
callback_url = "https://crm.example/call_events"
rate_limits = { call_back = 10 }
allowed_ips = ["192.0.2.0/24", "198.51.100.7"]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    return info.value.problems


def test_good_file_parses_with_defaults() -> None:
    cfg = parse_config(GOOD)
    assert cfg.ami.port == 5038
    assert cfg.rostelecom is not None
    assert cfg.rostelecom.rate_limits == {"call_back": 10}
    assert cfg.retailcrm is None


def test_wrong_type_names_file_line_and_key() -> None:
    text = GOOD.replace("rate_limits = { call_back = 10 }", 'rate_limits = { call_back = "ten" }')
    assert problems(text) == ["gateway.toml:12: rostelecom.rate_limits.call_back: expected integer"]


def test_every_problem_is_reported_in_line_order() -> None:
    text = (
        GOOD.replace("port = 8080", 'port = "8080"').replace('"198.51.100.7"', '"not-an-ip"')
        + "colour = 1\n"
    )
    assert problems(text) == [
        "gateway.toml:2: server.port: expected integer",
        "gateway.toml:13: rostelecom.allowed_ips: not an IP address or network: 'not-an-ip'",
        "gateway.toml:14: rostelecom.colour: unknown key",
    ]


def test_missing_required_key_points_at_its_section() -> None:
    text = GOOD + '\n[retailcrm]\nurl = "https://shop.retailcrm.ru"\n'
    assert problems(text) == ["gateway.toml:15: retailcrm.client_id: required key is missing"]


def test_bad_url_and_unknown_rate_limit_method() -> None:
    text = GOOD.replace("{ call_back = 10 }", "{ call_back = 10, dial = 5 }") + (
        '\n[clinica]\npush_url = "ftp://x"\n'
    )
    assert problems(text) == [
        "gateway.toml:12: rostelecom.rate_limits: unknown method 'dial' (call_back, get_record)",
        "gateway.toml:16: clinica.push_url: expected an http:// or https:// URL",
    ]


def test_toml_syntax_error_has_its_line() -> None:
    assert problems("[server]\nport = 80\nhost = = 'x'\n") == [
        "gateway.toml:3: TOML syntax error: Invalid value"
    ]


def test_missing_secret_is_an_error_and_found_secret_never_shown(tmp_path: Path) -> None:
    path = tmp_path / "gw.toml"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={}, use_keyring=False)
    assert info.value.problems == [
        "gw.toml:9: rostelecom: secret RINGSIDE_ROSTELECOM_SIGN_KEY is not set "
        "(set the environment variable or store it in the keyring)"
    ]
    cfg = load_config(
        path, environ={"RINGSIDE_ROSTELECOM_SIGN_KEY": "s3cr3t-value"}, use_keyring=False
    )
    assert cfg.secret("RINGSIDE_ROSTELECOM_SIGN_KEY") == "s3cr3t-value"
    assert "s3cr3t-value" not in repr(cfg)


def run_check(path: Path) -> int:
    parser = argparse.ArgumentParser()
    main.add_arguments(parser)
    return main.run(parser.parse_args(["--config", str(path), "--check"]))


def test_check_command_prints_problems_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gateway.toml"
    path.write_text(GOOD.replace("port = 8080", "port = 99999"), encoding="utf-8")
    monkeypatch.setenv("RINGSIDE_ROSTELECOM_SIGN_KEY", "k")
    assert run_check(path) == 2
    assert capsys.readouterr().err.strip() == (
        "gateway.toml:2: server.port: Input should be less than or equal to 65535"
    )
    path.write_text(GOOD, encoding="utf-8")
    assert run_check(path) == 0
    assert capsys.readouterr().out.strip().endswith("gateway.toml: OK")


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "missing.toml")
    assert "cannot read" in info.value.problems[0]


def test_shipped_example_is_valid(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    example = Path(main.__file__).with_name("gateway.example.toml")
    for name in ("RETAILCRM_API_KEY", "BINOTEL_SECRET", "ROSTELECOM_SIGN_KEY"):
        monkeypatch.setenv(f"RINGSIDE_{name}", "x")
    monkeypatch.setenv("RINGSIDE_RECORDINGS_LINK_KEY", "0123456789abcdef")
    assert run_check(example) == 0, capsys.readouterr().err


def test_recordings_problems_point_at_their_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gateway.toml"
    path.write_text('[server]\nport = 1\n\n[recordings]\nrecordings_root = "/x"\nbogus = 1\n')
    monkeypatch.setenv("RINGSIDE_RECORDINGS_LINK_KEY", "0123456789abcdef")
    assert run_check(path) == 2
    assert capsys.readouterr().err.strip() == "gateway.toml:6: recordings: bogus: unknown key"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            'api_tokens = { "tok" = "anna" }\n',
            "gateway.toml:6: recordings: api_tokens: bearer tokens are secrets",
        ),
        ('cache_dir = ""\n', "gateway.toml:6: recordings: cache_dir: empty path"),
    ],
)
def test_recordings_tokens_are_secrets_and_paths_not_empty(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    error: str,
) -> None:
    path = tmp_path / "gateway.toml"
    path.write_text('[server]\nport = 1\n\n[recordings]\nrecordings_root = "/x"\n' + body)
    monkeypatch.setenv("RINGSIDE_RECORDINGS_LINK_KEY", "0123456789abcdef")
    assert run_check(path) == 2
    assert capsys.readouterr().err.strip().startswith(error)


def test_recordings_tokens_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gateway.links import parse_tokens, recording_settings

    path = tmp_path / "gateway.toml"
    path.write_text(
        '[server]\nport = 1\n\n[recordings]\nrecordings_root = "/x"\napi_tokens_env = "MY_TOKENS"\n'
    )
    monkeypatch.setenv("RINGSIDE_RECORDINGS_LINK_KEY", "0123456789abcdef")
    monkeypatch.setenv("MY_TOKENS", "anna=s3cret-token")
    settings = recording_settings(load_config(path, use_keyring=False))
    assert dict(settings.api_tokens) == {"s3cret-token": "anna"}
    assert "s3cret-token" not in repr(settings)

    assert parse_tokens("anna=tok1, crm = tok2") == {"tok1": "anna", "tok2": "crm"}
    with pytest.raises(ValueError, match="name=token"):
        parse_tokens("justatoken")


def test_short_retailcrm_client_id_is_refused(tmp_path: Path) -> None:
    from tests.fakes.gateway import gateway_config

    with pytest.raises(Exception, match="at least 16 characters"):
        gateway_config(
            tmp_path, retailcrm_url="https://shop.retailcrm.ru", retailcrm={"client_id": "abc"}
        )
