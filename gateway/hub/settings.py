"""The ``[hub]`` section of the gateway TOML: accounts, tokens and what desktops are given.

Example::

    [hub]
    enabled = true
    token_ttl = 43200            # seconds a sign-in lasts (refreshed by the desktop)
    lookup = "hub"               # CRM lookups on the hub (one cache) or "desktop"
    language = "ru"
    popup = { close_after = 8 }  # non-secret popup settings handed to every desktop

    [hub.crm]                    # the CRM the hub looks numbers up in and sends notes to
    adapter = "retailcrm"
    settings = { url = "https://shop.retailcrm.ru" }
    secret_env = "RINGSIDE_HUB_CRM_KEY"   # its secret: environment or keyring, never the file

Secrets never leave the hub: the profile a desktop gets has the adapter's
non-secret settings only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class _Section(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class HubCrm(_Section):
    adapter: str = Field(..., description="CRM adapter name (core/crm/registry.py)")
    settings: dict[str, Any] = Field(default_factory=dict, description="its non-secret settings")
    secret_env: str = Field("", description="environment variable / keyring entry of its secret")
    secret_field: str = Field("", description="the adapter's secret field (default: its first)")


class HubSettings(_Section):
    enabled: bool = True
    accounts: str = Field("", description="accounts database (default <data_dir>/hub.sqlite3)")
    token_ttl: float = Field(12 * 3600.0, gt=60, description="seconds a sign-in lasts")
    buffer: int = Field(20_000, ge=100, description="events kept for desktops that reconnect")
    sync_grace: float = Field(
        0.5, ge=0, description="seconds after the PBX link is up before snapshots"
    )
    recheck: float = Field(5.0, gt=0, description="seconds between sweeps for revoked tokens")
    lookup: Literal["hub", "desktop"] = "hub"
    language: str = Field("", description="the desktops' default language (ru, en; empty: theirs)")
    popup: dict[str, Any] = Field(default_factory=dict)
    recordings_url: str = Field(
        "", description="where desktops fetch recordings (default: public_url)"
    )
    channel_format: str = Field(
        "", description="the device of an extension (## = it; empty: the gateway's CRM section's)"
    )
    context: str = Field("from-internal", description="dialplan context click-to-call dials in")
    caller_id_prefix: str = Field("", description="shown on the operator's phone before the number")
    dnd_mode: Literal["astdb", "devstate"] = "astdb"
    crm: HubCrm | None = None


def hub_settings(raw: dict[str, Any] | None) -> HubSettings | None:
    """The validated section (None when absent or disabled); ``ValueError`` in words otherwise."""
    if not raw:
        return None
    try:
        settings = HubSettings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ValueError(f"hub.{where}: {first['msg']}") from None
    return settings if settings.enabled else None


def accounts_path(settings: HubSettings | None, data_dir: Path) -> Path:
    if settings is not None and settings.accounts:
        return Path(settings.accounts).expanduser()
    return data_dir / "hub.sqlite3"
