"""accounts:delete: erase the person and everything about them, after the password."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from tests.histories import give_intake, log_run

from runback.accounts.models import (
    AuditEntry,
    Clinic,
    Consent,
    ErasedBy,
    Erasure,
    Role,
    User,
)
from runback.accounts.services import consent_give, user_create
from runback.accounts.views import SIGNUP_EMAIL_SESSION_KEY
from runback.rehab.models import Event, RunnerProfile, Snapshot

URL = reverse("accounts:delete")


@pytest.mark.django_db
def test_wrong_password_deletes_nothing(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.post(URL, {"password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=runner_with_plan.pk).exists()


@pytest.mark.django_db
def test_delete_erases_the_person_and_their_history_only(
    runner_with_plan_client: Client, runner_with_plan: User, other_runner: User
) -> None:
    log_run(runner_with_plan, days_ago=1)
    other_events = Event.objects.filter(runner=other_runner).count()
    response = runner_with_plan_client.post(URL, {"password": "correct-horse-battery-staple"})
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=runner_with_plan.pk).exists()
    for model in (Event, RunnerProfile, Snapshot):
        assert not model.objects.filter(runner_id=runner_with_plan.pk).exists()
    assert not Consent.objects.filter(user_id=runner_with_plan.pk).exists()
    assert not AuditEntry.objects.filter(subject_id=runner_with_plan.pk).exists()
    assert Event.objects.filter(runner=other_runner).count() == other_events
    assert "_auth_user_id" not in runner_with_plan_client.session


@pytest.mark.django_db
def test_wrong_passwords_on_delete_count_towards_the_login_lockout(
    runner_client: Client, runner: User
) -> None:
    """Otherwise a stolen session could guess the password without limit."""
    login_url = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert runner_client.post(URL, {"password": "wrong"}).status_code == 200
    # The last failure is a login attempt: the same count, so it locks.
    assert Client().post(login_url, {"username": runner.email, "password": "x"}).status_code == 429
    # While locked, the right password deletes nothing.
    assert runner_client.post(URL, {"password": "correct-horse-battery-staple"}).status_code == 429
    assert User.objects.filter(pk=runner.pk).exists()


EMAIL = "erase.me@example.net"
IP = "198.51.100.77"
PASSWORD = "correct-horse-battery-staple"


def _every_text_value() -> list[tuple[str, str]]:
    """(table, value) for every text value in every table of the database."""
    values: list[tuple[str, str]] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                values.extend((table, str(value)) for value in row if value is not None)
    return values


def _rows_pointing_to(user_id: int) -> list[str]:
    """Rows that name `user_id`: foreign keys to users, the admin log, sessions."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is User
                and model._default_manager.filter(**{field.attname: user_id}).exists()
            ):
                found.append(f"{model._meta.label}.{field.name}")
    user_type = ContentType.objects.get_for_model(User)
    if LogEntry.objects.filter(content_type=user_type, object_id=str(user_id)).exists():
        found.append("admin.LogEntry.object_id")
    for session in Session.objects.all():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            found.append("sessions.Session")
    return found


