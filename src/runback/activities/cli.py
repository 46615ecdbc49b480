"""`runback activity import --user EMAIL FILE...` and `runback activity inspect FILE [--json]`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from functools import partial
from pathlib import Path
from typing import Any

USAGE = """usage: runback activity COMMAND ...

commands:
  import --user EMAIL FILE...   import watch files (FIT, GPX, TCX, .gz, .zip) for a runner
  inspect FILE [--json]         print what a file holds, storing nothing
  recover [--here]              resume or stop imports interrupted by a crash (no progress
                                for RUNBACK_IMPORT_STALE_MINUTES); --here: resume in this
                                process when no task worker is configured
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit 2
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def _read_file(path: Path, max_bytes: int) -> bytes:
    from runback.activities.parsing import ImportProblem

    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportProblem("too_large", f"it is larger than {max_bytes // (1024 * 1024)} MB")
        return path.read_bytes()
    except OSError as error:
        raise ImportProblem("unreadable", error.strerror or "it cannot be read") from None


def inspect(argv: list[str]) -> int:
    from runback.activities.parsing import ImportProblem, Limits, parse_file_bytes
    from runback.activities.parsing.containers import is_zip

    parser = _Parser(prog="runback activity inspect")
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    path = Path(args.file)
    limits = Limits()
    try:
        data = _read_file(path, limits.max_file_bytes)
        if is_zip(path.name, data[:4]):
            raise ImportProblem("archive", "inspect reads one activity file; unzip it first")
        summary = parse_file_bytes(path.name, data, limits)
    except ImportProblem as problem:
        print(f"runback activity inspect: {path}: {problem.message}", file=sys.stderr)
        return 2
    for code in summary.warnings:
        if code == "unreadable_end":
            print(
                f"warning: {path}: only the first part of the file could be read", file=sys.stderr
            )
    data_out = summary.as_json()
    if args.json:
        print(json.dumps(data_out, indent=2))
        return 0
    for key, value in data_out.items():
        if key != "segments":
            print(f"{key:16} {value if value is not None else '-'}")
    parts = ", ".join(f"{s['kind']} {s['seconds']} s" for s in data_out["segments"])
    print(f"{'segments':16} {parts or '-'}")
    return 0


def _bar(done: int, total: int, width: int = 30) -> str:
    filled = width * done // total if total else width
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


def import_files(argv: list[str]) -> int:
    parser = _Parser(prog="runback activity import")
    parser.add_argument("--user", required=True, help="the runner's email address")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    from runback.common.setup import ensure_dev_secret_key, setup_django

    ensure_dev_secret_key()
    setup_django()
    from runback.accounts.models import User
    from runback.activities import services
    from runback.activities.models import ImportBatch, ImportItem

    runner = User.objects.filter(email__iexact=args.user).first()
    if runner is None or not runner.is_runner:
        print(f"runback activity import: no runner with the email {args.user}", file=sys.stderr)
        return 2
    incoming = [
        services.IncomingFile(
            os.fspath(path),
            path.stat().st_size if path.is_file() else 0,
            partial(_read_file, path, services.import_limits().max_file_bytes),
        )
        for path in map(Path, args.files)
    ]
    batch = services.batch_create(runner=runner, files=incoming, room_check=False)
    tty = sys.stderr.isatty()
    step = max(1, batch.total // 10)

    def progress(b: ImportBatch) -> None:
        """A bar redrawn in place on a terminal; a line every tenth of the way in a log."""
        if args.quiet:
            return
        if tty:
            print(_bar(b.processed, b.total), end="", file=sys.stderr, flush=True)
        elif b.processed % step == 0 or b.processed == b.total:
            print(_bar(b.processed, b.total).lstrip("\r"), file=sys.stderr, flush=True)

    batch = services.batch_run(batch_id=batch.pk, progress=progress)
    if tty and not args.quiet:
        print(file=sys.stderr)
    counts = {status: 0 for status in ImportItem.Status.values}
    for item in batch.items.order_by("pk"):
        counts[item.status] += 1
        if item.status == ImportItem.Status.FAILED:
            print(f"{item.name}: not imported: {item.detail or item.problem}", file=sys.stderr)
        elif item.problem == "warning":
            print(f"{item.name}: imported; only the first part could be read", file=sys.stderr)
    print(
        f"{counts['imported']} imported, {counts['duplicate']} already there, "
        f"{counts['failed']} not imported (of {batch.total})"
    )
    return 1 if counts["failed"] else 0


def recover(argv: list[str]) -> int:
    parser = _Parser(prog="runback activity recover")
    parser.add_argument("--here", action="store_true", help="resume in this process")
    args = parser.parse_args(argv)
    from runback.common.setup import ensure_dev_secret_key, setup_django

    ensure_dev_secret_key()
    setup_django()
    from runback.activities import tasks

    counts = tasks.batches_recover(resume_here=args.here)
    print(f"{counts['resumed']} interrupted imports started again, {counts['stopped']} stopped")
    return 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE)
        return 0 if argv else 2
    commands = {"inspect": inspect, "import": import_files, "recover": recover}
    command = commands.get(argv[0])
    if command is None:
        print(f"runback activity: unknown command {argv[0]!r}\n\n{USAGE}", file=sys.stderr)
        return 2
    return command(argv[1:])
