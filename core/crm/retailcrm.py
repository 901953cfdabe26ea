"""retailCRM API v5 telephony adapter (the API seed 003's Asterisk module is built on).

- lookup: ``GET /api/v5/telephony/manager?phone=&details=1&ignoreStatus=1`` -> customer,
  responsible manager (``code`` = extension) and links; when no customer comes back,
  ``GET /api/v5/customers?filter[name]=<digits>`` (name search also matches phones).
- live events: ``POST /api/v5/telephony/call/event``, form field ``event`` = JSON
  (phone, type in/out/hangup, codes[], hangupStatus, externalPhone, callExternalId).
- finished calls: ``POST /api/v5/telephony/calls/upload``, form field ``calls`` = JSON array
  (date ``Y-m-d H:i:s``, type, phone, code, result, duration, durationWaiting,
  externalId, recordUrl, externalPhone).
``date`` is wall-clock time, which retailCRM reads in the account's time zone: the
``timezone`` option (IANA name, e.g. ``Europe/Moscow``; default: this machine's zone) says
which zone to write it in.
Auth: ``X-API-KEY``. Errors ``{"success": false, "errorMsg", "errors"}``; 429/503 mean
"over the rate limit" (10 req/s, 40 req/s for telephony) and become ``CrmUnavailable``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from core.calls.events import CallEnded, CallEvent, CallRinging, CallStarted, Direction, Outcome
from core.crm.base import ConfigField, CrmAdapter, CrmRejected
from core.crm.transport import DEFAULT_TIMEOUT, make_client, raise_for_status, read_json, send
from core.crm.types import CallRecord, Contact, Link, Match
from core.phone import digits, match_confidence

__all__ = ["HANGUP_STATUS", "UPLOAD_RESULT", "RetailCrmAdapter", "call_event_payload",
           "local_time", "upload_payload", "zone"]

log = logging.getLogger(__name__)
VENDOR = "retailCRM"

# call/event ``hangupStatus`` and calls/upload ``result`` are spelled differently (sic).
HANGUP_STATUS: Mapping[Outcome, str] = {
    Outcome.ANSWERED: "answered", Outcome.TRANSFERRED_AWAY: "answered",
    Outcome.BUSY: "busy", Outcome.FAILED: "failed", Outcome.MISSED: "no answered",
    Outcome.ABANDONED: "cancel", Outcome.ANSWERED_ELSEWHERE: "cancel",
}
UPLOAD_RESULT: Mapping[str, str] = {
    "answered": "answered", "transferred-away": "answered", "busy": "busy", "failed": "failed",
    "missed": "no answer", "abandoned": "no answer", "answered-elsewhere": "no answer",
}
_LINKS = (("customerLink", "Open customer"), ("lastOrderLink", "Last order"),
          ("newOrderLink", "New order"))


def _full_name(person: Mapping[str, Any]) -> str:
    parts = (person.get("lastName"), person.get("firstName"), person.get("patronymic"))
    return " ".join(str(p).strip() for p in parts if p and str(p).strip())


def _manager_name(manager: Mapping[str, Any] | None) -> str | None:
    if not manager:
        return None
    parts = (manager.get("firstName"), manager.get("lastName"))
    return " ".join(str(p) for p in parts if p) or None


def _phones(customer: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(p.get("number")) for p in customer.get("phones") or [] if p.get("number"))


def zone(name: str | None) -> tzinfo | None:
    """The IANA zone ``name`` (``None``/empty: this machine's zone); ``ValueError`` if unknown."""
    if not name or not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (use an IANA name such as "
                         "Europe/Moscow)") from None


def local_time(epoch: float, tz: tzinfo | None = None) -> str:
    """``Y-m-d H:i:s`` of ``epoch`` in ``tz`` (``None``: this machine's zone)."""
    return datetime.fromtimestamp(epoch, tz).strftime("%Y-%m-%d %H:%M:%S")


def call_event_payload(event: CallEvent, site: str | None = None) -> dict[str, Any] | None:
    """The ``event`` JSON for ``telephony/call/event``, or ``None`` for events retailCRM skips."""
    call = event.call
    if not call.remote_number or call.direction is Direction.INTERNAL:
        return None
    if isinstance(event, CallRinging) and call.direction is Direction.INBOUND and event.extension:
        payload: dict[str, Any] = {"type": "in", "codes": [event.extension]}
    elif isinstance(event, CallStarted) and call.direction is Direction.OUTBOUND:
        if not call.from_extension:
            return None
        payload = {"type": "out", "codes": [call.from_extension]}
    elif isinstance(event, CallEnded) and event.extension:
        payload = {"type": "hangup", "codes": [event.extension],
                   "hangupStatus": HANGUP_STATUS.get(event.outcome, "failed")}
    else:
        return None
    payload = {"phone": call.remote_number, **payload, "callExternalId": call.call_id}
    if call.did:
        payload["externalPhone"] = call.did
    if site:
        payload["site"] = site
    return payload


def upload_payload(record: CallRecord, site: str | None = None,
                   tz: tzinfo | None = None) -> dict[str, Any] | None:
    """One element of the ``calls`` array for ``telephony/calls/upload`` (None: internal call).

    ``date`` is written in ``tz`` (the retailCRM account's zone; ``None``: this machine's).
    """
    if record.direction not in ("inbound", "outbound"):
        return None
    call: dict[str, Any] = {
        "date": local_time(record.started_at, tz),
        "type": "in" if record.direction == "inbound" else "out",
        "phone": record.remote_number,
        "code": record.extension or "",
        "result": UPLOAD_RESULT.get(record.outcome, "unknown"),
        "duration": round(record.talk_seconds),
        "durationWaiting": round(record.wait_seconds),
        "externalId": record.call_id,
    }
    if record.recording_url:
        call["recordUrl"] = record.recording_url
    if record.did:
        call["externalPhone"] = record.did
    if site:
        call["site"] = site
    return call


def _error_detail(body: Any) -> str | None:
    if not isinstance(body, Mapping):
        return None
    message = str(body.get("errorMsg") or "").strip()
    errors = body.get("errors")
    if isinstance(errors, Mapping):
        extra = "; ".join(f"{k}: {v}" for k, v in errors.items())
    elif isinstance(errors, list):
        extra = "; ".join(str(e) for e in errors)
    else:
        extra = ""
    joined = " — ".join(p for p in (message, extra) if p)
    return joined or None


class RetailCrmAdapter(CrmAdapter):
    name: ClassVar[str] = "retailcrm"
    label: ClassVar[str] = "retailCRM"
    supports_create: ClassVar[bool] = True
    supports_push: ClassVar[bool] = True
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField("url", "retailCRM address", "url", "", required=True,
                    help="https://your-shop.retailcrm.ru"),
        ConfigField("api_key", "API key", "secret", required=True),
        ConfigField("site", "Store code (site)", "text", ""),
        ConfigField("region", "Default region", "choice", "RU", choices=("RU", "UA", "KZ", "BY")),
        ConfigField("timezone", "Account time zone", "text", "",
                    help="IANA name such as Europe/Moscow; empty: this computer's zone"),
        ConfigField("timeout", "Timeout, s", "number", str(DEFAULT_TIMEOUT)),
    )

    def __init__(self, url: str, api_key: str, *, site: str | None = None, region: str = "RU",
                 timezone: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        super().__init__(region)
        self.base_url = url.rstrip("/")
        self.site = site or None
        self.tz = zone(timezone)
        self._client = make_client(self.base_url, timeout=timeout,
                                   headers={"X-API-KEY": api_key}, transport=transport)

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = await send(self._client, VENDOR, method, path, **kwargs)
        if response.status_code >= 400:
            try:
                detail = _error_detail(json.loads(response.content))
            except (ValueError, UnicodeDecodeError):
                detail = None
            raise_for_status(response, VENDOR, detail)
        body = read_json(response, VENDOR)
        if not isinstance(body, dict):
            raise CrmRejected(f"{VENDOR} sent an unexpected answer (not an object).")
        if body.get("success") is False:
            raise CrmRejected(f"{VENDOR}: {_error_detail(body) or 'request refused'}")
        return body

    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        body = await self._call("GET", "/api/v5/telephony/manager",
                                params={"phone": number, "details": "1", "ignoreStatus": "1"})
        customer = body.get("customer")
        if isinstance(customer, dict) and customer.get("id") is not None:
            return [Match(self._manager_contact(body, customer), 1.0)]
        return await self._fetch_customers(number, body.get("manager"))

    def _manager_contact(self, body: dict[str, Any], customer: dict[str, Any]) -> Contact:
        manager = body.get("manager") if isinstance(body.get("manager"), dict) else None
        links_raw = body.get("links")
        links_map: dict[str, Any] = links_raw if isinstance(links_raw, dict) else {}
        links = tuple(Link(label, str(links_map[key])) for key, label in _LINKS
                      if links_map.get(key))
        return Contact(
            id=str(customer["id"]), name=_full_name(customer) or "—", source=self.name,
            phones=_phones(customer), email=customer.get("email") or None,
            manager_name=_manager_name(manager),
            manager_extension=str(manager["code"]) if manager and manager.get("code") else None,
            links=links or (Link("Open customer", self._customer_url(customer["id"])),),
        )

    async def _fetch_customers(self, number: str, manager: Any) -> list[Match]:
        body = await self._call("GET", "/api/v5/customers",
                                params={"filter[name]": digits(number)[-10:], "limit": "20"})
        matches = []
        for customer in body.get("customers") or []:
            phones = _phones(customer)
            score = max((match_confidence(number, p, self.region) for p in phones), default=0.0)
            if score <= 0.0:
                continue
            contact = Contact(
                id=str(customer["id"]), name=_full_name(customer) or "—", source=self.name,
                phones=phones, email=customer.get("email") or None,
                links=(Link("Open customer", self._customer_url(customer["id"])),),
            )
            matches.append(Match(contact, score))
        return matches

    def _customer_url(self, customer_id: Any) -> str:
        return f"{self.base_url}/customers/{customer_id}"

    def create_url(self, number: str) -> str | None:
        return f"{self.base_url}/customers/add"

    async def push_call_event(self, event: CallEvent) -> None:
        payload = call_event_payload(event, self.site)
        if payload is None:
            return
        data = {"event": json.dumps(payload, ensure_ascii=False, separators=(",", ":"))}
        body = await self._call("POST", "/api/v5/telephony/call/event", data=data)
        missing = body.get("notExistCodes") or body.get("notExistUsers")
        if missing:
            log.warning("retailCRM does not know extension(s) %s", ", ".join(map(str, missing)))

    async def push_call_record(self, record: CallRecord) -> None:
        payload = upload_payload(record, self.site, self.tz)
        if payload is None:
            return
        data = {"calls": json.dumps([payload], ensure_ascii=False, separators=(",", ":"))}
        await self._call("POST", "/api/v5/telephony/calls/upload", data=data)

    async def aclose(self) -> None:
        await self._client.aclose()
