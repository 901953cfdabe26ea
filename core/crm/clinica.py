"""Clinica Web push adapter (seed 002, Binotel-style PUSH to ``.../api/Binotel/Push``).

Every message is a POST to the one configured URL, told apart by ``requestType``:

- ``receivedTheCall`` (inbound: DidNumber, ExternalNumber, InternalNumber,
  GeneralCallID, CallType 0, CompanyID; outbound: the same without DidNumber, CallType 1)
- ``answeredTheCall`` (DidNumber, ExternalNumber, InternalNumber, GeneralCallID,
  CallType, CompanyID)
- ``hangupTheCall`` (GeneralCallID, Billsec, CompanyID)

Field names are spelled as in the seed's PHP samples (``DidNumber``,
``GeneralCallID``...), which is what a receiver written from the seed reads;
``field_case: camel`` sends Binotel's camelCase (``didNumber``) from the seed's
parameter table instead, for receivers written against Binotel itself. The PHP
``$PostData`` array is sent form-encoded by default (``encoding: json`` switches).
PUSH messages are not signed (Binotel relies on an IP allow-list). Clinica Web
has no lookup API in the seed, so ``lookup`` finds nothing.

This module is Clinica's whole outbound protocol: the field lists, the requests
(:func:`received_request`, :func:`answered_request`, :func:`hangup_request`), the push
rules (:class:`ClinicaPushes`, for the gateway: ``receivedTheCall`` per ringing
extension (outbound: the caller), ``answeredTheCall`` once, ``hangupTheCall`` at the
end; never internal calls) and the adapter's ``push_call_record`` (the desktop's
after-call path: ``hangupTheCall`` for the finished call; the seed's PUSH has no field
for the note, which stays in Ringside's history). Idempotency: a receiver can dedupe
on (``GeneralCallID``, ``RequestType``, ``InternalNumber``), all in every message;
each push also carries ``Idempotency-Key`` and a retry sends the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import ClassVar
from urllib.parse import urlencode

import httpx

from core.calls.events import (
    CallAnswered,
    CallEvent,
    CallFinished,
    CallRinging,
    CallSnapshot,
    CallStarted,
    Direction,
)
from core.crm.base import ConfigField, CrmAdapter
from core.crm.push import IDEMPOTENCY_HEADER, CallMemo, PlannedPush, PushRequest, planned, push_key
from core.crm.transport import DEFAULT_TIMEOUT, make_client, raise_for_status, send
from core.crm.types import CallRecord, Match

__all__ = [
    "ClinicaAdapter",
    "ClinicaPushes",
    "answered_request",
    "call_fields",
    "hangup_fields",
    "hangup_request",
    "received_request",
]

VENDOR = "Clinica Web"
TARGET = "clinica"
FORM = ("Content-Type", "application/x-www-form-urlencoded")
JSON = ("Content-Type", "application/json")


def _call_type(direction: Direction) -> str:
    return "1" if direction is Direction.OUTBOUND else "0"


def _cased(fields: list[tuple[str, str]], field_case: str) -> dict[str, str]:
    """Seed spelling (``DidNumber``) or Binotel's camelCase (``didNumber``)."""
    if field_case == "camel":
        return {key[:1].lower() + key[1:]: value for key, value in fields}
    return dict(fields)


def call_fields(
    call: CallSnapshot,
    extension: str,
    request_type: str,
    company_id: str | None = None,
    field_case: str = "seed",
) -> dict[str, str]:
    """``receivedTheCall`` / ``answeredTheCall`` fields, in the seed's order."""
    fields: list[tuple[str, str]] = []
    if call.direction is not Direction.OUTBOUND and call.did:
        fields.append(("DidNumber", call.did))
    fields += [
        ("ExternalNumber", call.remote_number or ""),
        ("InternalNumber", extension),
        ("GeneralCallID", call.call_id),
        ("CallType", _call_type(call.direction)),
    ]
    return _cased(_tail(fields, company_id, request_type), field_case)


def hangup_fields(
    call: CallSnapshot | CallRecord, company_id: str | None = None, field_case: str = "seed"
) -> dict[str, str]:
    """``hangupTheCall`` fields: the call id and ``Billsec`` (talk seconds)."""
    fields = [("GeneralCallID", call.call_id), ("Billsec", str(round(call.talk_seconds)))]
    return _cased(_tail(fields, company_id, "hangupTheCall"), field_case)


def _tail(
    fields: list[tuple[str, str]], company_id: str | None, request_type: str
) -> list[tuple[str, str]]:
    """CompanyID (optional) and RequestType close every message, as in the seed's samples."""
    if company_id:
        fields.append(("CompanyID", company_id))
    fields.append(("RequestType", request_type))
    return fields


def encode(push_url: str, fields: Mapping[str, str], encoding: str = "form") -> PushRequest:
    """The PUSH request: form-encoded like the seed's PHP ``$PostData`` (or JSON)."""
    if encoding == "json":
        body = json.dumps(dict(fields), ensure_ascii=False, separators=(",", ":"))
        return PushRequest("POST", push_url, (JSON,), body.encode("utf-8"))
    return PushRequest("POST", push_url, (FORM,), urlencode(dict(fields)).encode("utf-8"))


def received_request(
    call: CallSnapshot,
    extension: str,
    *,
    push_url: str,
    company_id: str = "",
    field_case: str = "seed",
    encoding: str = "form",
) -> PushRequest:
    """``receivedTheCall``: an incoming call rings ``extension`` or ``extension`` dials out."""
    fields = call_fields(call, extension, "receivedTheCall", company_id, field_case)
    return encode(push_url, fields, encoding)


