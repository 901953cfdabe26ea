"""Build a desktop's :class:`HubFeed` from its profile (``mode = "hub"``) and the keyring.

The profile holds the server address and the user name (``hub_url``, ``hub_user``);
the session token lives in the keyring under :func:`hub_token_key` (never in the
settings file). The password is used only for the first sign-in (or when the saved
token has expired or was revoked) and is never stored: the feed swaps its token for
a fresh one before it expires and hands every new token to the keyring.

Qt-free: the desktop (and ``ringside monitor/dial/doctor --server``) call
:func:`hub_feed_from_profile` / :func:`hub_feed`.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from core.crm.types import CallRecord, LookupResult
from core.hub.client import HubFeed, HubToken
from core.hub.wire import Card
from core.service import RingsideService
from core.service_events import ServiceConfig

if TYPE_CHECKING:
    from core.history.calls import CallHistory


class Secrets(Protocol):
    """The part of :class:`core.settings.secrets.SecretStore` this module uses."""

    async def aget(self, key: str) -> str | None: ...

    async def aset(self, key: str, value: str) -> None: ...

    async def adelete(self, key: str) -> None: ...


def hub_token_key(profile: str) -> str:
    return f"hub:{profile}"


def parse_token(saved: str | None) -> HubToken | None:
    """A keyring value ``"<token> <expires_at>"`` back into a token (None when unusable)."""
    if not saved:
        return None
    token, _, expires = saved.strip().partition(" ")
    try:
        return HubToken(token, float(expires or 0))
    except ValueError:
        return None


def format_token(token: HubToken) -> str:
    return f"{token.token} {token.expires_at:.0f}"


async def hub_feed(
    url: str,
    user: str,
    secrets: Secrets | None,
    *,
    key: str,
    password: str | None = None,
    verify: ssl.SSLContext | bool = True,
    **kwargs: Any,
) -> HubFeed:
    """A HubFeed whose token comes from and goes back to the keyring entry ``key``."""
    if not url.strip():
        raise ValueError("No Ringside server address in the profile")
    if not user.strip():
        raise ValueError("No Ringside server user name in the profile")
    saved = parse_token(await secrets.aget(key)) if secrets is not None else None

    async def keep(token: HubToken | None) -> None:
        if secrets is None:
            return
        if token is None:
            await secrets.adelete(key)
        else:
            await secrets.aset(key, format_token(token))

    return HubFeed(
        url, user, password=password, token=saved, on_token=keep, verify=verify, **kwargs
    )


async def hub_feed_from_profile(
    profile: Any, secrets: Secrets | None, *, password: str | None = None, **kwargs: Any
) -> HubFeed:
    """The feed for a ``mode = "hub"`` profile (``hub_url``, ``hub_user``, ``name``)."""
    return await hub_feed(
        str(getattr(profile, "hub_url", "") or ""),
        str(getattr(profile, "hub_user", "") or ""),
        secrets,
        key=hub_token_key(str(getattr(profile, "name", "default"))),
        password=password,
        **kwargs,
    )


async def hub_me(
    url: str,
    token: str,
    *,
    verify: ssl.SSLContext | bool = True,
    timeout: float = 10.0,  # noqa: ASYNC109 - an HTTP client timeout, passed to httpx
) -> dict[str, Any]:
    """``GET /hub/me``: this account's provisioning (extensions, role, CRM, recordings, language).

    :class:`HubAuthError` when the token is refused, :class:`FeedError` otherwise, in words.
    """
    import httpx

    from core.calls.feed import FeedError
    from core.hub.client import HubAuthError, hub_urls

    base, _ws = hub_urls(url)
    try:
        async with httpx.AsyncClient(verify=verify, timeout=timeout) as http:
            response = await http.get(
                base + "/hub/me", headers={"Authorization": f"Bearer {token}"}
            )
    except httpx.HTTPError as exc:
        raise FeedError(f"Cannot read this user's profile from the Ringside server at {base}: "
                        f"{type(exc).__name__}") from None  # fmt: skip
    if response.status_code in (401, 403):
        raise HubAuthError("The Ringside server refused the sign-in: sign in again")
    if response.status_code != 200:
        raise FeedError(
            f"The Ringside server answered {response.status_code} for this user's profile"
        )
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise FeedError("The Ringside server sent a garbled profile")
    return data


def provision(profile: Any, me: dict[str, Any]) -> Any:
    """``profile`` with what the hub says about this user: its extension, its role (supervisor
    tools for supervisors and admins), the language default and the recordings address.

    The hub decides the scope; these fields only tell the desktop what to show. Raises
    ``ValueError`` in words when the account has no extension to act as.
    """
    import dataclasses

    extensions = [str(e) for e in me.get("extensions") or () if str(e).strip()]
    if not extensions:
        raise ValueError(
            "This user has no extension on the Ringside server: ask your admin to bind one"
        )
    role = "supervisor" if str(me.get("role")) in ("supervisor", "admin") else "operator"
    changes: dict[str, Any] = {"extension": extensions[0], "hub_role": role}
    language = str(me.get("language") or "")
    if language in ("ru", "en", "uk") and profile.language == "auto":
        changes["language"] = language
    recordings = str(me.get("recordings_url") or "")
    if recordings.startswith(("http://", "https://")):
        changes["recordings_url"] = recordings
    return dataclasses.replace(profile, **changes)


class HubCards:
    """CRM cards from the hub (``lookup = "hub"``): the service's card source.

    The hub looks every call's number up once, for the whole call center, and sends
    the card; ``cached`` answers from those, ``lookup`` asks the hub's cache.
    """

    KEEP = 512

    def __init__(self, feed: HubFeed) -> None:
        self.feed = feed
        self._by_number: dict[str, LookupResult] = {}
        feed.subscribe_cards(self._on_card)

    def _on_card(self, card: Card) -> None:
        self._by_number[card.result.number] = card.result
        while len(self._by_number) > self.KEEP:
            del self._by_number[next(iter(self._by_number))]

    async def lookup(self, number: str) -> LookupResult:
        return await self.feed.lookup(number)

    def prefetch(self, number: str) -> None:
        return None  # the hub prefetches when the call appears

    def cached(self, number: str) -> LookupResult | None:
        return self._by_number.get(number)


class HubNotes:
    """After-call notes through the hub: into its durable outbox, then the CRM (once)."""

    def __init__(self, feed: HubFeed) -> None:
        self.feed = feed

    def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def push(self, record: CallRecord) -> None:
        extension = record.extension or ""
        await self.feed.save_note(
            extension, record.call_id, record.note or "", record.disposition or ""
        )


def hub_service(
    config: ServiceConfig,
    feed: HubFeed,
    *,
    history: CallHistory | None = None,
    hub_lookups: bool = True,
    crm: Any = None,
) -> RingsideService:
    """A :class:`RingsideService` on a hub feed: cards from the hub (or ``crm`` on the desktop
    when the admin says lookups run there), notes through the hub."""
    cards = HubCards(feed) if hub_lookups else crm
    return RingsideService(config, feed, crm=cards, history=history, notes=HubNotes(feed))


def build_hub_service(
    profile: Any, secrets: Any, folder: Path | None = None, *, password: str | None = None
) -> tuple[RingsideService, tuple[Callable[[], Any], ...]]:
    """Blocking (keyring, sqlite): the service of a ``mode = "hub"`` profile, like
    :func:`core.bootstrap.build_service` for direct mode, and what to close after it.

    The token comes from the keyring (``hub:<profile>``, written by the first-run window or
    by the feed on every refresh); the history stays on this PC; cards and notes go
    through the hub (``lookup = "hub"``, the default).
    """
    from core.history.calls import CallHistory
    from core.phone import normalize
    from core.service_profile import service_config
    from core.settings import data_dir

    key = hub_token_key(str(profile.name))
    saved = parse_token(secrets.get(key))

    async def keep(token: HubToken | None) -> None:
        if token is None:
            await asyncio.to_thread(secrets.delete, key)
        else:
            await asyncio.to_thread(secrets.set, key, format_token(token))

    feed = HubFeed(profile.hub_url, profile.hub_user, password=password, token=saved, on_token=keep)
    folder = folder or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    history = CallHistory(folder / "history.sqlite3", normalize=normalize)
    return hub_service(service_config(profile), feed, history=history), (history.close,)
