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

This module is retailCRM's whole outbound protocol: the payloads, the byte-exact
requests (:func:`event_request`, :func:`upload_request`), the push rules
(:class:`RetailCrmPushes`: which call event causes which push, for the gateway),
seed 003's dialplan ``/api/event`` translated into the same pushes
(:func:`dialplan_pushes`), and the adapter's own ``push_call_record`` (the
desktop's after-call path), which sends the same ``calls/upload`` request.
Idempotency: ``calls/upload`` is deduplicated by retailCRM itself on ``externalId``
(a repeat comes back in ``duplicateCalls``); ``call/event`` has no such field, so
each push carries ``Idempotency-Key`` and retries send identical bytes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any, ClassVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from core.calls.events import (
    CallEnded,
    CallEvent,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    Direction,
    Outcome,
)
from core.crm.base import ConfigField, CrmAdapter, CrmRejected
from core.crm.push import IDEMPOTENCY_HEADER, PlannedPush, PushRequest, planned, push_key
from core.crm.transport import DEFAULT_TIMEOUT, make_client, raise_for_status, read_json, send
from core.crm.types import CallRecord, Contact, Link, Match
from core.phone import digits, match_confidence
from core.signing.auth import HeaderAuth

__all__ = [
    "HANGUP_STATUS",
    "MAX_UPLOAD",
    "UPLOAD_RESULT",
    "RetailCrmAdapter",
    "RetailCrmPushes",
    "auth",
    "call_event_payload",
    "dedup_key",
    "dialplan_pushes",
    "event_request",
    "local_time",
    "record_of",
    "upload_payload",
    "upload_request",
    "zone",
]

log = logging.getLogger(__name__)
VENDOR = "retailCRM"

# call/event ``hangupStatus`` and calls/upload ``result`` are spelled differently (sic).
HANGUP_STATUS: Mapping[Outcome, str] = {
    Outcome.ANSWERED: "answered",
    Outcome.TRANSFERRED_AWAY: "answered",
    Outcome.BUSY: "busy",
    Outcome.FAILED: "failed",
    Outcome.MISSED: "no answered",
    Outcome.ABANDONED: "cancel",
    Outcome.ANSWERED_ELSEWHERE: "cancel",
}
UPLOAD_RESULT: Mapping[str, str] = {
    "answered": "answered",
    "transferred-away": "answered",
    "busy": "busy",
    "failed": "failed",
    "missed": "no answer",
    "abandoned": "no answer",
    "answered-elsewhere": "no answer",
}
_LINKS = (
    ("customerLink", "Open customer"),
    ("lastOrderLink", "Last order"),
    ("newOrderLink", "New order"),
)


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
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name such as Europe/Moscow)"
        ) from None


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
        payload = {
            "type": "hangup",
            "codes": [event.extension],
            "hangupStatus": HANGUP_STATUS.get(event.outcome, "failed"),
        }
    else:
        return None
    payload = {"phone": call.remote_number, **payload, "callExternalId": call.call_id}
    if call.did:
        payload["externalPhone"] = call.did
    if site:
        payload["site"] = site
    return payload


def upload_payload(
    record: CallRecord, site: str | None = None, tz: tzinfo | None = None
) -> dict[str, Any] | None:
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


# -- requests ------------------------------------------------------------------
FORM = ("Content-Type", "application/x-www-form-urlencoded")
MAX_UPLOAD = 50  # calls per telephony/calls/upload request
TARGET = "retailcrm"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _form(base_url: str, path: str, fields: dict[str, str]) -> PushRequest:
    url = f"{base_url.rstrip('/')}/api/v5/{path}"
    return PushRequest("POST", url, (FORM,), urlencode(fields).encode("ascii"))


def event_request(event: Mapping[str, Any], *, base_url: str) -> PushRequest:
    """``telephony/call/event`` with ``event`` = the JSON of ``event`` (no ``X-API-KEY``)."""
    return _form(base_url, "telephony/call/event", {"event": _dumps(event)})


