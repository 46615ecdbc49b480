"""Personas shared by the web app's tests (healthchecks style: built once per test).

- anonymous: nobody logged in
- runner: a runner of "Testklinik" with consent
- other_runner: a runner of another clinic; nobody here may ever see their data.
  Their email and name are unique markers searched for in every response.
- clinician: a clinician of "Testklinik" (sees `runner`, never `other_runner`)
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from runback.accounts.models import Clinic, Role, User
from runback.accounts.services import clinic_create, consent_give, user_create
from runback.rehab.services import event_record, today
from tests.personas import give_intake, log_run

PASSWORD = "correct-horse-battery-staple"
OTHER_MARKERS = ("zebra.otherrunner@example.org", "Zebra Otherrunner")


@pytest.fixture
def clinic(db: None) -> Clinic:
    return clinic_create(name="Testklinik")


@pytest.fixture
def other_clinic(db: None) -> Clinic:
    return clinic_create(name="Anden Klinik")


@pytest.fixture
def runner(clinic: Clinic) -> User:
    user = user_create(
        email="runner@example.com", password=PASSWORD, clinic=clinic, name="Rita Runner"
    )
    consent_give(user=user, language="da")
    return user


@pytest.fixture
def other_runner(other_clinic: Clinic) -> User:
    user = user_create(
        email=OTHER_MARKERS[0], password=PASSWORD, clinic=other_clinic, name=OTHER_MARKERS[1]
    )
    consent_give(user=user, language="da")
    # A history, so that every page has something of theirs to leak if it could.
    give_intake(user, start_date=(today()).isoformat())
    session = log_run(user, days_ago=2, pain=3)
    event_record(
        runner=user,
        author=user,
        payload={"type": "followup", "session": session, "date": today().isoformat(), "pain": 2},
    )
    return user


@pytest.fixture
def runner_with_plan(runner: User) -> User:
    give_intake(runner)
    return runner


@pytest.fixture
def runner_with_plan_client(runner_with_plan: User) -> Client:
    client = Client()
    client.force_login(runner_with_plan)
    return client


@pytest.fixture
def clinician(clinic: Clinic) -> User:
    return user_create(
        email="clinician@example.com", password=PASSWORD, role=Role.CLINICIAN, clinic=clinic
    )


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def runner_client(runner: User) -> Client:
    client = Client()
    client.force_login(runner)
    return client


@pytest.fixture
def other_runner_client(other_runner: User) -> Client:
    client = Client()
    client.force_login(other_runner)
    return client


@pytest.fixture
def clinician_client(clinician: User) -> Client:
    client = Client()
    client.force_login(clinician)
    return client


DB_FIXTURES = frozenset(
    {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
)


@pytest.fixture(autouse=True)
def _empty_cache(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Rate limits count in Django's cache, a table in the database: every test that uses
    the database starts from zero (a browser test's commits would otherwise carry over;
    the flush after it empties the models' tables only)."""
    if request.node.get_closest_marker("django_db") is None and not DB_FIXTURES & set(
        request.fixturenames
    ):
        return
    request.getfixturevalue("django_db_setup")
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()
