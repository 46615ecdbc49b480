"""The clinic's dashboard and a runner's record for clinics of 10 and 1,000 runners, each
with half a year of history (a run every other day with its next-morning answer, a
weekly status; one runner in twenty with an open red flag, one in ten with red runs).

    .venv/bin/python benchmarks/dashboard.py [--sizes 10 1000] [--days 182] [--repeat 5]

Seeding is fast: each kind of history is folded once by the engine, then its events are
bulk-inserted for every runner and the fold is stored through the same snapshot path a
check-in uses (rehab.checkin.snapshots.store_snapshot), which also runs the clinic's alert hook.
Prints the SQL query count and render times. Uses a throw-away SQLite database (WAL) in a
temporary folder, or DATABASE_URL if set. Not a test: it prints.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("RUNBACK_DATA_DIR", tempfile.mkdtemp(prefix="runback-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "runback.config.settings_test"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from runback.accounts.models import Clinic, Role, User  # noqa: E402
from runback.accounts.services import clinic_create, user_create  # noqa: E402
from runback.clinic.models import Share  # noqa: E402
from runback.clinic.sharing import share_text  # noqa: E402
from runback.common.clock import today  # noqa: E402
from runback.rehab.checkin.folding import fold_whole_history  # noqa: E402
from runback.rehab.checkin.snapshots import store_refolded_snapshot  # noqa: E402
from runback.rehab.models import Event, RunnerProfile  # noqa: E402

ANSWERS = {"walking_tolerated": True, "red_flags": [], "comfortable_position": True}


def history(start: date, days: int, kind: str) -> list[dict[str, Any]]:
    """Half a year of check-ins, with ids e1, e2, ... as event_record gives them."""
    payloads: list[dict[str, Any]] = []
    for offset in range(1, days, 2):
        day = start + timedelta(days=offset)
        pain = 7 if kind == "red" and offset > days - 6 else 2
        run = {"type": "run", "date": day.isoformat(), "pain_before": 2}
        run.update({"pain_during": pain, "pain_after": pain})
        payloads.append(run)
        run_id = f"e{len(payloads)}"
        if offset < days - 2:
            morning = (day + timedelta(days=1)).isoformat()
            payloads.append({"type": "followup", "session": run_id, "date": morning, "pain": 2})
        if offset % 7 == 1:
            payloads.append({"type": "status", "date": day.isoformat(), "pain_week_avg": 2})
    if kind == "flag":
        last = (start + timedelta(days=days - 1)).isoformat()
        payloads.append({"type": "red_flag", "date": last, "flags": ["TRIAGE-5"]})
    return [{**p, "id": f"e{i}"} for i, p in enumerate(payloads, start=1)]


def seed(clinic: Clinic, size: int, days: int) -> list[User]:
    as_of = today()
    start = as_of - timedelta(days=days)
    answers = {**ANSWERS, "start_date": start.isoformat()}
    templates: dict[str, tuple[list[dict[str, Any]], Any]] = {}
    for kind in ("plain", "red", "flag"):
        payloads = history(start, days, kind)
        folded = fold_whole_history(
            answers=answers, payloads=payloads, as_of=as_of, runner=User(region="")
        )
        templates[kind] = (payloads, folded)
    text = share_text(clinic_name=clinic.name, language="da")
    runners = []
    for n in range(size):
        kind = "flag" if n % 20 == 7 else "red" if n % 10 == 3 else "plain"
        runner = User.objects.create_user(
            email=f"r{n}-{clinic.pk}@bench.example", password=None, name=f"Løber {n:04d}"
        )
        Share.objects.create(runner=runner, clinic=clinic, text=text, language="da")
        RunnerProfile.objects.create(runner=runner, answers=answers)
        payloads, folded = templates[kind]
        Event.objects.bulk_create(
            [
                Event(runner=runner, seq=i, type=p["type"], payload=p, author=runner)
                for i, p in enumerate(payloads, start=1)
            ],
            batch_size=500,
        )
        store_refolded_snapshot(
            runner=runner, folded=copy.deepcopy(folded), as_of=as_of, payloads=payloads
        )
        runners.append(runner)
    return runners


def measure(client: Client, url: str, repeat: int) -> tuple[int, float, int]:
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request empties the log
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return queries, statistics.median(times), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--days", type=int, default=182)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; history: {args.days} days per runner")
    for size in args.sizes:
        clinic = clinic_create(name=f"Bench {size} {time.time_ns()}")
        clinician = user_create(
            email=f"c-{clinic.pk}@bench.example", password=None, role=Role.CLINICIAN, clinic=clinic
        )
        started = time.perf_counter()
        runners = seed(clinic, size, args.days)
        seeded = time.perf_counter() - started
        events = Event.objects.filter(runner__in=runners).count()
        client = Client()
        client.force_login(clinician)
        print(f"clinic of {size} runners: {events} events, seeded in {seeded:.1f} s")
        for label, url in (
            ("dashboard", "/clinic/"),
            ("dashboard, red flags", "/clinic/?show=flags"),
            ("dashboard, search", "/clinic/?q=0007"),
            ("record", f"/clinic/runners/{runners[min(7, size - 1)].pk}/"),
        ):
            queries, median, size_bytes = measure(client, url, args.repeat)
            print(
                f"  {label:22} {queries:3d} queries, median {median:7.1f} ms, "
                f"{size_bytes // 1024} KB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