def upload_request(calls: Sequence[Mapping[str, Any]], *, base_url: str) -> PushRequest:
    """``telephony/calls/upload`` with 1..50 calls (no ``X-API-KEY``)."""
    if not 1 <= len(calls) <= MAX_UPLOAD:
        raise ValueError(f"calls/upload takes 1..{MAX_UPLOAD} calls")
    return _form(base_url, "telephony/calls/upload", {"calls": _dumps(list(calls))})


def auth(api_key: str) -> HeaderAuth:
    """retailCRM's credential, ``X-API-KEY``, added as a request is sent."""
    return HeaderAuth("X-API-KEY", api_key)


def dedup_key(call_id: str, kind: str) -> str:
    """Key shared by AMI and dialplan pushes (``events_from = "both"``): one per (call, type).

    The same ``in``/``out``/``hangup``/``upload`` coming from both paths is sent once
    (whichever is enqueued first; per-extension repeats collapse).
    """
    return push_key(TARGET, call_id, kind)


def record_of(call: CallSnapshot, recording_url: str | None) -> CallRecord:
    """The finished call as a ``CallRecord`` (the extension that talked, else the last that rang)."""
    if call.direction is Direction.OUTBOUND:
        extension = call.from_extension
    else:
        extension = call.answered_by or (call.rang[-1] if call.rang else None)
    return CallRecord(
        call_id=call.call_id,
        direction=call.direction.value,
        remote_number=call.remote_number or "",
        extension=extension,
        started_at=call.started_at,
        wait_seconds=call.wait_seconds,
        talk_seconds=call.talk_seconds,
        outcome=(call.outcome or Outcome.FAILED).value,
        recording_url=recording_url,
        did=call.did,
    )


# -- push rules ----------------------------------------------------------------
class RetailCrmPushes:
    """Which retailCRM pushes a call event causes (stateless: :func:`call_event_payload`).

    ``in`` per ringing extension, ``out`` for the calling extension, ``hangup`` per
    extension whose part ended (``hangupStatus`` from its own outcome, so an answer
    elsewhere closes the other popups); after the call ``calls/upload`` (when
    ``upload``) with the URL ``record_url`` gives. ``shared_keys``: key call events by
    (call id, type) only, the key :func:`dialplan_pushes` uses too, so the outbox sends
    whichever path comes first, once.
    """

    target = TARGET

    def __init__(
        self,
        base_url: str,
        *,
        site: str | None = None,
        tz: tzinfo | None = None,
        upload: bool = True,
        shared_keys: bool = False,
        record_url: Callable[[CallSnapshot], str | None] = lambda call: None,
    ) -> None:
        self.base_url = base_url
        self.site = site or None
        self.tz = tz
        self.upload = upload
        self.shared_keys = shared_keys
        self._record_url = record_url

    def plan(self, event: CallEvent) -> list[PlannedPush]:
        call = event.call
        pushes: list[PlannedPush] = []
        payload = call_event_payload(event, self.site)
        if payload is not None:
            request = event_request(payload, base_url=self.base_url)
            kind = str(payload["type"])
            if self.shared_keys:
                pushes.append(
                    planned(TARGET, kind, call.call_id, request, key=dedup_key(call.call_id, kind))
                )
            else:
                tag = ",".join(payload.get("codes", []))
                pushes.append(planned(TARGET, kind, call.call_id, request, tag=tag))
        if isinstance(event, CallFinished) and self.upload:
            record = record_of(call, self._record_url(call))
            upload = upload_payload(record, self.site, self.tz)
            if upload is not None:
                request = upload_request([upload], base_url=self.base_url)
                pushes.append(planned(TARGET, "upload", call.call_id, request))
        return pushes


