"""`runback outbox status|send [--loop SECONDS]|retry [--purpose P]|recover`: what an
operator needs to see and mend the outgoing emails and the tasks (docs/tasks.md).

- status: how many emails are waiting, sent, failing (being retried) and failed for good,
  and the failed ones (id, purpose, attempts, last error: never an address);
- send: send what is due now (retries, and emails whose sender died); with --loop, keep
  doing it (where no `runback worker` runs);
- retry: after mending the mail server, try the emails that failed for good again;
- recover: put tasks left RUNNING past RUNBACK_TASK_TIMEOUT_SECONDS back in the queue."""

from __future__ import annotations

import argparse
import sys
import time


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="runback outbox")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="counts, and the emails that failed")
    send = sub.add_parser("send", help="send the emails due now")
    send.add_argument(
        "--loop", type=float, metavar="SECONDS", help="keep running, checking every SECONDS"
    )
    retry = sub.add_parser("retry", help="queue the failed emails again")
    retry.add_argument("--purpose", help="only these (e.g. clinic.alert)")
    sub.add_parser("recover", help="reset the tasks a killed worker left running")
    args = parser.parse_args(argv)
    if getattr(args, "loop", None) is not None and args.loop <= 0:
        parser.error("--loop needs a positive number of seconds")
    from runback.common.setup import ensure_dev_secret_key, setup_django

    ensure_dev_secret_key()
    setup_django()
    from runback.outbox import services

    if args.command == "status":
        return _status()
    if args.command == "retry":
        print(f"runback outbox: {services.retry_failed(purpose=args.purpose)} queued again")
        return 0
    if args.command == "recover":
        from runback.outbox.worker import tasks_stale_recover

        counts = tasks_stale_recover()
        print(f"runback outbox: {counts['reset']} tasks reset, {counts['failed']} abandoned")
        return 0
    while True:
        counts = services.deliver_due()
        print(f"runback outbox: {counts or 'nothing due'}", file=sys.stderr, flush=True)
        if args.loop is None:
            return 0
        time.sleep(args.loop)


def _status() -> int:
    from runback.outbox.models import Email, EmailStatus
    from runback.outbox.services import status_counts

    counts = status_counts()
    print(" ".join(f"{name}={value}" for name, value in counts.items()))
    for email in Email.objects.filter(status=EmailStatus.FAILED).order_by("failed_at")[:100]:
        print(
            f"failed id={email.pk} {email.purpose} attempts={email.attempts} "
            f"at={email.failed_at:%Y-%m-%d %H:%M} error={email.last_error}"
        )
    return 1 if counts[EmailStatus.FAILED] else 0
