"""``ringside monitor``: live operator-level call events from the PBX.

A :class:`core.calls.ami_feed.AmiFeed` (the desktop's and the gateway's feed)
and a printer: every call event as one readable line, or one JSON object per
line with ``--json``. ``--raw`` also prints the AMI messages (and asks the PBX
for all of them, not only the tracker's); ``--trail CALL_ID`` prints
the raw AMI trail of that call when it finishes ("why did this call (not) pop
up?"). ``--count`` / ``--duration`` stop it for scripts.

Exit codes: 0 stopped by --count/--duration/--trail, 1 the --trail call was
never seen, 2 no connection or login refused, 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from cli.commands._common import (
    add_connection_arguments,
    fail,
    non_negative,
    resolve_secret,
    run_command,
    silence_stdout,
)
from cli.commands.hub_client import add_server_option, server_feed
from core.ami.codec import Message, encode_message
from core.calls.ami_feed import AmiFeed, AmiSettings
from core.calls.events import CallEvent
from core.calls.feed import FeedError, FeedEvent, LinkState, LinkStatus

_NAMES = {
    "CallStarted": "started",
    "CallRinging": "ringing",
    "CallAnswered": "answered",
    "CallTransferred": "transferred",
    "CallEnded": "ended",
    "CallFinished": "finished",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Exit status: 0 stopped by --count/--duration/--trail, 1 the --trail call was never "
        "seen, 2 no connection or login refused, 130 Ctrl-C."
    )
    add_connection_arguments(parser)
    add_server_option(parser)
    parser.add_argument("--extension", default=None, help="only events for this extension")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--raw", action="store_true", help="also print the raw AMI messages")
    parser.add_argument(
        "--trail",
        metavar="CALL_ID",
        default=None,
        help="print the raw AMI trail of this call (a call this monitor sees: start it before "
        "the call) when it finishes, then exit",
    )
    parser.add_argument(
        "--count",
        type=int,
        default=0,
        metavar="N",
        help="exit after N call events (default 0: never)",
    )
    parser.add_argument(
        "--duration",
        type=non_negative,
        default=0.0,
        metavar="SECONDS",
        help="exit after this many seconds (default 0: never)",
    )


def event_record(event: Any) -> dict[str, Any]:
    """A tracker event as a flat JSON-ready dict."""
    call = event.call
    outcome = getattr(event, "outcome", None)
    if type(event).__name__ == "CallFinished":
        outcome = call.outcome
    record: dict[str, Any] = {
        "ts": round(time.time(), 3),
        "event": _NAMES.get(type(event).__name__, type(event).__name__),
        "call_id": call.call_id,
        "direction": str(call.direction),
        "extension": event.extension,
        "remote_number": call.remote_number,
        "remote_name": call.remote_name,
        "did": call.did,
        "queue": call.queue,
        "outcome": str(outcome) if outcome is not None else None,
    }
    if getattr(event, "by", None):
        record["by"] = event.by
    if getattr(event, "to", None):
        record["to"] = event.to
    if getattr(call, "parked_in", None):
        record["parked_in"] = call.parked_in
    if getattr(call, "voicemail_left", False):
        record["voicemail_left"] = True
    if getattr(call, "forwarded_to", None):
        record["forwarded_to"] = call.forwarded_to
    if record["event"] in ("ended", "finished"):
        record["wait_seconds"] = round(call.wait_seconds, 1)
        # a per-extension "ended" may come before the call's end time is known: unknown, not 0
        known = call.ended_at is not None or call.answered_at is None
        record["talk_seconds"] = round(call.talk_seconds, 1) if known else None
    return record


def render_line(record: dict[str, Any]) -> str:
    who = record["remote_number"] or "?"
    if record["remote_name"]:
        who += f" ({record['remote_name']})"
    extra = f" -> {record['outcome']}" if record.get("outcome") else ""
    if record.get("by"):
        extra += f" by {record['by']}"
    if record.get("to"):
        extra += f" to {record['to']}"
    if record.get("parked_in"):
        extra += f", parked in {record['parked_in']}"
    if record.get("voicemail_left"):
        extra += ", left a voicemail"
    if record.get("forwarded_to"):
        extra += f", forwarded to {record['forwarded_to']}"
    stamp = time.strftime("%H:%M:%S", time.localtime(record["ts"]))
    return (
        f"{stamp} {record['event']:<11} {record['extension'] or '*':<6} {record['direction']:<8} "
        f"{who}{extra}  [call {record['call_id']}]"
    )


class Monitor:
    """Prints the feed's events; ``done`` is set when a stop condition is met."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.feed: AmiFeed | None = None
        self.printed = 0
        self.connected_once = False
        self.trail_seen = False
        self.pipe_closed = False
        self.done = asyncio.Event()

    def on_raw(self, msg: Message) -> None:
        """``--raw``: one blank line after each message, as on the wire."""
        self._out({"raw": msg} if self.args.json else encode_message(msg).decode().rstrip() + "\n")

    def on_event(self, event: FeedEvent) -> None:
        if isinstance(event, LinkStatus):
            self.on_status(event)
        elif isinstance(event, CallEvent):
            self.emit(event)

    def emit(self, event: CallEvent) -> None:
        if self.args.extension and event.extension != self.args.extension:
            return
        record = event_record(event)
        self._out(record if self.args.json else render_line(record))
        self.printed += 1
        if (
            self.args.trail
            and record["event"] == "finished"
            and record["call_id"] == self.args.trail
        ):
            self.print_trail()
            self.done.set()
        if self.args.count and self.printed >= self.args.count:
            self.done.set()

    def print_trail(self) -> None:
        trail = self.feed.trail(self.args.trail) if self.feed is not None else []
        self.trail_seen = bool(trail)
        for msg in trail:
            self._out(
                {"trail": msg} if self.args.json else encode_message(msg).decode().rstrip() + "\n"
            )

    def on_status(self, status: LinkStatus) -> None:
        if status.state is LinkState.READY:
            self.connected_once = True
        elif not self.connected_once and status.state is not LinkState.CONNECTING:
            return  # the first connection's failure is reported once, by monitor()
        print(f"[{status.state.value}] {status.detail or ''}", file=sys.stderr, flush=True)

    def _out(self, item: Any) -> None:
        if self.pipe_closed:
            return
        text = json.dumps(item, ensure_ascii=False) if isinstance(item, dict) else str(item)
        try:
            print(text, flush=True)
        except BrokenPipeError:  # `ringside monitor --json | head`: the reader is gone, stop
            self.pipe_closed = True
            silence_stdout()
            self.done.set()


