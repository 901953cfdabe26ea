"""Send planned pushes the way the gateway's sender does: httpx, credentials as ``httpx.Auth``."""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from core.crm.push import PlannedPush, PushRequest

__all__ = ["deliver"]


async def deliver(
    pushes: Iterable[PlannedPush | PushRequest], auth: httpx.Auth | None = None
) -> list[httpx.Response]:
    """Post each request byte for byte (the fakes are real HTTP servers on 127.0.0.1)."""
    answers = []
    async with httpx.AsyncClient(timeout=5.0) as client:
        for push in pushes:
            request = push.request if isinstance(push, PlannedPush) else push
            answers.append(
                await client.request(
                    request.method,
                    request.url,
                    headers=list(request.headers),
                    content=request.body,
                    auth=auth,
                )
            )
    return answers
