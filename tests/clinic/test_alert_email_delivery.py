"""A red flag's email is marked sent only when the mail server accepted it; while it fails
(and after it failed for good) the clinic's overview says so: "E-mail ikke leveret"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.mail.backends import locmem
from django.utils import timezone
from tests.clinic.conftest import flag, login
from tests.histories import give_intake

from runback.accounts.models import User
from runback.clinic.models import Alert
from runback.outbox import services
from runback.outbox.models import Email, EmailStatus

pytestmark = pytest.mark.django_db

UNDELIVERED = "E-mail ikke leveret"


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    state = {"down": True}
    send = locmem.EmailBackend.send_messages

    def maybe(self: Any, messages: Any) -> int:
        if state["down"]:
            raise ConnectionRefusedError(111, "Connection refused")
        return send(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", maybe)
    return state


def test_smtp_down_the_alert_is_not_emailed_the_overview_says_so_until_it_is(
    runner: User,
    clinician: User,
    smtp: dict[str, bool],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        give_intake(runner)
    flag(runner, ["TRIAGE-5"], django_capture_on_commit_callbacks)
    alert = Alert.objects.get(runner=runner)
    email = Email.objects.get(purpose="clinic.alert", about_id=alert.pk)
    assert email.status == EmailStatus.PENDING and email.sent_at is None
    assert email.attempts == 1 and mailoutbox == []
    client = login(clinician)
    page = client.get("/clinic/").content.decode()
    assert UNDELIVERED in page and "alert-email-undelivered" in page
    # Failed for good: still shown.
    settings.RUNBACK_EMAIL_MAX_ATTEMPTS = 2
    Email.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    services.deliver_due()
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert UNDELIVERED in client.get("/clinic/").content.decode()
    # The mail server is back; the operator retries: sent once, and the mark goes.
    smtp["down"] = False
    assert services.retry_failed(purpose="clinic.alert") == 1
    services.deliver_due()
    services.deliver_due(now=timezone.now() + timedelta(hours=3))
    assert [m.to for m in mailoutbox] == [[clinician.email]]
    assert UNDELIVERED not in client.get("/clinic/").content.decode()


def test_an_alert_whose_process_died_before_queueing_is_emailed_by_the_sweep(
    flagged_runner: User, clinician: User, mailoutbox: list[Any], time_machine: Any
) -> None:
    """The state a web process killed after storing the alert leaves: no outbox row,
    `emailed_at` empty. The next sweep (worker, `runback outbox send`) queues and sends."""
    alert = Alert.objects.get(runner=flagged_runner)
    Email.objects.all().delete()
    Alert.objects.filter(pk=alert.pk).update(emailed_at=None)
    mailoutbox.clear()
    time_machine.move_to(timezone.now() + timedelta(minutes=3), tick=False)
    services.deliver_due()
    time_machine.move_to(timezone.now() + timedelta(minutes=3), tick=False)
    services.deliver_due()
    assert [m.to for m in mailoutbox] == [[clinician.email]]
    services.deliver_due()
    assert len(mailoutbox) == 1
