"""Cost of importing FIT files (parse, walk-run detection, store) against the bare
fitdecode parse of the same files in the same run; then a batch of many activities
through the real path (upload rows, background batch, one activity per file); then one
large generated GPX file (60 MB by default), read in a fresh process each time: the time
and the peak memory (the child's maximum RSS, and its RSS before reading) of this tree's
reader, and, with --before REV, of the reader at that git revision (`git archive`), e.g.
--before 4edee7a for the whole-document gpxpy parse.

    .venv/bin/python benchmarks/import.py [--fit-dir DIR] [--repeat K] [--batch N]
        [--gpx-mb MB] [--before REV] [--gpx-only]

Prints the ratio (target: at most 1.3), files per second for the batch and the peak
memory (RSS) of the process. The FIT files are ../shared/data/activities/fit (the damaged
ones in invalid/ are left out), or, without ../shared, files written here with fit-tool.
Uses a throw-away SQLite database (WAL), or DATABASE_URL if set. Not a test: it prints.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RUNBACK_DATA_DIR", tempfile.mkdtemp(prefix="runback-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "runback.config.settings_test"

import django  # noqa: E402

django.setup()

import fitdecode  # noqa: E402
from django.core.management import call_command  # noqa: E402
from fitdecode.utils import compute_crc  # noqa: E402

from runback.accounts.models import User  # noqa: E402
from runback.accounts.services import user_create  # noqa: E402
from runback.activities import services  # noqa: E402
from runback.activities.models import Activity  # noqa: E402
from runback.activities.parsing import parse_activity  # noqa: E402
from runback.activities.parsing.fit import is_fit  # noqa: E402
from runback.activities.services import IncomingFile  # noqa: E402

SHARED_FIT = ROOT.parent / "shared" / "data" / "activities" / "fit"
FIT_EPOCH = 631065600  # 1989-12-31 in Unix seconds


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _own_files() -> dict[str, bytes]:
    from tests.activities.files import TEST_SESSION, fit_activity

    return {
        "test-session.fit": fit_activity(),
        "intervals.fit": fit_activity(TEST_SESSION * 2, gps=False),
    }


def _files(fit_dir: Path | None) -> dict[str, bytes]:
    folder = fit_dir or (SHARED_FIT if SHARED_FIT.is_dir() else None)
    if folder is None:
        return _own_files()
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.fit"))}


def _bare(files: dict[str, bytes]) -> None:
    for data in files.values():
        try:
            for _frame in fitdecode.FitReader(io.BytesIO(data)):
                pass
        except fitdecode.FitError:
            pass


def _ours(files: dict[str, bytes], runner: User) -> None:
    for name, data in files.items():
        summary = parse_activity(name, data)
        if summary.start is not None:
            services.activity_store(runner=runner, name=name, data=data, summary=summary)


def _ratio(files: dict[str, bytes], repeat: int) -> tuple[float, float]:
    bare, ours = [], []
    for i in range(repeat):
        runner = user_create(email=f"bench-{i}-{time.time_ns()}@example.com", password=None)
        started = time.perf_counter()
        _bare(files)
        bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        _ours(files, runner)
        ours.append(time.perf_counter() - started)
    return statistics.median(bare), statistics.median(ours)


def _variant(template: bytes, hours: int) -> bytes:
    """The same FIT activity started `hours` later (session start time moved), with its
    file checksum made right again: a distinct activity for the batch."""
    header = template[0]
    data_end = header + struct.unpack("<I", template[4:8])[0]
    body = bytearray(template[:data_end])
    from tests.activities.files import START

    old = struct.pack("<I", int(START.timestamp()) - FIT_EPOCH)
    new = struct.pack("<I", int((START + timedelta(hours=hours)).timestamp()) - FIT_EPOCH)
    body = bytearray(bytes(body).replace(old, new))
    return bytes(body) + struct.pack("<H", compute_crc(body))


def _batch(size: int) -> tuple[float, int]:
    from tests.activities.files import fit_activity

    template = fit_activity()
    files = [_variant(template, i) for i in range(size)]
    assert all(is_fit(f) for f in files)
    runner = user_create(email=f"batch-{time.time_ns()}@example.com", password=None)
    started = time.perf_counter()
    batch = services.batch_create(
        runner=runner,
        files=[IncomingFile(f"{i}.fit", len(d), lambda d=d: d) for i, d in enumerate(files)],
    )
    services.batch_run(batch_id=batch.pk)
    elapsed = time.perf_counter() - started
    return elapsed, Activity.objects.filter(runner=runner).count()


GPX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
    'xmlns="http://www.topografix.com/GPX/1/1" '
    'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
    "<trk><type>running</type><trkseg>\n"
)


def _write_gpx(path: Path, megabytes: float) -> int:
    """A Garmin-like GPX run (position, elevation, time, heart rate and cadence each
    second) of about `megabytes`; returns its number of track points."""
    from tests.activities.files import START

    target = int(megabytes * 1024 * 1024)
    written = points = 0
    with path.open("w", encoding="utf-8") as out:
        written += out.write(GPX_HEAD)
        while written < target:
            moment = (START + timedelta(seconds=points)).strftime("%Y-%m-%dT%H:%M:%SZ")
            lat = 55.68 + abs(points % 3600 - 1800) * 2.7 / 111_195  # out and back
            cad = 84 if points % 600 < 480 else 58
            written += out.write(
                f'<trkpt lat="{lat:.7f}" lon="12.5712345"><ele>{10 + points % 7}.4</ele>'
                f"<time>{moment}</time><extensions><gpxtpx:TrackPointExtension>"
                f"<gpxtpx:hr>{130 + points % 20}</gpxtpx:hr><gpxtpx:cad>{cad}</gpxtpx:cad>"
                "</gpxtpx:TrackPointExtension></extensions></trkpt>\n"
            )
            points += 1
        out.write("</trkseg></trk></gpx>\n")
    return points


# Run in a fresh interpreter with the tree's src first on sys.path: pure Python, no
# Django. Prints seconds, the RSS before reading and the peak RSS (MB), and the outcome.
CHILD = """
import inspect, resource, sys, time
sys.path.insert(0, sys.argv[1])
from runback.activities.parsing import ImportProblem, parse_activity
data = open(sys.argv[2], "rb").read()
kwargs = {}
if sys.argv[3] != "default" and "max_points" in inspect.signature(parse_activity).parameters:
    kwargs["max_points"] = int(sys.argv[3])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
