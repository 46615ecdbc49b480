"""`runback reminders send [--loop SECONDS]`: email the reminders that are due now.

Idempotent: a reminder already sent is never sent again (the sent log's unique
constraint), so it is safe to run every few minutes from cron, or once with --loop."""

from __future__ import annotations

import argparse
import sys
import time


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="runback reminders")
    sub = parser.add_subparsers(dest="command", required=True)
    send = sub.add_parser("send", help="send the reminders due now")
    send.add_argument(
        "--loop", type=float, metavar="SECONDS", help="keep running, checking every SECONDS"
    )
    args = parser.parse_args(argv)
    if args.loop is not None and args.loop <= 0:
        parser.error("--loop needs a positive number of seconds")
    from runback.common.setup import ensure_dev_secret_key, setup_django

    ensure_dev_secret_key()
    setup_django()
    from runback.reminders.tasks import reminders_enqueue

    while True:
        count = reminders_enqueue()
        print(f"runback reminders: {count} due", file=sys.stderr, flush=True)
        if args.loop is None:
            return 0
        time.sleep(args.loop)
