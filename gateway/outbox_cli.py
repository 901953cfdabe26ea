"""``ringside gateway outbox list|retry|drop``: the admin's hands on pushes the gateway gave up on.

Works on the gateway's ``outbox.sqlite3`` directly (named by ``--config``), so
it works whether the gateway runs or not; a running gateway picks retried
items up within a minute (its worker re-checks the file at least that often).

* ``list`` — pending / failing / dead counts, then one line per dead item
  (``--all`` also lists the failing ones still being retried);
* ``retry ID...`` / ``retry --dead`` — put dead items back in the queue;
* ``drop ID...`` — forget dead items for good.
"""

from __future__ import annotations

import argparse
import sys
import time

from core.history.outbox import Outbox, OutboxItem
from gateway.config import GatewayConfig


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="outbox_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="counts and dead items")
    listing.add_argument("--all", action="store_true", help="also the failing items")
    retry = actions.add_parser("retry", help="put dead items back in the queue")
    retry.add_argument("ids", nargs="*", type=int, metavar="ID")
    retry.add_argument("--dead", action="store_true", help="every dead item")
    drop = actions.add_parser("drop", help="forget dead items")
    drop.add_argument("ids", nargs="+", type=int, metavar="ID")
    for sub in (listing, retry, drop):  # `outbox list --config FILE` reads naturally too
        sub.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                         help="gateway TOML file")  # fmt: skip


def _line(item: OutboxItem) -> str:
    made = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(item.created_at))
    error = (item.last_error or "").replace("\n", " ")[:120]
    return (f"{item.id:>7}  {item.state:<7} {item.target:<11} {item.kind:<10} {made}  "
            f"{item.attempts:>4} attempts  {item.idempotency_key}  {error}")  # fmt: skip


def run(args: argparse.Namespace, config: GatewayConfig) -> int:
    path = config.data_dir / "outbox.sqlite3"
    if not path.exists():
        print(f"ringside gateway outbox: no outbox at {path} (has the gateway run yet?)",
              file=sys.stderr)  # fmt: skip
        return 2
    outbox = Outbox(path)
    try:
        return _act(args, outbox)
    finally:
        outbox.close()


def _act(args: argparse.Namespace, outbox: Outbox) -> int:
    action = args.outbox_action
    if action == "list":
        stats = outbox.stats()
        print(f"pending {stats.pending}  failing {stats.failing}  dead {stats.dead}  "
              f"sent {stats.sent}  (resent after a crash: {stats.resent})")  # fmt: skip
        for item in outbox.failed() if args.all else outbox.dead():
            print(_line(item))
        return 0
    ids = [item.id for item in outbox.dead()] if getattr(args, "dead", False) else args.ids
    if not ids:
        print("ringside gateway outbox: name the items (IDs from `outbox list`) or --dead",
              file=sys.stderr)  # fmt: skip
        return 2
    do = outbox.retry if action == "retry" else outbox.drop
    missing = [item_id for item_id in ids if not do(item_id)]
    done = len(ids) - len(missing)
    print(f"{'retried' if action == 'retry' else 'dropped'} {done} item(s)")
    for item_id in missing:
        print(f"no dead outbox item {item_id}", file=sys.stderr)
    return 1 if missing else 0
