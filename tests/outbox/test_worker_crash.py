"""A task killed mid-way is picked up again after the timeout and finishes, once: the
state a kill -9 leaves, and a real `runback worker` killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from runback.outbox import services
from runback.outbox.models import Email, EmailStatus
from runback.outbox.services import outbox_deliver
from runback.outbox.worker import ABANDONED, tasks_stale_recover
from tests.outbox.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[2]
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queue() -> Email:
    return services.email_queue(
        key="crash:1",
        purpose="accounts.template",
        params={
            "to": "someone@example.org",
            "template": "signup_welcome",
            "language": "da",
            "context": {"base_url": "http://testserver"},
        },
        dispatch=False,
    )


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_runs_again_after_the_timeout(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    email = _queue()
    result = outbox_deliver.enqueue(email.pk)
    # What a worker killed after claiming leaves: RUNNING, one worker id, the email claimed.
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("killed-worker")
    Email.objects.filter(pk=email.pk).update(
        attempts=1, claim="dead", claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert tasks_stale_recover() == {"reset": 0, "failed": 0}  # not past the timeout yet
    later = timezone.now() + timedelta(seconds=settings.RUNBACK_TASK_TIMEOUT_SECONDS + 1)
    assert tasks_stale_recover(now=later) == {"reset": 1, "failed": 0}
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and row.return_value == EmailStatus.SENT
    assert len(mail.outbox) == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_that_keeps_killing_its_worker_is_failed_not_looped(settings: Any) -> None:
    settings.TASKS = DB_TASKS
    result = outbox_deliver.enqueue(_queue().pk)
    row = DBTaskResult.objects.get(pk=result.id)
    for n in range(settings.RUNBACK_TASK_MAX_CLAIMS):
        row.claim(f"worker-{n}")
        later = timezone.now() + timedelta(seconds=settings.RUNBACK_TASK_TIMEOUT_SECONDS + 1)
        tasks_stale_recover(now=later)
        row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == ABANDONED


def _env(tmp_path: Path, port: int, *, short: bool) -> dict[str, str]:
    timeouts = {"RUNBACK_TASK_TIMEOUT_SECONDS": "1", "RUNBACK_EMAIL_LEASE_SECONDS": "1"}
    return {
        **(timeouts if short else {}),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "RUNBACK_DATA_DIR": str(tmp_path),
        "RUNBACK_DEBUG": "1",
        "RUNBACK_TASK_WORKER": "1",
        "RUNBACK_EMAIL_HOST": "127.0.0.1",
        "RUNBACK_EMAIL_PORT": str(port),
        "RUNBACK_EMAIL_USE_TLS": "0",
    }


def _runback(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(ROOT / ".venv/bin/runback"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


SHOW = (
    "from django_tasks_db.models import DBTaskResult as T; from runback.outbox.models "
    "import Email as E; print([t.status for t in T.objects.all()], "
    "[(e.status, e.attempts) for e in E.objects.all()])"
)
QUEUE = (
    "from runback.outbox.services import email_queue; email_queue(key='kill:1', "
    "purpose='accounts.template', params={'to': 'k@example.org', 'template': "
    "'signup_welcome', 'language': 'da', 'context': {'base_url': 'http://x'}})"
)


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9")
def test_runback_worker_killed_with_sigkill_mid_send_then_restarted(tmp_path: Path) -> None:
    """A real worker blocks in a mail server that never answers and is killed with
    SIGKILL: the task stays RUNNING (or READY, when the worker's sweep was sending it).
    A restarted worker resets it after the timeout, the sender's lease runs out, and the
    email reaches the (now answering) server once."""
    with SmtpSink(mode="hang") as hanging:
        env = _env(tmp_path, hanging.port, short=True)
        _runback(env, "manage", "migrate", "-v", "0")
        _runback(env, "manage", "shell", "-c", QUEUE)
        worker = subprocess.Popen(
            [str(ROOT / ".venv/bin/runback"), "worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert hanging.hanging.wait(60), "the worker never reached the mail server"
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
        # Killed in the send, by the task or by the worker's own sweep (whichever came
        # first): the email claimed once and not sent; the task not finished.
        assert _runback(env, "manage", "shell", "-c", SHOW) in (
            "['RUNNING'] [('pending', 1)]",
            "['READY'] [('pending', 1)]",
        )
    time.sleep(1.5)  # past RUNBACK_TASK_TIMEOUT_SECONDS and the lease
    with SmtpSink() as answering:
        env = _env(tmp_path, answering.port, short=True)
        _runback(env, "worker", "--batch")
        assert len(answering.messages) == 1
        _runback(env, "worker", "--batch")
        assert len(answering.messages) == 1
        assert _runback(env, "manage", "shell", "-c", SHOW).strip() == (
            "['SUCCESSFUL'] [('sent', 2)]"
        )
