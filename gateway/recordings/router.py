"""HTTP endpoints of the recording service (FastAPI ``APIRouter``).

* ``GET  /recordings/search``      bearer; filtered, paginated CDR legs (JSON)
* ``GET|POST /recordings/link``    bearer; a signed, expiring link to a call's recording
* ``GET  /recordings/file/{path}`` ``?exp=&sig=``; the file, with HTTP Range (206/416), ETag
* ``GET  /recordings/storage_url`` bearer; seed-001 style ``{"record_url": ...}`` AES link
* ``GET  /recordings/storage/{token}`` seed 001 storage link: AES token -> file
* ``GET  /get_record_local(.php)`` seed 000: ``clientId`` + ``uniqueid`` -> MP3; any failure is a bare 404
* ``GET  /recordings/listens``     bearer; the listen audit log
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, ValidationError

from core.recordings.paths import PathRejected
from core.recordings.types import SearchQuery
from core.signing.links import verify_link
from core.signing.storage import StorageLinkError, decode_storage_path, encode_storage_path
from gateway.recordings.listens import ListenLog, listen_to_json
from gateway.recordings.service import RecordingService, client_label
from gateway.recordings.settings import RecordingSettings
from gateway.strict_json import JSONRejected, loads_object

log = logging.getLogger(__name__)

AUDIO_TYPES = {
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".gsm": "audio/x-gsm",
    ".ogg": "audio/ogg",
}


class LinkRequest(BaseModel):
    call_id: str
    recording: str | None = None


def _media_type(name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return AUDIO_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _first_listen(request: Request) -> bool:
    """Log a listen once per playback: a plain GET or a range that starts at byte 0."""
    ranges = request.headers.get("range", "").replace(" ", "")
    return not ranges or ranges.startswith("bytes=0-")


def build_router(
    settings: RecordingSettings,
    *,
    listens: ListenLog | None = None,
    clock: Callable[[], float] = time.time,
) -> APIRouter:
    """The recordings router; its lifespan runs the index watcher (polling the CDR and monitor dir)."""
    service = RecordingService.create(settings, listens, clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.watch:
            service.indexer.start()  # the first pass (maybe a long initial import) runs in the thread
        else:
            service.indexer.sync()
        try:
            yield
        finally:
            service.indexer.stop()

    router = APIRouter(lifespan=lifespan)
    router.state = service  # type: ignore[attr-defined]  # for tests and the app's admin views
    _add_api_routes(router, service)
    _add_link_routes(router, service)
    _add_file_routes(router, service)
    _add_compat_routes(router, service)
    return router


def _bearer(service: RecordingService) -> Callable[[Request], str]:
    def require(request: Request) -> str:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        user = service.user_for_token(token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise HTTPException(
                401, "A valid bearer token is required.", {"WWW-Authenticate": "Bearer"}
            )
        person = request.headers.get("x-ringside-user", "").strip()[:64]
        return f"{user}/{person}" if person else user

    return require


def _add_api_routes(router: APIRouter, service: RecordingService) -> None:
    auth = Depends(_bearer(service))

    @router.get("/recordings/search")
    def search(request: Request, _user: str = auth) -> dict[str, Any]:
        try:
            query = SearchQuery.from_params(dict(request.query_params))
        except (ValueError, TypeError) as exc:
            raise HTTPException(400, f"Bad search filter: {exc}") from exc
        return service.index.search(query).to_json()

    @router.get("/recordings/listens")
    def listens(request: Request, _user: str = auth) -> dict[str, Any]:
        params = request.query_params
        filters: dict[str, Any] = {
            k: params[k] for k in ("who", "call_id", "recording", "source") if params.get(k)
        }
        try:
            for name in ("since", "until"):
                if params.get(name):
                    filters[name] = float(params[name])
            filters["limit"] = max(1, min(int(params.get("limit", "200")), 1000))
        except ValueError as exc:
            raise HTTPException(400, "Bad listen filter.") from exc
        items = service.listens.search_listens(**filters)
        return {"items": [listen_to_json(item) for item in items]}


def _add_link_routes(router: APIRouter, service: RecordingService) -> None:
    auth = Depends(_bearer(service))

    def make_link(request: Request, body: LinkRequest) -> dict[str, Any]:
        row = service.recorded_leg(body.call_id, body.recording)
        if row is None or row.recording is None:
            raise HTTPException(404, "No recording for this call.")
        url, expires_at = service.signed_url(str(request.base_url), row.recording)
        return {
            "url": url,
            "expires_at": expires_at,
            "call_id": row.call_id,
            "recording": row.recording,
        }

    link_body = {"requestBody": {"required": True, "content": {
        "application/json": {"schema": LinkRequest.model_json_schema()}}}}  # fmt: skip

    @router.post("/recordings/link", openapi_extra=link_body)
    async def post_link(request: Request, _user: str = auth) -> dict[str, Any]:
        try:  # strict JSON: NaN, 1e999, deep nesting or non-UTF-8 are refused in words
            body = LinkRequest.model_validate(loads_object(await request.body()), strict=True)
        except JSONRejected as exc:
            raise HTTPException(400, f"Bad request body: {exc}.") from None
        except ValidationError as exc:
            where = ", ".join(".".join(map(str, e["loc"])) or "body" for e in exc.errors()[:5])
            raise HTTPException(400, f"Bad request body: check {where}.") from None
        return await asyncio.to_thread(make_link, request, body)

    @router.get("/recordings/link")
    def get_link(
        request: Request, call_id: str, _user: str = auth, recording: str | None = None
    ) -> dict[str, Any]:
        return make_link(request, LinkRequest(call_id=call_id, recording=recording))

    @router.get("/recordings/storage_url")
    def storage_url(request: Request, call_id: str, _user: str = auth) -> dict[str, str]:
        key = service.settings.storage_aes_key
        row = service.recorded_leg(call_id)
        if key is None or row is None or row.recording is None:
            raise HTTPException(404, "No storage link for this call.")
        base = (service.settings.public_base_url or str(request.base_url)).rstrip("/")
        return {
            "record_url": f"{base}/recordings/storage/{encode_storage_path(row.recording, key)}"
        }


def _serve(
    service: RecordingService, request: Request, name: str, who: str, source: str
) -> Response:
    try:
        path = service.file(name)
    except PathRejected as exc:
        raise HTTPException(404, "No such recording.") from exc
    if _first_listen(request):
        service.log_listen(who, service.call_for_file(name), name, source)
    return FileResponse(
        path, media_type=_media_type(name), headers={"Cache-Control": "private, max-age=300"}
    )


def _add_file_routes(router: APIRouter, service: RecordingService) -> None:
    @router.get("/recordings/file/{name:path}")
    def signed_file(request: Request, name: str, exp: str = "", sig: str = "") -> Response:
        if not verify_link(name, exp, sig, service.settings.link_key, service.clock()):
            raise HTTPException(403, "The link is invalid or has expired.")
        client = request.client.host if request.client else "?"
        return _serve(service, request, name, f"link@{client}", "signed-link")

    @router.get("/recordings/storage/{token}")
    def storage_file(request: Request, token: str) -> Response:
        key = service.settings.storage_aes_key
        if key is None:
            raise HTTPException(404, "No such recording.")
        try:
            name = decode_storage_path(token, key).lstrip("/")
        except StorageLinkError as exc:
            raise HTTPException(404, "No such recording.") from exc
        client = request.client.host if request.client else "?"
        return _serve(service, request, name, f"storage@{client}", "storage-link")


def _add_compat_routes(router: APIRouter, service: RecordingService) -> None:
    def get_record_local(request: Request) -> Response:
        """Seed 000: any failure, whatever its cause, is the same bare 404. A wrong key and a
        right key with an unknown call run the same lookups, so neither the answer nor the
        time it takes tells an attacker which part was wrong."""
        if request.method != "GET":
            return Response(status_code=404)
        params = request.query_params
        client_id, uniqueid = params.get("clientId", ""), params.get("uniqueid", "")
        accepted = service.keys().accepts(client_id)  # constant time over every stored key
        row = service.recorded_leg(uniqueid or "-")  # always looked up, accepted or not
        if not (accepted and client_id and uniqueid) or row is None or row.recording is None:
            return Response(status_code=404)
        try:
            path = service.file(row.recording)
            if path.suffix.lower() == ".wav":
                path = service.mp3.mp3_for(path, row.recording)
        except Exception:  # a malformed WAV makes the encoder raise anything
            log.info("get_record_local: %s could not be served", row.recording, exc_info=True)
            return Response(status_code=404)
        if _first_listen(request):
            service.log_listen(
                client_label(client_id), row.call_id, row.recording, "get_record_local"
            )
        filename = row.recording.rsplit("/", 1)[-1].rsplit(".", 1)[0] + path.suffix
        return FileResponse(path, media_type=_media_type(path.name), filename=filename)

    others = ["HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]  # seed 000: a bare 404 too
    for path in ("/get_record_local", "/get_record_local.php"):
        router.add_api_route(path, get_record_local, methods=["GET"])
        router.add_api_route(path, get_record_local, methods=others, include_in_schema=False)
