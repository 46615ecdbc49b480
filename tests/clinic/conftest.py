"""Personas of the clinic side, besides tests/conftest.py's."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.conftest import PASSWORD
from tests.histories import give_intake

from runback.accounts.models import Clinic, Role, User
from runback.accounts.services import user_create
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_queries(client: Client, url: str) -> int:
    """The SQL queries of a second GET of `url` (the first may fill caches), which must
    answer 200."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def clinic_admin(clinic: Clinic) -> User:
    return user_create(
        email="admin@example.com", password=PASSWORD, role=Role.CLINIC_ADMIN, clinic=clinic
    )


@pytest.fixture
def other_clinician(other_clinic: Clinic) -> User:
    return user_create(
        email="other.clinician@example.com",
        password=PASSWORD,
        role=Role.CLINICIAN,
        clinic=other_clinic,
    )


def flag(runner: User, flags: list[str], capture: Any) -> None:
    """The runner reports red flags; the on-commit hook runs (alerts, email)."""
    with capture(execute=True):
        event_record(
            runner=runner,
            author=runner,
            payload={"type": "red_flag", "date": today().isoformat(), "flags": flags},
        )


@pytest.fixture
def flagged_runner(runner: User, clinician: User, django_capture_on_commit_callbacks: Any) -> User:
    with django_capture_on_commit_callbacks(execute=True):
        give_intake(runner)
    flag(runner, ["TRIAGE-5"], django_capture_on_commit_callbacks)
    return runner
