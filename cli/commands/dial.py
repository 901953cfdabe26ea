"""``ringside dial NUMBER``: click-to-call from the terminal.

Rings the operator's own phone first; when it is answered, the PBX dials
NUMBER. Exit codes: 0 answered, 1 the call failed (reason printed in words),
2 no connection or login refused.
"""

from __future__ import annotations

import argparse
import asyncio

from cli.commands._common import add_connection_arguments, fail, resolve_secret
from core.ami.actions import originate_click_to_call
from core.ami.connection import AMIConnection
from core.ami.errors import AMIError, AuthenticationFailed, HostUnreachable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser)
    parser.add_argument("--extension", required=True, help="your extension (its phone rings first)")
    parser.add_argument("--tech", default="PJSIP", help="channel technology (default PJSIP)")
    parser.add_argument(
        "--context",
        default="from-internal",
        help="dialplan context the number is dialled in (default from-internal)",
    )
    parser.add_argument(
        "--timeout", type=int, default=30, help="seconds your phone rings (default 30)"
    )
    parser.add_argument("number", help="the number to call")


async def dial(args: argparse.Namespace, secret: str) -> int:
    conn = AMIConnection(args.host, args.port, args.user, secret, tls=args.tls, resync=False)
    try:
        await conn.start(fail_fast=True)
    except (AuthenticationFailed, HostUnreachable) as exc:
        return fail("dial", str(exc), 2)
    try:
        result = await originate_click_to_call(
            conn,
            f"{args.tech}/{args.extension}",
            args.number,
            args.context,
            timeout_ms=args.timeout * 1000,
        )
    except AMIError as exc:
        return fail("dial", str(exc), 1)
    finally:
        await conn.close()
    print(f"answered on {result.channel}; dialling {args.number} (call id {result.channel_id})")
    return 0


def run(args: argparse.Namespace) -> int:
    return asyncio.run(dial(args, resolve_secret(args)))