@pytest.mark.django_db
def test_delete_erases_every_trace_and_keeps_an_erasure_record(
    clinic: Clinic, other_runner: User
) -> None:
    user = user_create(email=EMAIL, password=PASSWORD, clinic=clinic, name="Erik Erase")
    consent_give(user=user, language="da")
    give_intake(user)
    log_run(user, days_ago=1)
    # The login log: a failed and a successful login from the person's address (the
    # email typed in another case), and a second browser still logged in.
    client = Client(REMOTE_ADDR=IP)
    client.post(reverse("accounts:login"), {"username": EMAIL.upper(), "password": "wrong"})
    client.post(reverse("accounts:login"), {"username": EMAIL.title(), "password": PASSWORD})
    other_browser = Client(REMOTE_ADDR=IP)
    other_browser.post(reverse("accounts:login"), {"username": EMAIL, "password": PASSWORD})
    AccessAttempt.objects.create(
        username=f" {EMAIL.upper()} ",
        ip_address=IP,
        user_agent="phone",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data=f"username={EMAIL}",
        failures_since_start=1,
    )
    AccessFailureLog.objects.create(  # kept only when AXES_ENABLE_ACCESS_FAILURE_LOG is on
        username=EMAIL.title(),
        ip_address=IP,
        user_agent="phone",
        http_accept="*/*",
        path_info="/accounts/login/",
        locked_out=False,
    )
    assert AccessLog.objects.filter(ip_address=IP).exists()
    # Sessions that are not logged in but hold the email: a sign-up's "check your email"
    # page (another try with the same address, in any case), and any other value with it.
    signup_browser = Client(REMOTE_ADDR=IP)
    signup_browser.post(
        reverse("accounts:signup"),
        {"email": EMAIL.upper(), "password": "a-sore-back-2026", "consent": "on"},
    )
    assert signup_browser.session[SIGNUP_EMAIL_SESSION_KEY] == EMAIL
    elsewhere = SessionStore()
    elsewhere["note"] = {"seen": [f"Reset asked for <{EMAIL.title()}>."]}
    elsewhere.create()
    unrelated = SessionStore()
    unrelated["note"] = f"x{EMAIL}"  # somebody else's longer address
    unrelated.create()
    # The admin log: an administrator changed the person and their consent.
    admin_user = User.objects.create_superuser("admin@example.com", PASSWORD)
    for obj in (user, user.consents.get()):
        LogEntry.objects.log_actions(
            user_id=admin_user.pk, queryset=[obj], action_flag=CHANGE, change_message="checked"
        )
    # A clinician's audit entry on the person's record.
    clinician = user_create(email="klin@example.com", password=None, role=Role.CLINICIAN)
    user.log_action("accounts.record.viewed", actor=clinician)
    other_logins = AccessLog.objects.exclude(ip_address=IP).count()
    user_id = user.pk

    response = client.post(URL, {"password": PASSWORD})
    assert response["Location"] == reverse("home")

    assert not User.objects.filter(pk=user_id).exists()
    for table, value in _every_text_value():
        assert EMAIL not in value.lower(), f"{table} still holds the email"
        assert IP not in value, f"{table} still holds the address"
    assert _rows_pointing_to(user_id) == []
    for session in Session.objects.all():  # session data is encoded: look inside
        decoded = json.dumps(session.get_decoded()).lower()
        assert EMAIL not in decoded.replace(f"x{EMAIL}", ""), "a session still holds the email"
    assert not Session.objects.filter(session_key=elsewhere.session_key).exists()
    assert Session.objects.filter(session_key=unrelated.session_key).exists()
    assert signup_browser.get(reverse("accounts:signup_done"))["Location"] == reverse(
        "accounts:signup"
    )
    # Other people's traces stay.
    assert Event.objects.filter(runner=other_runner).exists()
    assert AccessLog.objects.exclude(ip_address=IP).count() == other_logins
    assert User.objects.filter(pk=admin_user.pk).exists()
    # The erasure is recorded, with nothing personal in it.
    erasure = Erasure.objects.get()
    assert erasure.clinic == clinic
    assert erasure.account_role == Role.RUNNER
    assert erasure.erased_by == ErasedBy.SELF
    assert erasure.removed["accounts.User"] == 1
    assert erasure.removed["accounts.Consent"] == 1
    assert erasure.removed["accounts.AuditEntry"] >= 4  # created, consent, intake, viewed
    assert erasure.removed["rehab.Event"] == 1
    assert erasure.removed["rehab.RunnerProfile"] == 1
    assert erasure.removed["rehab.Snapshot"] == 1
    assert erasure.removed["axes.AccessLog"] == 2
    assert erasure.removed["axes.AccessFailureLog"] == 1
    assert erasure.removed["axes.AccessAttempt"] >= 1
    assert erasure.removed["admin.LogEntry"] == 2
    assert erasure.removed["sessions.Session"] >= 3  # the other browser's, sign-up's, note's
    fields = {f.name for f in Erasure._meta.concrete_fields}
    assert fields == {"id", "erased_at", "clinic", "account_role", "erased_by", "removed"}
    assert other_browser.get(reverse("accounts:account")).status_code == 302  # logged out


@pytest.mark.django_db
def test_deleting_a_person_in_the_admin_erases_them_too(clinic: Clinic) -> None:
    user = user_create(email=EMAIL, password=PASSWORD, clinic=clinic)
    consent_give(user=user, language="da")
    admin_user = User.objects.create_superuser("admin@example.com", PASSWORD)
    admin = Client()
    admin.force_login(admin_user)
    url = reverse("admin:accounts_user_delete", args=[user.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert not User.objects.filter(email=EMAIL).exists()
    for table, value in _every_text_value():
        assert EMAIL not in value.lower(), f"{table} still holds the email"
    erasure = Erasure.objects.get()
    assert erasure.erased_by == ErasedBy.ADMIN
    assert erasure.clinic == clinic
    # The bulk action in the user list does the same.
    second = user_create(email="second@example.net", password=None)
    changelist = reverse("admin:accounts_user_changelist")
    response = admin.post(
        changelist, {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert Erasure.objects.filter(erased_by=ErasedBy.ADMIN).count() == 2
    assert not any("second@example.net" in value for _, value in _every_text_value())


@pytest.mark.django_db
def test_delete_keeps_the_traces_of_somebody_with_a_longer_similar_email(
    clinic: Clinic,
) -> None:
    user = user_create(email=EMAIL, password=PASSWORD, clinic=clinic)
    similar = user_create(email=f"x{EMAIL}", password=PASSWORD, clinic=clinic)
    for person in (user, similar):
        Client(REMOTE_ADDR=IP).post(
            reverse("accounts:login"), {"username": person.email, "password": PASSWORD}
        )
    admin_user = User.objects.create_superuser("admin@example.com", PASSWORD)
    LogEntry.objects.log_actions(
        user_id=admin_user.pk, queryset=[similar], action_flag=CHANGE, change_message="x"
    )
    client = Client()
    client.force_login(user)
    client.post(URL, {"password": PASSWORD})
    assert AccessLog.objects.filter(username=similar.email).count() == 1
    assert LogEntry.objects.filter(object_repr=similar.email).count() == 1
    assert Erasure.objects.get().removed.get("admin.LogEntry") is None
