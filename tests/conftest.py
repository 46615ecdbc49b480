"""Personas shared by the web app's tests (healthchecks style: built once per test).

- anonymous: nobody logged in
- runner: a runner with consent who shares their record with "Testklinik"
- other_runner: a runner who shares with another clinic; nobody here may ever see their
  data. Their email and name are unique markers searched for in every response.
- clinician: a clinician of "Testklinik" (sees `runner` through the share, never
  `other_runner`)
"""

from __future__ import annotations

import os
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from runback.accounts.models import Clinic, Role, User
from runback.accounts.services import clinic_create, consent_give, user_create
from runback.clinic.services import share_create
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record
from tests.histories import give_intake, log_run

PASSWORD = "correct-horse-battery-staple"
OTHER_MARKERS = ("zebra.otherrunner@example.org", "Zebra Otherrunner")


# --- The test clock -------------------------------------------------------------------
# RUNBACK_TEST_TODAY=2026-03-29 (noon) or 2026-03-29T01:30 (local time in
# RUNBACK_TIME_ZONE, default Europe/Copenhagen; an explicit offset is kept) runs the
# suite with the clock set there for the whole session, ticking on. Browser tests are
# skipped then (the live server and Chromium keep the real clock). A test that depends
# on the date pins it itself with @pytest.mark.time_machine(...), which wins.
TEST_TODAY = "RUNBACK_TEST_TODAY"
_CLOCK = pytest.StashKey[datetime]()


def clock_start(value: str) -> datetime:
    """The moment RUNBACK_TEST_TODAY names, as an aware datetime."""
    zone = ZoneInfo(os.environ.get("RUNBACK_TIME_ZONE") or "Europe/Copenhagen")
    moment = datetime.fromisoformat(value.strip())
    if len(value.strip()) == 10:  # a date alone: noon, far from midnight and DST changes
        moment = datetime.combine(moment.date(), time(12, 0))
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def pytest_configure(config: pytest.Config) -> None:
    value = os.environ.get(TEST_TODAY)
    if not value:
        return
    try:
        moment = clock_start(value)
    except ValueError as error:
        raise pytest.UsageError(f"{TEST_TODAY}={value!r}: {error}") from None
    # A timestamp, not the datetime: time-machine would otherwise change the process's TZ.
    traveller = time_machine.travel(moment.timestamp(), tick=True)
    traveller.start()
    config.add_cleanup(traveller.stop)
    config.stash[_CLOCK] = moment


def pytest_report_header(config: pytest.Config) -> str | None:
    moment = config.stash.get(_CLOCK, None)
    return f"clock: {TEST_TODAY} = {moment.isoformat()} (ticking)" if moment else None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.stash.get(_CLOCK, None) is None:
        return
    skip = pytest.mark.skip(reason=f"browser tests keep the real clock ({TEST_TODAY} is set)")
    for item in items:
        if item.get_closest_marker("e2e") or "/e2e/" in str(item.path):
            item.add_marker(skip)


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
    share_create(runner=user, clinic=clinic, language="da")
    return user


@pytest.fixture
def other_runner(other_clinic: Clinic) -> User:
    user = user_create(
        email=OTHER_MARKERS[0], password=PASSWORD, clinic=other_clinic, name=OTHER_MARKERS[1]
    )
    consent_give(user=user, language="da")
    share_create(runner=user, clinic=other_clinic, language="da")
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


DB_FIXTURES = frozenset({"db", "transactional_db", "live_server", "django_db_reset_sequences"})


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
