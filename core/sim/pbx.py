"""The simulated PBX's state: live channels, queue members, endpoints, AstDB.

The state is learned from the very events the simulator emits (``observe``),
so ``CoreShowChannels`` / ``Status`` list exactly the channels a client has
seen created and not yet hung up - the same guarantee a real Asterisk gives.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from core.ami.codec import Message


def event_classes(msg: Message) -> frozenset[str]:
    """The classes in an event's ``Privilege:`` header, without ``all``."""
    privilege = msg.get("Privilege")
    if not privilege:
        return frozenset()
    return frozenset(c.strip().lower() for c in privilege.split(",")) - {"all"}


_CHANNEL_KEYS = (
    "Channel",
    "ChannelState",
    "ChannelStateDesc",
    "CallerIDNum",
    "CallerIDName",
    "ConnectedLineNum",
    "ConnectedLineName",
    "Language",
    "AccountCode",
    "Context",
    "Exten",
    "Priority",
    "Uniqueid",
    "Linkedid",
)


@dataclass(slots=True)
class QueueMember:
    queue: str
    interface: str
    name: str
    paused: bool = False
    reason: str = ""
    calls_taken: int = 0
    login_time: int = field(default_factory=lambda: int(time.time()))

    def fields(self) -> Message:
        """``QueueMember`` list-item fields in Asterisk's order."""
        return {
            "Queue": self.queue,
            "Name": self.name,
            "Location": self.interface,
            "StateInterface": self.interface,
            "Membership": "static",
            "Penalty": "0",
            "CallsTaken": str(self.calls_taken),
            "LastCall": "0",
            "LastPause": "0",
            "LoginTime": str(self.login_time),
            "InCall": "0",
            "Status": "1",
            "Paused": "1" if self.paused else "0",
            "PausedReason": self.reason,
            "Wrapuptime": "0",
        }


@dataclass(slots=True)
class _Channel:
    fields: Message
    created: float
    application: str = ""
    app_data: str = ""
    bridge: str = ""


