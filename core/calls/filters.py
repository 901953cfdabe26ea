"""The AMI events the call tracker reads, as data, and the server-side filters for them.

A FreePBX call is mostly noise to the tracker (a 10-second queue call is ~365 KB
of AMI, two thirds of it ``Newexten``/``VarSet``). An AMI login can ask Asterisk
to send only what the tracker reads: the ``Filter`` action (per session, needs
the ``system`` write class) or ``eventfilter=`` lines in the user's section of
``manager.conf`` (both take the same regular expressions).

* :data:`TRACKED_EVENTS` -- every event name :class:`core.calls.tracker.CallTracker`
  has a handler for (a test keeps the two in step).
* :data:`CONDITIONAL_EVENTS` -- high-volume events of which only some matter:
  ``VarSet`` of a few variables, ``Newexten`` of a few applications.
* :func:`filter_patterns` -- the include regexes (for ``AMIConnection(filters=...)``
  and ``Action: Filter``); :func:`filter_actions` the ``Filter`` action fields;
  :func:`eventfilter_lines` the ``manager.conf`` lines.

The patterns are legacy (whole-payload) filters, understood by Asterisk 10 to
22, written in the subset shared by POSIX extended regexes and Python ``re``
(no ``\\s``, no ``[[:space:]]``): ``Event: Hangup[^A-Za-z0-9_]`` matches the
``Hangup`` event and not ``HangupRequest``. Asterisk's ``.`` matches a line
break, so ``Event: VarSet[^A-Za-z0-9_].*Variable: X`` spans the event's lines.
Responses to actions (``CoreShowChannels`` lists, ``OriginateResponse`` is an
event and listed) are never filtered by Asterisk.
"""

from __future__ import annotations

# Event name -> handled by the tracker unconditionally.
TRACKED_EVENTS: tuple[str, ...] = (
    "Newchannel",
    "Newstate",
    "NewCallerid",
    "DialBegin",
    "DialState",
    "DialEnd",
    "Hangup",
    "OriginateResponse",
    "Cdr",
    "QueueCallerJoin",
    "QueueEntry",
    "QueueCallerAbandon",
    "AgentCalled",
    "AgentConnect",
    "BlindTransfer",
    "AttendedTransfer",
    "CoreShowChannel",
    "CoreShowChannelsComplete",
    "VarSet",
)

# Events the tracker reads only when one header has one of a few values.
CONDITIONAL_EVENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "VarSet": ("Variable", ("MIXMONITOR_FILENAME",)),
}

_END = "[^A-Za-z0-9_]"  # the character after a whole word: CR, or a space


def filter_patterns() -> tuple[str, ...]:
    """Include-filter regexes that let through every event the tracker reads and no other.

    One pattern for all unconditional events, one per conditional event.
    """
    plain = [name for name in TRACKED_EVENTS if name not in CONDITIONAL_EVENTS]
    patterns = [f"Event: ({'|'.join(plain)}){_END}"]
    for name, (header, values) in CONDITIONAL_EVENTS.items():
        patterns.append(f"Event: {name}{_END}.*{header}: ({'|'.join(values)}){_END}")
    return tuple(patterns)


def filter_actions() -> list[dict[str, str]]:
    """The fields of each ``Action: Filter`` to send after login (ActionID left to the sender)."""
    return [
        {"Action": "Filter", "Operation": "Add", "Filter": pattern} for pattern in filter_patterns()
    ]


def eventfilter_lines() -> list[str]:
    """``manager.conf`` lines for the AMI user's section (same effect as :func:`filter_actions`)."""
    return [f"eventfilter={pattern}" for pattern in filter_patterns()]
