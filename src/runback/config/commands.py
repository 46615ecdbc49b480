"""`runback serve`, `runback worker`, `runback demo` and `runback manage`: the web app's
command line."""

from __future__ import annotations

import argparse
import os
import sys

from runback.common.setup import DEFAULT_SETTINGS, dev_mode, ensure_dev_secret_key, setup_django


def manage(argv: list[str]) -> int:
    ensure_dev_secret_key()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["runback manage", *argv])
    return 0


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    # The shared cache's table (the email rate limits); migrate makes it too (post_migrate
    # in runback.accounts.apps), this says so where the server starts. Idempotent.
    call_command("createcachetable", verbosity=0)


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="runback serve", description="Migrate, then serve.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("RUNBACK_WORKERS", "2")))
    args = parser.parse_args(argv)
    from runback.config.files import private_umask_set

    private_umask_set()  # the server's files (database, static files) are private
    ensure_dev_secret_key()
    setup_django()
    from django.core.management import call_command

    _migrate()
    if not dev_mode():
        call_command("collectstatic", interactive=False, verbosity=0)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Runback is running at http://{host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    gunicorn_argv = [
        sys.executable, "-m", "gunicorn", "runback.config.wsgi:application",
        "--bind", f"{host}:{args.port}",
        "--workers", str(args.workers),
        "--access-logfile", "-",
        "--forwarded-allow-ips", os.environ.get("RUNBACK_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]  # fmt: skip
    os.execv(sys.executable, gunicorn_argv)  # noqa: S606 - replaces this process with gunicorn


def demo(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="runback demo", description="Create demo accounts (idempotent)."
    )
    parser.parse_args(argv)
    ensure_dev_secret_key()
    setup_django()
    from django.conf import settings

    if not settings.RUNBACK_DEMO_ALLOWED:
        print(
            "runback demo: refused: demo accounts have known passwords. Use it in development "
            "(RUNBACK_DEBUG=1) or set RUNBACK_DEMO_ALLOWED=1.",
            file=sys.stderr,
        )
        return 2
    _migrate()
    from runback.config.demo import demo_data_create

    logins = demo_data_create()
    print(f"Demo logins (password for all: {logins.password}):")
    for who, email in logins.accounts:
        print(f"  {who:<40} {email}")
    return 0


def worker(argv: list[str]) -> int:
    """Run queued background tasks (django-tasks' database worker) until stopped.

    Tasks are queued in the database only when RUNBACK_TASK_WORKER=1; otherwise they run
    in the request that enqueues them, so `make run` needs no worker. Between batches it
    resets tasks a killed worker left RUNNING and sends the outbox's due emails
    (`runback.outbox.worker`).
    """
    ensure_dev_secret_key()
    setup_django()
    from django.conf import settings

    if not settings.RUNBACK_TASK_WORKER:
        print(
            "runback worker: tasks run in-process (set RUNBACK_TASK_WORKER=1 on the web app "
            "and the worker to queue them in the database).",
            file=sys.stderr,
        )
        return 2
    from runback.outbox.worker import run

    _migrate()
    return run(argv)


def backup(argv: list[str]) -> int:
    """`runback backup FILE`: a consistent copy of the database while it serves."""
    parser = argparse.ArgumentParser(
        prog="runback backup",
        description="Copy the database to FILE (SQLite: the online backup API; "
        "PostgreSQL from DATABASE_URL: pg_dump -Fc). FILE holds health data: it is "
        "readable by its owner only.",
    )
    parser.add_argument("file")
    args = parser.parse_args(argv)
    from pathlib import Path

    from runback.config.files import private_umask_set

    private_umask_set()
    ensure_dev_secret_key()
    setup_django()
    from runback.config.backup import BackupError, database_backup

    try:
        database_backup(target=Path(args.file))
    except (BackupError, OSError) as error:
        print(f"runback backup: {error}", file=sys.stderr)
        return 1
    print(f"runback backup: the database is copied to {args.file}")
    return 0


def restore(argv: list[str]) -> int:
    """`runback restore FILE [--force]`: the database from a backup. Stop the web app,
    the worker and the reminders first."""
    parser = argparse.ArgumentParser(
        prog="runback restore",
        description="Replace the database with the backup FILE. Refuses a database that "
        "holds anything unless --force. Stop `runback serve`, `runback worker` and the "
        "reminders first.",
    )
    parser.add_argument("file")
    parser.add_argument("--force", action="store_true", help="replace a database that is not empty")
    args = parser.parse_args(argv)
    from pathlib import Path

    from runback.config.files import private_umask_set

    private_umask_set()
    ensure_dev_secret_key()
    setup_django()
    from runback.config.backup import BackupError, database_restore

    try:
        database_restore(source=Path(args.file), force=args.force)
    except (BackupError, OSError) as error:
        print(f"runback restore: {error}", file=sys.stderr)
        return 2 if isinstance(error, BackupError) else 1
    print(
        f"runback restore: the database is restored from {args.file}. "
        "`runback serve` migrates it if the backup is older than this version."
    )
    return 0
