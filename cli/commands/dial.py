"""``ringside dial NUMBER``: click-to-call from the terminal.

Rings the operator's own phone first; when it is answered, the PBX dials
NUMBER. The call goes through the feed's click-to-call
(:meth:`core.calls.ami_feed.AmiFeed.begin_call`), as from the desktop and the gateway. Exit codes: 0 answered, 1 the call failed (reason printed in words),
2 no connection or login refused, 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
from typing import Any

from cli.commands._common import (
    add_connection_arguments,
    fail,
    positive,
    resolve_secret,
    run_command,
    write_out,
)
from cli.commands.hub_client import add_server_option, server_feed
from core.calls.ami_feed import AmiFeed, AmiSettings, LineConfig
from core.calls.feed import FeedError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Your phone rings first; when you answer, the PBX dials NUMBER. Exit status: 0 "
        "answered, 1 the call failed (the reason is printed), 2 no connection or login "
        "refused, 130 Ctrl-C."
    )
    add_connection_arguments(parser)
    add_server_option(parser)
    parser.add_argument("--extension", required=True, help="your extension (its phone rings first)")
    parser.add_argument("--tech", default="PJSIP", help="channel technology (default PJSIP)")
    parser.add_argument(
        "--context",
        default="from-internal",
        help="dialplan context the number is dialled in (default from-internal)",
    )
    parser.add_argument(
        "--timeout",
        type=positive,
        default=30,
        metavar="SECONDS",
        help="how long your phone rings before giving up (default 30)",
    )
    parser.add_argument("number", help="the number to call")


async def dial(args: argparse.Namespace, secret: str) -> int:
    phone = f"{args.tech}/{args.extension}"
    line = LineConfig(args.extension, phone, args.context, caller_id_prefix="CRM",
                      ring_seconds=args.timeout)  # fmt: skip
    settings = AmiSettings(args.host, args.port, args.user, tls=args.tls,
                           filter_events=False, resync=False)  # fmt: skip
    feed: Any = AmiFeed(settings, secret)
    try:  # stop on every exit, Ctrl-C during the login included: a live runner blocks exit
        try:
            if args.server:  # a Ringside server instead of AMI (cli/commands/hub_client.py)
                feed = await server_feed(args)
            await feed.open()
        except FeedError as exc:
            return fail("dial", str(exc), 2)
        try:
            if args.server:
                channel_id = await feed.click_to_call(args.extension, args.number)
            else:
                channel_id = await feed.begin_call(line, args.number).wait()
        except FeedError as exc:  # which leg failed and what to check, in words
            return fail("dial", str(exc), 1)
    finally:
        await feed.stop()
    write_out(
        f"your phone {phone} answered; the PBX now dials {args.number} in context "
        f"{args.context!r} (call id {channel_id})"
    )
    return 0


def run(args: argparse.Namespace) -> int:
    return run_command("dial", dial(args, "" if args.server else resolve_secret(args)))
