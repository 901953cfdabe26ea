"""panoramisk's ``AMIProtocol`` with byte framing and an event stream that sees everything.

panoramisk 1.4 decodes every TCP chunk on its own (a UTF-8 name split across
two reads loses characters) and hands a message whose ``ActionID`` matches a
pending action *only* to that action's future, so ``OriginateResponse`` and
list items never reach event handlers. This subclass:

* frames on bytes with :class:`core.ami.codec.AMIFramer` and decodes whole messages;
* keeps panoramisk's action futures and completion rules (``Action.add_message``);
* forwards every ``Event`` (including ones answering an action) and every list
  start (``EventList: start``) to ``on_message`` as a plain ``dict`` - the hot
  path builds no panoramisk objects;
* fails pending futures with :class:`ConnectionLost` when the socket drops instead
  of re-sending them later (a re-sent Originate would dial twice);
* never logs an action (a Login carries the secret).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from panoramisk import actions as pactions
from panoramisk.ami_protocol import AMIProtocol as _PanoramiskProtocol
from panoramisk.message import Message as PMessage

from core.ami.codec import AMIFramer, Message
from core.ami.errors import ConnectionLost

log = logging.getLogger(__name__)

FieldValue = str | list[str] | tuple[str, ...]


def to_message(pmsg: Any) -> Message:
    """A panoramisk ``Message`` (or a list of them, first taken) back to our plain dict."""
    out: Message = {}
    for key, value in pmsg.items():
        if key == "content" and not value:
            continue
        out[key] = "\n".join(value) if isinstance(value, list) else str(value)
    return out


class AMIProtocol(_PanoramiskProtocol):  # type: ignore[misc]
    """One AMI TCP session: bytes in -> messages out, actions -> futures."""

    def __init__(
        self,
        on_message: Callable[[Message], None],
        on_lost: Callable[[Exception | None], None] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._on_message = on_message
        self._on_lost = on_lost
        self._clock = clock
        self.framer = AMIFramer(expect_banner=True)
        self.last_received = clock()
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.responses: dict[str, Any] = {}
        self.version: str | None = None

    # -- asyncio.Protocol ---------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.encoding = "utf-8"
        self.log = log
        self.last_received = self._clock()

    def data_received(self, data: bytes) -> None:
        self.last_received = self._clock()
        for msg in self.framer.feed(data):
            self.route(msg)
        if self.version is None and self.framer.banner is not None:
            self.version = self.framer.banner.partition("/")[2].strip()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._fail_pending(
            ConnectionLost(f"the AMI connection was lost ({exc or 'closed by the PBX'})")
        )
        on_lost, self._on_lost = self._on_lost, None
        if on_lost is not None:
            on_lost(exc)

    # -- routing ------------------------------------------------------------
    def route(self, msg: Message) -> None:
        """Deliver one decoded message: to its action future and/or the event stream."""
        responses = self.responses
        if responses:
            action_id = msg.get("ActionID")
            if action_id is not None:
                action = responses.get(action_id)
                if action is not None:
                    if action.add_message(PMessage(msg)):
                        responses.pop(action.id, None)
                        responses.pop(action_id, None)
        if "Event" in msg or msg.get("EventList") == "start":  # list starts open a resync
            try:
                self._on_message(msg)
            except Exception:  # a consumer bug must not kill the connection
                log.exception("AMI event handler failed on %s", msg.get("Event"))

    # -- actions ------------------------------------------------------------
    def send_action(
        self,
        name: str,
        fields: Mapping[str, FieldValue] | None = None,
        *,
        as_list: bool | None = None,
    ) -> asyncio.Future[Any]:
        """Send ``Action: name`` with ``fields``; return panoramisk's future for its answer."""
        data: dict[str, FieldValue] = {"Action": name}
        for key, value in (fields or {}).items():
            for item in [value] if isinstance(value, str) else value:
                if "\r" in item or "\n" in item or "\r" in key or "\n" in key:
                    raise ValueError(f"AMI field {key!r} contains a line break")
            data[key] = value
        action = pactions.Action(data, as_list=as_list)
        future: asyncio.Future[Any] = action.future
        if self.closed or self.transport is None:
            future.set_exception(ConnectionLost("not connected to the PBX"))
            return future
        self.responses[action.id] = action
        self.transport.write(str(action).encode("utf-8"))
        return future

    def forget(self, action_id: str) -> None:
        """Stop waiting for an action's answer (after a timeout)."""
        self.responses.pop(action_id, None)

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()

    def abort(self) -> None:
        """Drop the socket now (watchdog): no FIN handshake, no pending writes."""
        if self.transport is not None:
            self.transport.abort()

    def _fail_pending(self, exc: Exception) -> None:
        pending = {id(a): a for a in self.responses.values()}
        self.responses.clear()
        for action in pending.values():
            if not action.future.done():
                action.future.set_exception(exc)
                action.future.exception()  # mark retrieved: nobody may be awaiting it any more
