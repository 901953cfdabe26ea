"""Clinica Web PUSH (seed 002, Binotel-style): receivedTheCall / answeredTheCall / hangupTheCall.

Pure builders. The body is form-encoded like the seed's PHP ``$PostData``
array, fields in the seed's order and spelling. Numbers go as the PBX gave
them (the seed shows national numbers such as ``0670219424``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from core.calls.events import CallSnapshot, Direction
from gateway.push import PushRequest

FORM = ("Content-Type", "application/x-www-form-urlencoded")


def call_type(call: CallSnapshot) -> str:
    """``0`` incoming, ``1`` outgoing."""
    return "1" if call.direction is Direction.OUTBOUND else "0"


def _post(
    push_url: str, fields: list[tuple[str, str]], company_id: str, request_type: str
) -> PushRequest:
    if company_id:
        fields.append(("CompanyID", company_id))
    fields.append(("RequestType", request_type))
    return PushRequest("POST", push_url, (FORM,), urlencode(fields).encode("utf-8"))


def _call_fields(call: CallSnapshot, extension: str) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if call.direction is not Direction.OUTBOUND and call.did:
        fields.append(("DidNumber", call.did))
    fields += [
        ("ExternalNumber", call.remote_number or ""),
        ("InternalNumber", extension),
        ("GeneralCallID", call.call_id),
        ("CallType", call_type(call)),
    ]
    return fields


def received(
    call: CallSnapshot, extension: str, *, push_url: str, company_id: str = ""
) -> PushRequest:
    """``receivedTheCall``: an incoming call rings ``extension`` or ``extension`` dials out."""
    return _post(push_url, _call_fields(call, extension), company_id, "receivedTheCall")


def answered(
    call: CallSnapshot, extension: str, *, push_url: str, company_id: str = ""
) -> PushRequest:
    """``answeredTheCall``: ``extension`` picked up."""
    return _post(push_url, _call_fields(call, extension), company_id, "answeredTheCall")


def hangup(call: CallSnapshot, *, push_url: str, company_id: str = "") -> PushRequest:
    """``hangupTheCall`` with ``Billsec`` (talk seconds)."""
    fields = [("GeneralCallID", call.call_id), ("Billsec", str(round(call.talk_seconds)))]
    return _post(push_url, fields, company_id, "hangupTheCall")
