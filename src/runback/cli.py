"""The one entry point: `runback ...`."""

from __future__ import annotations

import sys
from collections.abc import Callable

USAGE = """usage: runback COMMAND ...

commands:
  engine simulate CASE.json|-   fold a runner's history into state and advice (JSON)
  content check                 validate the education and exercise library
  serve [--host H] [--port N]   migrate, then serve the web app with gunicorn
  demo                          create demo accounts (idempotent; development only)
  activity import|inspect ...   import watch files for a runner; inspect one file
  worker                        run background tasks (emails, big imports) from the database
  reminders send [--loop S]     email the reminders due now (idempotent; cron, or every S s)
  outbox status|send|retry      the queued emails: counts, send what is due, retry failed ones
  backup FILE                   copy the database to FILE while it serves (docs/backup.md)
  restore FILE [--force]        replace the database with a backup (refuses a non-empty one)
  manage ...                    Django's management commands (migrate, createsuperuser, ...)
"""


def _engine(argv: list[str]) -> int:
    from runback.engine_cli import main as engine_main

    return engine_main(argv)


def _content(argv: list[str]) -> int:
    from runback.content.cli import main as content_main

    return int(content_main(argv))


def _serve(argv: list[str]) -> int:
    from runback.config.commands import serve

    return serve(argv)


def _demo(argv: list[str]) -> int:
    from runback.config.commands import demo

    return demo(argv)


def _activity(argv: list[str]) -> int:
    from runback.activities.cli import main as activity_main

    return activity_main(argv)


def _worker(argv: list[str]) -> int:
    from runback.config.commands import worker

    return worker(argv)


def _reminders(argv: list[str]) -> int:
    from runback.reminders.cli import main as reminders_main

    return reminders_main(argv)


def _outbox(argv: list[str]) -> int:
    from runback.outbox.cli import main as outbox_main

    return outbox_main(argv)


def _backup(argv: list[str]) -> int:
    from runback.config.commands import backup

    return backup(argv)


def _restore(argv: list[str]) -> int:
    from runback.config.commands import restore

    return restore(argv)


def _manage(argv: list[str]) -> int:
    from runback.config.commands import manage

    return manage(argv)


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "engine": _engine,
    "content": _content,
    "serve": _serve,
    "demo": _demo,
    "activity": _activity,
    "worker": _worker,
    "reminders": _reminders,
    "outbox": _outbox,
    "backup": _backup,
    "restore": _restore,
    "manage": _manage,
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"}:
        print(USAGE)
        return 0 if args else 2
    command = COMMANDS.get(args[0])
    if command is None:
        print(f"runback: unknown command {args[0]!r}\n\n{USAGE}", file=sys.stderr)
        return 2
    return command(args[1:])


if __name__ == "__main__":
    sys.exit(main())
