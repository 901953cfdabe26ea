"""Posts outbox items to the CRMs with httpx, adding credentials at send time.

Credentials are ``httpx.Auth`` flows applied as the request is sent (retailCRM
``X-API-KEY``: :class:`core.signing.auth.HeaderAuth`; Rostelecom ``X-Client-ID`` /
``X-Client-Sign`` over the exact body: :class:`core.signing.rostelecom.RostelecomAuth`),
so the request in the outbox never holds a secret.

Success is any 2xx answer. 429 / 5xx / network errors raise a retryable
``DeliveryError`` (the outbox retries later, honouring ``Retry-After``); other
4xx raise a permanent one (retrying would not help: the item goes dead, visible). Every attempt is
written to the request/response log with credentials redacted.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from core.crm import retailcrm, rostelecom
from core.crm.push import PushRequest
from core.history.worker import DeliveryError
from core.signing.rostelecom import verify_request
from gateway.config import GatewayConfig
from gateway.store import GatewayStore

log = logging.getLogger(__name__)

TARGETS = ("retailcrm", "clinica", "rostelecom")
# added by httpx itself; the exchange log keeps the request's own headers
_TRANSPORT_HEADERS = frozenset(
    {"host", "accept", "accept-encoding", "connection", "user-agent", "content-length"}
)


def _retry_after(response: httpx.Response) -> float | None:
    try:
        value = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return value if 0 <= value < 86_400 else None


def _method_of(request: PushRequest) -> str:
    return request.url.rstrip("/").rsplit("/", 1)[-1] or request.url


class PushSender:
    """One shared ``httpx.AsyncClient``; ``senders()`` gives the outbox its per-target functions."""

    def __init__(self, config: GatewayConfig, store: GatewayStore, client: httpx.AsyncClient):
        self._cfg = config
        self._store = store
        self._client = client

    def auth(self, target: str) -> httpx.Auth | None:
        """The target's credentials as an ``httpx.Auth`` (never stored in the outbox)."""
        cfg = self._cfg.file
        if target == "retailcrm" and cfg.retailcrm is not None:
            return retailcrm.auth(self._cfg.secret(cfg.retailcrm.api_key_env))
        if target == "rostelecom" and cfg.rostelecom is not None:
            key = self._cfg.secret(cfg.rostelecom.sign_key_env)
            return rostelecom.auth(cfg.rostelecom.client_id, key)
        return None

    async def send(self, target: str, request: PushRequest, *, note: str = "") -> httpx.Response:
        """Post ``request`` (credentials added); raise ``DeliveryError`` on failure."""
        log_fields: dict[str, Any] = {
            "direction": "out",
            "system": target,
            "method": _method_of(request),
            "request_headers": request.headers,
            "request_body": request.body,
            "remote": request.url,
            "note": note,
        }
        try:
            response = await self._client.request(
                request.method,
                request.url,
                headers=list(request.headers),
                content=request.body,
                auth=self.auth(target),
            )
        except httpx.HTTPError as exc:
            await self._store.alog_exchange(
                status=None, response_body=type(exc).__name__, **log_fields
            )
            raise DeliveryError(
                f"{target}: {type(exc).__name__} posting to {request.url}"
            ) from None
        sent = response.request  # as signed: the exchange log shows what went out
        encoding = sent.headers.encoding
        log_fields["request_headers"] = [
            (k.decode(encoding), v.decode(encoding))
            for k, v in sent.headers.raw
            if k.lower().decode(encoding) not in _TRANSPORT_HEADERS
        ]
        log_fields["request_body"] = sent.content
        if target == "rostelecom":
            log_fields["note"] = " ".join(filter(None, (note, self._answer_signature(response))))
        await self._store.alog_exchange(
            status=response.status_code, response_body=response.content, **log_fields
        )
        status = response.status_code
        if status == 429 or status >= 500:
            raise DeliveryError(f"{target}: HTTP {status}", retry_after=_retry_after(response))
        if status >= 400:
            raise DeliveryError(f"{target}: HTTP {status} {response.text[:200]}", permanent=True)
        return response

    def _answer_signature(self, response: httpx.Response) -> str:
        """Seed 004 signs answers too: '' when valid, else a note for the exchange log."""
        rt = self._cfg.file.rostelecom
        if rt is None:
            return ""
        if "X-Client-Sign" not in response.headers:
            return "answer unsigned"
        key = self._cfg.secret(rt.sign_key_env)
        if verify_request(response.headers, response.content, rt.client_id, key):
            return ""
        log.warning("call_events answer from %s has a wrong X-Client-Sign", response.url)
        return "answer signature INVALID"

    def sender(self, target: str) -> Callable[[Any], Awaitable[None]]:
        async def send_item(item: Any) -> None:
            payload = item.payload if hasattr(item, "payload") else item
            await self.send(target, PushRequest.from_payload(payload))

        return send_item

    def senders(self) -> dict[str, Callable[[Any], Awaitable[None]]]:
        return {target: self.sender(target) for target in TARGETS}
