"""Password reset and sign-up do not tell who has an account: the request does the same
work for a known and an unknown address (it queues one outbox row), and no email is sent
before the response; the email goes out after it (counts of work, not timings)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.signals import request_finished
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from runback.accounts.models import Role
from runback.accounts.services import user_create
from runback.outbox import services
from runback.outbox.models import Email, EmailStatus

pytestmark = pytest.mark.django_db
KNOWN, UNKNOWN = "kendt@example.org", "ukendt@example.org"


def _shape(sql: str) -> str:
    """A statement without its values (the addresses, keys and times differ)."""
    return re.sub(r"'[^']*'|\b\d+\b|\"s\d+_x\d+\"", "?", sql)


def _in_request(client: Client, url: str, data: dict[str, str]) -> tuple[list[str], int]:
    """The statements the view ran and the emails sent before the response was done."""
    request_finished.disconnect(dispatch_uid="outbox_deliver")
    try:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, data)
        assert response.status_code == 302
        sent = len(mail.outbox)
    finally:
        request_finished.connect(services.request_deliver, dispatch_uid="outbox_deliver")
    return [_shape(q["sql"]) for q in captured.captured_queries], sent


def test_reset_does_the_same_work_for_a_known_and_an_unknown_address() -> None:
    user_create(email=KNOWN, password="a-long-password-1", role=Role.RUNNER)
    # From two clients, so that each request's rate-limit counters are new alike.
    url = "/accounts/password/reset/"
    known, known_sent = _in_request(Client(REMOTE_ADDR="198.51.100.1"), url, {"email": KNOWN})
    unknown, unknown_sent = _in_request(Client(REMOTE_ADDR="198.51.100.2"), url, {"email": UNKNOWN})
    assert known == unknown
    assert any("outbox_email" in q for q in known)
    assert known_sent == unknown_sent == 0  # nothing sent inside the request
    assert Email.objects.filter(purpose="accounts.password_reset").count() == 2
    # After the response: the known address gets its email, the unknown one nothing.
    assert services.deliver_due(limit=10, now=None) == {}  # fresh: sent by their process
    for email in Email.objects.all():
        services.deliver(email.pk)
    assert [m.to for m in mail.outbox] == [[KNOWN]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    statuses = dict(Email.objects.values_list("params__email", "status"))
    assert statuses == {KNOWN: EmailStatus.SENT, UNKNOWN: EmailStatus.SKIPPED}


def test_reset_email_goes_out_when_the_response_is_done_without_a_worker(
    client: Client,
) -> None:
    user_create(email=KNOWN, password="a-long-password-1", role=Role.RUNNER)
    client.post("/accounts/password/reset/", {"email": KNOWN})  # request_finished ran
    assert [m.to for m in mail.outbox] == [[KNOWN]]
    assert Email.objects.get().status == EmailStatus.SENT


def test_sign_up_with_a_known_address_queues_its_email_not_sends_it_in_the_request() -> None:
    user_create(email=KNOWN, password="a-long-password-1", role=Role.RUNNER)
    data = {"email": KNOWN, "password": "another-long-password-2", "consent": "on"}
    _queries, sent = _in_request(Client(), "/accounts/signup/", data)
    assert sent == 0
    assert Email.objects.filter(params__template="signup_existing").count() == 1
