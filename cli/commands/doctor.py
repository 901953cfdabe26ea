"""``ringside doctor``: check AMI reachability, login and per-feature permissions.

Prints one PASS/WARN/FAIL line per check (the logic is in
:mod:`core.ami.doctor`, shared with the desktop's "Test connection") and the
least-privilege ``manager.conf`` stanza to paste. Exit code 1 if any check failed.
"""

from __future__ import annotations

import argparse
import asyncio

from cli.commands._common import add_connection_arguments, resolve_secret
from core.ami.doctor import DoctorReport, run_doctor


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser)
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
        "--event-wait", type=float, default=3.0, help="seconds to wait for call events"
    )


def render(report: DoctorReport) -> str:
    lines = []
    for check in report.checks:
        lines.append(f"{check.status.value:4}  {check.name}: {check.detail}")
        if check.fix and check.status.value != "PASS":
            lines.append(f"      fix: {check.fix}")
    lines += [
        "",
        "Least-privilege manager.conf user (paste into /etc/asterisk/manager.conf,",
        "then run: asterisk -rx 'manager reload'):",
        "",
        report.stanza,
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    report = asyncio.run(
        run_doctor(
            args.host,
            args.port,
            args.user,
            resolve_secret(args),
            extension=args.extension,
            context=args.context,
            test_number=args.test_originate,
            tls=args.tls,
            event_wait=args.event_wait,
        )
    )
    print(render(report))
    return 0 if report.ok else 1
