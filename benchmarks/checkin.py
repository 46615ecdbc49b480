"""Cost of a check-in POST (store the event, fold the whole history with the engine,
store the snapshot) against a baseline view in the same process that stores one row.

    .venv/bin/python benchmarks/checkin.py [--history N] [--repeat K]

Prints mean milliseconds per POST for both and their ratio. Uses a throw-away SQLite
database (WAL) in a temporary folder, or DATABASE_URL if set. Not a test: it prints.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("RUNBACK_DATA_DIR", tempfile.mkdtemp(prefix="runback-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "runback.config.settings_test"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

from runback.accounts.models import AuditEntry, User  # noqa: E402
from runback.accounts.services import consent_give, user_create  # noqa: E402
from runback.config.demo import runs_every_other_day_record  # noqa: E402
from runback.rehab.services import profile_save, today  # noqa: E402


@require_POST
def baseline(request: HttpRequest) -> HttpResponse:
    """The same request cycle (session, auth, CSRF off in the test client), one INSERT."""
    user = request.user
    assert isinstance(user, User)
    AuditEntry.objects.create(subject=user, actor=user, action="bench.baseline", data={})
    return HttpResponse(status=302)


urlpatterns = [
    path("bench/baseline/", baseline),
    path("", include("runback.config.urls")),
]


def _history(user: User, sessions: int) -> None:
    start = today() - timedelta(days=2 * sessions + 2)
    profile_save(
        runner=user,
        answers={"start_date": start.isoformat(), "walking_tolerated": True, "red_flags": []},
        completed=True,
        author=user,
    )
    runs_every_other_day_record(runner=user, start=start, runs=sessions)


def _time(
    client: Client, url: str, data: dict[str, str], repeat: int, fresh_token: bool
) -> list[float]:
    times = []
    for i in range(repeat):
        body = {**data, "token": f"t{i}-{time.monotonic_ns()}"} if fresh_token else data
        started = time.perf_counter()
        response = client.post(url, body)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, (url, response.status_code)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=60, help="runs (each with a follow-up)")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    user = user_create(email=f"bench-{time.time_ns()}@example.com", password=None)
    consent_give(user=user, language="da")
    _history(user, args.history)
    client = Client()
    client.force_login(user)
    # The weekly status, sent again and again: "nothing new", and "yes, another one" (the
    # same day), so that every POST records an event.
    status = {
        "date": today().isoformat(),
        "pain_week_avg": "3",
        "anything_new": "no",
        "another": "on",
    }
    with override_settings(ROOT_URLCONF=__name__):
        _time(client, "/log/week/", status, 3, True)  # warm up
        _time(client, "/bench/baseline/", {}, 3, False)
        checkin = _time(client, "/log/week/", status, args.repeat, True)
        base = _time(client, "/bench/baseline/", {}, args.repeat, False)
    events = 2 * args.history + args.repeat + 3
    mean_checkin, mean_base = statistics.mean(checkin), statistics.mean(base)
    print(
        f"history: {2 * args.history} events before, up to {events} after; {args.repeat} POSTs each"
    )
    print(f"database: {django.db.connection.vendor}")
    print(f"check-in POST (event + fold + snapshot): mean {mean_checkin:.1f} ms, "
          f"median {statistics.median(checkin):.1f} ms")  # fmt: skip
    print(f"baseline POST (one row):                 mean {mean_base:.1f} ms, "
          f"median {statistics.median(base):.1f} ms")  # fmt: skip
    print(f"ratio: {mean_checkin / mean_base:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
