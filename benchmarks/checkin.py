"""Cost of a check-in POST (the weekly status: store the event, fold it onto the stored
state, store the snapshot) against a baseline view in the same process that stores one
row, at several lengths of earlier history, in one run.

    .venv/bin/python benchmarks/checkin.py [--events 10,400,2600] [--repeat K]

For each length a runner is given that many earlier events (runs every other day, each
answered the next morning), then check-in and baseline POSTs alternate (so that the
machine's load hits both alike). Prints a table of the median wall-clock and the mean CPU
milliseconds per POST, the SQL queries of one POST, and the ratios. Uses a throw-away
SQLite database (WAL) in a temporary folder, or DATABASE_URL if set. Not a test: it prints.

A third view shows the least a check-in can cost: the same form validated and the entry
folded onto the stored state with today's advice, both encoded to JSON, but nothing read
or written in the database beyond session and user ("form + engine, no database").

What the baseline does (so the ratio is read fairly): the same middleware (session and
user loaded from the database, CSRF off in the test client), one INSERT in autocommit, and
a 302 without touching the session. The check-in also reads the runner's state with
their consent (one statement), validates the form, writes the event, its audit entry and
the snapshot (with the plan shown before it, for the result page) in one transaction,
and after the commit asks whether the runner shares with a clinic (for its alerts).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("RUNBACK_DATA_DIR", tempfile.mkdtemp(prefix="runback-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "runback.config.settings_test"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

from runback import engine  # noqa: E402
from runback.accounts.models import AuditEntry, User  # noqa: E402
from runback.accounts.services import consent_give, user_create  # noqa: E402
from runback.common.clock import today  # noqa: E402
from runback.config.demo import runs_every_other_day_record  # noqa: E402
from runback.rehab.checkin.forms import StatusForm  # noqa: E402
from runback.rehab.intake.services import profile_save  # noqa: E402
from runback.rehab.models import Snapshot  # noqa: E402


@require_POST
def baseline(request: HttpRequest) -> HttpResponse:
    """The same request cycle (session, auth, CSRF off in the test client), one INSERT."""
    user = request.user
    assert isinstance(user, User)
    AuditEntry.objects.create(subject=user, actor=user, action="bench.baseline", data={})
    return HttpResponse(status=302)


# The runner's stored state (its JSON), for the view below; set for each length.
STORED_STATE: dict[str, Any] = {}


@require_POST
def form_and_engine(request: HttpRequest) -> HttpResponse:
    """What a check-in computes besides the database, on the same request cycle: the same
    form validated, its entry folded onto the runner's state (decoded from JSON), today's
    advice, and both encoded to JSON again. Nothing read or written beyond session and
    user: the least any check-in costs, whatever its storage."""
    form = StatusForm(request.POST, ask_red_flags=True)
    if not form.is_valid():
        return HttpResponse(status=400)
    payload = {"id": "e0", **form.payload()}
    state = engine.state_from_json(STORED_STATE["state"])
    event, _replaces, _withdrawn = engine.read_event(payload, "events.0")
    assert event is not None
    state = engine.fold_event(state, event)
    advice = engine.advise(state, today(), "da")
    json.dumps(advice)
    json.dumps(engine.state_to_json(state))
    return HttpResponse(status=302)


urlpatterns = [
    path("bench/baseline/", baseline),
    path("bench/form-and-engine/", form_and_engine),
    path("", include("runback.config.urls")),
]

CHECKIN = "/log/week/"
BASELINE = "/bench/baseline/"
NO_DATABASE = "/bench/form-and-engine/"


def _history(user: User, sessions: int) -> None:
    start = today() - timedelta(days=2 * sessions + 2)
    profile_save(
        runner=user,
        answers={"start_date": start.isoformat(), "walking_tolerated": True, "red_flags": []},
        completed=True,
        author=user,
    )
    runs_every_other_day_record(runner=user, start=start, runs=sessions)


def _post(client: Client, url: str, data: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one POST (CPU time is what the other programs
    on a shared machine do not change: this process alone, SQLite in it)."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.post(url, data)
    elapsed = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    assert response.status_code == 302, (url, response.status_code)
    return elapsed


def _status() -> dict[str, str]:
    """The weekly status, sent again and again: "nothing new", and "yes, another one" (the
    same day), so that every POST records an event; a new token each time."""
    return {
        "date": today().isoformat(),
        "pain_week_avg": "3",
        "anything_new": "no",
        "another": "on",
        "token": f"t{time.monotonic_ns()}",
    }


def _queries(client: Client, url: str, data: dict[str, str]) -> int:
    """The SQL statements of one POST (BEGIN and COMMIT included where they are sent)."""
    with CaptureQueriesContext(connection) as captured:
        _post(client, url, data)
    return len(captured)


def _measure(events: int, repeat: int) -> dict[str, float]:
    """A runner with `events` earlier events; check-in and baseline POSTs alternate."""
    user = user_create(email=f"bench-{time.time_ns()}@example.com", password=None)
    consent_give(user=user, language="da")
    _history(user, max(events // 2, 1))
    client = Client()
    client.force_login(user)
    for _ in range(3):  # warm up
        _post(client, CHECKIN, _status())
        _post(client, BASELINE, {})
    STORED_STATE["state"] = Snapshot.objects.get(runner=user).state
    checkin, base, no_database = [], [], []
    for _ in range(repeat):
        checkin.append(_post(client, CHECKIN, _status()))
        base.append(_post(client, BASELINE, {}))
        no_database.append(_post(client, NO_DATABASE, _status()))
    return {
        "floor_median": statistics.median(wall for wall, _cpu in no_database),
        "events": 2 * max(events // 2, 1),
        "checkin_median": statistics.median(wall for wall, _cpu in checkin),
        "base_median": statistics.median(wall for wall, _cpu in base),
        "checkin_cpu": statistics.mean(cpu for _wall, cpu in checkin),
        "base_cpu": statistics.mean(cpu for _wall, cpu in base),
        "checkin_queries": _queries(client, CHECKIN, _status()),
        "base_queries": _queries(client, BASELINE, {}),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--events", default="10,400,2600", help="earlier events per runner, comma-separated"
    )
    parser.add_argument("--history", type=int, help="runs (each with a follow-up), one length")
    parser.add_argument("--repeat", type=int, default=100, help="POSTs of each kind per length")
    args = parser.parse_args()
    lengths = [2 * args.history] if args.history else [int(n) for n in args.events.split(",")]

    call_command("migrate", verbosity=0)
    with override_settings(ROOT_URLCONF=__name__):
        rows = [_measure(n, args.repeat) for n in lengths]
    print(
        f"database: {connection.vendor}; {args.repeat} POSTs of each kind per length, alternating"
    )
    print("earlier events | check-in: median wall ms, mean CPU ms (queries) | baseline: the same "
          "| ratio of wall medians, of CPU means "
          "| form + engine, no database: median wall ms, ratio to the baseline")  # fmt: skip
    for row in rows:
        wall = row["checkin_median"] / row["base_median"]
        cpu = row["checkin_cpu"] / row["base_cpu"]
        floor = row["floor_median"] / row["base_median"]
        print(
            f"{row['events']:>14} | {row['checkin_median']:5.2f}, {row['checkin_cpu']:5.2f}"
            f" ({row['checkin_queries']:.0f}) | {row['base_median']:5.2f}, {row['base_cpu']:5.2f}"
            f" ({row['base_queries']:.0f}) | ratio: {wall:.2f}x, {cpu:.2f}x"
            f" | {row['floor_median']:5.2f}, {floor:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
