"""The PBX commands of :class:`~core.calls.ami_feed.AmiFeed`, each in exactly one place.

:class:`AmiCommands` acts *as* an extension over the feed's AMI link:
click-to-call (:meth:`AmiCommands.begin_call`: one channel id format, announced
to the tracker before the Originate is sent; a retried ``request_id`` is never
dialled twice), hangup, blind transfer (Redirect of the customer's channel),
attended transfer (Atxfer from the operator's), queue pause, DND (AstDB or a
custom device state) and ChanSpy. :class:`PresenceBook` keeps each
extension's DND and pause as last set or reported and tells the feed's
observers when it changes. Every failure is a :class:`FeedError` in words.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from core.ami import actions
from core.ami.errors import AMIError, OriginateFailed
from core.calls.feed import SPY_MODES, FeedError, PresenceUpdate
from core.calls.lines import LegEvidence, LineConfig, originate_words
from core.calls.tracker import CallTracker
from core.phone import clean_dial_number

__all__ = ["AmiCommands", "Dialing", "PresenceBook"]

KEEP_REQUESTS = 256  # click-to-call request ids remembered (idempotency)
# After a failed OriginateResponse, how long to wait for the rung channel's own Hangup
# (Asterisk may send the response before DialEnd and Hangup): its cause says why.
LEG_EVIDENCE_WAIT = 3.0
Spawn = Callable[[Coroutine[Any, Any, Any], str], "asyncio.Task[Any]"]


@dataclass(slots=True)
class Dialing:
    """A click-to-call under way: its channel id now, the phone's answer later."""

    channel_id: str
    task: asyncio.Task[str]

    async def wait(self) -> str:
        """The channel id once the operator's phone answered; :class:`FeedError` otherwise."""
        return await asyncio.shield(self.task)


class PresenceBook:
    """Each extension's DND and queue pause; ``on_change(update)`` when one changes."""

    def __init__(self, on_change: Callable[[PresenceUpdate], None]) -> None:
        self._on_change = on_change
        self._known: dict[str, PresenceUpdate] = {}

    def get(self, extension: str) -> PresenceUpdate:
        return self._known.get(extension) or PresenceUpdate(extension, False, False)

    def set(self, update: PresenceUpdate) -> None:
        if self._known.get(update.extension) != update:
            self._known[update.extension] = update
            self._on_change(update)

    def queue_member_pause(self, message: dict[str, str]) -> None:
        """``QueueMemberPause`` (from any client, the PBX's own UI included)."""
        member = message.get("Interface", "")
        ext = message.get("MemberName", "") if member.startswith("Local/") else ""
        ext = ext or member.rpartition("/")[2].split("@")[0]
        if not ext:
            return
        paused = message.get("Paused", "0") in ("1", "true", "yes")
        reason = (message.get("PausedReason") or message.get("Reason") or None) if paused else None
        now = self.get(ext)
        self.set(PresenceUpdate(ext, now.dnd, paused, reason))

    def device_state(self, message: dict[str, str]) -> None:
        """FreePBX DND toggled anywhere (the phone's *76, the web UI) shows as ``Custom:DND<ext>``."""
        found = dnd_from_device_state(message)
        if found is not None:
            ext, on = found
            now = self.get(ext)
            self.set(PresenceUpdate(ext, on, now.paused, now.reason))


_DND_DEVICE = "Custom:DND"
_BUSY_STATES = frozenset({"BUSY", "INUSE", "RINGINUSE", "ONHOLD"})


def dnd_from_device_state(message: dict[str, str]) -> tuple[str, bool] | None:
    """``DeviceStateChange`` of FreePBX's ``Custom:DND<ext>`` -> (extension, DND on), else None."""
    device = message.get("Device", "")
    if not device.startswith(_DND_DEVICE) or len(device) == len(_DND_DEVICE):
        return None
    return device[len(_DND_DEVICE) :], message.get("State", "").upper() in _BUSY_STATES


