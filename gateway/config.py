"""Gateway configuration: one TOML file, validated on start with line-precise errors.

The file is parsed with :mod:`tomllib` and validated with pydantic models
(declared once: name, type, default, description). Every problem is reported as
``FILE:LINE: section.key: what is wrong``, e.g.
``gateway.toml:12: rostelecom.rate_limits.call_back: expected integer``.

Secrets never live in the file: each section names the environment variable
(or keyring entry) that holds its secret; :func:`load_config` resolves them
into :class:`Secrets`, which is never logged or shown in ``repr``.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.settings.paths import data_dir as default_data_dir
from gateway import secrets as secret_store


def _check_networks(value: list[str]) -> list[str]:
    for item in value:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ValueError(f"not an IP address or network: {item!r}") from None
    return value


class _Section(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class ServerSection(_Section):
    host: str = Field("127.0.0.1", description="address uvicorn binds")
    port: int = Field(8080, ge=0, le=65535, description="TCP port (0 = ephemeral)")
    public_url: str = Field("", description="base URL others reach the gateway at (links)")
    data_dir: str = Field("", description="SQLite outbox and logs (default: <data dir>/gateway)")
    region: str = Field("RU", min_length=2, max_length=2, description="default phone region")
    debug_page: bool = Field(True, description="serve /debug (log viewer, test notifications)")
    debug_allowed_ips: list[str] = Field(
        default_factory=lambda: ["127.0.0.1/32", "::1/128"],
        description="who may open /debug (it shows call data): loopback by default, empty: nobody",
    )
    log_keep: int = Field(20_000, ge=100, description="request/response log entries kept")
    header_timeout: float = Field(
        10.0, gt=0, le=300, description="seconds a client has to send a whole request"
    )
    keep_alive_timeout: float = Field(
        5.0, gt=0, le=300, description="seconds an idle keep-alive connection stays open"
    )
    max_connections: int = Field(
        800, ge=10, description="open connections at most (keep below the open-files limit)"
    )
    allow_insecure_http: bool = Field(
        False,
        description="allow http:// CRM URLs off this machine (the API key and call data then "
        "travel in clear); without it such URLs are refused",
    )
    admin_token_env: str = Field(
        "RINGSIDE_GATEWAY_ADMIN_TOKEN",
        description="env var / keyring entry of the bearer token of /admin/* (unset: no admin API)",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="reverse proxies whose X-Forwarded-For is believed (IP allow-lists and "
        "/debug then see the real client); empty: the TCP peer is the client",
    )

    @field_validator("debug_allowed_ips")
    @classmethod
    def _debug_networks(cls, value: list[str]) -> list[str]:
        return _check_networks(value)


class OutboxSection(_Section):
    max_age_hours: float = Field(
        24.0,
        gt=0,
        description="give up on a push (dead, kept for the admin) this long after it was made",
    )
    retry_after_floor: float = Field(
        1.0, ge=0, le=3600, description="least seconds to wait when a CRM says Retry-After"
    )


class AmiSection(_Section):
    host: str = Field("127.0.0.1", description="Asterisk host")
    port: int = Field(5038, ge=1, le=65535, description="AMI TCP port")
    user: str = Field("ringside", min_length=1, description="manager.conf user")
    secret_env: str = Field(
        "RINGSIDE_AMI_SECRET", description="env var / keyring entry of the secret"
    )
    tls: bool = Field(False, description="AMI over TLS (Asterisk's tlsbindport, usually 5039)")
    filter_events: bool = Field(
        True,
        description="ask Asterisk for only the events the call tracker reads (Filter action: "
        "write class system; else eventfilter= lines in manager.conf)",
    )


class RetailCrmSection(_Section):
    url: str = Field(..., pattern=r"^https?://", description="retailCRM base URL")
    client_id: str = Field(
        ...,
        min_length=16,
        description="module clientId: the only credential of /api/* and makeCallUrl, "
        "so at least 16 characters",
    )
    api_key_env: str = Field("RINGSIDE_RETAILCRM_API_KEY", description="env var of the X-API-KEY")
    site: str = Field("", description="site code sent with events")
    channel_format: str = Field("PJSIP/##", description="channel to ring, ## = extension")
    context: str = Field("from-internal", description="originate context[,priority]")
    caller_id_name: str = Field("CRM", description="CallerID(name) shown to the operator")
    caller_id_prefix: str = Field("", description="prefix of the customer name in /api/manager")
    upload: bool = Field(True, description="send telephony/calls/upload after each call")
    events_from: Literal["ami", "dialplan", "both"] = Field(
        "ami",
        description="call events from AMI (dialplan /api/event accepted, not forwarded), "
        "the dialplan (/api/event only) or both (deduplicated by call id + event type)",
    )
    timezone: str = Field(
        "",
        description="IANA zone of the retailCRM account for upload dates "
        "(empty: this machine's zone)",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value:
            from core.crm.retailcrm import zone

            zone(value)  # raises ValueError naming the zone
        return value


class ClinicaSection(_Section):
    push_url: str = Field(..., pattern=r"^https?://", description="…/api/Binotel/Push")
    company_id: str = Field("", description="CompanyID sent with every push")


class BinotelSection(_Section):
    key: str = Field(..., min_length=1, description="public key of the stats/* methods")
    secret_env: str = Field("RINGSIDE_BINOTEL_SECRET", description="env var of the md5 secret")
    channel_format: str = Field("PJSIP/##", description="channel for ext-to-phone")
    context: str = Field("from-internal", description="originate context")


class RostelecomSection(_Section):
    client_id: str = Field(..., min_length=1, description="X-Client-ID")
    sign_key_env: str = Field("RINGSIDE_ROSTELECOM_SIGN_KEY", description="env var of the sign key")
    callback_url: str = Field("", description="external system's call_events URL ('' = off)")
    allowed_ips: list[str] = Field(default_factory=list, description="allow-list (empty = all)")
    rate_limits: dict[str, int] = Field(
        default_factory=dict, description="requests per hour per method (default 100)"
    )
    domain: str = Field("", description="SIP domain: request_number becomes ext@domain")
    channel_format: str = Field("PJSIP/##", description="channel for call_back")
    context: str = Field("from-internal", description="originate context")

    @field_validator("allowed_ips")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        return _check_networks(value)

    @field_validator("rate_limits")
    @classmethod
    def _limits(cls, value: dict[str, int]) -> dict[str, int]:
        for name, limit in value.items():
            if name not in ("call_back", "get_record"):
                raise ValueError(f"unknown method {name!r} (call_back, get_record)")
            if limit < 1:
                raise ValueError(f"{name}: must be at least 1")
        return value


class GatewayFile(_Section):
    server: ServerSection = Field(default_factory=ServerSection)  # type: ignore[arg-type]
    ami: AmiSection = Field(default_factory=AmiSection)  # type: ignore[arg-type]
    outbox: OutboxSection = Field(default_factory=OutboxSection)  # type: ignore[arg-type]
    retailcrm: RetailCrmSection | None = None
    clinica: ClinicaSection | None = None
    binotel: BinotelSection | None = None
    rostelecom: RostelecomSection | None = None
    recordings: dict[str, Any] = Field(default_factory=dict)
    hub: dict[str, Any] = Field(default_factory=dict)  # validated by gateway.hub.settings
    cluster: dict[str, Any] = Field(default_factory=dict)  # validated by gateway.cluster.settings


@dataclass(frozen=True)
class Secrets:
    """Resolved secrets. ``repr`` never shows the values."""

    values: dict[str, str] = field(default_factory=dict, repr=False)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def __repr__(self) -> str:
        return f"Secrets({sorted(self.values)})"


@dataclass(frozen=True)
class GatewayConfig:
    """Validated configuration plus its resolved secrets."""

    file: GatewayFile
    secrets: Secrets = field(default_factory=Secrets)
    path: Path | None = None

    @property
    def data_dir(self) -> Path:
        configured = self.file.server.data_dir
        return Path(configured).expanduser() if configured else default_data_dir() / "gateway"

    def secret(self, env_name: str) -> str:
        return self.secrets.get(env_name)


class ConfigError(Exception):
    """Raised with every problem found, one ``FILE:LINE: message`` per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


