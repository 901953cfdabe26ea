"""Resolve a call to a playable URL through the configured recording source.

One class per scheme, all with ``async resolve(call) -> PlayableUrl``:

* ``GatewayLinkSource`` — Ringside gateway HMAC-signed expiring link (default);
* ``GetRecordLocalSource`` — get_record_local.php-style ``clientId`` + ``uniqueid`` (seed 000);
* ``VirtualPbxSource`` — virtual-PBX REST: ``/record/{id}/`` (OAuth2 bearer),
  ``/download/`` (HTTP Basic), ``/storage_url/`` (AES storage link), ``/path/`` (FTP) (seed 001);
* ``BinotelSource`` — ``stats/call-record`` signed request -> short-lived URL (seed 002);
* ``RostelecomSource`` — ``get_record`` -> one-time URL (seed 004);

Signed requests are signed by the schemes' ``httpx.Auth`` flows (``BinotelAuth``,
``RostelecomAuth``) over the exact bytes sent.
* ``CrmRecordUrlSource`` — a CRM already handed us the recording URL.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote, urlencode

import httpx

from core.recordings.errors import NotFound, RecordingError, SourceUnavailable, error_for_status
from core.signing import binotel, rostelecom
from core.signing.links import LinkSigner


@dataclass(frozen=True, slots=True)
class CallRef:
    """What a source may need to find a call's recording."""

    call_id: str  # Ringside call id (Asterisk linkedid)
    uniqueid: str | None = None
    recording: str | None = None  # file name / root-relative path on the PBX
    record_url: str | None = None  # URL handed over by a CRM
    provider_id: str | None = None  # the provider's id (Binotel generalCallID, RT session_id...)


@dataclass(frozen=True, slots=True)
class PlayableUrl:
    """A URL the player or the fetcher can open, with what it needs to open it."""

    url: str
    source: str
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    basic_auth: tuple[str, str] | None = field(default=None, repr=False)
    expires_at: float | None = None

    @property
    def streamable(self) -> bool:
        """True when a plain GET works (the player may open it directly)."""
        return not self.headers and self.basic_auth is None and self.url.startswith("http")


def _need(value: str | None, what: str) -> str:
    if not value:
        raise NotFound(f"This call has no {what}, so its recording cannot be located.")
    return value


async def _get_json(
    client: httpx.AsyncClient, request: httpx.Request, auth: httpx.Auth | None = None
) -> dict[str, Any]:
    try:
        response = await client.send(request, auth=auth) if auth else await client.send(request)
    except httpx.HTTPError as exc:
        raise SourceUnavailable(
            f"The recording service is unreachable ({exc.__class__.__name__})."
        ) from exc
    if response.status_code >= 400:
        raise error_for_status(response.status_code, str(request.url))
    try:
        data = response.json()
    except ValueError as exc:
        raise SourceUnavailable(
            "The recording service answered with something that is not JSON."
        ) from exc
    if not isinstance(data, dict):
        raise SourceUnavailable("The recording service answered with an unexpected JSON shape.")
    return data


@dataclass(frozen=True, slots=True)
class GatewayLinkSource:
    """Ringside gateway links: signed locally with the shared key, or asked of the gateway."""

    base_url: str
    key: bytes | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    client: httpx.AsyncClient | None = None
    ttl: int = 3600
    clock: Callable[[], float] = time.time

    async def resolve(self, call: CallRef) -> PlayableUrl:
        base = self.base_url.rstrip("/")
        if self.key:
            path = _need(call.recording, "recording file")
            signer = LinkSigner(f"{base}/recordings/file", self.key, self.ttl, self.clock)
            return PlayableUrl(signer.url_for(path), "gateway", expires_at=self.clock() + self.ttl)
        if self.client is None or not self.token:
            raise RecordingError("The gateway link source needs a link key or an API token.")
        request = self.client.build_request(
            "POST",
            f"{base}/recordings/link",
            json={"call_id": call.call_id, "uniqueid": call.uniqueid, "recording": call.recording},
            headers={"Authorization": f"Bearer {self.token}"},
        )
        data = await _get_json(self.client, request)
        return PlayableUrl(str(data["url"]), "gateway", expires_at=data.get("expires_at"))


