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

import logging
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path, PurePosixPath
from typing import Any, Protocol
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.calls.events import CallSnapshot
from core.recordings.paths import PathRejected, confine
from core.recordings.types import RecordingRow
from core.signing.links import sign_link
from gateway.config import GatewayConfig
from gateway.recordings.cdr import recording_candidates

log = logging.getLogger(__name__)

DEFAULT_LINK_KEY_ENV = "RINGSIDE_RECORDINGS_LINK_KEY"
CRM_LINK_TTL = 30 * 24 * 3600
BINOTEL_LINK_TTL = 15 * 60
ONE_TIME_TTL = 15 * 60
_GATEWAY_ONLY = {
    "link_key_env",
    "storage_aes_key_env",
    "crm_link_ttl",
    "cdr_mysql_password_env",
    "api_tokens_env",
}
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
    if "api_tokens" in raw:
        raise RecordingsKeyError(
            "api_tokens",
            "bearer tokens are secrets: name an environment variable in "
            "api_tokens_env (value 'name=token,name2=token2') instead of writing them here",
        )
    kwargs: dict[str, Any] = {k: v for k, v in raw.items() if k not in _GATEWAY_ONLY}
    for key in _PATHS & set(kwargs):
        if not str(kwargs[key]).strip():
            raise RecordingsKeyError(key, "empty path: remove the key or give a path")
        kwargs[key] = Path(str(kwargs[key])).expanduser()
    if "api_tokens_env" in raw:
        kwargs["api_tokens"] = parse_tokens(config.secret(str(raw["api_tokens_env"])))
    kwargs.setdefault("cache_dir", config.data_dir / "recordings-cache")
    kwargs.setdefault("public_base_url", public_url(config))
    kwargs["link_key"] = config.secret(raw.get("link_key_env", DEFAULT_LINK_KEY_ENV)).encode()
    if "storage_aes_key_env" in raw:
        kwargs["storage_aes_key"] = bytes.fromhex(config.secret(raw["storage_aes_key_env"]))
    if "cdr_mysql_password_env" in raw:
        kwargs["cdr_mysql_password"] = config.secret(str(raw["cdr_mysql_password_env"]))
    if kwargs.get("cdr_mysql_url"):
        _check_mysql_url(str(kwargs["cdr_mysql_url"]))
    return RecordingSettings(**kwargs)


def parse_tokens(value: str) -> dict[str, str]:
    """``"anna=tok1,crm=tok2"`` -> ``{"tok1": "anna", "tok2": "crm"}`` (token -> listener name)."""
    tokens: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        name, sep, token = item.partition("=")
        if not sep or not name.strip() or not token.strip():
            raise RecordingsKeyError("api_tokens_env", "expected 'name=token,name2=token2'")
        tokens[token.strip()] = name.strip()
    return tokens


def _check_mysql_url(url: str) -> None:
    try:
        from gateway.recordings.mysql import MySqlTarget
    except ImportError as exc:
        raise RecordingsKeyError("cdr_mysql_url", f"PyMySQL is not installed ({exc})") from None
    try:
        MySqlTarget.from_url(url)
    except ValueError as exc:
        raise RecordingsKeyError("cdr_mysql_url", str(exc)) from None


class CallIndex(Protocol):
    """What the links need from the recordings index (``gateway.recordings.index``)."""

    def find_call(self, key: str) -> list[RecordingRow]: ...

    def find_file(self, name: str) -> list[str]: ...


class RecordingLinks:
    """Builds the three kinds of recording link from a call snapshot.

    The recording's place comes from the recordings index when one is attached
    (``use_index``): the call's legs by uniqueid/linkedid, then the file name;
    otherwise (or when the index does not know the file yet) from a guess.
    """

    def __init__(
        self,
        config: GatewayConfig,
        *,
        clock: Callable[[], float] = time.time,
        add_token: Callable[[str, str, float], None] | None = None,
        index: CallIndex | None = None,
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
        try:
            self._tz = ZoneInfo(str(raw.get("cdr_timezone", "UTC")))
        except (ZoneInfoNotFoundError, ValueError):
            self._tz = ZoneInfo("UTC")  # recording_settings reports the bad zone
        self._index = index

    def use_index(self, index: CallIndex | None) -> None:
        """Ask ``index`` first from now on (the recordings router's index)."""
        self._index = index

    @property
    def enabled(self) -> bool:
        return len(self._key) >= 16

    def signed(self, name: str, ttl: int) -> str:
        expires_at = int(self._clock()) + ttl
        sig = sign_link(name, expires_at, self._key)
        return f"{self._base}/recordings/file/{quote(name)}?exp={expires_at}&sig={sig}"

    def name_of(self, call: CallSnapshot) -> str | None:
        """The recording's path relative to the recordings root (blocking: index, file stats).

        Order: a leg of the call (uniqueid/linkedid) in the index holding the file
        the snapshot names; that file name in the index; the guess (absolute path
        under the root, FreePBX ``YYYY/MM/DD/`` from the name or the start time,
        flat) if the file exists; any recorded leg of the call; the bare guess.
        """
        if not self.enabled:
            return None
        root = self._root
        if root is None:
            name = call.recording
            return (PurePosixPath(name).name if name.startswith("/") else name) if name else None
        legs = self._indexed_legs(root, call.call_id)
        if not call.recording:
            return legs[0] if legs else None
        wanted = PurePosixPath(call.recording).name
        for rel in legs:
            if PurePosixPath(rel).name == wanted:
                return rel
        candidates = [*self._indexed_files(wanted), *self._guesses(root, call)]
        for rel in candidates:
            if _exists(root, rel):
                return rel
        return legs[0] if legs else candidates[-1]

    def _indexed_legs(self, root: Path, call_id: str) -> list[str]:
        if self._index is None:
            return []
        try:
            rows = self._index.find_call(call_id)
        except (sqlite3.Error, OSError) as exc:
            log.warning("recordings index unavailable for links: %s", exc)
            return []
        names = [row.recording for row in rows if row.recording]
        return [name for name in dict.fromkeys(names) if _exists(root, name)]

    def _indexed_files(self, name: str) -> list[str]:
        if self._index is None:
            return []
        try:
            return self._index.find_file(name)
        except (sqlite3.Error, OSError) as exc:
            log.warning("recordings index unavailable for links: %s", exc)
            return []

    def _guesses(self, root: Path, call: CallSnapshot) -> list[str]:
        """Root-relative places of the snapshot's file, most likely first, the bare name last."""
        name = call.recording or ""
        path = Path(name)
        if path.is_absolute():
            try:
                return [path.relative_to(root).as_posix()]
            except ValueError:
                name = path.name
        started = int(call.started_at or self._clock())
        found = recording_candidates(name, started, self._tz)
        local_day = f"{time.strftime('%Y/%m/%d', time.localtime(started))}/{name}"
        if "/" not in name and local_day not in found:
            found.insert(len(found) - 1, local_day)  # FreePBX dates its dirs in local time
        return found or [name]

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


def _exists(root: Path, name: str) -> bool:
    try:
        confine(root, name)
    except PathRejected:
        return False
    return True
