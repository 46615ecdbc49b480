"""The outbox: an email is marked sent only when the mail server accepted it, retried with
backoff, sent once, and never by two senders (docs/tasks.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone

from runback.outbox import services
from runback.outbox.models import Email, EmailStatus
from tests.outbox.smtp_sink import SmtpSink

pytestmark = pytest.mark.django_db


def _queue(key: str = "test:1") -> Email:
    return services.email_queue(
        key=key,
        purpose="accounts.template",
        params={
            "to": "someone@example.org",
            "template": "signup_welcome",
            "language": "da",
            "context": {"base_url": "http://testserver"},
        },
        dispatch=False,
    )


@pytest.fixture
def smtp_down(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    state = {"down": True}
    send = locmem.EmailBackend.send_messages

    def maybe(self: Any, messages: Any) -> int:
        if state["down"]:
            raise ConnectionRefusedError(111, "Connection refused")
        return send(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", maybe)
    return state


def test_smtp_down_is_not_sent_is_retried_with_backoff_and_sent_once(
    smtp_down: dict[str, bool], time_machine: Any
) -> None:
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    email = _queue()
    assert services.deliver(email.pk) == EmailStatus.PENDING
    email.refresh_from_db()
    assert email.sent_at is None and email.attempts == 1
    assert email.last_error == "ConnectionRefusedError"  # no address, no body
    assert email.next_attempt_at == start + timedelta(minutes=1)
    assert services.deliver_due() == {}  # not due yet: nothing is tried
    time_machine.move_to(start + timedelta(minutes=1), tick=False)
    assert services.deliver_due() == {EmailStatus.PENDING: 1}
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.next_attempt_at == start + timedelta(minutes=3)  # 1, then 2 minutes later
    smtp_down["down"] = False
    time_machine.move_to(start + timedelta(minutes=3), tick=False)
    assert services.deliver_due() == {EmailStatus.SENT: 1}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["someone@example.org"]
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.sent_at == start + timedelta(minutes=3)
    assert email.last_error == "" and email.claimed_until is None
    # Sent is sent: later sweeps and deliveries send nothing more.
    time_machine.move_to(start + timedelta(hours=2), tick=False)
    assert services.deliver_due() == {}
    assert services.deliver(email.pk) == "busy"
    assert len(mail.outbox) == 1


def test_backoff_doubles_up_to_an_hour() -> None:
    minutes = [services.backoff(n).total_seconds() / 60 for n in range(1, 10)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_after_the_last_attempt_it_is_failed_until_an_operator_retries(
    smtp_down: dict[str, bool], time_machine: Any, settings: Any
) -> None:
    settings.RUNBACK_EMAIL_MAX_ATTEMPTS = 3
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    email = _queue()
    for minutes in (0, 1, 3):
        time_machine.move_to(start + timedelta(minutes=minutes), tick=False)
        services.deliver(email.pk)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED and email.failed_at is not None
    assert services.undelivered().filter(pk=email.pk).exists()
    time_machine.move_to(start + timedelta(days=1), tick=False)
    assert services.deliver_due() == {}  # failed for good: no more tries on its own
    assert services.status_counts()[EmailStatus.FAILED] == 1
    smtp_down["down"] = False
    assert services.retry_failed() == 1
    assert services.deliver_due() == {EmailStatus.SENT: 1}
    assert len(mail.outbox) == 1


def test_queued_twice_is_one_email() -> None:
    first, second = _queue("same"), _queue("same")
    assert first.pk == second.pk and Email.objects.count() == 1
    services.deliver(first.pk)
    services.deliver(second.pk)
    assert len(mail.outbox) == 1


def test_two_senders_at_once_send_one_email(monkeypatch: pytest.MonkeyPatch) -> None:
    """A second sender arrives while the first is talking to the mail server: the row is
    claimed (the conditional UPDATE matched nothing for the second), so it sends nothing."""
    email = _queue()
    send = locmem.EmailBackend.send_messages
    second: list[str] = []

    def racing(self: Any, messages: Any) -> int:
        second.append(services.deliver(email.pk))
        second.append(str(services.deliver_due()))
        return send(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", racing)
    assert services.deliver(email.pk) == EmailStatus.SENT
    assert second == ["busy", "{}"]
    assert len(mail.outbox) == 1


def test_a_sender_killed_mid_send_lets_go_after_its_lease(time_machine: Any) -> None:
    """The state a kill -9 leaves: claimed, one attempt, never finished."""
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    email = _queue()
    Email.objects.filter(pk=email.pk).update(
        attempts=1, claim="dead", claimed_until=start + timedelta(minutes=2)
    )
    assert services.deliver_due() == {}  # still its sender's
    time_machine.move_to(start + timedelta(minutes=2, seconds=1), tick=False)
    assert services.deliver_due() == {EmailStatus.SENT: 1}
    assert len(mail.outbox) == 1


def test_an_email_whose_dispatch_died_is_sent_by_the_sweep(time_machine: Any) -> None:
    """The web process died after the commit, before it sent: the row waits, unclaimed."""
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    _queue()
    assert services.deliver_due() == {}  # fresh: its own process is sending it
    time_machine.move_to(start + timedelta(minutes=3), tick=False)
    assert services.deliver_due() == {EmailStatus.SENT: 1}


def test_nothing_to_send_for_an_address_without_an_account() -> None:
    email = services.email_queue(
        key="reset:1",
        purpose="accounts.password_reset",
        params={"email": "nobody@example.org", "domain": "x", "https": True, "language": "da"},
        dispatch=False,
    )
    assert services.deliver(email.pk) == EmailStatus.SKIPPED
    assert mail.outbox == []


def test_a_real_smtp_server_down_then_up(settings: Any) -> None:
    """Through Django's SMTP backend: a refusing server (421) is a failure kept for the
    retry; the same email is then accepted once, with the same Message-ID at each try."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", False, 5
    email = _queue()
    with SmtpSink(mode="refuse") as down:
        settings.EMAIL_PORT = down.port
        assert services.deliver(email.pk) == EmailStatus.PENDING
    email.refresh_from_db()
    assert email.last_error.startswith("SMTP") and email.sent_at is None
    Email.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    with SmtpSink() as up:
        settings.EMAIL_PORT = up.port
        assert services.deliver_due() == {EmailStatus.SENT: 1}
        assert services.deliver_due() == {}
    assert len(up.messages) == 1
    assert up.messages[0]["Message-ID"].endswith("@127.0.0.1>")


def test_in_a_request_it_is_sent_when_the_response_is_done() -> None:
    """Queued in a request: nothing is sent while the view runs; it is sent at
    `request_finished` (after the server has written the response)."""
    services.request_collect()
    email = services.email_queue(
        key="in-request",
        purpose="accounts.template",
        params={
            "to": "x@example.org",
            "template": "signup_welcome",
            "language": "da",
            "context": {"base_url": "http://testserver"},
        },
    )
    assert mail.outbox == []  # the view's time: nothing sent
    services.request_deliver()
    assert len(mail.outbox) == 1
    assert Email.objects.get(pk=email.pk).status == EmailStatus.SENT
