"""The one table of the tracker: which AMI event is read by which rule.

Every handler is ``(book, message) -> call events`` over :class:`core.calls.book.CallBook`;
the book's transitions (ring, answer, end an extension, take over, finish) are the
only way state changes, and outcomes come from the rule tables of
:mod:`core.calls.state`. Adding a PBX feature is one row here plus its rule.
:data:`core.calls.filters.TRACKED_EVENTS` is this table's keys, so the AMI
``Filter`` a login sends always lets exactly these events through.
"""

from __future__ import annotations

from collections.abc import Callable

from core.calls import channels, dialling, handover, resync, trailing
from core.calls.book import CallBook, Message
from core.calls.events import CallEvent

Handler = Callable[[CallBook, Message], list[CallEvent]]

HANDLERS: dict[str, Handler] = {
    # channel life (core.calls.channels)
    "Newchannel": channels.on_newchannel,  # rule 1 (a call starts), rule 2 (its direction)
    "Newstate": channels.on_newstate,  # Ringing = rule 3, Up = rule 4
    "NewCallerid": channels.on_newcallerid,  # the customer's number/name, corrected
    "HangupRequest": channels.on_hanguprequest,  # its own side hung up (not a Redirect)
    "BridgeEnter": channels.on_bridgeenter,  # where in the dialplan it was bridged
    "BridgeLeave": channels.on_bridgeleave,  # left from elsewhere = Redirect (handover)
    "Hangup": channels.on_hangup,  # rule 5 (an extension's part ends), rule 6 (the call ends)
    "VarSet": channels.on_varset,  # MIXMONITOR_FILENAME, VM_MESSAGEFILE only
    "Newexten": channels.on_newexten,  # VoiceMail, ChanSpy only
    # dialling and queues (core.calls.dialling)
    "DialBegin": dialling.on_dialbegin,  # rule 3; sides; internal/outbound/forward
    "DialState": dialling.on_dialstate,  # RINGING = rule 3
    "DialEnd": dialling.on_dialend,  # ANSWER = rule 4; BUSY / unanswered facts
    "QueueCallerJoin": dialling.on_queuecallerjoin,
    "QueueEntry": dialling.on_queuecallerjoin,  # QueueStatus item: the same fact
    "QueueCallerAbandon": dialling.on_queuecallerabandon,
    "AgentCalled": dialling.on_agentcalled,  # rule 3
    "AgentConnect": dialling.on_agentconnect,  # rule 4
    # the customer handed on (core.calls.handover)
    "BlindTransfer": handover.on_blindtransfer,
    "AttendedTransfer": handover.on_attendedtransfer,
    "Pickup": handover.on_pickup,  # take over
    "ParkedCall": handover.on_parkedcall,
    "UnParkedCall": handover.on_unparkedcall,  # take over
    "ParkedCallGiveUp": handover.on_parkedcallgiveup,
    "ParkedCallTimeOut": handover.on_parkedcalltimeout,
    # owed after the last hangup (core.calls.trailing)
    "OriginateResponse": trailing.on_originateresponse,
    "Cdr": trailing.on_cdr,
    # resync after a reconnect (core.calls.resync), rule 7
    "CoreShowChannel": resync.on_coreshowchannel,
    "CoreShowChannelsComplete": resync.on_coreshowchannelscomplete,
}
