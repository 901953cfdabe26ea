"""Click-to-call for every inbound protocol: ring the operator's phone, then dial the number.

All three APIs (retailCRM ``makeCallUrl``, Binotel ``ext-to-phone``, Rostelecom
``call_back``) end here, and here they use the feed's one click-to-call
(:meth:`core.calls.ami_feed.AmiFeed.begin_call`): the call's channel id -- and so
the session id we answer with -- is chosen and announced to the tracker before
the Originate is sent.

An async Originate only completes when the operator answers, so the HTTP
caller is not kept waiting: we wait ``answer_wait`` seconds for an early
refusal ("Extension does not exist", permission denied, not connected) and
otherwise answer with the id while the attempt finishes in the background
(a late failure is logged).
"""

from __future__ import annotations

import asyncio
import logging

from core.calls.ami_feed import AmiFeed, LineConfig, channel_for
from core.calls.feed import FeedError

__all__ = ["OriginateError", "Originator", "channel_for", "split_context"]

log = logging.getLogger(__name__)


class OriginateError(Exception):
    """The PBX refused or could not place the call; ``words`` is for humans."""

    def __init__(self, words: str):
        super().__init__(words)
        self.words = words


def split_context(context: str) -> tuple[str, str]:
    """``context[,priority]`` (seed 003's setting) -> (context, priority)."""
    name, _, priority = context.partition(",")
    return name.strip(), (priority.strip() or "1")


class Originator:
    """Places click-to-call calls through the gateway's feed, answering within ``answer_wait``."""

    def __init__(self, feed: AmiFeed, *, answer_wait: float = 2.0):
        self._feed = feed
        self._answer_wait = answer_wait

    async def originate(
        self, extension: str, number: str, *, channel_format: str, context: str, caller_id_name: str
    ) -> str:
        """Start the call; return its id (the ChannelId). Raise :class:`OriginateError`.

        Seed 003's ``context[,priority]``: the priority is always 1.
        """
        name, _priority = split_context(context)
        line = LineConfig(
            extension, channel_for(channel_format, extension), name, caller_id_prefix=caller_id_name
        )
        try:
            dialing = self._feed.begin_call(line, number)
        except FeedError as exc:
            raise OriginateError(str(exc)) from None
        task = dialing.task
        try:
            done, _ = await asyncio.wait({task}, timeout=self._answer_wait)
        except asyncio.CancelledError:  # the HTTP client went away: the call goes on
            task.add_done_callback(_log_late_failure)
            raise
        if task in done:
            if not task.cancelled() and (exc := task.exception()) is not None:
                raise OriginateError(str(exc)) from None
            return dialing.channel_id
        task.add_done_callback(_log_late_failure)  # still ringing: a late failure goes to the log
        return dialing.channel_id


def _log_late_failure(task: asyncio.Task[str]) -> None:
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.warning("click-to-call %s failed: %s", task.get_name(), exc)