@dataclass(frozen=True, slots=True)
class GetRecordLocalSource:
    """``get_record_local.php?clientId=...&uniqueid=...`` (seed 000); answers MP3."""

    url: str
    client_id: str

    async def resolve(self, call: CallRef) -> PlayableUrl:
        uniqueid = call.uniqueid or call.call_id
        query = urlencode({"clientId": self.client_id, "uniqueid": uniqueid})
        return PlayableUrl(f"{self.url}?{query}", "get_record_local")


VirtualPbxMode = Literal["bearer", "basic", "storage", "ftp"]


@dataclass(frozen=True, slots=True)
class VirtualPbxSource:
    """Virtual-PBX REST records (seed 001); ``api_base`` ends at ``.../client/@me``."""

    api_base: str
    mode: VirtualPbxMode = "bearer"
    access_token: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ftp_host: str | None = None
    client: httpx.AsyncClient | None = None

    def _record_url(self, call: CallRef, tail: str = "") -> str:
        record_id = quote(call.provider_id or call.call_id, safe="")
        return f"{self.api_base.rstrip('/')}/record/{record_id}/{tail}"

    def _bearer(self) -> tuple[tuple[str, str], ...]:
        return (("Authorization", f"Bearer {_need(self.access_token, 'OAuth2 access token')}"),)

    async def resolve(self, call: CallRef) -> PlayableUrl:
        if self.mode == "bearer":
            return PlayableUrl(self._record_url(call), "vpbx", headers=self._bearer())
        if self.mode == "basic":
            creds = (_need(self.username, "login"), self.password or "")
            return PlayableUrl(self._record_url(call, "download/"), "vpbx", basic_auth=creds)
        if self.client is None:
            raise RecordingError("The virtual-PBX source needs an HTTP client for this mode.")
        tail = "storage_url/" if self.mode == "storage" else "path/"
        request = self.client.build_request(
            "GET", self._record_url(call, tail), headers=dict(self._bearer())
        )
        data = await _get_json(self.client, request)
        if self.mode == "storage":
            return PlayableUrl(str(data["record_url"]), "vpbx-storage")
        host = _need(self.ftp_host, "FTP host")
        user = quote(self.username or "", safe="")
        login = f"{user}@" if user else ""
        return PlayableUrl(f"ftp://{login}{host}{quote(str(data['filename']))}", "vpbx-ftp")


@dataclass(frozen=True, slots=True)
class BinotelSource:
    """Binotel-style ``stats/call-record.json`` (signed) -> short-lived URL."""

    api_base: str
    key: str
    secret: str = field(repr=False)
    client: httpx.AsyncClient
    ttl: int = 15 * 60
    clock: Callable[[], float] = time.time

    async def resolve(self, call: CallRef) -> PlayableUrl:
        params = {"callID": _need(call.provider_id or call.call_id, "Binotel call id")}
        url = f"{self.api_base.rstrip('/')}/stats/call-record.json"
        request = self.client.build_request("POST", url, json=params)
        data = await _get_json(self.client, request, binotel.BinotelAuth(self.key, self.secret))
        if data.get("status") != "success" or not data.get("url"):
            raise NotFound("Binotel has no recording for this call.")
        return PlayableUrl(str(data["url"]), "binotel", expires_at=self.clock() + self.ttl)


@dataclass(frozen=True, slots=True)
class RostelecomSource:
    """Rostelecom ``get_record``: ``X-Client-Sign = sha256hex(id + body + key)`` -> one-time URL."""

    api_url: str  # e.g. https://api.cloudpbx.rt.ru/get_record
    client_id: str
    sign_key: str = field(repr=False)
    client: httpx.AsyncClient = field(repr=False)

    async def resolve(self, call: CallRef) -> PlayableUrl:
        session = _need(call.provider_id or call.call_id, "Rostelecom session id")
        body = json.dumps({"session_id": session}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        request = self.client.build_request("GET", self.api_url, content=body, headers=headers)
        auth = rostelecom.RostelecomAuth(self.client_id, self.sign_key)
        data = await _get_json(self.client, request, auth)
        if str(data.get("result", "1")) != "0" or not data.get("url"):
            message = str(data.get("resultMessage") or "no recording")
            raise NotFound(f"Rostelecom has no recording for this call: {message}.")
        return PlayableUrl(str(data["url"]).strip(), "rostelecom")


@dataclass(frozen=True, slots=True)
class CrmRecordUrlSource:
    """The CRM (or the caller) already knows the recording URL."""

    async def resolve(self, call: CallRef) -> PlayableUrl:
        return PlayableUrl(_need(call.record_url, "recording URL"), "crm")
