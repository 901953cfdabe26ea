"""amoCRM / Kommo API v4 adapter: contact lookup and call logging with a long-lived token.

- lookup: ``GET /api/v4/contacts?query=<number>&with=leads`` (``204 No Content`` = nothing);
  phones from ``custom_fields_values[field_code=PHONE]``, manager from ``/api/v4/users/{id}``.
- finished calls: ``POST /api/v4/calls`` with a JSON array (direction, uniq, duration,
  source, link, phone, call_result, call_status, created_at); amoCRM attaches the call to
  the contact with that phone and lists per-call ``errors`` when it cannot.
Auth: ``Authorization: Bearer <token>``. Errors are ``application/problem+json``
(``title``, ``detail``, ``validation-errors``). Rate limit 7 req/s (429).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from core.crm.base import ConfigField, CrmAdapter, CrmRejected
from core.crm.transport import DEFAULT_TIMEOUT, make_client, raise_for_status, read_json, send
from core.crm.types import CallRecord, Contact, Link, Match
from core.phone import digits, match_confidence

__all__ = ["CALL_STATUS", "AmoCrmAdapter", "call_payload"]

VENDOR = "amoCRM"
# amoCRM call_status: 1 left a message, 2 call back later, 3 not available, 4 talked,
# 5 wrong number, 6 no answer, 7 busy.
CALL_STATUS: Mapping[str, int] = {
    "answered": 4,
    "transferred-away": 4,
    "missed": 6,
    "abandoned": 6,
    "answered-elsewhere": 6,
    "busy": 7,
    "failed": 3,
}
_RESULT_TEXT: Mapping[str, str] = {
    "answered": "Разговор состоялся",
    "transferred-away": "Переведён",
    "missed": "Не дозвонились",
    "abandoned": "Клиент положил трубку",
    "answered-elsewhere": "Ответил другой сотрудник",
    "busy": "Занято",
    "failed": "Ошибка",
}


def call_payload(record: CallRecord, source: str = "Ringside") -> dict[str, Any] | None:
    """One element of the ``POST /api/v4/calls`` array (None for internal calls)."""
    if record.direction not in ("inbound", "outbound"):
        return None
    call: dict[str, Any] = {
        "direction": record.direction,
        "uniq": record.call_id,
        "duration": round(record.talk_seconds),
        "source": source,
        "phone": record.remote_number,
        "call_result": _RESULT_TEXT.get(record.outcome, record.outcome),
        "call_status": CALL_STATUS.get(record.outcome, 3),
        "created_at": int(record.started_at),
    }
    if record.recording_url:
        call["link"] = record.recording_url
    return call


def _problem_detail(response: httpx.Response) -> str | None:
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict):
        return None
    parts = [str(body[k]) for k in ("title", "detail") if body.get(k)]
    for item in body.get("validation-errors") or []:
        for error in item.get("errors") or [] if isinstance(item, dict) else []:
            parts.append(f"{error.get('path', '?')}: {error.get('detail', error.get('code'))}")
    return " — ".join(parts) or None


def _field_values(entity: Mapping[str, Any], code: str) -> tuple[str, ...]:
    out: list[str] = []
    for field in entity.get("custom_fields_values") or []:
        if isinstance(field, dict) and field.get("field_code") == code:
            out += [str(v["value"]) for v in field.get("values") or [] if v.get("value")]
    return tuple(out)


class AmoCrmAdapter(CrmAdapter):
    name: ClassVar[str] = "amocrm"
    label: ClassVar[str] = "amoCRM / Kommo"
    supports_push: ClassVar[bool] = True
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField(
            "url",
            "Account address",
            "url",
            "",
            required=True,
            help="https://your-account.amocrm.ru",
        ),
        ConfigField("token", "Long-lived token", "secret", required=True),
        ConfigField("region", "Default region", "choice", "RU", choices=("RU", "UA", "KZ", "BY")),
        ConfigField("timeout", "Timeout, s", "number", str(DEFAULT_TIMEOUT)),
    )

    def __init__(
        self,
        url: str,
        token: str,
        *,
        region: str = "RU",
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(region)
        self.base_url = url.rstrip("/")
        self._client = make_client(
            self.base_url,
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {token}"},
        )
        self._users: dict[str, str | None] = {}

    async def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await send(self._client, VENDOR, method, path, **kwargs)
        if response.status_code >= 400:
            raise_for_status(response, VENDOR, _problem_detail(response))
        if response.status_code == 204 or not response.content.strip():
            return None
        return read_json(response, VENDOR)

    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        query = digits(e164 or number)[-10:]
        body = await self._request("GET", "/api/v4/contacts", params={"query": query})
        contacts = ((body or {}).get("_embedded") or {}).get("contacts") or []
        matches = []
        for entity in contacts:
            phones = _field_values(entity, "PHONE")
            score = max((match_confidence(number, p, self.region) for p in phones), default=0.0)
            if phones and score <= 0.0:
                continue  # query matched some other field
            contact = Contact(
                id=str(entity.get("id")),
                name=str(entity.get("name") or "—"),
                source=self.name,
                phones=phones,
                email=next(iter(_field_values(entity, "EMAIL")), None),
                manager_name=await self._user(entity.get("responsible_user_id")),
                links=(
                    Link("Open contact", f"{self.base_url}/contacts/detail/{entity.get('id')}"),
                ),
            )
            matches.append(Match(contact, score or 0.8))
        return matches

    async def _user(self, user_id: Any) -> str | None:
        if not user_id:
            return None
        key = str(user_id)
        if key not in self._users:
            try:
                body = await self._request("GET", f"/api/v4/users/{key}")
            except CrmRejected:  # token without access to users: show the card anyway
                body = None
            self._users[key] = str(body.get("name")) if isinstance(body, dict) else None
        return self._users[key]

    async def push_call_record(self, record: CallRecord) -> None:
        payload = call_payload(record)
        if payload is None:
            return
        body = await self._request("POST", "/api/v4/calls", json=[payload])
        errors = (body or {}).get("errors") if isinstance(body, dict) else None
        if errors:
            detail = (
                "; ".join(
                    str(e.get("title") or e.get("detail") or e)
                    for e in errors
                    if isinstance(e, dict)
                )
                or "call not saved"
            )
            raise CrmRejected(f"{VENDOR} did not save the call: {detail}")

    async def aclose(self) -> None:
        await self._client.aclose()
