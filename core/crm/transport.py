"""Shared HTTP plumbing for the adapters: one httpx client shape, one error vocabulary.

Every adapter sends through :func:`send` and reads JSON with :func:`read_json`,
so timeouts, refused connections, 401/403/404/429/5xx and garbled answers all
become the same typed errors with a sentence a person understands. Messages
name the CRM and the host, never a full URL (webhook URLs embed secrets).
"""

from __future__ import annotations

import email.utils
import json
import logging
import re
import time
from typing import Any

import httpx

from core.crm.base import CrmAuthError, CrmRejected, CrmUnavailable

__all__ = ["DEFAULT_TIMEOUT", "make_client", "raise_for_status", "read_json", "retry_after", "send"]

DEFAULT_TIMEOUT = 3.0
_USER_AGENT = "Ringside/0.1 (+https://github.com/ringside)"


class _RedactSecrets(logging.Filter):
    """httpx logs every request URL at INFO; Bitrix webhook URLs and ``apiKey=`` carry secrets."""

    _patterns = (
        (re.compile(r"(/rest/\d+/)[^/\s\"']+"), r"\1***"),
        (re.compile(r"((?:apiKey|api_key|token|access_token)=)[^&\s\"']+", re.I), r"\1***"),
    )

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        for pattern, repl in self._patterns:
            text = pattern.sub(repl, text)
        record.msg, record.args = text, ()
        return True


_httpx_log = logging.getLogger("httpx")
if not any(isinstance(f, _RedactSecrets) for f in _httpx_log.filters):
    _httpx_log.addFilter(_RedactSecrets())


def make_client(
    base_url: str = "",
    *,
    timeout: float = DEFAULT_TIMEOUT,
    headers: dict[str, str] | None = None,
    auth: httpx.Auth | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An ``AsyncClient`` with our timeout, User-Agent and (for tests) a swappable transport."""
    all_headers = {"User-Agent": _USER_AGENT, "Accept": "application/json"}
    all_headers.update(headers or {})
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout),
        headers=all_headers,
        auth=auth,
        transport=transport,
        follow_redirects=False,
    )


async def send(
    client: httpx.AsyncClient, vendor: str, method: str, url: str, **kwargs: Any
) -> httpx.Response:
    """Send one request; network failures become :class:`CrmUnavailable`."""
    try:
        return await client.request(method, url, **kwargs)
    except httpx.TimeoutException:
        timeout = client.timeout.read or DEFAULT_TIMEOUT
        raise CrmUnavailable(f"{vendor} did not answer within {timeout:g} s.") from None
    except httpx.ConnectError:
        host = _host(client, url)
        raise CrmUnavailable(f"Cannot connect to {vendor} at {host}.") from None
    except httpx.HTTPError as exc:
        raise CrmUnavailable(f"{vendor}: network error ({type(exc).__name__}).") from None


def _host(client: httpx.AsyncClient, url: str) -> str:
    try:
        target = client.base_url.join(url) if client.base_url else httpx.URL(url)
        return f"{target.host}:{target.port}" if target.port else target.host
    except (httpx.InvalidURL, ValueError):
        return "the configured address"


def retry_after(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta or HTTP date), if any."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def raise_for_status(response: httpx.Response, vendor: str, detail: str | None = None) -> None:
    """Map an HTTP error status to a typed error; ``detail`` is the CRM's own message."""
    status = response.status_code
    if status < 400:
        return
    said = f": {detail}" if detail else "."
    if status == 401:
        raise CrmAuthError(f"{vendor} rejected the credentials (HTTP 401){said}")
    if status == 403:
        raise CrmAuthError(f"{vendor} denied access (HTTP 403){said}")
    if status == 404:
        raise CrmRejected(f"{vendor} answered 404 Not Found: check the address{said}")
    if status in (429, 503):
        raise CrmUnavailable(
            f"{vendor} asks to slow down (HTTP {status}){said}", retry_after(response)
        )
    if status >= 500:
        raise CrmUnavailable(f"{vendor} server error (HTTP {status}){said}", retry_after(response))
    raise CrmRejected(f"{vendor} refused the request (HTTP {status}){said}")


def read_json(response: httpx.Response, vendor: str) -> Any:
    """The parsed JSON body; garbled or non-JSON answers become :class:`CrmUnavailable`."""
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        kind = response.headers.get("Content-Type", "unknown type").split(";")[0]
        raise CrmUnavailable(
            f"{vendor} sent an answer that is not valid JSON ({kind}, HTTP {response.status_code})."
        ) from None
