"""The service's vocabulary: its config and the immutable events front-ends receive.

:class:`ServiceConfig` says who the operator is (and, in direct mode, where the
AMI is); the observer events (:data:`ServiceEvent`) are frozen snapshots. The
link state is the feed's own (:class:`core.calls.feed.LinkStatus`): one
connection-state vocabulary from the PBX to the tray icon.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.calls.events import CallEvent
from core.calls.feed import FeedError, LinkState, LinkStatus
from core.crm.types import LookupResult

ConnectionState = LinkState  # the service's name for it (desktop code reads ``.state``)
ConnectionChanged = LinkStatus  # emitted whenever the feed's link changes
ServiceError = FeedError  # a command failed; ``str(error)`` says why, in words


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """What the service knows about the operator (and, direct mode, the AMI); no secret."""

    host: str
    port: int
    username: str
    extension: str  # the operator's extension, e.g. "101"
    endpoint: str  # the operator's device, e.g. "PJSIP/101"
    context: str = "from-internal"  # originate context for click-to-call
    caller_id_prefix: str = ""
    dnd_mode: str = "astdb"  # astdb: FreePBX DND/<ext> key; devstate: Custom:DND<ext>
    queues: tuple[str, ...] = ()  # queue pause applies to these (empty: all queues)
    queue_interface: str = (
        ""  # the queue member to pause (empty: endpoint); FreePBX: Local/101@from-queue/n
    )
    region: str = "RU"
    lookup_timeout: float = 3.0
    tls: bool = False


@dataclass(frozen=True, slots=True)
class CallUpdate:
    """A call event for the operator's own extension."""

    event: CallEvent


@dataclass(frozen=True, slots=True)
class CardReady:
    """The CRM card of one of the operator's calls."""

    call_id: str
    result: LookupResult


@dataclass(frozen=True, slots=True)
class HistoryChanged:
    unseen_missed: int


@dataclass(frozen=True, slots=True)
class PresenceChanged:
    """The operator's own do-not-disturb and queue pause."""

    dnd: bool
    paused: bool
    reason: str | None = None


ServiceEvent = LinkStatus | CallUpdate | CardReady | HistoryChanged | PresenceChanged
Observer = Callable[[ServiceEvent], None]

__all__ = [
    "CallUpdate",
    "CardReady",
    "ConnectionChanged",
    "ConnectionState",
    "HistoryChanged",
    "Observer",
    "PresenceChanged",
    "ServiceConfig",
    "ServiceError",
    "ServiceEvent",
]
