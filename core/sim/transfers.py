"""Transfers in the simulator, in the event shapes a real Asterisk 22 sends for them.

``Action: Redirect`` of a bridged customer channel (captured in
``tests/core/calls/captures/X1-*``): the customer leaves its bridge already at the
new dialplan place, the operator's phone left alone is hung up by Asterisk (no
HangupRequest), and the dialplan there dials the target. ``Action: BlindTransfer``
of the operator's channel (public transcript 07): the ``BlindTransfer`` event, then
the same. A scenario playing for the call is stopped at the transfer: from there
on the simulator plays the rest itself (the target answers as its endpoint
behaviour says; the customer hangs up a few PBX seconds later).
"""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING

from core.ami.codec import Message

if TYPE_CHECKING:
    from core.sim.server import PBXSimulator
    from core.sim.session import AMISession

TALK_SECONDS = 5.0  # how long the customer talks with the target before hanging up
RING_SECONDS = 1.0


def _ev(name: str, fields: Message, **extra: str) -> Message:
    return {"Event": name, "Privilege": "call,all", **fields, **extra}


def _dest(fields: Message) -> Message:
    return {f"Dest{k}": v for k, v in fields.items()}


def _stop_scenario(server: PBXSimulator, linkedid: str) -> None:
    for run in server.runs:
        if run.call_id == linkedid:
            run.cancel()


def redirect(session: AMISession, msg: Message) -> None:
    """``Action: Redirect``: send ``Channel`` to ``Exten@Context``."""
    server = session.server
    name = msg.get("Channel", "")
    customer = server.pbx.channel_fields(name)
    if not name:
        session.respond(msg, "Error", "Channel not specified")
        return
    if customer is None:
        session.respond(msg, "Error", "Channel specified does not exist")
        return
    session.respond(msg, "Success", "Redirect successful")
    exten, context = msg.get("Exten", ""), msg.get("Context", "")
    server.spawn(_moved(server, customer, exten, context, None))


def blind_transfer(session: AMISession, msg: Message) -> None:
    """``Action: BlindTransfer``: the operator's ``Channel`` hands its bridge peer to ``Exten``."""
    server = session.server
    name = msg.get("Channel", "")
    operator = server.pbx.channel_fields(name)
    peer = server.pbx.bridge_peer(name) if operator is not None else None
    if operator is None or peer is None:
        session.respond(msg, "Error", "No such channel" if operator is None else "Not bridged")
        return
    session.respond(msg, "Success", "Transfer succeeded")
    exten, context = msg.get("Exten", ""), msg.get("Context", "")
    server.spawn(_moved(server, peer, exten, context, operator))


async def _moved(
    server: PBXSimulator,
    customer: Message,
    exten: str,
    context: str,
    transferer: Message | None,
) -> None:
    pbx = server.pbx
    step = 0.01 / server.speed
    _stop_scenario(server, customer.get("Linkedid", ""))
    operator = transferer or pbx.bridge_peer(customer["Channel"])
    bridge = pbx.bridge_of(customer["Channel"])
    if transferer is not None:
        server.broadcast(
            {
                "Event": "BlindTransfer",
                "Privilege": "call,all",
                "Result": "Success",
                **{f"Transferer{k}": v for k, v in transferer.items()},
                **{f"Transferee{k}": v for k, v in customer.items()},
                "IsExternal": "No",
                "Context": context,
                "Extension": exten,
                "BridgeUniqueid": bridge,
            }
        )
    moved = {**customer, "Context": context, "Exten": exten, "Priority": "1"}
    server.broadcast(_ev("BridgeLeave", moved, BridgeUniqueid=bridge))
    if operator is not None:
        server.broadcast(_ev("BridgeLeave", operator, BridgeUniqueid=bridge))
        await asyncio.sleep(step)
        server.broadcast(_ev("Hangup", operator, Cause="16", **{"Cause-txt": "Normal Clearing"}))
    behaviour = pbx.endpoints.get(exten)
    if behaviour is None:  # no such phone: the dialplan there just ends the call
        await asyncio.sleep(step)
        server.hang_up_call([moved])
        return
    seq = server.ids.channel_seq()
    target = {
        **customer,
        "Channel": f"PJSIP/{exten}-{seq}",
        "ChannelState": "0",
        "ChannelStateDesc": "Down",
        "CallerIDNum": exten,
        "CallerIDName": f"Operator {exten}",
        "Context": "internal",
        "Exten": "s",
        "Uniqueid": server.ids.uniqueid(),
        "Linkedid": customer.get("Linkedid", ""),
    }
    server.broadcast(_ev("Newchannel", target))
    server.broadcast(_ev("DialBegin", moved, **_dest(target), DialString=exten))
    target.update(ChannelState="5", ChannelStateDesc="Ringing", Exten=exten)
    server.broadcast(_ev("Newstate", target))
    server.broadcast(_ev("DialState", moved, **_dest(target), DialStatus="RINGING"))
    await asyncio.sleep(RING_SECONDS / server.speed)
    if behaviour != "answer":
        status, cause = ("BUSY", "17") if behaviour == "busy" else ("NOANSWER", "19")
        server.broadcast(_ev("DialEnd", moved, **_dest(target), DialStatus=status))
        server.broadcast(_ev("Hangup", target, Cause=cause))
        await asyncio.sleep(step)
        server.hang_up_call([moved])
        return
    target.update(ChannelState="6", ChannelStateDesc="Up")
    server.broadcast(_ev("Newstate", target))
    server.broadcast(_ev("DialEnd", moved, **_dest(target), DialStatus="ANSWER"))
    second = str(uuid.uuid4())
    server.broadcast(_ev("BridgeEnter", target, BridgeUniqueid=second))
    server.broadcast(_ev("BridgeEnter", moved, BridgeUniqueid=second))
    await asyncio.sleep(TALK_SECONDS / server.speed)
    if pbx.channel_fields(moved["Channel"]) is None:
        return  # hung up meanwhile (Action: Hangup)
    server.broadcast(_ev("HangupRequest", moved, Cause="16"))
    server.broadcast(_ev("BridgeLeave", moved, BridgeUniqueid=second))
    server.broadcast(_ev("BridgeLeave", target, BridgeUniqueid=second))
    server.hang_up_call([target, moved])
