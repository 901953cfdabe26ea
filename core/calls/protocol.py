"""Names for the AMI values the tracker decides on (Asterisk 13-22 spell them the same).

Header values arrive as strings, so the names are strings too: ``msg["ChannelState"]
== ChannelState.UP`` reads as what it means and costs nothing on the hot path.
"""

from __future__ import annotations

from typing import Final


class ChannelState:
    """``ChannelState`` header (``enum ast_channel_state``)."""

    DOWN: Final = "0"  # created by Originate, not dialled yet
    RSRVD: Final = "1"
    OFFHOOK: Final = "2"
    DIALING: Final = "3"
    RING: Final = "4"  # an incoming channel (the caller side) before it is answered
    RINGING: Final = "5"  # a dialled phone is ringing
    UP: Final = "6"  # answered
    BUSY: Final = "7"


class HangupCause:
    """``Cause`` header of ``Hangup`` (Q.850 cause codes)."""

    UNKNOWN: Final = "0"  # also a Dial(..., timeout) that ran out on a phone leg
    NORMAL_CLEARING: Final = "16"
    USER_BUSY: Final = "17"
    NO_USER_RESPONSE: Final = "18"
    NO_ANSWER: Final = "19"
    CALL_REJECTED: Final = "21"  # the phone's "reject" button
    ANSWERED_ELSEWHERE: Final = "26"  # another leg of the same Dial answered
    INTERWORKING: Final = "127"  # a cancelled caller and its ringing phone


# What a hangup cause says about the extension whose phone hung up: the name of the
# Call set the extension joins (see core.calls.book.CallBook._hangup_channel).
CAUSE_MARKS: Final[dict[str, str]] = {
    HangupCause.ANSWERED_ELSEWHERE: "elsewhere",  # always
    HangupCause.USER_BUSY: "rejected",  # only while it was still ringing
    HangupCause.CALL_REJECTED: "rejected",  # only while it was still ringing
}


class DialStatus:
    """``DialStatus`` header of ``DialEnd`` / ``DialState``."""

    RINGING: Final = "RINGING"
    ANSWER: Final = "ANSWER"
    BUSY: Final = "BUSY"
    # every way a dialled leg ends unanswered without rejecting the call
    UNANSWERED: Final = frozenset(
        {"NOANSWER", "CANCEL", "CHANUNAVAIL", "CONGESTION", "DONTCALL", "TORTURE", "INVALIDARGS"}
    )


class Variable:
    """``VarSet`` variables the tracker reads."""

    MIXMONITOR_FILENAME: Final = "MIXMONITOR_FILENAME"  # the call's recording
    VM_MESSAGEFILE: Final = "VM_MESSAGEFILE"  # VoiceMail() recorded a message


class Application:
    """``Newexten`` applications the tracker reads."""

    VOICEMAIL: Final = "VoiceMail"
    CHANSPY: Final = "ChanSpy"


# ChannelId prefix of Ringside's own ChanSpy originates (core.ami.actions.originate_spy):
# a supervisor listening in is not a call.
SPY_CHANNEL_PREFIX: Final = "spy-"

# Events that legitimately carry an ActionID; any other event with one is a list item.
ACTION_EVENTS: Final = frozenset(
    {"OriginateResponse", "CoreShowChannel", "CoreShowChannelsComplete", "QueueEntry"}
)
