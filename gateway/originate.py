"""Click-to-call for every inbound protocol: ring the operator's phone, then dial the number.

All three APIs (retailCRM ``makeCallUrl``, Binotel ``ext-to-phone``, Rostelecom
``call_back``) end here. The call gets a ``ChannelId`` chosen by us, so its
Asterisk Uniqueid/Linkedid - and therefore the session id we answer with - is
known before the PBX replies; the tracker is told to expect it.

An async Originate only completes when the operator answers, so the HTTP
caller is not kept waiting: we wait ``answer_wait`` seconds for an early
refusal ("Extension does not exist", permission denied, not connected) and
otherwise answer "queued" while the attempt finishes in the background.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

from core.ami.actions import originate_click_to_call
from core.ami.errors import AMIError, OriginateFailed

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


def channel_for(channel_format: str, extension: str) -> str:
    """``PJSIP/##`` + ``101`` -> ``PJSIP/101`` (seed 003: ``##`` is the operator's number)."""
    return (
        channel_format.replace("##", extension)
        if "##" in channel_format
        else f"{channel_format}{extension}"
    )


async def _send_originate(
    ami: Any, channel: str, number: str, context: str, caller_id: str, channel_id: str
) -> None:
    """Core's click-to-call (seed 003's ``context[,priority]``: the priority is always 1)."""
    name, _priority = split_context(context)
    await originate_click_to_call(
        ami, channel, number, name, caller_id_name_prefix=caller_id, channel_id=channel_id
    )


class Originator:
    """Places click-to-call calls over the gateway's AMI connection."""

    def __init__(
        self,
        ami: Callable[[], Any],
        *,
        expect: Callable[[str, str, str], None] = lambda channel_id, ext, number: None,
        answer_wait: float = 2.0,
        id_factory: Callable[[], str] = lambda: f"rs-{uuid.uuid4().hex[:20]}",
    ):
        self._ami = ami
        self._expect = expect
        self._answer_wait = answer_wait
        self._new_id = id_factory
        self._tasks: set[asyncio.Task[None]] = set()

    async def originate(
        self, extension: str, number: str, *, channel_format: str, context: str, caller_id_name: str
    ) -> str:
        """Start the call; return its id (the ChannelId). Raise :class:`OriginateError`."""
        ami = self._ami()
        if ami is None:
            raise OriginateError("not connected to the PBX")
        channel_id = self._new_id()
        self._expect(channel_id, extension, number)
        channel = channel_for(channel_format, extension)
        task = asyncio.create_task(
            _send_originate(ami, channel, number, context, caller_id_name, channel_id),
            name=f"originate-{channel_id}",
        )
        self._tasks.add(task)
        try:
            done, _ = await asyncio.wait({task}, timeout=self._answer_wait)
        except asyncio.CancelledError:  # the HTTP client went away: the call goes on
            task.add_done_callback(self._finished)
            raise
        if task in done:
            self._tasks.discard(task)
            if (exc := task.exception()) is not None:
                raise OriginateError(_words(exc)) from None
            return channel_id
        task.add_done_callback(self._finished)  # still ringing: report a late failure in the log
        return channel_id

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.warning("click-to-call %s failed: %s", task.get_name(), _words(exc))

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task


def _words(exc: BaseException) -> str:
    if isinstance(exc, OriginateFailed):
        return exc.words
    if isinstance(exc, AMIError):
        return str(exc) or type(exc).__name__
    return f"unexpected error: {type(exc).__name__}"
