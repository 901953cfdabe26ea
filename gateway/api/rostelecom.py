"""Seed 004 (Rostelecom Integration API) methods the external system calls on the gateway.

``POST /call_back`` (request_number + from_sipuri | from_pin -> Originate) and
``POST /get_record`` (session_id -> one-time link). Every request passes, in
order: the IP allow-list (empty = everyone), ``X-Client-ID``, ``X-Client-Sign``
over the exact body bytes, then the per-method hourly limit. Answers are JSON
``{result, resultMessage, ...}`` (result 0 = success), signed the same way, and
every request/answer pair goes to the request/response log.

Replay: seed 004 signs only ``client id + body + key`` — no timestamp, nonce or
request id — so a captured request verifies forever. The gateway cannot refuse
repeats without refusing a CRM's legitimate identical ``call_back``; the
defences are TLS in front of the gateway (nobody captures the request), the IP
allow-list and the hourly limit. Extension and number are checked
(``dial_problem``) before any Originate.
"""

from __future__ import annotations

import asyncio
import hmac
import math
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from core.phone import dial_problem
from core.signing.rostelecom import CLIENT_ID_HEADER, SIGN_HEADER, sign, verify
from gateway.api.common import (
    client_ip,
    gateway_of,
    ip_allowed,
    json_bytes,
    log_inbound,
    object_schema,
    originate,
    parse_object,
)
from gateway.originate import OriginateError

router = APIRouter(tags=["rostelecom"])

OK = (0, "Операция выполнена успешно")
CALL_FAILED = 1
UNKNOWN_CLIENT = (2, "Неизвестный X-Client-ID")
BAD_SIGNATURE = (3, "Неверная подпись запроса (X-Client-Sign)")
IP_DENIED = 4
RATE_LIMITED = 5
BAD_REQUEST = 6
NO_RECORD = (7, "Запись разговора не найдена")

ERRORS_DOC: dict[int | str, dict[str, Any]] = {
    400: {"description": "result 6: malformed JSON or a missing/empty parameter"},
    403: {"description": "result 2/3/4: unknown X-Client-ID, bad X-Client-Sign, IP not allowed"},
    429: {"description": "result 5: the method's hourly request limit is used up"},
}


def _answer(request: Request, status: int, result: int, message: str, **extra: Any) -> Response:
    cfg = gateway_of(request).config
    rt = cfg.file.rostelecom
    assert rt is not None
    body = json_bytes({"result": result, "resultMessage": message, **extra})
    signature = sign(rt.client_id, body, cfg.secret(rt.sign_key_env))
    headers = {CLIENT_ID_HEADER: rt.client_id, SIGN_HEADER: signature}
    return Response(body, status, headers=headers, media_type="application/json")


async def _guard(
    request: Request, method: str, body: bytes, data: dict[str, Any] | None = None
) -> Response | dict[str, Any]:
    """Check IP, client id, signature over ``body``, rate limit and JSON (unless ``data``
    is given); a Response means refused."""
    gw = gateway_of(request)
    rt = gw.config.file.rostelecom
    assert rt is not None
    ip = client_ip(request)
    if not ip_allowed(ip, rt.allowed_ips):
        return _answer(
            request, 403, IP_DENIED, f"Запросы с IP-адреса {ip} не разрешены (белый список)"
        )
    given_id = request.headers.get(CLIENT_ID_HEADER, "")
    if not hmac.compare_digest(given_id.encode("utf-8", "replace"), rt.client_id.encode()):
        return _answer(request, 403, *UNKNOWN_CLIENT)
    if not verify(
        rt.client_id, body, gw.config.secret(rt.sign_key_env), request.headers.get(SIGN_HEADER)
    ):
        return _answer(request, 403, *BAD_SIGNATURE)
    allowed, retry_after = gw.limiter.allow(method)
    if not allowed:
        limit = gw.limiter.limit(method)
        wait = max(1, math.ceil(retry_after))
        response = _answer(
            request,
            429,
            RATE_LIMITED,
            f"Превышено ограничение на количество запросов к методу {method}: "
            f"не более {limit} в час. Повторите через {wait} с",
        )
        response.headers["Retry-After"] = str(wait)
        return response
    data = parse_object(body) if data is None else data
    if data is None:
        return _answer(request, 400, BAD_REQUEST, "Неверный формат запроса: ожидается объект JSON")
    return data


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return value.strip() if isinstance(value, str) else ""


