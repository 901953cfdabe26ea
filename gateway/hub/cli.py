"""``ringside gateway users ...``: the hub's accounts, managed on the PBX host.

    ringside gateway users --config gateway.toml add 101 --name "Operator 101" --role operator
    ringside gateway users --config gateway.toml add anna --role supervisor --team sales --extension 150
    ringside gateway users --config gateway.toml list
    ringside gateway users --config gateway.toml disable 101
    ringside gateway users --config gateway.toml reset 101

``add`` and ``reset`` print the new password once (or read one from stdin with
``--password-stdin``); only its argon2 hash is stored. ``disable`` and ``reset``
revoke every sign-in of the account: its desktops are disconnected within the
hub's sweep interval. ``--accounts FILE`` names the database directly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gateway.hub.accounts import AccountError, Accounts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ringside gateway users ACTION ...`` (registered in ``gateway.main.ADMIN_COMMANDS``)."""
    parser.add_argument(
        "--accounts", metavar="FILE", help="accounts database (default: from the config)"
    )
    verbs = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = verbs.add_parser("add", help="create an operator, supervisor or admin")
    add.add_argument("user", help="user name (an operator's is usually its extension, e.g. 101)")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--role", default="operator", choices=["operator", "supervisor", "admin"])
    add.add_argument("--team", default="", help="team (a supervisor sees its team's calls)")
    add.add_argument(
        "--extension",
        action="append",
        default=[],
        metavar="EXT",
        help="an extension it acts as (repeatable)",
    )
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    verbs.add_parser("list", help="every account")
    for verb, words in (("disable", "disable and sign out everywhere"), ("enable", "enable again")):
        verbs.add_parser(verb, help=words).add_argument("user")
    reset = verbs.add_parser("reset", help="new password; signs the account out everywhere")
    reset.add_argument("user")
    reset.add_argument("--password-stdin", action="store_true", help="read the password from stdin")


def _accounts_file(args: argparse.Namespace, config: Any) -> Path:
    if getattr(args, "accounts", None):
        return Path(args.accounts)
    from gateway.hub.settings import accounts_path, hub_settings

    return accounts_path(hub_settings(getattr(config.file, "hub", None) or {}), config.data_dir)


def _password(args: argparse.Namespace) -> str | None:
    if not getattr(args, "password_stdin", False):
        return None
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace, config: Any) -> int:
    try:
        path = _accounts_file(args, config)
    except ValueError as exc:  # a bad [hub] section
        print(f"ringside gateway users: {exc}", file=sys.stderr)
        return 2
    accounts = Accounts(path)
    try:
        return _run(accounts, args)
    except AccountError as exc:
        print(f"ringside gateway users: {exc}", file=sys.stderr)
        return 1
    finally:
        accounts.close()


def _run(accounts: Accounts, args: argparse.Namespace) -> int:
    verb = args.users_command
    if verb == "add":
        password = accounts.add(
            args.user,
            display=args.name,
            role=args.role,
            team=args.team,
            extensions=args.extension,
            password=_password(args),
        )
        account = accounts.get(args.user)
        exts = ", ".join(account.extensions) or "none"
        print(
            f"added {account.name} ({account.role.value}, extensions {exts}{_team(account.team)})"
        )
        if not args.password_stdin:
            print(f"password: {password}  (shown once; give it to {account.display})")
    elif verb == "list":
        rows = accounts.list()
        if not rows:
            print("no accounts yet: ringside gateway users add 101 --role operator")
        for a in rows:
            state = "disabled" if a.disabled else "active"
            exts = ",".join(a.extensions) or "-"
            print(
                f"{a.name:<16} {a.role.value:<10} {exts:<12} {a.team or '-':<10} {state:<8} {a.display}"
            )
    elif verb == "disable":
        accounts.disable(args.user)
        print(f"{args.user} disabled; its sign-ins are revoked")
    elif verb == "enable":
        accounts.enable(args.user)
        print(f"{args.user} enabled")
    elif verb == "reset":
        password = accounts.reset(args.user, _password(args))
        print(f"{args.user}: new password set; its sign-ins are revoked")
        if not args.password_stdin:
            print(f"password: {password}  (shown once)")
    return 0


def _team(team: str) -> str:
    return f", team {team}" if team else ""
