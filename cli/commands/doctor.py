"""``ringside doctor``: check AMI reachability, login and per-feature permissions.

Prints one PASS/WARN/FAIL line per check (the logic is in
:mod:`core.ami.doctor`, shared with the desktop's "Test connection") and the
least-privilege ``manager.conf`` stanza to paste. Exit code 0 when nothing
failed (warnings allowed), 1 if any check failed, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import textwrap

from cli.commands._common import (
    add_connection_arguments,
    fail,
    non_negative,
    resolve_secret,
    run_command,
    write_out,
)
from cli.commands.hub_client import add_server_option, hub_doctor, render_doctor
from core.ami.doctor import PASTE_INSTRUCTIONS, CheckStatus, DoctorReport, run_doctor


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Exit status: 0 usable (warnings allowed), 1 a check failed, 2 usage error, 130 Ctrl-C. "
        "Example: RINGSIDE_AMI_SECRET=... ringside doctor --host pbx.lan --user ringside"
    )
    add_connection_arguments(parser)
    add_server_option(parser)
    parser.add_argument("--extension", default=None, help="your extension (for --test-originate)")
    parser.add_argument(
        "--context", default="from-internal", help="originate context (default from-internal)"
    )
    parser.add_argument(
        "--test-originate",
        metavar="NUMBER",
        default=None,
        help="place a real test call: ring --extension, then NUMBER",
    )
    parser.add_argument(
        "--event-wait",
        type=non_negative,
        default=3.0,
        metavar="SECONDS",
        help="how long to wait for call events (default 3)",
    )


def render(report: DoctorReport) -> str:
    lines = []
    for check in report.checks:
        lines.append(f"{check.status.value:4}  {check.name}: {check.detail}")
        if check.fix and check.status is not CheckStatus.PASS:
            lines += textwrap.wrap(
                check.fix, width=100, initial_indent="      fix: ", subsequent_indent=" " * 11
            )
    warnings = sum(c.status is CheckStatus.WARN for c in report.checks)
    if not report.ok:
        verdict = "FAILED: fix the FAIL lines above first."
    elif warnings:
        verdict = f"usable, with {warnings} warning(s): optional features are limited (see WARN)."
    else:
        verdict = "all checks passed."
    lines += ["", f"Result: {verdict}", "", PASTE_INSTRUCTIONS + ":", "", report.stanza]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.server:  # check a Ringside server instead of AMI (cli/commands/hub_client.py)
        result = run_command("doctor", hub_doctor(args))
        if not isinstance(result, tuple):
            return result
        write_out(render_doctor(*result))
        return 0 if result[1] else 1
    if args.test_originate and not args.extension:
        return fail("doctor", "--test-originate needs --extension (the phone that rings first)", 2)
    secret = resolve_secret(args)
    report_or_code = run_command("doctor", _doctor(args, secret))
    if not isinstance(report_or_code, DoctorReport):
        return report_or_code
    write_out(render(report_or_code))
    return 0 if report_or_code.ok else 1


async def _doctor(args: argparse.Namespace, secret: str) -> DoctorReport:
    return await run_doctor(
        args.host,
        args.port,
        args.user,
        secret,
        extension=args.extension,
        context=args.context,
        test_number=args.test_originate,
        tls=args.tls,
        event_wait=args.event_wait,
    )