def extension_of(sipuri: str) -> str:
    """``sip:user1@192.168.69.142`` / ``101@domain`` -> ``user1`` / ``101``."""
    user = sipuri.removeprefix("sip:").removeprefix("sips:")
    return user.split("@", 1)[0].split(";", 1)[0]


CALL_BACK_BODY = object_schema(
    {
        "request_number": {"type": "string", "description": "number to call, E.164"},
        "from_sipuri": {"type": "string", "description": "SIP-URI of the user to ring first"},
        "from_pin": {"type": "string", "description": "extension of the user to ring first"},
    },
    ["request_number"],
)


@router.post("/call_back", openapi_extra=CALL_BACK_BODY, responses=ERRORS_DOC)
async def call_back(request: Request) -> Response:
    """Call the domain user (from_sipuri, else from_pin), then request_number."""
    body = await request.body()
    checked = await _guard(request, "call_back", body)
    if isinstance(checked, Response):
        await log_inbound(request, "rostelecom", "call_back", body, checked)
        return checked
    number = _text(checked, "request_number")
    sipuri, pin = _text(checked, "from_sipuri"), _text(checked, "from_pin")
    extension = extension_of(sipuri) if sipuri else pin
    if not number or not any(ch.isdigit() for ch in number):
        response = _answer(request, 400, BAD_REQUEST, "Не задан параметр request_number")
    elif not extension:
        response = _answer(request, 400, BAD_REQUEST, "Не задан параметр from_sipuri или from_pin")
    elif (problem := dial_problem(extension, number)) is not None:
        response = _answer(request, 400, BAD_REQUEST, f"Неверный номер или пользователь: {problem}")
    else:
        response = await _originate(request, extension, number)
    await log_inbound(request, "rostelecom", "call_back", body, response)
    return response


async def _originate(request: Request, extension: str, number: str) -> Response:
    rt = gateway_of(request).config.file.rostelecom
    assert rt is not None
    try:
        session_id = await originate(request, rt, extension, number)
    except OriginateError as exc:
        return _answer(request, 200, CALL_FAILED, f"Не удалось совершить вызов: {exc.words}")
    return _answer(request, 200, *OK, session_id=session_id)


GET_RECORD_BODY = object_schema({"session_id": {"type": "string"}}, ["session_id"])


@router.post(
    "/get_record",
    openapi_extra=GET_RECORD_BODY,
    responses={**ERRORS_DOC, 404: {"description": "result 7"}},
)
async def get_record(request: Request) -> Response:
    """One-time link to the recording of ``session_id`` (JSON body, signed over the body)."""
    body = await request.body()
    return await _get_record(request, body, await _guard(request, "get_record", body))


@router.get("/get_record", responses={**ERRORS_DOC, 404: {"description": "result 7"}})
async def get_record_query(
    request: Request, session_id: Annotated[str | None, Query()] = None
) -> Response:
    """The same as a GET (the seed's wording): ``?session_id=``; X-Client-Sign signs the
    raw query string, as there is no body."""
    signed = request.url.query.encode("utf-8")
    checked = await _guard(request, "get_record", signed, {"session_id": session_id or ""})
    return await _get_record(request, signed, checked)


async def _get_record(
    request: Request, body: bytes, checked: Response | dict[str, Any]
) -> Response:
    if isinstance(checked, Response):
        await log_inbound(request, "rostelecom", "get_record", body, checked)
        return checked
    session_id = _text(checked, "session_id")
    if not session_id:
        response = _answer(request, 400, BAD_REQUEST, "Не задан параметр session_id")
    else:
        response = await _record(request, session_id)
    await log_inbound(request, "rostelecom", "get_record", body, response)
    return response


async def _record(request: Request, session_id: str) -> Response:
    gw = gateway_of(request)
    call = await gw.store.acall(session_id)
    url = None
    if call is not None:
        url = await asyncio.to_thread(gw.links.one_time_url, call)
    if not url:
        return _answer(request, 404, *NO_RECORD)
    return _answer(request, 200, *OK, url=url)


@router.get("/records/{token}", responses={404: {"description": "unknown, used or expired link"}})
async def one_time_record(request: Request, token: str) -> Response:
    """Follow a one-time link once: redirect to a short-lived signed recording link."""
    gw = gateway_of(request)
    name = await asyncio.to_thread(gw.store.use_one_time_link, token)
    if name is None:
        return Response(
            json_bytes(
                {
                    "result": NO_RECORD[0],
                    "resultMessage": "Ссылка недействительна или уже использована",
                }
            ),
            404,
            media_type="application/json",
        )
    return RedirectResponse(gw.links.signed(name, 60), status_code=307)
