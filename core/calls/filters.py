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
(no ``\\s``, no ``[[:space:]]``, nothing spanning lines): ``Event:
Hangup[^A-Za-z0-9_]`` matches the ``Hangup`` event and not ``HangupRequest``.
Responses to actions (``CoreShowChannels`` lists, ``OriginateResponse`` is an
event and listed) are never filtered by Asterisk.
"""

from __future__ import annotations

from core.calls.protocol import Application, Variable
from core.calls.table import HANDLERS

# Every event name the tracker has a rule for (core.calls.table.HANDLERS), in table order.
TRACKED_EVENTS: tuple[str, ...] = tuple(HANDLERS)

# Events the tracker reads only when one header has one of a few values.
CONDITIONAL_EVENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "VarSet": ("Variable", (Variable.MIXMONITOR_FILENAME, Variable.VM_MESSAGEFILE)),
    "Newexten": ("Application", (Application.VOICEMAIL, Application.CHANSPY)),
}

_END = "[^A-Za-z0-9_]"  # the character after a whole word: CR, or a space


def filter_patterns() -> tuple[str, ...]:
    """Include-filter regexes that let through every event the tracker reads and no other.

    One pattern for all unconditional events, one per conditional event: that one
    names only the header (``Variable: MIXMONITOR_FILENAME``), which only that event
    carries, so no pattern has to span lines.
    """
    plain = [name for name in TRACKED_EVENTS if name not in CONDITIONAL_EVENTS]
    patterns = [f"Event: ({'|'.join(plain)}){_END}"]
    for header, values in CONDITIONAL_EVENTS.values():
        patterns.append(f"{header}: ({'|'.join(values)}){_END}")
    return tuple(patterns)


def filter_actions() -> list[dict[str, str]]:
    """The fields of each ``Action: Filter`` to send after login (ActionID left to the sender)."""
    return [
        {"Action": "Filter", "Operation": "Add", "Filter": pattern} for pattern in filter_patterns()
    ]


def eventfilter_lines() -> list[str]:
    """``manager.conf`` lines for the AMI user's section (same effect as :func:`filter_actions`)."""
    return [f"eventfilter={pattern}" for pattern in filter_patterns()]