class AmiCommands:
    """The commands; ``link()`` returns the logged-in AMI link or raises :class:`FeedError`."""

    def __init__(
        self,
        link: Callable[[], Any],
        tracker: CallTracker,
        line: Callable[[str], LineConfig],
        presence: PresenceBook,
        spawn: Spawn,
    ) -> None:
        self._link = link
        self._tracker = tracker
        self._line = line
        self.presence = presence
        self._spawn = spawn
        self._requests: OrderedDict[str, Dialing] = OrderedDict()
        self._legs: dict[str, tuple[LegEvidence, asyncio.Event]] = {}  # pending originates

    def observe(self, message: dict[str, str]) -> None:
        """Every AMI message (the feed's ingest path): the events of a pending click-to-call's
        own channel -- Newchannel, HangupRequest/Hangup cause, DialEnd status -- are kept as
        the evidence of why it failed."""
        if not self._legs:
            return
        event = message.get("Event")
        key = "DestUniqueid" if event == "DialEnd" else "Uniqueid"
        pending = self._legs.get(message.get(key, ""))
        if pending is None:
            return
        leg, done = pending
        if event == "Newchannel":
            leg.created = True
        elif event == "DialEnd":
            leg.dial_status = message.get("DialStatus") or leg.dial_status
        elif event in ("HangupRequest", "SoftHangupRequest", "Hangup"):
            cause = message.get("Cause", "")
            if cause not in ("", "0") and leg.cause is None:
                leg.cause = cause
            if event == "Hangup":
                leg.hung_up = True
                done.set()

    def begin_call(
        self, line: LineConfig, number: str, *, request_id: str | None = None
    ) -> Dialing:
        """Start a click-to-call on ``line`` and return at once (the one Originate of Ringside).

        The channel id is chosen here (``rs-`` + 16 hex digits) and announced to
        the tracker before the action is sent, so the call is ``originated`` and
        ``outbound`` from its first event. A ``request_id`` already seen returns
        the same :class:`Dialing` instead of calling twice.
        """
        if request_id is not None and request_id in self._requests:
            return self._requests[request_id]
        dialable = clean_dial_number(number)
        if dialable is None:
            raise FeedError(f"“{number.strip()}” does not look like a phone number")
        link = self._link()
        channel_id = actions.new_channel_id("rs")
        self._tracker.expect_originate(channel_id, line.extension, dialable)
        self._legs[channel_id] = (LegEvidence(), asyncio.Event())
        coro = self._originate(link, line, dialable, channel_id)
        dialing = Dialing(channel_id, self._spawn(coro, f"originate-{channel_id}"))
        if request_id is not None:
            self._requests[request_id] = dialing
            while len(self._requests) > KEEP_REQUESTS:
                self._requests.popitem(last=False)
        return dialing

    async def _originate(self, link: Any, line: LineConfig, number: str, channel_id: str) -> str:
        try:
            await actions.originate_click_to_call(
                link,
                line.endpoint,
                number,
                line.context,
                caller_id_name_prefix=line.caller_id_prefix,
                timeout_ms=int(line.ring_seconds * 1000),
                channel_id=channel_id,
            )
        except OriginateFailed as exc:
            leg = await self._leg_evidence(channel_id)
            raise FeedError(originate_words(exc, line, number, leg)) from None
        except AMIError as exc:
            raise FeedError(f"Could not call {number}: {exc}") from None
        finally:
            self._legs.pop(channel_id, None)
        return channel_id

    async def _leg_evidence(self, channel_id: str) -> LegEvidence | None:
        """What the PBX showed of the failed originate's channel; waits (bounded) for its
        Hangup when the channel was made and the response overtook its end."""
        pending = self._legs.get(channel_id)
        if pending is None:
            return None
        leg, done = pending
        if leg.created and not leg.hung_up:
            try:
                await asyncio.wait_for(done.wait(), LEG_EVIDENCE_WAIT)
            except TimeoutError:
                pass  # no Hangup in time: the words come from what was seen
        return leg

    async def hangup(self, extension: str, call_id: str) -> None:
        """Hang up ``extension``'s own channel(s) in ``call_id``."""
        link = self._link()
        mine = [
            name for name, ext, local in self._channels(call_id) if ext == extension and not local
        ]
        if not mine:
            raise FeedError(f"Extension {extension} is not on call {call_id}")
        try:
            for channel in mine:
                await actions.hangup(link, channel)
        except AMIError as exc:
            raise FeedError(f"Could not hang up: {exc}") from None

    async def transfer(
        self, extension: str, call_id: str, target: str, *, attended: bool = False
    ) -> None:
        """Blind: Redirect the customer's channel to ``target``. Attended: Atxfer from the operator's."""
        dest = clean_dial_number(target)
        if dest is None:
            raise FeedError(
                f"“{target.strip()}” is not an extension or a phone number to transfer to"
            )
        line = self._line(extension)
        link = self._link()
        channels = self._channels(call_id)
        mine = [name for name, ext, local in channels if ext == extension and not local]
        if not mine:
            raise FeedError(f"Extension {extension} is not on call {call_id}")
        try:
            if attended:
                await actions.atxfer(link, mine[0], dest, line.context)
                return
            others = [name for name, ext, local in channels if ext != extension and not local]
            if not others:
                raise FeedError(f"Call {call_id} has nobody to transfer")
            await actions.redirect(link, others[0], dest, line.context)
        except AMIError as exc:
            raise FeedError(f"Could not transfer to {dest}: {exc}") from None

    def _channels(self, call_id: str) -> list[tuple[str, str | None, bool]]:
        channels = self._tracker.channels(call_id)
        if not channels:
            raise FeedError(f"Call {call_id} is not in progress")
        return channels

    async def set_queue_pause(self, extension: str, paused: bool, reason: str = "") -> None:
        """Pause or unpause ``extension``'s queue member (its line's queues, or every queue)."""
        line = self._line(extension)
        link = self._link()
        interface = line.queue_interface or line.endpoint
        try:
            for queue in line.queues or (None,):
                await actions.queue_pause(link, interface, paused, reason, queue)
        except AMIError as exc:
            raise FeedError(f"Could not change the queue pause: {exc}") from None
        now = self.presence.get(extension)
        self.presence.set(
            PresenceUpdate(extension, now.dnd, paused, (reason or None) if paused else None)
        )

    async def set_dnd(self, extension: str, on: bool) -> None:
        """Do-not-disturb the way the PBX does it (FreePBX AstDB key or a custom device state)."""
        line = self._line(extension)
        link = self._link()
        try:
            if line.dnd_mode == "devstate":
                state = "BUSY" if on else "NOT_INUSE"
                variable = {"Variable": f"DEVICE_STATE(Custom:DND{extension})", "Value": state}
                response = await link.send_action("Setvar", variable)
                if not response.success:
                    raise FeedError(f"Could not change do-not-disturb: {response.message}")
            else:
                await actions.set_dnd(link, extension, on)
        except AMIError as exc:
            raise FeedError(f"Could not change do-not-disturb: {exc}") from None
        now = self.presence.get(extension)
        self.presence.set(PresenceUpdate(extension, on, now.paused, now.reason))

    async def spy(self, extension: str, target: str, mode: str = "listen") -> str:
        """Supervisor live listen: ring ``extension``, then ChanSpy on ``target``'s device."""
        if mode not in SPY_MODES:
            raise FeedError(f"Unknown listen mode “{mode}”: use listen, whisper or barge")
        target = target.strip()
        if not target:
            raise FeedError("Choose an operator's call to listen to")
        if target == extension:
            raise FeedError("You cannot listen to your own calls")
        line = self._line(extension)
        spied = target if "/" in target else self._line(target).endpoint
        link = self._link()
        try:
            result = await actions.originate_spy(link, line.endpoint, spied, mode)
        except ValueError as exc:
            raise FeedError(f"Cannot listen to {target}: {exc}") from None
        except AMIError as exc:
            raise FeedError(f"Could not start listening to {target}: {exc}") from None
        return result.channel_id