async def monitor(args: argparse.Namespace, secret: str) -> int:
    mon = Monitor(args)
    settings = AmiSettings(
        args.host, args.port, args.user, tls=args.tls, filter_events=not args.raw
    )
    feed: Any = AmiFeed(settings, secret, raw=mon.on_raw if args.raw else None)
    if args.server:  # a Ringside server instead of AMI (cli/commands/hub_client.py)
        try:
            feed = await server_feed(args)
        except FeedError as exc:
            return fail("monitor", str(exc), 2)
    mon.feed = feed
    feed.subscribe(mon.on_event)
    try:  # stop on every exit, Ctrl-C during the login included: a live runner blocks exit
        await feed.open()
        await asyncio.wait_for(mon.done.wait(), args.duration or None)
    except FeedError as exc:
        return fail("monitor", str(exc), 2)
    except TimeoutError:
        if args.trail:
            mon.print_trail()
    finally:
        await feed.stop()
    if args.trail and not mon.trail_seen:
        return fail("monitor", f"no trail for call {args.trail}: this monitor never saw it", 1)
    return 0


def run(args: argparse.Namespace) -> int:
    if args.count < 0:
        return fail("monitor", "--count must be 0 (never stop) or more", 2)
    return run_command("monitor", monitor(args, "" if args.server else resolve_secret(args)))
