"""One client connection to the simulated PBX: framing, auth state, event routing.

The session reads actions with the same :class:`AMIFramer` the client uses,
answers through :mod:`core.sim.handlers` and receives broadcast events when its
read classes, its ``Events`` mask and its ``Filter`` list allow them - the way
Asterisk's manager.c decides.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from core.ami.codec import AMIFramer, Message, encode_message
from core.ami.errors import required_classes
from core.sim.pbx import event_classes

if TYPE_CHECKING:
    from core.sim.server import PBXSimulator, SimUser

log = logging.getLogger(__name__)

BANNER = b"Asterisk Call Manager/11.0.0\r\n"
_NO_AUTH_ACTIONS = frozenset({"login", "challenge", "logoff"})


class AMISession(asyncio.Protocol):
    """Server side of one AMI TCP session."""

    def __init__(self, server: PBXSimulator) -> None:
        self.server = server
        self.transport: asyncio.Transport | None = None
        self.framer = AMIFramer(expect_banner=False)
        self.user: SimUser | None = None
        self.username = ""
        self.challenge: str | None = None
        self.event_mask: frozenset[str] | None = frozenset({"all"})  # None: events off
        self.filters: list[tuple[bool, re.Pattern[str]]] = []
        self.closed = False

    # -- asyncio.Protocol ---------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.server.sessions.add(self)
        transport.write(BANNER)

    def data_received(self, data: bytes) -> None:
        if self.server.frozen:
            return  # a hung PBX: reads nothing, answers nothing, keeps the socket
        from core.sim.handlers import handle  # late import: handlers need a session type

        for msg in self.framer.feed(data):
            self.server.record_action(msg)
            try:
                handle(self, msg)
            except Exception:
                log.exception("simulator failed on %s", msg.get("Action"))
                self.respond(msg, "Error", "Internal simulator error")

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.server.sessions.discard(self)

    # -- permissions --------------------------------------------------------
    @property
    def authenticated(self) -> bool:
        return self.user is not None

    def may_write(self, action: str) -> bool:
        needed = required_classes(action)
        if not needed:
            return True
        write = self.user.write if self.user else frozenset()
        return "all" in write or any(c in write for c in needed)

    def may_read(self, classes: frozenset[str]) -> bool:
        if self.user is None or self.event_mask is None:
            return False
        read = self.user.read
        if not classes:
            return True
        allowed = any(c in read for c in classes) or "all" in read
        mask = self.event_mask
        return allowed and ("all" in mask or any(c in mask for c in classes))

    def wants(self, msg: Message, text: str) -> bool:
        if not self.may_read(event_classes(msg)):
            return False
        if not self.filters:
            return True
        includes = [p for keep, p in self.filters if keep]
        if includes and not any(p.search(text) for p in includes):
            return False
        return not any(p.search(text) for keep, p in self.filters if not keep)

    # -- output -------------------------------------------------------------
    def write(self, data: bytes) -> None:
        if self.closed or self.transport is None or self.server.frozen:
            return
        self.transport.write(data)

    def send(self, msg: Message) -> None:
        self.write(encode_message(msg))

    def respond(
        self, request: Message, response: str = "Success", message: str | None = None, **extra: str
    ) -> None:
        """``Response:`` + ``ActionID:`` (if the request had one) + ``Message:`` + extra."""
        out: Message = {"Response": response}
        if "ActionID" in request:
            out["ActionID"] = request["ActionID"]
        if message is not None:
            out["Message"] = message
        out.update(extra)
        self.send(out)

    def respond_list(
        self, request: Message, message: str, items: Iterable[Message], complete: str
    ) -> None:
        """A list action: start response, items (no ``Privilege:``), ``*Complete``."""
        action_id = request.get("ActionID")
        head: Message = {"Response": "Success"}
        if action_id is not None:
            head["ActionID"] = action_id
        head["EventList"] = "start"
        head["Message"] = message
        parts = [encode_message(head)]
        count = 0
        for item in items:
            out: Message = {"Event": item["Event"]}
            if action_id is not None:
                out["ActionID"] = action_id
            out.update((k, v) for k, v in item.items() if k != "Event")
            parts.append(encode_message(out))
            count += 1
        tail: Message = {"Event": complete}
        if action_id is not None:
            tail["ActionID"] = action_id
        tail["EventList"] = "Complete"
        tail["ListItems"] = str(count)
        parts.append(encode_message(tail))
        self.write(b"".join(parts))

    def close(self, *, abort: bool = False) -> None:
        if self.transport is not None:
            if abort:
                self.transport.abort()
            else:
                self.transport.close()
