"""The :class:`~core.service_events.ServiceConfig` of a settings profile (Qt-free, no I/O).

Shared by both composition roots, :mod:`core.bootstrap` (direct mode) and
:mod:`core.hub.bootstrap` (hub mode), so neither imports the other's module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.service_events import ServiceConfig

if TYPE_CHECKING:
    from core.settings import Profile

__all__ = ["service_config"]


def service_config(profile: Profile) -> ServiceConfig:
    """The operator and the AMI of ``profile`` (no secret)."""
    return ServiceConfig(
        host=profile.ami_host,
        port=profile.ami_port,
        username=profile.ami_user,
        extension=profile.extension,
        endpoint=profile.device,
        context=profile.originate_context or "from-internal",
        caller_id_prefix=profile.caller_id_prefix,
        dnd_mode=profile.dnd_mode,
        queues=tuple(q.strip() for q in profile.queues.split(",") if q.strip()),
        queue_interface=profile.queue_interface,
        region=profile.region,
        tls=profile.ami_tls,
    )