try:
    summary = parse_activity("big.gpx", data, **kwargs)
    outcome = f"read: {summary.distance_m} m, {len(summary.segments)} segments"
except ImportProblem as problem:
    outcome = f"refused: {problem.message}"
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.1f} s, RSS {before:.0f} MB before reading, peak {peak:.0f} MB; {outcome}")
"""


def _gpx_run(src: Path, path: Path, max_points: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(src), str(path), max_points],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1:]}"
    return done.stdout.strip()


def _before_src(rev: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def _gpx(megabytes: float, before: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="runback-bench-gpx-"))
    try:
        path = folder / "big.gpx"
        points = _write_gpx(path, megabytes)
        size = path.stat().st_size / (1024 * 1024)
        print(f"gpx: {size:.0f} MB, {points} track points, read in a fresh process")
        if before:
            old = _before_src(before, folder)
            print(f"gpx before ({before}):            {_gpx_run(old, path, 'default')}")
        print(f"gpx now (point cap as set):       {_gpx_run(ROOT / 'src', path, 'default')}")
        print(f"gpx now (cap lifted):             {_gpx_run(ROOT / 'src', path, str(10**9))}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fit-dir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--gpx-mb", type=float, default=60)
    parser.add_argument("--before", default=None, help="git revision for the before figure")
    parser.add_argument("--gpx-only", action="store_true")
    args = parser.parse_args()
    if args.gpx_mb > 0:
        _gpx(args.gpx_mb, args.before)
    if args.gpx_only:
        return 0

    call_command("migrate", verbosity=0)
    files = _files(args.fit_dir)
    size = sum(len(d) for d in files.values())
    _ratio(files, 1)  # warm up
    bare, ours = _ratio(files, args.repeat)
    print(f"files: {len(files)} FIT files, {size / 1024:.0f} KiB; median of {args.repeat} runs")
    print(f"database: {django.db.connection.vendor}")
    print(f"bare fitdecode parse:           {bare * 1000:.1f} ms")
    print(f"import (parse, detect, store):  {ours * 1000:.1f} ms")
    print(f"ratio: {ours / bare:.2f}x (target <= 1.3)")
    elapsed, stored = _batch(args.batch)
    print(f"batch: {args.batch} activities ({stored} stored) in {elapsed:.1f} s: "
          f"{args.batch / elapsed:.1f} files/s")  # fmt: skip
    print(f"peak memory (RSS): {_peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