# -- seed 003's dialplan /api/event ----------------------------------------------
DIALPLAN_HANGUP_STATUS = {
    "ANSWER": "answered",
    "ANSWERED": "answered",
    "CANCEL": "cancel",
    "BUSY": "busy",
}
DIALPLAN_UPLOAD_RESULT = {
    "answered": "answered",
    "cancel": "no answer",
    "busy": "busy",
    "no answered": "no answer",
}


def _seconds(value: str | None) -> int | None:
    text = (value or "0").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def dialplan_pushes(
    base_url: str, site: str, q: Mapping[str, str], shared_keys: bool = False
) -> list[PlannedPush] | str:
    """The pushes one dialplan ``/api/event`` call (seed 003 §2.2.2) causes, or the error.

    ``q`` holds the query parameters (``type`` in/out/hangup, ``uniqueid``, ``phone``,
    ``code``, ``status``, ``direct``, ``date``, ``hold``, ``duration``, ``path``,
    ``extPhone``, campaign and ``source_*`` fields). ``shared_keys``: the (call id, type)
    keys :class:`RetailCrmPushes` uses too.
    """
    kind, uid, phone = q.get("type", ""), q.get("uniqueid", ""), q.get("phone", "")
    codes = [c.strip() for c in q.get("code", "").split(",") if c.strip()]
    event: dict[str, Any] = {
        "phone": phone,
        "type": kind,
        "codes": codes[:1] if kind != "in" else codes,
        "callExternalId": uid,
    }
    if q.get("extPhone"):
        event["externalPhone"] = q["extPhone"]
    if site:
        event["site"] = site
    if kind == "in" and (q.get("campaign_name") or q.get("campaign_code") or q.get("queryString")):
        event["webAnalyticsData"] = {
            "campaign": {"name": q.get("campaign_name", ""), "code": q.get("campaign_code", "")},
            "queryString": q.get("queryString", ""),
        }
    if kind == "hangup":
        event["hangupStatus"] = DIALPLAN_HANGUP_STATUS.get(
            q.get("status", "").upper(), "no answered"
        )
    key = (
        dedup_key(uid, kind)
        if shared_keys
        else push_key(TARGET, uid, f"api-{kind}", ",".join(event["codes"]))
    )
    pushes = [planned(TARGET, kind, uid, event_request(event, base_url=base_url), key=key)]
    if kind == "hangup":
        upload = _dialplan_upload(q, event, site)
        if isinstance(upload, str):
            return upload
        key = dedup_key(uid, "upload") if shared_keys else push_key(TARGET, uid, "api-upload")
        request = upload_request([upload], base_url=base_url)
        pushes.append(planned(TARGET, "upload", uid, request, key=key))
    return pushes


