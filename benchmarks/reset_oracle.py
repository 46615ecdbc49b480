"""Does the password-reset answer's timing tell whether an address has an account?

    .venv/bin/python benchmarks/reset_oracle.py [--requests 12] [--delay 0.15]

Serves the app with gunicorn (`runback serve`, one sync worker, no task worker:
RUNBACK_TASK_WORKER=0) on a throw-away SQLite database, with a loopback SMTP server (the
test suite's `tests/outbox/smtp_sink.py`), once answering at once and once waiting
`--delay` seconds before every reply (a slow mail server). For each it POSTs the reset
form `--requests` times for a known and as often for an unknown address, alternating, and
times each answer as the client sees it (until the whole 302 is read). The rate-limit
counters are cleared between requests. Prints the medians and how many answers a
threshold halfway between the two medians classifies right (half is a coin toss).
Not a test: it prints."""

from __future__ import annotations

import argparse
import http.client
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.outbox.smtp_sink import SmtpSink  # noqa: E402

KNOWN, UNKNOWN = "kendt@example.org", "ukendt@example.org"


def _post(port: int, email: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/password/reset/")
    page = conn.getresponse()
    body = page.read().decode()
    cookie = page.getheader("Set-Cookie", "").split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token, "no CSRF token"
    form = f"csrfmiddlewaretoken={token.group(1)}&email={email}"
    conn.close()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    start = time.perf_counter()
    conn.request("POST", "/accounts/password/reset/", body=form, headers=headers)
    answer = conn.getresponse()
    answer.read()
    elapsed = time.perf_counter() - start
    conn.close()
    assert answer.status == 302, answer.status
    return elapsed * 1000


def _run(requests: int, delay: float, data: Path, port: int) -> tuple[list[float], list[float]]:
    with SmtpSink(delay=delay) as sink:
        env = {
            **os.environ,
            "RUNBACK_DATA_DIR": str(data),
            "RUNBACK_DEBUG": "1",
            "RUNBACK_TASK_WORKER": "0",
            "RUNBACK_EMAIL_HOST": "127.0.0.1",
            "RUNBACK_EMAIL_PORT": str(sink.port),
            "RUNBACK_EMAIL_USE_TLS": "0",
        }
        runback = str(ROOT / ".venv/bin/runback")
        subprocess.run([runback, "manage", "migrate", "-v", "0"], env=env, check=True)
        make_user = (
            "from runback.accounts.services import user_create; from runback.accounts.models "
            f"import User, Role; User.objects.filter(email='{KNOWN}').exists() or "
            f"user_create(email='{KNOWN}', password='a-long-password-1', role=Role.RUNNER)"
        )
        subprocess.run(
            [runback, "manage", "shell", "-c", make_user], env=env, check=True, capture_output=True
        )
        server = subprocess.Popen(
            [runback, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
                    break
                except OSError:
                    time.sleep(0.2)
            database = sqlite3.connect(data / "runback.sqlite3")
            known: list[float] = []
            unknown: list[float] = []
            for _ in range(requests):
                for email, times in ((KNOWN, known), (UNKNOWN, unknown)):
                    database.execute("DELETE FROM runback_cache")
                    database.commit()
                    times.append(_post(port, email))
            time.sleep(1 + 6 * delay)  # the last emails leave
            print(f"  the mail server got {len(sink.messages)} emails", file=sys.stderr)
        finally:
            server.terminate()
            server.wait(10)
    return known, unknown


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=12)
    parser.add_argument("--delay", type=float, default=0.15)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    print("password reset, answer time as the client sees it (ms, median)")
    print(f"{'mail server':<24} {'known':>8} {'unknown':>8}  classified right")
    for label, delay in (("loopback", 0.0), (f"loopback, {args.delay * 1000:.0f} ms", args.delay)):
        with tempfile.TemporaryDirectory() as folder:
            known, unknown = _run(args.requests, delay, Path(folder), args.port)
        k, u = statistics.median(known), statistics.median(unknown)
        threshold = (k + u) / 2
        slower_is_known = k >= u
        right = sum((t >= threshold) == slower_is_known for t in known)
        right += sum((t < threshold) == slower_is_known for t in unknown)
        total = len(known) + len(unknown)
        print(f"{label:<24} {k:8.1f} {u:8.1f}  {right} of {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
