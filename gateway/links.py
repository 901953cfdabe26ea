"""Recording links the gateway hands out, and the recordings router's settings.

* CRMs (retailCRM ``recordUrl``) get a long-lived signed link
  (``/recordings/file/<name>?exp&sig``, the recordings router's scheme).
* Binotel ``stats/call-record`` gets a link valid ~15 minutes (as Binotel's).
* Rostelecom ``get_record`` gets a *one-time* link: a random token stored in
  the gateway's database; its first use redirects to a short-lived signed link
  and burns the token.

``[recordings]`` in the config is passed through to ``RecordingSettings``;
secrets are named by ``*_env`` keys, gateway-only keys are stripped.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from core.calls.events import CallSnapshot
from core.signing.links import sign_link
from gateway.config import GatewayConfig

DEFAULT_LINK_KEY_ENV = "RINGSIDE_RECORDINGS_LINK_KEY"
CRM_LINK_TTL = 30 * 24 * 3600
BINOTEL_LINK_TTL = 15 * 60
ONE_TIME_TTL = 15 * 60
_GATEWAY_ONLY = {"link_key_env", "storage_aes_key_env", "crm_link_ttl"}
_PATHS = {
    "recordings_root",
    "cache_dir",
    "cdr_csv",
    "cdr_sqlite",
    "get_record_keys_file",
    "index_path",
}


class RecordingsKeyError(ValueError):
    """A bad ``[recordings]`` key; ``key`` lets the caller point at its line."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"{key}: {problem}")
        self.key = key


def public_url(config: GatewayConfig) -> str:
    server = config.file.server
    return (server.public_url or f"http://{server.host}:{server.port}").rstrip("/")


def recording_settings(config: GatewayConfig) -> Any | None:
    """``RecordingSettings`` from ``[recordings]`` (None when the section is empty).

    Raises ``ValueError`` / ``TypeError`` with the offending key for bad values.
    """
    raw = dict(config.file.recordings)
    if not raw:
        return None
    from gateway.recordings.settings import RecordingSettings

    known = {f.name for f in fields(RecordingSettings)}
    unknown = sorted(set(raw) - known - _GATEWAY_ONLY)
    if unknown:
        raise RecordingsKeyError(unknown[0], "unknown key")
    kwargs: dict[str, Any] = {k: v for k, v in raw.items() if k not in _GATEWAY_ONLY}
    for key in _PATHS & set(kwargs):
        kwargs[key] = Path(str(kwargs[key])).expanduser()
    kwargs.setdefault("cache_dir", config.data_dir / "recordings-cache")
    kwargs.setdefault("public_base_url", public_url(config))
    kwargs["link_key"] = config.secret(raw.get("link_key_env", DEFAULT_LINK_KEY_ENV)).encode()
    if "storage_aes_key_env" in raw:
        kwargs["storage_aes_key"] = bytes.fromhex(config.secret(raw["storage_aes_key_env"]))
    return RecordingSettings(**kwargs)


class RecordingLinks:
    """Builds the three kinds of recording link from a call snapshot."""

    def __init__(
        self,
        config: GatewayConfig,
        *,
        clock: Callable[[], float] = time.time,
        add_token: Callable[[str, str, float], None] | None = None,
    ):
        raw = config.file.recordings
        self._key = config.secret(raw.get("link_key_env", DEFAULT_LINK_KEY_ENV)).encode()
        self._base = str(raw.get("public_base_url") or public_url(config)).rstrip("/")
        self._crm_ttl = int(raw.get("crm_link_ttl", CRM_LINK_TTL))
        self._gateway_base = public_url(config)
        self._clock = clock
        self._add_token = add_token
        root = raw.get("recordings_root")
        self._root = Path(str(root)).expanduser() if root else None

    @property
    def enabled(self) -> bool:
        return len(self._key) >= 16

    def signed(self, name: str, ttl: int) -> str:
        expires_at = int(self._clock()) + ttl
        sig = sign_link(name, expires_at, self._key)
        return f"{self._base}/recordings/file/{quote(name)}?exp={expires_at}&sig={sig}"

    def name_of(self, call: CallSnapshot) -> str | None:
        """The recording's path relative to the recordings root (blocking: stats files).

        Asterisk reports a bare name (CDR) or an absolute path (MIXMONITOR_FILENAME);
        FreePBX files sit under ``YYYY/MM/DD/`` while the CDR keeps the bare name.
        """
        if not call.recording or not self.enabled:
            return None
        name = call.recording
        root = self._root
        if root is None:
            return PurePosixPath(name).name if name.startswith("/") else name
        path = Path(name)
        if path.is_absolute():
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                return path.name
        if not (root / name).exists():
            day = time.strftime("%Y/%m/%d", time.localtime(call.started_at or self._clock()))
            if (root / day / name).exists():
                return f"{day}/{name}"
        return name

    def record_url(self, call: CallSnapshot) -> str | None:
        """Long-lived link for the CRM's call record."""
        name = self.name_of(call)
        return self.signed(name, self._crm_ttl) if name else None

    def short_url(self, call: CallSnapshot) -> str | None:
        name = self.name_of(call)
        return self.signed(name, BINOTEL_LINK_TTL) if name else None

    def one_time_url(self, call: CallSnapshot) -> str | None:
        """Register a one-time token (blocking: call from a worker thread)."""
        name = self.name_of(call)
        if not name or self._add_token is None:
            return None
        token = secrets.token_urlsafe(24)
        self._add_token(token, name, self._clock() + ONE_TIME_TTL)
        return f"{self._gateway_base}/records/{token}"
