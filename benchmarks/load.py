"""Load test: the real server (`runback serve`, gunicorn, production settings) under
check-ins from several client threads. It prints figures; it asserts nothing about time.

    .venv/bin/python benchmarks/load.py [--runners N] [--weeks W] [--seconds S]
                                        [--threads T] [--postgres [--scale-out [--hot H]]] [--quick]

What it does:

1. Makes a fresh data folder (and, with --postgres, a fresh database on
   postgres://postgres@127.0.0.1:5432, dropped again at the end) and seeds N runners
   (default 50), each with W weeks (default 26) of history: three runs a week answered
   the next morning, a strength log and a weekly status. Seeding uses the project's
   services in-process (user_create, consent_give, profile_save, events_record), one
   fold per runner; it prints how long that took.
2. Starts `runback serve` on 127.0.0.1 on a free port (RUNBACK_DEBUG=0, a secret key,
   allowed hosts, RUNBACK_SECURE_SSL_REDIRECT=0 since it is plain HTTP on loopback,
   RUNBACK_WORKERS=2).
3. T client threads (default 8) log in as their own runners (real login POST with the
   CSRF token) and then, for S seconds (default 30), post the weekly status at
   /log/week/ (a fresh token each time, "another" ticked); one more thread measures
   GET /healthz. Prints check-ins per second, latency p50/p95/p99, errors (answers
   other than a 302 to the recorded entry, and "database is locked" in the server log)
   and healthz answers per second.
4. Checks the store afterwards: new events == recorded answers, tokens unique, every
   runner's seq gap-free, and every stored snapshot equals a fresh full fold
   (`rehab.checkin.folding.simulate_whole_history` with the snapshot's as_of; the stored advice with
   the closed sessions and weeks it keeps in their own tables), and the progress page's
   stored entries equal those of the history.

--scale-out (PostgreSQL only) starts two servers on two ports sharing the database;
the threads are spread over both and all post for the SAME runner at once (in lockstep,
over --hot runners, default 3), then the same checks show whether anything was lost or
doubled. --quick is a smoke run: 2 runners, 2 weeks, 3 seconds, 2 threads.

Loopback only; every loop is bounded in time and count; the servers are always stopped.
The figures depend on the machine (and on whatever else runs on it).
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PASSWORD = "load-test-password-2026"  # throw-away accounts, throw-away database
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
MAX_REQUESTS_PER_THREAD = 200_000  # a bound besides the time limit
HTTP_TIMEOUT = 30.0


# --- the database and the environment ---------------------------------------------------


def _environment(data_dir: Path, database_url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RUNBACK_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="runback.config.settings",
        RUNBACK_DEBUG="0",
        RUNBACK_SECRET_KEY=secrets.token_urlsafe(50),
        RUNBACK_ALLOWED_HOSTS=f"{HOST},localhost",
        RUNBACK_SECURE_SSL_REDIRECT="0",
        RUNBACK_WORKERS="2",
        RUNBACK_DATA_DIR=str(data_dir),
        RUNBACK_LOG_LEVEL="WARNING",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@contextmanager
def _postgres_database() -> Iterator[str]:
    """A fresh database for this run, dropped afterwards (even after an error)."""
    import psycopg

    name = f"runback_load_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _django_setup(env: dict[str, str]) -> None:
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


# --- seeding --------------------------------------------------------------------------------


def history_payloads(*, start: date, weeks: int) -> list[dict[str, Any]]:
    """`weeks` weeks from `start`: runs on days 1, 3, 5 answered the next morning, a
    strength log on day 6 and the weekly status on day 7. For a runner with no events
    yet, so the n-th payload gets the id e<n>."""
    payloads: list[dict[str, Any]] = []
    for w in range(weeks):
        week = start + timedelta(days=7 * w)
        for d in (1, 3, 5):
            day = week + timedelta(days=d)
            payloads.append(
                {
                    "type": "run",
                    "date": day.isoformat(),
                    "pain_before": 1,
                    "pain_during": 2,
                    "pain_after": 2,
                }
            )
            run_id = f"e{len(payloads)}"
            next_morning = (day + timedelta(days=1)).isoformat()
            payloads.append(
                {"type": "followup", "session": run_id, "date": next_morning, "pain": 1}
            )
        payloads.append(
            {
                "type": "strength",
                "date": (week + timedelta(days=6)).isoformat(),
                "exercise": "split_squat",
                "sets_planned": 3,
                "sets_done": 3,
                "load_kg": 10 + w,
                "technique_ok": True,
            }
        )
        payloads.append(
            {"type": "status", "date": (week + timedelta(days=7)).isoformat(), "pain_week_avg": 2}
        )
    return payloads


def seed(*, runners: int, weeks: int) -> tuple[list[str], int]:
    """Create the runners with their histories; returns their emails and events each."""
    from django.db import transaction

    from runback.accounts.services import consent_give, user_create
    from runback.common.clock import today
    from runback.config.demo import BASE_ANSWERS  # the demo runners' intake answers
    from runback.rehab.checkin.recording import events_record
    from runback.rehab.intake.services import profile_save

    start = today() - timedelta(days=7 * weeks + 1)  # the last status is yesterday's
    history = history_payloads(start=start, weeks=weeks)
    emails = []
    for n in range(runners):
        email = f"runner{n}@load.example.org"
        with transaction.atomic():
            user = user_create(email=email, password=PASSWORD, name=f"Runner {n}")
            consent_give(user=user, language="da")
            answers = {**BASE_ANSWERS, "start_date": start.isoformat()}
            profile_save(runner=user, answers=answers, completed=True, author=user)
            events_record(runner=user, author=user, payloads=[dict(p) for p in history])
        emails.append(email)
    return emails, len(history)


# --- the servers --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    log: IO[bytes]


def _runback_command() -> list[str]:
    script = Path(sys.executable).parent / "runback"
    return [str(script)] if script.exists() else [sys.executable, "-m", "runback.cli"]


def server_start(*, env: dict[str, str], data_dir: Path, name: str) -> Server:
    """`runback serve` on a free loopback port, in its own process group; waits until
    /healthz answers (at most two minutes)."""
    port = _free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir.parent / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [*_runback_command(), "serve", "--host", HOST, "--port", str(port)],
        env={**env, "RUNBACK_DATA_DIR": str(data_dir)},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=data_dir,
        start_new_session=True,
    )
    server = Server(port=port, process=process, log_path=log_path, log=log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        with suppress(OSError):
            if Client(port).request("GET", "/healthz")[0] == 200:
                return server
        time.sleep(0.2)
    server_stop(server)
    raise RuntimeError(f"the server did not start; its log: {log_path.read_text()[-3000:]}")


def server_stop(server: Server) -> None:
    """SIGTERM to the server's own process group (gunicorn and its workers), then KILL."""
    if server.process.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=30)
    server.log.close()


