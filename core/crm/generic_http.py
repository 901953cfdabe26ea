"""Generic "HTTP JSON lookup + open URL" adapter for in-house CRMs.

The lookup URL is a template with ``{number}`` (as the PBX gave it), ``{e164}``
(``+7916...``, URL-encoded), ``{digits}`` and ``{tail10}``. The JSON answer is
mapped with dotted paths (``data.items``, ``client.name``, ``phones.0``): ``results``
points at a list of records (or one record; empty = the root), the other paths are
relative to one record. ``open_url`` is a template over the record's mapped fields
(``{id}``) plus the number placeholders. An optional header carries a token.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar
from urllib.parse import quote

import httpx

from core.crm.base import ConfigField, CrmAdapter, CrmRejected
from core.crm.transport import DEFAULT_TIMEOUT, make_client, raise_for_status, read_json, send
from core.crm.types import Contact, Link, Match
from core.phone import digits, match_confidence, normalize

__all__ = ["GenericHttpAdapter", "dig"]

MAPPED_FIELDS = (
    "id",
    "name",
    "company",
    "phones",
    "email",
    "manager",
    "manager_extension",
    "notes",
)


def dig(data: Any, path: str) -> Any:
    """Follow a dotted path through dicts and lists (``a.0.b``); ``None`` when missing."""
    if not path:
        return data
    for part in path.split("."):
        if isinstance(data, Mapping):
            data = data.get(part)
        elif (
            isinstance(data, list)
            and part.lstrip("-").isdigit()
            and -len(data) <= int(part) < len(data)
        ):
            data = data[int(part)]
        else:
            return None
    return data


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(t for t in (_text(v) for v in value) if t)
    single = _text(value)
    return (single,) if single else ()


class _SafeFormat(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


class GenericHttpAdapter(CrmAdapter):
    name: ClassVar[str] = "generic_http"
    label: ClassVar[str] = "HTTP JSON lookup"
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField(
            "lookup_url",
            "Lookup URL",
            "url",
            "",
            required=True,
            help="https://crm.example.com/api/lookup?phone={e164}",
        ),
        ConfigField("results", "Path to results", "text", "", help="e.g. data.items; empty = root"),
        *(ConfigField(f"{key}_path", f"Field: {key}", "text", key) for key in MAPPED_FIELDS),
        ConfigField(
            "open_url", "Open-customer URL", "url", "", help="https://crm.example.com/clients/{id}"
        ),
        ConfigField(
            "create_url",
            "Create-customer URL",
            "url",
            "",
            help="https://crm.example.com/clients/new?phone={e164}",
        ),
        ConfigField("auth_header", "Auth header name", "text", "Authorization"),
        ConfigField("auth_value", "Auth header value", "secret", ""),
        ConfigField("region", "Default region", "choice", "RU", choices=("RU", "UA", "KZ", "BY")),
        ConfigField("timeout", "Timeout, s", "number", str(DEFAULT_TIMEOUT)),
    )

    def __init__(
        self,
        lookup_url: str,
        *,
        results: str = "",
        paths: Mapping[str, str] | None = None,
        open_url: str = "",
        create_url: str = "",
        auth_header: str = "Authorization",
        auth_value: str = "",
        region: str = "RU",
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(region)
        self.lookup_url = lookup_url
        self.results = results
        self.paths = {key: key for key in MAPPED_FIELDS} | dict(paths or {})
        self.open_url = open_url
        self._create_url = create_url
        headers = {auth_header: auth_value} if auth_value else {}
        self._client = make_client(timeout=timeout, headers=headers, transport=transport)
        self.supports_create = bool(create_url)  # type: ignore[misc]

    def _placeholders(self, number: str, e164: str | None) -> dict[str, str]:
        only = digits(number)
        return {
            "number": quote(number.strip(), safe=""),
            "e164": quote(e164 or number, safe=""),
            "digits": only,
            "tail10": only[-10:],
        }

    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        url = self.lookup_url.format_map(_SafeFormat(self._placeholders(number, e164)))
        response = await send(self._client, "The lookup service", "GET", url)
        if response.status_code == 404:
            return []  # many in-house services answer 404 for "no such customer"
        raise_for_status(response, "The lookup service", response.text.strip()[:200] or None)
        if response.status_code == 204 or not response.content.strip():
            return []
        found = dig(read_json(response, "The lookup service"), self.results)
        if found is None:
            return []
        records = found if isinstance(found, list) else [found]
        if not all(isinstance(r, Mapping) for r in records):
            raise CrmRejected(
                f"The lookup service: '{self.results or 'root'}' is not a record list."
            )
        return [self._match(number, e164, record) for record in records]

    def _match(self, number: str, e164: str | None, record: Mapping[str, Any]) -> Match:
        get = {key: dig(record, path) for key, path in self.paths.items()}
        phones = _texts(get["phones"])
        contact_id = _text(get["id"]) or ""
        links: tuple[Link, ...] = ()
        if self.open_url:
            values = self._placeholders(number, e164) | {"id": quote(contact_id, safe="")}
            links = (Link("Open customer", self.open_url.format_map(_SafeFormat(values))),)
        contact = Contact(
            id=contact_id,
            name=_text(get["name"]) or _text(get["company"]) or "—",
            source=self.name,
            company=_text(get["company"]),
            phones=phones,
            email=_text(get["email"]),
            manager_name=_text(get["manager"]),
            manager_extension=_text(get["manager_extension"]),
            notes=_texts(get["notes"]),
            links=links,
        )
        score = max((match_confidence(number, p, self.region) for p in phones), default=0.0)
        return Match(contact, score or 0.8)  # the service chose it for this number

    def create_url(self, number: str) -> str | None:
        if not self._create_url:
            return None
        values = self._placeholders(number, normalize(number, self.region))
        return self._create_url.format_map(_SafeFormat(values))

    async def aclose(self) -> None:
        await self._client.aclose()
