"""``ringside dial NUMBER``: click-to-call from the terminal.

Rings the operator's own phone first; when it is answered, the PBX dials
NUMBER. Exit codes: 0 answered, 1 the call failed (reason printed in words),
2 no connection or login refused, 130 Ctrl-C.
"""

from __future__ import annotations

import argparse

from cli.commands._common import (
    add_connection_arguments,
    fail,
    login_failure_words,
    positive,
    resolve_secret,
    run_command,
    write_out,
)
from core.ami.actions import originate_click_to_call
from core.ami.connection import AMIConnection
from core.ami.errors import AMIError, OriginateFailed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Your phone rings first; when you answer, the PBX dials NUMBER. Exit status: 0 "
        "answered, 1 the call failed (the reason is printed), 2 no connection or login "
        "refused, 130 Ctrl-C."
    )
    add_connection_arguments(parser)
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
    conn = AMIConnection(args.host, args.port, args.user, secret, tls=args.tls, resync=False)
    phone = f"{args.tech}/{args.extension}"
    try:  # close on every exit, Ctrl-C during the login included: a live runner blocks exit
        await conn.start(fail_fast=True)
    except AMIError as exc:
        await conn.close()
        return fail("dial", login_failure_words(exc, args), 2)
    except BaseException:
        await conn.close()
        raise
    try:
        result = await originate_click_to_call(
            conn, phone, args.number, args.context, timeout_ms=int(args.timeout * 1000)
        )
    except OriginateFailed as exc:
        return fail("dial", _originate_words(exc, phone, args), 1)
    except AMIError as exc:
        return fail("dial", str(exc), 1)
    finally:
        await conn.close()
    write_out(
        f"your phone {phone} answered; the PBX now dials {args.number} in context "
        f"{args.context!r} (call id {result.channel_id})"
    )
    return 0


def _originate_words(exc: OriginateFailed, phone: str, args: argparse.Namespace) -> str:
    """Which leg failed, and what to check: the reason codes are about the operator's phone."""
    if exc.response is not None and "does not exist" in exc.response.lower():
        return (
            f"{args.number} does not exist in context {args.context!r}: check --context "
            "(the context your phones dial out from; FreePBX: from-internal)"
        )
    hint = {
        0: f"is {phone} a registered endpoint? (asterisk -rx 'pjsip show endpoints')",
        5: "hang up the other call, or use another extension",
    }.get(exc.reason_code if exc.reason_code is not None else -1, "")
    return f"your phone {phone} was not connected: {exc.words}" + (f"; {hint}" if hint else "")


def run(args: argparse.Namespace) -> int:
    return run_command("dial", dial(args, resolve_secret(args)))
