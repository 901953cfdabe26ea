"""One registry of CRM adapters: names, settings schemas for the UI, and factories.

``create_adapter(name, config, secrets)`` builds an adapter from a plain config
dict (what the settings file holds) and a secrets mapping (what the keyring
holds, keyed by field name). A secret field found in ``config`` is refused:
secrets never live in config files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from core.crm.addressbook import AddressBookAdapter
from core.crm.amocrm import AmoCrmAdapter
from core.crm.base import ConfigField, CrmAdapter
from core.crm.bitrix24 import Bitrix24Adapter
from core.crm.clinica import ClinicaAdapter
from core.crm.generic_http import MAPPED_FIELDS, GenericHttpAdapter
from core.crm.retailcrm import RetailCrmAdapter
from core.crm.transport import DEFAULT_TIMEOUT
from core.settings.paths import data_dir

__all__ = [
    "AdapterInfo",
    "adapter_info",
    "available_adapters",
    "create_adapter",
    "default_addressbook_path",
]

Factory = Callable[
    [Mapping[str, Any], Mapping[str, str], httpx.AsyncBaseTransport | None], CrmAdapter
]


@dataclass(frozen=True, slots=True)
class AdapterInfo:
    """What the settings UI needs to list and configure an adapter."""

    name: str
    label: str
    fields: tuple[ConfigField, ...]
    supports_create: bool
    supports_push: bool


def default_addressbook_path() -> str:
    """The embedded address book lives with the rest of Ringside's data (``RINGSIDE_DATA_DIR``)."""
    return str(data_dir() / "addressbook.sqlite3")


def _str(config: Mapping[str, Any], key: str, default: str = "") -> str:
    value = config.get(key)
    return default if value is None else str(value).strip()


def _timeout(config: Mapping[str, Any]) -> float:
    try:
        return float(config.get("timeout") or DEFAULT_TIMEOUT)
    except (TypeError, ValueError):
        raise ValueError("timeout must be a number of seconds") from None


def _bool(config: Mapping[str, Any], key: str) -> bool:
    return _str(config, key).lower() in ("1", "true", "yes", "on")


def _addressbook(c: Mapping[str, Any], s: Mapping[str, str], t: Any) -> CrmAdapter:
    return AddressBookAdapter.open(
        _str(c, "path") or default_addressbook_path(), _str(c, "region", "RU")
    )


def _retailcrm(c: Mapping[str, Any], s: Mapping[str, str], t: Any) -> CrmAdapter:
    return RetailCrmAdapter(
        _str(c, "url"),
        s["api_key"],
        site=_str(c, "site") or None,
        region=_str(c, "region", "RU"),
        timezone=_str(c, "timezone") or None,
        timeout=_timeout(c),
        transport=t,
    )


def _clinica(c: Mapping[str, Any], s: Mapping[str, str], t: Any) -> CrmAdapter:
    return ClinicaAdapter(
        _str(c, "push_url"),
        company_id=_str(c, "company_id") or None,
        encoding=_str(c, "encoding", "form"),
        region=_str(c, "region", "RU"),
        timeout=_timeout(c),
        transport=t,
    )


def _bitrix24(c: Mapping[str, Any], s: Mapping[str, str], t: Any) -> CrmAdapter:
    return Bitrix24Adapter(
        s["webhook_url"],
        crm_create=_bool(c, "crm_create"),
        region=_str(c, "region", "RU"),
        timeout=_timeout(c),
        calls_db=_str(c, "calls_db") or None,
        transport=t,
    )


def _amocrm(c: Mapping[str, Any], s: Mapping[str, str], t: Any) -> CrmAdapter:
    return AmoCrmAdapter(
        _str(c, "url"), s["token"], region=_str(c, "region", "RU"), timeout=_timeout(c), transport=t
    )


def _generic(c: Mapping[str, Any], s: Mapping[str, str], t: Any) -> CrmAdapter:
    paths = {k: _str(c, f"{k}_path") for k in MAPPED_FIELDS if _str(c, f"{k}_path")}
    return GenericHttpAdapter(
        _str(c, "lookup_url"),
        results=_str(c, "results"),
        paths=paths,
        open_url=_str(c, "open_url"),
        create_url=_str(c, "create_url"),
        auth_header=_str(c, "auth_header", "Authorization"),
        auth_value=s.get("auth_value", ""),
        region=_str(c, "region", "RU"),
        timeout=_timeout(c),
        transport=t,
    )


_REGISTRY: dict[str, tuple[type[CrmAdapter], Factory]] = {
    AddressBookAdapter.name: (AddressBookAdapter, _addressbook),
    RetailCrmAdapter.name: (RetailCrmAdapter, _retailcrm),
    ClinicaAdapter.name: (ClinicaAdapter, _clinica),
    Bitrix24Adapter.name: (Bitrix24Adapter, _bitrix24),
    AmoCrmAdapter.name: (AmoCrmAdapter, _amocrm),
    GenericHttpAdapter.name: (GenericHttpAdapter, _generic),
}


def available_adapters() -> list[AdapterInfo]:
    """Every adapter, the embedded address book first."""
    return [adapter_info(name) for name in _REGISTRY]


def adapter_info(name: str) -> AdapterInfo:
    try:
        cls = _REGISTRY[name][0]
    except KeyError:
        raise ValueError(f"unknown CRM adapter {name!r}") from None
    return AdapterInfo(cls.name, cls.label, cls.fields, cls.supports_create, cls.supports_push)


def create_adapter(
    name: str,
    config: Mapping[str, Any],
    secrets: Mapping[str, str],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> CrmAdapter:
    """Build adapter ``name``; ``ValueError`` with a sentence when the settings are incomplete."""
    info = adapter_info(name)
    for field in info.fields:
        if field.kind == "secret" and config.get(field.name):
            raise ValueError(
                f"{info.label}: '{field.label}' is a secret; keep it in the keyring,"
                " not in the settings file"
            )
        source = secrets if field.kind == "secret" else config
        if field.required and not str(source.get(field.name) or "").strip():
            raise ValueError(f"{info.label}: '{field.label}' is required")
        if (
            field.kind == "choice"
            and config.get(field.name)
            and field.choices
            and str(config[field.name]) not in field.choices
        ):
            raise ValueError(
                f"{info.label}: '{field.label}' must be one of {', '.join(field.choices)}"
            )
    return _REGISTRY[name][1](config, secrets, transport)
