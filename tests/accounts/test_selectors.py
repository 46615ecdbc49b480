"""runner_visible_to: the one rule for who sees whom."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from runback.accounts.models import Clinic, Role, User
from runback.accounts.selectors import audit_entries_for, runner_visible_to
from runback.accounts.services import user_create


@pytest.mark.django_db
def test_runner_sees_only_themself(runner: User, other_runner: User) -> None:
    assert list(runner_visible_to(user=runner)) == [runner]


@pytest.mark.django_db
def test_clinician_sees_the_runners_of_their_clinic(
    clinician: User, runner: User, other_runner: User
) -> None:
    assert list(runner_visible_to(user=clinician)) == [runner]


@pytest.mark.django_db
def test_anonymous_and_clinicless_staff_see_nobody(runner: User, other_runner: User) -> None:
    assert not runner_visible_to(user=AnonymousUser()).exists()
    loose = user_create(email="loose@example.com", password=None, role=Role.CLINICIAN)
    assert not runner_visible_to(user=loose).exists()
    superuser = User.objects.create_superuser("root@example.com", "x-long-password-1")
    assert not runner_visible_to(user=superuser).exists()


@pytest.mark.django_db
def test_inactive_runners_are_invisible(clinician: User, runner: User) -> None:
    runner.is_active = False
    runner.save()
    assert not runner_visible_to(user=clinician).exists()


@pytest.mark.django_db
def test_audit_log_follows_visibility(
    runner: User, other_runner: User, clinician: User, clinic: Clinic
) -> None:
    assert audit_entries_for(viewer=clinician, subject=runner).exists()
    assert not audit_entries_for(viewer=runner, subject=other_runner).exists()
    assert not audit_entries_for(viewer=clinician, subject=other_runner).exists()
