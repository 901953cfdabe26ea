"""One operator's PBX commands: what the tray, the popups and the dialer ask for.

:class:`OperatorCommands` is a plain object over a :class:`~core.calls.feed.CallFeed`
that acts *as* the operator's extension: click-to-call, hang up, blind and
attended transfer, do-not-disturb, queue pause and supervisor live listen. Each
is a coroutine that raises :class:`~core.calls.feed.FeedError` (the service's
``ServiceError``) in words; the feed decides how the PBX (or the hub) does it.
"""

from __future__ import annotations

from core.calls.feed import CallFeed


class OperatorCommands:
    """The commands of the operator at ``extension``, sent through ``feed``."""

    def __init__(self, feed: CallFeed, extension: str) -> None:
        self.feed = feed
        self.extension = extension

    async def dial(self, number: str) -> str:
        """Click-to-call: ring the operator's phone, then ``number``; returns the channel id."""
        return await self.feed.click_to_call(self.extension, number)

    async def hangup(self, call_id: str) -> None:
        """Hang up the operator's leg of ``call_id``."""
        await self.feed.hangup(self.extension, call_id)

    async def transfer(self, call_id: str, target: str, attended: bool = False) -> None:
        """Hand the customer of ``call_id`` to ``target`` (blind, or attended: consult first)."""
        await self.feed.transfer(self.extension, call_id, target, attended=attended)

    async def set_dnd(self, on: bool) -> None:
        await self.feed.set_dnd(self.extension, on)

    async def set_paused(self, on: bool, reason: str = "") -> None:
        await self.feed.set_queue_pause(self.extension, on, reason)

    async def spy(self, target: str, mode: str = "listen") -> str:
        """Supervisor live listen on ``target``'s calls (listen, whisper or barge)."""
        return await self.feed.spy(self.extension, target, mode)
