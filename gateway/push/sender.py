"""Posts outbox items to the CRMs with httpx, adding credentials at send time.

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

from core.history.worker import DeliveryError
from core.signing.rostelecom import verify_request
from gateway.config import GatewayConfig
from gateway.push import PushRequest, rostelecom
from gateway.store import GatewayStore

log = logging.getLogger(__name__)

TARGETS = ("retailcrm", "clinica", "rostelecom")


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

    def authorize(self, target: str, request: PushRequest) -> PushRequest:
        """Add the target's credentials (never stored in the outbox)."""
        cfg = self._cfg.file
        if target == "retailcrm" and cfg.retailcrm is not None:
            return request.with_headers(("X-API-KEY", self._cfg.secret(cfg.retailcrm.api_key_env)))
        if target == "rostelecom" and cfg.rostelecom is not None:
            key = self._cfg.secret(cfg.rostelecom.sign_key_env)
            return rostelecom.sign(request, cfg.rostelecom.client_id, key)
        return request

    async def send(self, target: str, request: PushRequest, *, note: str = "") -> httpx.Response:
        """Post ``request`` (credentials added); raise ``DeliveryError`` on failure."""
        signed = self.authorize(target, request)
        log_fields: dict[str, Any] = {
            "direction": "out",
            "system": target,
            "method": _method_of(request),
            "request_headers": signed.headers,
            "request_body": signed.body,
            "remote": signed.url,
            "note": note,
        }
        try:
            response = await self._client.request(
                signed.method, signed.url, headers=list(signed.headers), content=signed.body
            )
        except httpx.HTTPError as exc:
            await self._store.alog_exchange(
                status=None, response_body=type(exc).__name__, **log_fields
            )
            raise DeliveryError(
                f"{target}: {type(exc).__name__} posting to {request.url}"
            ) from None
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
