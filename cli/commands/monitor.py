"""``ringside monitor``: live operator-level call events from the PBX.

Feeds every AMI event through ``core.calls.tracker.CallTracker`` and prints
its events: one readable line each, or one JSON object per line with
``--json``. ``--raw`` also prints the AMI messages; ``--trail CALL_ID`` prints
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
    login_failure_words,
    non_negative,
    resolve_secret,
    run_command,
    silence_stdout,
)
from core.ami.codec import Message, encode_message
from core.ami.connection import AMIConnection, ConnectionState
from core.ami.errors import AMIError

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
    stamp = time.strftime("%H:%M:%S", time.localtime(record["ts"]))
    return (
        f"{stamp} {record['event']:<11} {record['extension'] or '*':<6} {record['direction']:<8} "
        f"{who}{extra}  [call {record['call_id']}]"
    )


class Monitor:
    """Feeds the tracker and prints; ``done`` is set when a stop condition is met."""

    def __init__(self, args: argparse.Namespace, tracker: Any) -> None:
        self.args, self.tracker = args, tracker
        self.printed = 0
        self.connected_once = False
        self.trail_seen = False
        self.pipe_closed = False
        self.done = asyncio.Event()

    def on_message(self, msg: Message) -> None:
        if self.args.raw:  # text: one blank line after each message, as on the wire
            self._out(
                {"raw": msg} if self.args.json else encode_message(msg).decode().rstrip() + "\n"
            )
        self.emit(self.tracker.handle(msg))

    def emit(self, events: list[Any]) -> None:
        for event in events:
            if self.args.extension and event.extension != self.args.extension:
                continue
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

    async def tick(self) -> None:
        """Calls waiting for trailing Cdr/OriginateResponse finish after a grace period."""
        while True:
            await asyncio.sleep(0.5)
            self.emit(self.tracker.tick())

    def print_trail(self) -> None:
        trail = self.tracker.trail(self.args.trail)
        self.trail_seen = bool(trail)
        for msg in trail:
            self._out(
                {"trail": msg} if self.args.json else encode_message(msg).decode().rstrip() + "\n"
            )

    def on_state(self, state: ConnectionState, detail: str | None) -> None:
        if state is ConnectionState.CONNECTED:
            self.connected_once = True
        elif not self.connected_once and state is not ConnectionState.CONNECTING:
            return  # the first connection's failure is reported once, by monitor()
        print(f"[{state.value}] {detail or ''}", file=sys.stderr, flush=True)

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
    try:
        from core.calls.tracker import CallTracker
    except ImportError:
        return fail(
            "monitor", "the call tracker (core.calls.tracker) is not available in this build", 3
        )
    mon = Monitor(args, CallTracker(clock=time.time))
    conn = AMIConnection(args.host, args.port, args.user, secret, tls=args.tls,
                         on_message=mon.on_message, on_state=mon.on_state)  # fmt: skip
    ticker = asyncio.create_task(mon.tick())
    try:  # close on every exit, Ctrl-C during the login included: a live runner blocks exit
        await conn.start(fail_fast=True)
        await asyncio.wait_for(mon.done.wait(), args.duration or None)
    except AMIError as exc:
        return fail("monitor", login_failure_words(exc, args), 2)
    except TimeoutError:
        if args.trail:
            mon.print_trail()
    finally:
        ticker.cancel()
        await conn.close()
    if args.trail and not mon.trail_seen:
        return fail("monitor", f"no trail for call {args.trail}: this monitor never saw it", 1)
    return 0


def run(args: argparse.Namespace) -> int:
    if args.count < 0:
        return fail("monitor", "--count must be 0 (never stop) or more", 2)
    return run_command("monitor", monitor(args, resolve_secret(args)))
