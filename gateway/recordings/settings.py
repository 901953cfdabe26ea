"""``RecordingSettings``: everything the recordings router needs, declared once.

Secrets (``link_key``, ``storage_aes_key``, API tokens) arrive from the caller
(which reads them from the keyring or the environment) and are never logged:
``repr`` hides them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from gateway.recordings.indexer import FreePbxRowSource


def _tokens(value: Mapping[str, str] | Iterable[str]) -> Mapping[str, str]:
    if isinstance(value, Mapping):
        return dict(value)
    return {token: f"token-{i + 1}" for i, token in enumerate(value)}


@dataclass(frozen=True)
class RecordingSettings:
    """Configuration of the recording service.

    ``api_tokens`` maps a bearer token to the name logged as the listener
    (a plain iterable of tokens is accepted too). Exactly one CDR source is
    usual, but any combination is indexed.
    """

    recordings_root: Path
    cache_dir: Path
    link_key: bytes = field(repr=False)
    cdr_csv: Path | None = None
    cdr_sqlite: Path | None = None
    cdr_mysql_url: str | None = field(default=None, repr=False)  # FreePBX asteriskcdrdb (PyMySQL)
    cdr_mysql_password: str = field(default="", repr=False)
    cdr_mysql_lookback: int = 24 * 3600  # calls longer than this, written late, are not indexed
    freepbx_rows: FreePbxRowSource | None = None  # row source for the FreePBX layout
    link_ttl: int = 3600
    get_record_keys_file: Path | None = None
    storage_aes_key: bytes | None = field(default=None, repr=False)
    api_tokens: Mapping[str, str] = field(default_factory=dict, repr=False)
    index_path: Path | None = None
    cache_max_bytes: int = 512 * 1024 * 1024
    cdr_timezone: str = "UTC"
    poll_interval: float = 5.0
    watch: bool = True
    public_base_url: str | None = None  # base of the links handed out; default: the request's

    def __post_init__(self) -> None:
        object.__setattr__(self, "api_tokens", _tokens(self.api_tokens))
        if len(self.link_key) < 16:
            raise ValueError("link_key must be at least 16 bytes")
        if self.storage_aes_key is not None and len(self.storage_aes_key) != 32:
            raise ValueError("storage_aes_key must be 32 bytes (AES-256)")
        ZoneInfo(self.cdr_timezone)  # fail early on a bad zone name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.cdr_timezone)

    @property
    def index_file(self) -> Path:
        return self.index_path or self.cache_dir / "recordings-index.sqlite3"