def answered_request(
    call: CallSnapshot,
    extension: str,
    *,
    push_url: str,
    company_id: str = "",
    field_case: str = "seed",
    encoding: str = "form",
) -> PushRequest:
    """``answeredTheCall``: ``extension`` picked up."""
    fields = call_fields(call, extension, "answeredTheCall", company_id, field_case)
    return encode(push_url, fields, encoding)


def hangup_request(
    call: CallSnapshot | CallRecord,
    *,
    push_url: str,
    company_id: str = "",
    field_case: str = "seed",
    encoding: str = "form",
) -> PushRequest:
    """``hangupTheCall`` with ``Billsec`` (talk seconds)."""
    return encode(push_url, hangup_fields(call, company_id, field_case), encoding)


class _Memo:
    __slots__ = ("answered", "rang")

    def __init__(self) -> None:
        self.answered = False
        self.rang: list[str] = []


class ClinicaPushes:
    """Which PUSH messages a call event causes, with a little per-call memory.

    ``receivedTheCall`` once per ringing extension (outbound: once for the caller),
    ``answeredTheCall`` once (outbound: for the caller), ``hangupTheCall`` at the end.
    Internal calls and calls without a remote number are not pushed.
    """

    target = TARGET

    def __init__(
        self,
        push_url: str,
        *,
        company_id: str = "",
        field_case: str = "seed",
        encoding: str = "form",
    ) -> None:
        self.push_url = push_url
        self.company_id = company_id
        self.field_case = field_case
        self.encoding = encoding
        self._memo: CallMemo[_Memo] = CallMemo(_Memo)

    def _opts(self) -> dict[str, str]:
        return {
            "push_url": self.push_url,
            "company_id": self.company_id,
            "field_case": self.field_case,
            "encoding": self.encoding,
        }

    def plan(self, event: CallEvent) -> list[PlannedPush]:
        call = event.call
        if call.direction is Direction.INTERNAL or not call.remote_number:
            return []
        if isinstance(event, CallFinished):
            self._memo.forget(call.call_id)
            request = hangup_request(call, **self._opts())
            return [planned(TARGET, "hangupTheCall", call.call_id, request)]
        memo = self._memo.get(call.call_id)
        outbound = call.direction is Direction.OUTBOUND
        extension: str | None = None
        kind = "receivedTheCall"
        if isinstance(event, CallStarted) and outbound:
            extension = call.from_extension
        elif isinstance(event, CallRinging) and not outbound and event.extension:
            extension = event.extension
        elif isinstance(event, CallAnswered) and not memo.answered:
            by = event.by or call.answered_by
            if by is not None:
                memo.answered = True
                kind = "answeredTheCall"
                extension = call.from_extension if outbound and call.from_extension else by
        if not extension:
            return []
        if kind == "receivedTheCall":
            if extension in memo.rang:
                return []
            memo.rang.append(extension)
            request = received_request(call, extension, **self._opts())
        else:
            request = answered_request(call, extension, **self._opts())
        return [planned(TARGET, kind, call.call_id, request, tag=extension)]


class ClinicaAdapter(CrmAdapter):
    name: ClassVar[str] = "clinica"
    label: ClassVar[str] = "Clinica Web"
    supports_push: ClassVar[bool] = True
    fields: ClassVar[tuple[ConfigField, ...]] = (
        ConfigField(
            "push_url",
            "PUSH address",
            "url",
            "",
            required=True,
            help="https://your-clinic.example.com/api/Binotel/Push",
        ),
        ConfigField("company_id", "Company ID", "text", "", help="Optional."),
        ConfigField("encoding", "Encoding", "choice", "form", choices=("form", "json")),
        ConfigField(
            "field_case",
            "Field names",
            "choice",
            "seed",
            choices=("seed", "camel"),
            help="seed: DidNumber, GeneralCallID...; camel: didNumber, generalCallID...",
        ),
        ConfigField("timeout", "Timeout, s", "number", str(DEFAULT_TIMEOUT)),
    )

    def __init__(
        self,
        push_url: str,
        *,
        company_id: str | None = None,
        encoding: str = "form",
        field_case: str = "seed",
        region: str = "RU",
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(region)
        if encoding not in ("form", "json"):
            raise ValueError("encoding must be 'form' or 'json'")
        if field_case not in ("seed", "camel"):
            raise ValueError("field_case must be 'seed' or 'camel'")
        self.field_case = field_case
        self.push_url = push_url
        self.company_id = company_id or None
        self.encoding = encoding
        self._client = make_client(timeout=timeout, transport=transport)

    async def fetch_matches(self, number: str, e164: str | None) -> list[Match]:
        return []

    async def push_call_record(self, record: CallRecord) -> None:
        """``hangupTheCall`` for the finished call (the desktop's after-call path).

        The seed's PUSH has no field for the operator's note or disposition: they stay in
        Ringside's history; Clinica gets the call's end and talk time.
        """
        if record.direction not in ("inbound", "outbound") or not record.remote_number:
            return
        request = hangup_request(
            record,
            push_url=self.push_url,
            company_id=self.company_id or "",
            field_case=self.field_case,
            encoding=self.encoding,
        )
        key = push_key(TARGET, record.call_id, "hangupTheCall")
        await self._post(request.with_headers((IDEMPOTENCY_HEADER, key)))

    async def _post(self, request: PushRequest) -> None:
        response = await send(
            self._client,
            VENDOR,
            request.method,
            request.url,
            content=request.body,
            headers=dict(request.headers),
        )
        detail = response.text.strip()[:200] or None if response.status_code >= 400 else None
        raise_for_status(response, VENDOR, detail)

    async def aclose(self) -> None:
        await self._client.aclose()