_TYPE_WORDS = {
    "int": "expected integer",
    "string": "expected string",
    "bool": "expected true or false",
    "list": "expected array",
    "dict": "expected table",
    "model": "expected table",
    "float": "expected number",
}


def _friendly(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    for prefix, words in _TYPE_WORDS.items():
        if kind.startswith(f"{prefix}_") and kind.endswith(("_type", "_parsing")):
            return words
    if kind == "string_pattern_mismatch" and "http" in str(error.get("ctx", {})):
        return "expected an http:// or https:// URL"
    message = str(error.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Map each ``(table, ..., key)`` path to the 1-based line it is written on.

    Covers what a gateway file uses: ``[table]`` / ``[a.b]`` headers and
    ``key = value`` lines (a value spanning lines maps to its first line).
    """
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = tuple(header.group(1).split("."))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*table, key.group(1)), number)
    return lines


def _line_for(loc: tuple[str | int, ...], lines: dict[tuple[str, ...], int]) -> int:
    path = tuple(str(part) for part in loc if not isinstance(part, int))
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1


def parse_config(text: str, name: str = "gateway.toml") -> GatewayFile:
    """Parse and validate TOML text; raise :class:`ConfigError` with located problems."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = match.group(1) if match else "1"
        reason = re.sub(r"\s*\(at line .*\)$", "", str(exc)) or "syntax error"
        raise ConfigError([f"{name}:{line}: TOML syntax error: {reason}"]) from None
    try:
        cfg = GatewayFile.model_validate(raw)
    except ValidationError as exc:
        lines = key_lines(text)
        located = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            dotted = ".".join(str(part) for part in loc)
            located.append((_line_for(loc, lines), f"{dotted}: {_friendly(dict(error))}"))
        raise ConfigError([f"{name}:{line}: {text}" for line, text in sorted(located)]) from None
    problems = _insecure_problems(cfg, text, name)
    if problems:
        raise ConfigError(problems)
    return cfg


_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def insecure_urls(cfg: GatewayFile) -> list[tuple[tuple[str, str], str]]:
    """``((section, key), url)`` of every CRM URL that would carry secrets in clear:
    ``http://`` to a host other than this machine."""
    from urllib.parse import urlsplit

    found = []
    for section, key in (("retailcrm", "url"), ("clinica", "push_url"),
                         ("rostelecom", "callback_url")):  # fmt: skip
        model = getattr(cfg, section)
        url = str(getattr(model, key, "") or "") if model is not None else ""
        if url.lower().startswith("http://"):
            try:
                host = urlsplit(url).hostname or ""
            except ValueError:
                host = ""
            if not _loopback(host):
                found.append(((section, key), url))
    return found


def _insecure_problems(cfg: GatewayFile, text: str, name: str) -> list[str]:
    if cfg.server.allow_insecure_http:
        return []
    lines = key_lines(text)
    return [
        f"{name}:{_line_for(loc, lines)}: {'.'.join(loc)}: {url} is plain http: the API key and "
        "call data would travel in clear; use https:// (or set [server] allow_insecure_http = "
        "true if the network is trusted)"
        for loc, url in insecure_urls(cfg)
    ]


def _secret_names(cfg: GatewayFile) -> list[tuple[tuple[str, ...], str, bool]]:
    """``(location, env name, required)`` for every secret the configuration needs."""
    names: list[tuple[tuple[str, ...], str, bool]] = [
        (("ami", "secret_env"), cfg.ami.secret_env, False),
        (("server", "admin_token_env"), cfg.server.admin_token_env, False),
    ]
    if cfg.retailcrm:
        names.append((("retailcrm", "api_key_env"), cfg.retailcrm.api_key_env, True))
    if cfg.binotel:
        names.append((("binotel", "secret_env"), cfg.binotel.secret_env, True))
    if cfg.rostelecom:
        names.append((("rostelecom", "sign_key_env"), cfg.rostelecom.sign_key_env, True))
    if cfg.recordings:
        env = str(cfg.recordings.get("link_key_env", "RINGSIDE_RECORDINGS_LINK_KEY"))
        names.append((("recordings", "link_key_env"), env, True))
        if "storage_aes_key_env" in cfg.recordings:
            aes = str(cfg.recordings["storage_aes_key_env"])
            names.append((("recordings", "storage_aes_key_env"), aes, True))
        if "api_tokens_env" in cfg.recordings:
            tokens = str(cfg.recordings["api_tokens_env"])
            names.append((("recordings", "api_tokens_env"), tokens, True))
        if "cdr_mysql_password_env" in cfg.recordings:
            pwd = str(cfg.recordings["cdr_mysql_password_env"])
            names.append((("recordings", "cdr_mysql_password_env"), pwd, True))
    return names


def load_config(
    path: str | Path, *, environ: dict[str, str] | None = None, use_keyring: bool = True
) -> GatewayConfig:
    """Read, validate and resolve a config file; raise :class:`ConfigError` listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError:
        raise ConfigError([f"{path}:1: not UTF-8 text"]) from None
    cfg = parse_config(text, path.name)
    lines = key_lines(text)
    values: dict[str, str] = {}
    problems: list[str] = []
    for loc, env_name, required in _secret_names(cfg):
        value = secret_store.lookup(env_name, environ=environ, use_keyring=use_keyring)
        if value:
            values[env_name] = value
        elif required:
            line = _line_for(loc, lines)
            problems.append(
                f"{path.name}:{line}: {loc[0]}: secret {env_name} is not set "
                "(set the environment variable or store it in the keyring)"
            )
    if problems:
        raise ConfigError(problems)
    return GatewayConfig(file=cfg, secrets=Secrets(values), path=path)


def config_from_dict(raw: dict[str, Any], secrets: dict[str, str] | None = None) -> GatewayConfig:
    """Build a configuration in code (tests, embedded use); secrets given directly.
    Raises ``ConfigError`` for plain-http CRM URLs off this machine, as a file would."""
    cfg = GatewayFile.model_validate(raw)
    problems = _insecure_problems(cfg, "", "<config>")
    if problems:
        raise ConfigError(problems)
    return GatewayConfig(file=cfg, secrets=Secrets(dict(secrets or {})))