def _dialplan_upload(
    q: Mapping[str, str], event: Mapping[str, Any], site: str
) -> dict[str, Any] | str:
    date = q.get("date") or q.get("DATE") or ""
    try:
        datetime.strptime(date, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return "Parameter 'date' must be YYYY-MM-DD HH:MM:SS"
    hold, duration = _seconds(q.get("hold")), _seconds(q.get("duration"))
    if hold is None or duration is None:
        return "Parameters 'hold' and 'duration' must be whole seconds"
    record: dict[str, Any] = {
        "date": date,
        "type": "out" if q.get("direct") == "out" else "in",
        "phone": event["phone"],
        "code": event["codes"][0] if event["codes"] else "",
        "result": DIALPLAN_UPLOAD_RESULT.get(event["hangupStatus"], "unknown"),
        "duration": duration,
        "durationWaiting": hold,
        "externalId": event["callExternalId"],
    }
    if q.get("path"):
        record["recordUrl"] = q["path"]
    if "externalPhone" in event:
        record["externalPhone"] = event["externalPhone"]
    source = {k.removeprefix("source_"): v for k, v in q.items() if k.startswith("source_") and v}
    if source:
        record["source"] = source
    if site:
        record["site"] = site
    return record


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
        ConfigField(
            "url",
            "retailCRM address",
            "url",
            "",
            required=True,
            help="https://your-shop.retailcrm.ru",
        ),
        ConfigField("api_key", "API key", "secret", required=True),
        ConfigField("site", "Store code (site)", "text", ""),
        ConfigField("region", "Default region", "choice", "RU", choices=("RU", "UA", "KZ", "BY")),
        ConfigField(
            "timezone",
            "Account time zone",
            "text",
            "",
            help="IANA name such as Europe/Moscow; empty: this computer's zone",
        ),
        ConfigField("timeout", "Timeout, s", "number", str(DEFAULT_TIMEOUT)),
    )

    def __init__(
        self,
        url: str,
        api_key: str,
        *,
        site: str | None = None,
        region: str = "RU",
        timezone: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(region)
        self.base_url = url.rstrip("/")
        self.site = site or None
        self.tz = zone(timezone)
        self._client = make_client(
            self.base_url, timeout=timeout, auth=auth(api_key), transport=transport
        )

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
        body = await self._call(
            "GET",
            "/api/v5/telephony/manager",
            params={"phone": number, "details": "1", "ignoreStatus": "1"},
        )
        customer = body.get("customer")
        if isinstance(customer, dict) and customer.get("id") is not None:
            return [Match(self._manager_contact(body, customer), 1.0)]
        return await self._fetch_customers(number, body.get("manager"))

    def _manager_contact(self, body: dict[str, Any], customer: dict[str, Any]) -> Contact:
        manager = body.get("manager") if isinstance(body.get("manager"), dict) else None
        links_raw = body.get("links")
        links_map: dict[str, Any] = links_raw if isinstance(links_raw, dict) else {}
        links = tuple(
            Link(label, str(links_map[key])) for key, label in _LINKS if links_map.get(key)
        )
        return Contact(
            id=str(customer["id"]),
            name=_full_name(customer) or "—",
            source=self.name,
            phones=_phones(customer),
            email=customer.get("email") or None,
            manager_name=_manager_name(manager),
            manager_extension=str(manager["code"]) if manager and manager.get("code") else None,
            links=links or (Link("Open customer", self._customer_url(customer["id"])),),
        )

    async def _fetch_customers(self, number: str, manager: Any) -> list[Match]:
        body = await self._call(
            "GET", "/api/v5/customers", params={"filter[name]": digits(number)[-10:], "limit": "20"}
        )
        matches = []
        for customer in body.get("customers") or []:
            phones = _phones(customer)
            score = max((match_confidence(number, p, self.region) for p in phones), default=0.0)
            if score <= 0.0:
                continue
            contact = Contact(
                id=str(customer["id"]),
                name=_full_name(customer) or "—",
                source=self.name,
                phones=phones,
                email=customer.get("email") or None,
                links=(Link("Open customer", self._customer_url(customer["id"])),),
            )
            matches.append(Match(contact, score))
        return matches

    def _customer_url(self, customer_id: Any) -> str:
        return f"{self.base_url}/customers/{customer_id}"

    def create_url(self, number: str) -> str | None:
        return f"{self.base_url}/customers/add"

    async def push_call_record(self, record: CallRecord) -> None:
        """``calls/upload`` of one finished call (retailCRM dedupes it by ``externalId``)."""
        payload = upload_payload(record, self.site, self.tz)
        if payload is None:
            return
        request = upload_request([payload], base_url=self.base_url).with_headers(
            (IDEMPOTENCY_HEADER, dedup_key(record.call_id, "upload"))
        )
        body = await self._call(
            request.method, request.url, content=request.body, headers=dict(request.headers)
        )
        duplicates = body.get("duplicateCalls") or []
        if duplicates:
            log.info("retailCRM already had call(s) %s", ", ".join(map(str, duplicates)))

    async def aclose(self) -> None:
        await self._client.aclose()