# --- the clients --------------------------------------------------------------------------


class Client:
    """One browser: its own cookies (kept by hand: production cookies are Secure, which a
    cookie jar would not send over plain HTTP on loopback). One connection per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=HTTP_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                self._keep(header)
            return response.status, response.getheader("Location") or ""
        finally:
            connection.close()

    def _keep(self, header: str) -> None:
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        for key, morsel in cookie.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(key, None)
            else:
                self.cookies[key] = morsel.value

    def login(self, email: str, password: str = PASSWORD) -> bool:
        self.request("GET", "/accounts/login/")
        form = {
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            "username": email,
            "password": password,
        }
        status, _location = self.request("POST", "/accounts/login/", form)
        return status == 302 and "sessionid" in self.cookies

    def status_post(self, day: str, token: str) -> tuple[int, str]:
        form = {
            "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            "token": token,
            "date": day,
            "pain_week_avg": "2",
            "anything_new": "no",
            "another": "on",
        }
        return self.request("POST", "/log/week/", form)


@dataclass
class Stats:
    latencies_ms: list[float] = field(default_factory=list)
    recorded_tokens: list[str] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)
    logins: int = 0
    login_failures: int = 0

    def add(self, status: int, location: str, token: str, elapsed_ms: float) -> None:
        self.latencies_ms.append(elapsed_ms)
        if status == 302 and "/log/done/" in location:
            self.recorded_tokens.append(token)
            self.answers["302 recorded"] += 1
        elif status == 302:
            self.answers[f"302 to {location}"] += 1
        else:
            self.answers[str(status)] += 1


@dataclass
class Plan:
    """Who posts what: per thread, the port and the runners (emails) it logs in as."""

    ports: list[int]
    runners_of_thread: list[list[str]]
    seconds: float
    today: str
    lockstep: bool  # all threads post for the same runner at the same moment


def _login_all(client_port: int, emails: list[str], stats: Stats) -> list[Client]:
    clients = []
    for email in emails:
        client = Client(client_port)
        if client.login(email):
            stats.logins += 1
            clients.append(client)
        else:
            stats.login_failures += 1
    return clients


def _post_loop(
    clients: list[Client],
    plan: Plan,
    stats: Stats,
    step: threading.Barrier | None,
) -> None:
    deadline = time.monotonic() + plan.seconds
    for n in range(MAX_REQUESTS_PER_THREAD):
        if time.monotonic() >= deadline or not clients:
            break
        if step is not None:
            step.wait(timeout=60)  # everyone posts for the same runner now
        client = clients[n % len(clients)]
        token = uuid.uuid4().hex
        started = time.perf_counter()
        try:
            status, location = client.status_post(plan.today, token)
        except OSError as error:
            status, location = 0, type(error).__name__
        stats.add(status, location, token, (time.perf_counter() - started) * 1000)


def client_thread(
    index: int,
    plan: Plan,
    stats: Stats,
    start: threading.Barrier,
    step: threading.Barrier | None,
) -> None:
    try:
        port = plan.ports[index % len(plan.ports)]
        clients = _login_all(port, plan.runners_of_thread[index], stats)
        start.wait(timeout=300)
        _post_loop(clients, plan, stats, step)
    except threading.BrokenBarrierError:
        pass
    finally:
        if step is not None:
            step.abort()  # the others stop waiting for this thread


@dataclass
class Health:
    ok: int = 0
    failed: int = 0
    latencies_ms: list[float] = field(default_factory=list)


def healthz_thread(port: int, seconds: float, health: Health, start: threading.Barrier) -> None:
    with suppress(threading.BrokenBarrierError):
        start.wait(timeout=300)
    client = Client(port)
    deadline = time.monotonic() + seconds
    for _ in range(MAX_REQUESTS_PER_THREAD):
        if time.monotonic() >= deadline:
            break
        started = time.perf_counter()
        try:
            ok = client.request("GET", "/healthz")[0] == 200
        except OSError:
            ok = False
        health.latencies_ms.append((time.perf_counter() - started) * 1000)
        health.ok += ok
        health.failed += not ok


def run_clients(plan: Plan) -> tuple[list[Stats], Health, float, float]:
    """The client threads and the healthz thread; returns their figures, the login time
    and the measured time (from the start signal to the last thread's end)."""
    threads_count = len(plan.runners_of_thread)
    start = threading.Barrier(threads_count + 2)
    step = threading.Barrier(threads_count) if plan.lockstep else None
    stats = [Stats() for _ in range(threads_count)]
    health = Health()
    threads = [
        threading.Thread(target=client_thread, args=(i, plan, stats[i], start, step), daemon=True)
        for i in range(threads_count)
    ]
    threads.append(
        threading.Thread(
            target=healthz_thread, args=(plan.ports[0], plan.seconds, health, start), daemon=True
        )
    )
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    start.wait(timeout=300)
    logged_in = time.perf_counter()
    for thread in threads:
        thread.join(timeout=plan.seconds + 120)
    return stats, health, logged_in - began, time.perf_counter() - logged_in


# --- the checks afterwards -------------------------------------------------------------------


def store_check(*, events_before: int, recorded_tokens: list[str]) -> list[str]:
    """Lost or doubled events, reused tokens, gaps in seq, stale snapshots: what is wrong."""
    from django.db.models import Count

    from runback.accounts.models import User
    from runback.engine.history import effective_payloads
    from runback.rehab.charts import CHARTED
    from runback.rehab.checkin.folding import recorded_payloads, simulate_whole_history
    from runback.rehab.models import Event, ProgressEntry, RunnerProfile, Snapshot
    from runback.rehab.selectors import output_with_every_session

    problems = []
    new_events = Event.objects.count() - events_before
    if new_events != len(recorded_tokens):
        problems.append(f"{new_events} new events for {len(recorded_tokens)} recorded answers")
    if len(set(recorded_tokens)) != len(recorded_tokens):
        problems.append("a token was posted twice")
    stored = Event.objects.filter(client_token__in=recorded_tokens).count()
    if stored != len(recorded_tokens):
        problems.append(f"{stored} stored tokens for {len(recorded_tokens)} recorded answers")
    reused = Event.objects.exclude(client_token=None).values("client_token")
    if reused.annotate(n=Count("id")).filter(n__gt=1).exists():
        problems.append("a token is stored on two events")
    for profile in RunnerProfile.objects.select_related("runner"):
        runner: User = profile.runner
        payloads = recorded_payloads(runner)
        seqs = list(
            Event.objects.filter(runner=runner).order_by("seq").values_list("seq", flat=True)
        )
        if seqs != list(range(1, len(seqs) + 1)):
            problems.append(f"{runner.email}: seq has gaps")
        snapshot = Snapshot.objects.get(runner=runner)
        fresh = simulate_whole_history(
            answers=profile.answers, payloads=payloads, as_of=snapshot.as_of, runner=runner
        )
        # the advice with the closed sessions and weeks stored once each
        every = output_with_every_session(runner=runner, output=snapshot.output)
        if every != fresh or snapshot.event_count != len(payloads):
            problems.append(f"{runner.email}: the stored snapshot differs from a fresh fold")
        charted = ProgressEntry.objects.filter(runner=runner).order_by("id")
        if list(charted.values_list("payload", flat=True)) != [
            p for p in effective_payloads(payloads) if p.get("type") in CHARTED
        ]:
            problems.append(f"{runner.email}: the progress entries differ from the history")
    return problems


def _events_count() -> int:
    from runback.rehab.models import Event

    return Event.objects.count()


# --- reporting --------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _locked_count(servers: list[Server]) -> int:
    return sum(s.log_path.read_text(errors="replace").count("database is locked") for s in servers)


def report(
    stats: list[Stats], health: Health, login_s: float, measured_s: float, servers: list[Server]
) -> list[str]:
    latencies = [ms for s in stats for ms in s.latencies_ms]
    answers: Counter[str] = sum((s.answers for s in stats), Counter())
    recorded = answers["302 recorded"]
    errors = {k: v for k, v in answers.items() if k != "302 recorded"}
    logins = sum(s.logins for s in stats)
    failures = sum(s.login_failures for s in stats)
    lines = [
        f"logins: {logins} in {login_s:.1f} s ({failures} failed)",
        f"check-ins: {len(latencies)} posted in {measured_s:.1f} s = "
        f"{len(latencies) / measured_s:.1f}/s; recorded (302) {recorded} = "
        f"{recorded / measured_s:.1f}/s",
        f"latency ms: p50 {percentile(latencies, 50):.0f}, p95 {percentile(latencies, 95):.0f}, "
        f"p99 {percentile(latencies, 99):.0f}, max {max(latencies, default=float('nan')):.0f}",
        f"errors: {sum(errors.values())} other answers {dict(errors) or ''}".rstrip(),
        f'"database is locked" in the server log: {_locked_count(servers)}',
        f"healthz: {health.ok} ok in {measured_s:.1f} s = {health.ok / measured_s:.1f}/s "
        f"(p50 {percentile(health.latencies_ms, 50):.0f} ms, "
        f"p95 {percentile(health.latencies_ms, 95):.0f} ms, {health.failed} failed)",
    ]
    return lines


# --- main ---------------------------------------------------------------------------------------


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runners", type=int, default=50)
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--hot", type=int, default=3, help="runners shared in --scale-out")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--scale-out", action="store_true", help="two servers (PostgreSQL)")
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    args = parser.parse_args(argv)
    if args.quick:
        args.runners, args.weeks, args.seconds, args.threads = 2, 2, 3.0, 2
        args.hot = min(args.hot, 2)
    if args.scale_out and not args.postgres:
        parser.error("--scale-out needs --postgres (SQLite is one machine's file)")
    if args.runners < 1 or args.threads < 1 or args.weeks < 1 or not 0 < args.seconds <= 600:
        parser.error("runners, threads and weeks at least 1; seconds in (0, 600]")
    return args