class PBXState:
    """Channels, queues, endpoints and AstDB of the simulated PBX."""

    def __init__(self, endpoints: dict[str, str], queues: dict[str, list[str]]) -> None:
        self.endpoints = endpoints  # "101" -> "answer" | "busy" | "noanswer"
        self.members: list[QueueMember] = [
            QueueMember(queue, f"PJSIP/{ext}", f"Operator {ext}")
            for queue, exts in queues.items()
            for ext in exts
        ]
        self.astdb: dict[tuple[str, str], str] = {}
        self._channels: dict[str, _Channel] = {}
        self._waiting: dict[str, tuple[float, Message]] = {}  # Uniqueid -> (since, QueueCallerJoin)

    # -- learning from emitted events --------------------------------------
    def observe(self, msg: Message) -> None:
        event = msg.get("Event")
        if event == "QueueCallerJoin":
            self._waiting[msg.get("Uniqueid", "")] = (time.monotonic(), msg)
        elif event in ("QueueCallerLeave", "QueueCallerAbandon", "Hangup"):
            self._waiting.pop(msg.get("Uniqueid", ""), None)
        channel = msg.get("Channel")
        if channel is None:
            return
        if event == "Hangup":
            self._channels.pop(channel, None)
            return
        chan = self._channels.get(channel)
        if chan is None:
            if event != "Newchannel":
                return
            chan = self._channels[channel] = _Channel({}, time.monotonic())
        if "ChannelState" in msg:
            for key in _CHANNEL_KEYS:
                if key in msg:
                    chan.fields[key] = msg[key]
        if event == "Newexten":
            chan.application = msg.get("Application", "")
            chan.app_data = msg.get("AppData", "")
        elif event == "BridgeEnter":
            chan.bridge = msg.get("BridgeUniqueid", "")
        elif event == "BridgeLeave":
            chan.bridge = ""

    def has_channel(self, name: str) -> bool:
        return name in self._channels or any(c.startswith(name + "-") for c in self._channels)

    def channel_fields(self, name: str) -> Message | None:
        """The live channel ``name``'s current fields (a copy), or None."""
        chan = self._channels.get(name)
        return dict(chan.fields) if chan is not None else None

    def bridge_of(self, name: str) -> str:
        chan = self._channels.get(name)
        return chan.bridge if chan is not None else ""

    def bridge_peer(self, name: str) -> Message | None:
        """The other channel in ``name``'s bridge (a two-party bridge), or None."""
        bridge = self.bridge_of(name)
        if not bridge:
            return None
        for other, chan in self._channels.items():
            if other != name and chan.bridge == bridge:
                return dict(chan.fields)
        return None

    def call_channels(self, name: str) -> list[Message]:
        """Fields of every live channel of the call ``name`` (a channel) belongs to."""
        chan = self._channels.get(name)
        if chan is None:
            return []
        linkedid = chan.fields.get("Linkedid")
        return [
            dict(c.fields) for c in self._channels.values() if c.fields.get("Linkedid") == linkedid
        ]

    def clear_channels(self) -> None:
        self._channels.clear()
        self._waiting.clear()

    # -- list actions -------------------------------------------------------
    def core_show_channels(self) -> list[Message]:
        now = time.monotonic()
        items: list[Message] = []
        for chan in self._channels.values():
            secs = int(now - chan.created)
            item: Message = {"Event": "CoreShowChannel", **chan.fields}
            item["Application"] = chan.application
            item["ApplicationData"] = chan.app_data
            item["Duration"] = f"{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
            item["BridgeId"] = chan.bridge
            items.append(item)
        return items

    def status(self) -> list[Message]:
        items: list[Message] = []
        for chan in self._channels.values():
            item: Message = {"Event": "Status", "Privilege": "Call", **chan.fields}
            item["Type"] = chan.fields.get("Channel", "").partition("/")[0]
            item["BridgeID"] = chan.bridge
            items.append(item)
        return items

    def queue_status(self, queue: str | None = None) -> list[Message]:
        items: list[Message] = []
        for name in dict.fromkeys(m.queue for m in self.members):
            if queue and name != queue:
                continue
            items.append(
                {
                    "Event": "QueueParams",
                    "Queue": name,
                    "Max": "0",
                    "Strategy": "ringall",
                    "Calls": "0",
                    "Holdtime": "0",
                    "TalkTime": "0",
                    "Completed": "0",
                    "Abandoned": "0",
                    "ServiceLevel": "0",
                    "ServicelevelPerf": "0.0",
                    "ServicelevelPerf2": "0.0",
                    "Weight": "0",
                }
            )
            for member in self.members:
                if member.queue == name:
                    items.append({"Event": "QueueMember", **member.fields()})
            items += self._entries(name)
        return items

    def _entries(self, queue: str) -> list[Message]:
        """Callers waiting in ``queue`` as ``QueueEntry`` items."""
        now = time.monotonic()
        entries = [(t, m) for t, m in self._waiting.values() if m.get("Queue") == queue]
        return [
            {
                "Event": "QueueEntry",
                "Queue": queue,
                "Position": str(pos),
                "Channel": m.get("Channel", ""),
                "Uniqueid": m.get("Uniqueid", ""),
                "CallerIDNum": m.get("CallerIDNum", ""),
                "CallerIDName": m.get("CallerIDName", ""),
                "ConnectedLineNum": m.get("ConnectedLineNum", ""),
                "ConnectedLineName": m.get("ConnectedLineName", ""),
                "Wait": str(int(now - t)),
                "Priority": "0",
            }
            for pos, (t, m) in enumerate(entries, 1)
        ]

    def find_members(self, interface: str, queue: str | None) -> list[QueueMember]:
        return [
            m
            for m in self.members
            if m.interface == interface and (queue is None or m.queue == queue)
        ]
