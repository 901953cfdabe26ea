"""Bitrix24 REST adapter: ``crm.duplicate.findbycomm`` lookup, ``telephony.externalcall.*`` pushes.

Auth is an inbound webhook URL ``https://<portal>/rest/<user_id>/<secret>/`` (a secret,
kept in the keyring; never logged: transport redacts it). Methods are POSTed as JSON
to ``<webhook><method>.json``; answers are ``{"result": ...}`` or
``{"error", "error_description"}``.

- lookup: ``crm.duplicate.findbycomm`` (type PHONE, values[]) -> CONTACT/COMPANY/LEAD ids,
  then ``crm.contact.get`` / ``crm.company.get`` / ``crm.lead.get`` for names and
  ``user.get`` for the responsible manager (``UF_PHONE_INNER`` = extension).
- calls (``push_call_record``, the after-call path): ``telephony.externalcall.register``
  (USER_PHONE_INNER = extension, TYPE 2 in / 1 out), ``.finish`` with duration and status
  code, ``.attachRecord`` with RECORD_URL. The call id -> ``CALL_ID`` map survives restarts
  (``core.crm.bitrix24_calls``, SQLite ``bitrix24-calls.sqlite3`` in the data folder unless
  ``calls_db`` is given), so a push retried after a failed ``finish`` and a restart does not
  register the call twice. Current Bitrix24 answers ``WRONG_AUTH_TYPE`` to webhooks on some telephony
  methods: that becomes a clear ``CrmAuthError``. Bitrix refuses LAN record URLs.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import httpx

from core.crm.base import ConfigField, CrmAdapter, CrmAuthError, CrmRejected, CrmUnavailable
from core.crm.bitrix24_calls import BitrixCallMap
from core.crm.transport import DEFAULT_TIMEOUT, make_client, raise_for_status, read_json, send
from core.crm.types import CallRecord, Contact, Link, Match
from core.phone import match_confidence
from core.settings.paths import data_dir

__all__ = ["CALLS_DB_NAME", "STATUS_CODES", "Bitrix24Adapter"]

VENDOR = "Bitrix24"
CALLS_DB_NAME = "bitrix24-calls.sqlite3"
STATUS_CODES: Mapping[str, int] = {
    "answered": 200,
    "transferred-away": 200,
    "missed": 304,
    "abandoned": 304,
    "answered-elsewhere": 304,
    "busy": 486,
    "failed": 603,
}
_AUTH_ERRORS = {
    "WRONG_AUTH_TYPE": "this Bitrix24 method needs an installed application, not a webhook",
    "INVALID_CREDENTIALS": "the webhook is not valid (deleted or wrong secret)",
    "NO_AUTH_FOUND": "the webhook is not valid (deleted or wrong secret)",
    "expired_token": "the access token has expired",
    "invalid_token": "the access token is not valid",
    "insufficient_scope": "the webhook lacks a permission (crm, telephony, user)",
    "ACCESS_DENIED": "the webhook's user has no access to this data",
}
_KINDS = (
    ("CONTACT", "crm.contact.get", "contact"),
    ("COMPANY", "crm.company.get", "company"),
    ("LEAD", "crm.lead.get", "lead"),
)


def _values(entity: Mapping[str, Any], key: str) -> tuple[str, ...]:
    items = entity.get(key) or []
    return tuple(str(i.get("VALUE")) for i in items if isinstance(i, dict) and i.get("VALUE"))


def _entity_name(entity: Mapping[str, Any]) -> str:
    parts = (entity.get("LAST_NAME"), entity.get("NAME"), entity.get("SECOND_NAME"))
    name = " ".join(str(p).strip() for p in parts if p and str(p).strip())
    return name or str(entity.get("TITLE") or "").strip() or "—"


class Bitrix24Adapter(CrmAdapter):
    name: ClassVar[str] = "bitrix24"
    label: ClassVar[str] = "Bitrix24"
    supports_create: ClassVar[bool] = True
    supports_push: ClassVar[bool] = True
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField(
            "webhook_url",
            "Inbound webhook URL",
            "secret",
            required=True,
            help="https://portal.bitrix24.ru/rest/1/xxxxxxxx/ (scopes crm, telephony, user)",
        ),
        ConfigField("crm_create", "Create leads for unknown numbers", "bool", "0"),
        ConfigField("region", "Default region", "choice", "RU", choices=("RU", "UA", "KZ", "BY")),
        ConfigField("timeout", "Timeout, s", "number", str(DEFAULT_TIMEOUT)),
    )

    def __init__(
        self,
        webhook_url: str,
        *,
        crm_create: bool = False,
        region: str = "RU",
        timeout: float = DEFAULT_TIMEOUT,
        calls_db: str | Path | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(region)
        url = httpx.URL(webhook_url if webhook_url.endswith("/") else webhook_url + "/")
        self.portal = f"{url.scheme}://{url.netloc.decode('ascii')}"
        self.crm_create = crm_create
        self._client = make_client(str(url), timeout=timeout, transport=transport)
        # our call id -> Bitrix CALL_ID, durable (a restart must not register a call twice)
        self._calls = BitrixCallMap(calls_db or data_dir() / CALLS_DB_NAME)
        self._users: dict[str, tuple[str | None, str | None]] = {}

    async def call(self, method: str, params: Mapping[str, Any]) -> Any:
        """Call one REST method; returns ``result``."""
        response = await send(self._client, VENDOR, "POST", f"{method}.json", json=dict(params))
        try:
            body = json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            body = None
        if isinstance(body, dict) and body.get("error"):
            self._raise_error(method, response, body)
        raise_for_status(response, VENDOR)
        body = read_json(response, VENDOR) if body is None else body
        if not isinstance(body, dict) or "result" not in body:
            raise CrmUnavailable(f"{VENDOR} sent an unexpected answer to {method}.")
        return body["result"]

    @staticmethod
    def _raise_error(method: str, response: httpx.Response, body: Mapping[str, Any]) -> None:
        code = str(body.get("error"))
        said = str(body.get("error_description") or "").strip()
        if code == "QUERY_LIMIT_EXCEEDED" or response.status_code in (429, 503):
            raise CrmUnavailable(f"{VENDOR} asks to slow down ({code}).", 1.0)
        if code in _AUTH_ERRORS:
            raise CrmAuthError(f"{VENDOR} {method}: {_AUTH_ERRORS[code]} ({code}).")
        if response.status_code >= 500:
            raise CrmUnavailable(f"{VENDOR} server error in {method}: {said or code}.")
        raise CrmRejected(f"{VENDOR} {method}: {said or code} ({code}).")

    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        values = list(dict.fromkeys(v for v in (e164, number.strip()) if v))
        found = await self.call("crm.duplicate.findbycomm", {"type": "PHONE", "values": values})
        if not isinstance(found, dict):  # PHP's empty array: nothing found
            return []
        matches: list[Match] = []
        for kind, method, path in _KINDS:
            for entity_id in list(found.get(kind) or [])[:5]:
                entity = await self.call(method, {"id": entity_id})
                if isinstance(entity, dict):
                    matches.append(await self._match(number, entity, path))
        return matches

    async def _match(self, number: str, entity: dict[str, Any], path: str) -> Match:
        phones = _values(entity, "PHONE")
        score = max((match_confidence(number, p, self.region) for p in phones), default=0.0)
        manager, extension = await self._user(entity.get("ASSIGNED_BY_ID"))
        contact = Contact(
            id=f"{path}:{entity.get('ID')}",
            name=_entity_name(entity),
            source=self.name,
            company=str(entity.get("COMPANY_TITLE") or "") or None,
            phones=phones,
            email=next(iter(_values(entity, "EMAIL")), None),
            manager_name=manager,
            manager_extension=extension,
            links=(Link(f"Open {path}", f"{self.portal}/crm/{path}/details/{entity.get('ID')}/"),),
        )
        return Match(contact, score or 0.8)  # Bitrix matched it by phone even if not shown

    async def _user(self, user_id: Any) -> tuple[str | None, str | None]:
        if not user_id:
            return None, None
        key = str(user_id)
        if key not in self._users:
            users = await self.call("user.get", {"ID": key})
            user = users[0] if isinstance(users, list) and users else {}
            name = " ".join(str(user[k]) for k in ("NAME", "LAST_NAME") if user.get(k)) or None
            self._users[key] = (name, str(user.get("UF_PHONE_INNER") or "") or None)
        return self._users[key]

    def create_url(self, number: str) -> str | None:
        return f"{self.portal}/crm/contact/details/0/"

    async def _register(
        self,
        call_id: str,
        extension: str,
        phone: str,
        inbound: bool,
        started_at: float,
        line: str | None,
    ) -> str:
        params: dict[str, Any] = {
            "USER_PHONE_INNER": extension,
            "PHONE_NUMBER": phone,
            "TYPE": 2 if inbound else 1,
            "CALL_START_DATE": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started_at)),
            "CRM_CREATE": 1 if self.crm_create else 0,
            "SHOW": 0,
        }
        if line:
            params["LINE_NUMBER"] = line
        result = await self.call("telephony.externalcall.register", params)
        bitrix_id = str(result.get("CALL_ID")) if isinstance(result, dict) else ""
        if not bitrix_id:
            raise CrmRejected(f"{VENDOR} registered the call but returned no CALL_ID.")
        await asyncio.to_thread(self._calls.put, self.portal, call_id, bitrix_id)
        return bitrix_id

    async def _known(self, call_id: str) -> str | None:
        return await asyncio.to_thread(self._calls.get, self.portal, call_id)

    async def push_call_record(self, record: CallRecord) -> None:
        if record.direction not in ("inbound", "outbound") or not record.extension:
            return
        bitrix_id = await self._known(record.call_id) or await self._register(
            record.call_id,
            record.extension,
            record.remote_number,
            record.direction == "inbound",
            record.started_at,
            record.did,
        )
        await self.call(
            "telephony.externalcall.finish",
            {
                "CALL_ID": bitrix_id,
                "USER_PHONE_INNER": record.extension,
                "DURATION": round(record.talk_seconds),
                "STATUS_CODE": STATUS_CODES.get(record.outcome, 603),
            },
        )
        if record.recording_url:
            name = record.recording_url.rsplit("/", 1)[-1].split("?", 1)[0] or "record.mp3"
            await self.call(
                "telephony.externalcall.attachRecord",
                {"CALL_ID": bitrix_id, "FILENAME": name, "RECORD_URL": record.recording_url},
            )
        await asyncio.to_thread(self._calls.remove, self.portal, record.call_id)

    async def aclose(self) -> None:
        await self._client.aclose()
        await asyncio.to_thread(self._calls.close)
