"""Building a running :class:`~core.service.RingsideService` from settings (Qt-free).

The composition root of direct mode: a profile (``core.settings``) and its
secrets in the keyring become a :class:`~core.calls.ami_feed.AmiFeed` (the
operator's line from the profile), a CRM lookup cache, the call history and the
notes outbox. The desktop wraps :func:`build_service`; tests, benchmarks and
the demo use :func:`direct_feed` for a feed on a :class:`ServiceConfig`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.calls.ami_feed import AmiFeed, AmiSettings, LineConfig, LineResolver, line_format
from core.service import RingsideService
from core.service_events import ServiceConfig
from core.service_profile import service_config

if TYPE_CHECKING:  # the CRM adapters, httpx and the keyring load only when a profile is built
    from core.crm.cache import LookupCache
    from core.history.notes import NoteOutbox
    from core.settings import Profile, SecretStore

__all__ = [
    "build_service",
    "crm_secret_key",
    "crm_secrets",
    "direct_feed",
    "operator_lines",
    "service_config",
]


def operator_lines(config: ServiceConfig) -> LineResolver:
    """The operator's own line as configured; other extensions (live listen) alike on its tech."""
    tech = config.endpoint.partition("/")[0] or "PJSIP"
    others = line_format(f"{tech}/##", config.context, dnd_mode=config.dnd_mode)
    own = LineConfig(
        config.extension,
        config.endpoint,
        config.context,
        caller_id_prefix=config.caller_id_prefix,
        queue_interface=config.queue_interface,
        queues=config.queues,
        dnd_mode=config.dnd_mode,
    )
    return lambda extension: own if extension == config.extension else others(extension)


def direct_feed(
    config: ServiceConfig, secret: str, *, clock: Callable[[], float] = time.time
) -> AmiFeed:
    """An :class:`AmiFeed` straight to the PBX of ``config`` (events filtered, TLS as set)."""
    settings = AmiSettings(config.host, config.port, config.username, tls=config.tls)
    return AmiFeed(settings, secret, lines=operator_lines(config), clock=clock)


def crm_secret_key(profile: Profile, field: str) -> str:
    """Keyring key of one CRM secret of ``profile``."""
    from core.settings import crm_key

    return f"{crm_key(profile.name)}:{profile.crm}.{field}"


def crm_secrets(profile: Profile, secrets: SecretStore) -> dict[str, str]:
    """Blocking (keyring): the secret fields of the profile's CRM adapter that are stored."""
    from core.crm.registry import adapter_info

    out: dict[str, str] = {}
    for field in adapter_info(profile.crm).fields:
        if field.kind == "secret":
            value = secrets.get(crm_secret_key(profile, field.name))
            if value:
                out[field.name] = value
    return out


def build_service(
    profile: Profile, secrets: SecretStore, folder: Path | None = None
) -> tuple[RingsideService, tuple[Callable[[], Any], ...]]:
    """Blocking (keyring, sqlite): the service for ``profile`` and what to close after it.

    A ``mode = "hub"`` profile gets :func:`core.hub.bootstrap.build_hub_service` (the token
    from the keyring, no AMI secret on this PC). The AMI secret comes from ``RINGSIDE_AMI_SECRET`` or the store; none means the feed reports
    "no secret stored" and never sends a login.
    """
    if profile.mode == "hub":  # a Ringside server holds the AMI: cards and notes through it
        from core.hub.bootstrap import build_hub_service

        return build_hub_service(profile, secrets, folder)
    from core.crm.cache import LookupCache
    from core.crm.registry import create_adapter
    from core.history.calls import CallHistory
    from core.history.notes import NoteOutbox
    from core.history.outbox import Outbox
    from core.phone import normalize
    from core.settings import data_dir

    secret = secrets.ami_secret(profile.name) or ""  # RINGSIDE_AMI_SECRET first, then the store
    folder = folder or data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    history = CallHistory(folder / "history.sqlite3", normalize=normalize)
    closers: list[Callable[[], Any]] = [history.close]
    crm: LookupCache | None = None
    notes: NoteOutbox | None = None
    try:
        adapter = create_adapter(profile.crm, profile.crm_config, crm_secrets(profile, secrets))
    except ValueError:
        adapter = None  # incomplete CRM settings: popups still show the number
    if adapter is not None:
        crm = LookupCache(adapter.lookup, region=profile.region)
        if adapter.supports_push:
            outbox = Outbox(folder / "outbox.sqlite3")
            notes = NoteOutbox(outbox, adapter)
            closers.append(outbox.close)
    config = service_config(profile)
    service = RingsideService(
        config, direct_feed(config, secret), crm=crm, history=history, notes=notes
    )
    return service, tuple(closers)
