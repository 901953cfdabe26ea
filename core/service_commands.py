"""The operator's PBX commands of :class:`core.service.RingsideService` (a mixin).

Click-to-call, do-not-disturb, queue pause and supervisor live listen. Each is a
coroutine that raises :class:`ServiceError` with a message in words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from core.ami import actions
from core.ami.errors import AMIError
from core.calls.events import CallSnapshot
from core.service_ports import (
    AmiLink,
    CallTrackerPort,
    ConnectionChanged,
    ConnectionState,
    PresenceChanged,
    ServiceConfig,
    ServiceEvent,
    clean_dial_number,
)

if TYPE_CHECKING:
    from core.ami.connection import AMIConnection

SPY_MODES = ("listen", "whisper", "barge")


class ServiceError(Exception):
    """A command failed; ``str(error)`` says why, in words, for the operator."""


class ServiceCommands:
    """Commands; the host class provides the connection, config, tracker and ``_emit``."""

    config: ServiceConfig
    tracker: CallTrackerPort
    connection: ConnectionChanged
    presence: PresenceChanged
    _conn: AmiLink | None

    def _emit(self, event: ServiceEvent) -> None:
        raise NotImplementedError

    def _require_connection(self) -> AMIConnection:
        if self._conn is None or self.connection.state is not ConnectionState.READY:
            raise ServiceError("Not connected to the PBX: " + (self.connection.detail or "connecting…"))
        return cast("AMIConnection", self._conn)

    async def dial(self, number: str) -> str:
        """Click-to-call: ring the operator's phone, then ``number``. Returns the channel id.

        Returns once the operator picked up (the PBX then dials the customer).
        """
        dialable = clean_dial_number(number, self.config.region)
        if dialable is None:
            raise ServiceError(f"“{number.strip()}” does not look like a phone number")
        conn = self._require_connection()
        channel_id = actions.new_channel_id("rs")
        self.tracker.expect_originate(channel_id, self.config.extension, dialable)
        try:
            await actions.originate_click_to_call(
                conn,
                self.config.endpoint,
                dialable,
                self.config.context,
                caller_id_name_prefix=self.config.caller_id_prefix,
                channel_id=channel_id,
            )
        except AMIError as exc:
            raise ServiceError(f"Could not call {dialable}: {exc}") from exc
        return channel_id

    async def set_dnd(self, on: bool) -> None:
        """Do-not-disturb the way the PBX does it (FreePBX AstDB key or a custom device state)."""
        conn = self._require_connection()
        ext = self.config.extension
        try:
            if self.config.dnd_mode == "devstate":
                state = "BUSY" if on else "NOT_INUSE"
                variable = {"Variable": f"DEVICE_STATE(Custom:DND{ext})", "Value": state}
                response = await conn.send_action("Setvar", variable)
                if not response.success:
                    raise ServiceError(f"Could not change do-not-disturb: {response.message}")
            else:
                await actions.set_dnd(conn, ext, on)
        except AMIError as exc:
            raise ServiceError(f"Could not change do-not-disturb: {exc}") from exc
        self.presence = PresenceChanged(on, self.presence.paused, self.presence.reason)
        self._emit(self.presence)

    async def set_paused(self, on: bool, reason: str = "") -> None:
        """Pause or unpause the operator in the queue(s), with an optional reason.

        The queue member is ``config.queue_interface`` (FreePBX: ``Local/101@from-queue/n``)
        or the operator's endpoint; ``config.queues`` limits it (empty: every queue).
        """
        conn = self._require_connection()
        interface = self.config.queue_interface or self.config.endpoint
        try:
            for queue in self.config.queues or (None,):
                await actions.queue_pause(conn, interface, on, reason, queue)
        except AMIError as exc:
            raise ServiceError(f"Could not change the queue pause: {exc}") from exc
        self.presence = PresenceChanged(self.presence.dnd, on, (reason or None) if on else None)
        self._emit(self.presence)

    async def spy(self, extension: str, mode: str = "listen") -> str:
        """Supervisor live listen: ring the operator's own phone, then ChanSpy on ``extension``.

        ``mode`` is listen, whisper or barge. Returns the spy channel id.
        """
        if mode not in SPY_MODES:
            raise ServiceError(f"Unknown listen mode “{mode}”: use listen, whisper or barge")
        target = extension.strip()
        if not target:
            raise ServiceError("Choose an operator's call to listen to")
        if target == self.config.extension:
            raise ServiceError("You cannot listen to your own calls")
        channel = target if "/" in target else f"PJSIP/{target}"
        conn = self._require_connection()
        try:
            result = await actions.originate_spy(conn, self.config.endpoint, channel, mode)
        except ValueError as exc:
            raise ServiceError(f"Cannot listen to {target}: {exc}") from exc
        except AMIError as exc:
            raise ServiceError(f"Could not start listening to {target}: {exc}") from exc
        return result.channel_id

    def active_calls(self) -> list[CallSnapshot]:
        """Snapshots of every call on the PBX now (for the supervisor's Live panel)."""
        calls = getattr(self.tracker, "active_calls", None)
        if calls is None:
            return []
        return [call for call in calls() if isinstance(call, CallSnapshot)]