def _plan(args: argparse.Namespace, emails: list[str], ports: list[int]) -> Plan:
    from runback.common.clock import today

    if args.scale_out:
        hot = emails[: max(1, args.hot)]
        runners_of_thread = [list(hot) for _ in range(args.threads)]
    else:
        runners_of_thread = [emails[i :: args.threads] for i in range(args.threads)]
    return Plan(
        ports=ports,
        runners_of_thread=runners_of_thread,
        seconds=args.seconds,
        today=today().isoformat(),
        lockstep=args.scale_out,
    )


def _measure(args: argparse.Namespace, env: dict[str, str], folder: Path) -> int:
    started = time.perf_counter()
    _django_setup(env)
    emails, per_runner = seed(runners=args.runners, weeks=args.weeks)
    print(
        f"seeding: {len(emails)} runners x {per_runner} events ({args.weeks} weeks) "
        f"in {time.perf_counter() - started:.1f} s (migrate included)",
        flush=True,
    )
    from django.db import connections

    connections.close_all()  # the servers have the database to themselves meanwhile
    events_before = _events_count()
    connections.close_all()
    servers: list[Server] = []
    try:
        for n in range(2 if args.scale_out else 1):
            servers.append(server_start(env=env, data_dir=folder / f"data{n}", name=f"server{n}"))
        plan = _plan(args, emails, [s.port for s in servers])
        stats, health, login_s, measured_s = run_clients(plan)
    finally:
        for server in servers:
            server_stop(server)
    for line in report(stats, health, login_s, measured_s, servers):
        print(line)
    tokens = [t for s in stats for t in s.recorded_tokens]
    problems = store_check(events_before=events_before, recorded_tokens=tokens)
    print(
        f"store: {len(tokens)} recorded answers, {_events_count() - events_before} new events; "
        + (
            "; ".join(problems)
            if problems
            else "none lost or doubled, tokens unique, every snapshot equals a fresh full fold"
        )
    )
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"load: {database}, {args.runners} runners, {args.threads} threads, {args.seconds:g} s, "
        f"{'two servers' if args.scale_out else 'one server'} x 2 workers, "
        f"{os.cpu_count()} CPUs on this machine",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="runback-load-") as tmp:
        folder = Path(tmp)
        if not args.postgres:
            return _measure(args, _environment(folder / "data0", ""), folder)
        with _postgres_database() as url:
            return _measure(args, _environment(folder / "data0", url), folder)


if __name__ == "__main__":
    sys.exit(main())
