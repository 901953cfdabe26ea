"""Qt-free client of the gateway's recordings API (search, signed links, listen log).

Used by the desktop browser. Every failure becomes a ``RecordingError`` with a
sentence for the UI; the bearer token never appears in messages.
"""

from __future__ import annotations

from typing import Any

import httpx

from core.recordings.errors import RecordingError, SourceUnavailable, error_for_status
from core.recordings.types import SearchPage, SearchQuery


class RecordingsClient:
    """Talks to ``{base_url}/recordings/...`` with ``Authorization: Bearer <token>``.

    Without a shared ``client`` each call opens its own short-lived one.
    """

    def __init__(
        self, base_url: str, token: str, client: httpx.AsyncClient | None = None, who: str = ""
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.client = client
        self.who = who

    def _headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self._token}"}
        if self.who:
            headers["X-Ringside-User"] = self.who
        return headers

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        url = f"{self.base_url}{path}"
        try:
            if self.client is None:  # one short-lived client per call: safe on any event loop
                async with httpx.AsyncClient(timeout=10.0) as http:
                    response = await http.request(method, url, headers=self._headers(), **kwargs)
            else:
                response = await self.client.request(method, url, headers=self._headers(), **kwargs)
        except httpx.HTTPError as exc:
            raise SourceUnavailable(
                f"The recordings gateway is unreachable ({exc.__class__.__name__})."
            ) from exc
        if response.status_code == 422 or response.status_code == 400:
            raise RecordingError("The gateway rejected the search filters.")
        if response.status_code >= 400:
            raise error_for_status(response.status_code, url)
        data = response.json()
        if not isinstance(data, dict):
            raise SourceUnavailable("The recordings gateway answered with an unexpected shape.")
        return data

    async def search(self, query: SearchQuery) -> SearchPage:
        data = await self._call("GET", "/recordings/search", params=query.to_params())
        return SearchPage.from_json(data)

    async def link_for(self, call_id: str, recording: str | None = None) -> str:
        """A signed, expiring link to the call's recording (for "Copy link" and playback)."""
        body = {"call_id": call_id, "recording": recording}
        data = await self._call("POST", "/recordings/link", json=body)
        return str(data["url"])

    async def listens(self, **filters: str) -> list[dict[str, Any]]:
        data = await self._call("GET", "/recordings/listens", params=filters)
        items = data.get("items", [])
        return [dict(item) for item in items if isinstance(item, dict)]
