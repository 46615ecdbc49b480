"""The assessment pages and emails in English, for a person who chose English."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from runback.accounts.models import User
from runback.assessments.models import Slot
from tests.assessments.conftest import client_for

pytestmark = pytest.mark.django_db


def _in_english(user: User) -> Client:
    user.language = "en"
    user.save()
    client = client_for(user)
    client.cookies["django_language"] = "en"
    return client


def test_the_runner_books_in_english(
    runner: User, slot: Slot, django_capture_on_commit_callbacks: Any
) -> None:
    client = _in_english(runner)
    page = client.get("/assessments/").content.decode()
    assert "Assessment with your clinic" in page
    assert "10:00" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/assessments/book/{slot.pk}/", {"note": ""}, follow=True)
    assert "Booked:" in response.content.decode()
    (to_runner,) = [m for m in mail.outbox if m.to == [runner.email]]
    assert to_runner.subject.startswith("Assessment booked:")
    assert " at 10:00" in to_runner.subject
    assert "Your assessment with" in to_runner.body
    (to_clinician,) = [m for m in mail.outbox if m.to != [runner.email]]
    assert to_clinician.subject.startswith("Vurdering booket:")


def test_the_clinic_page_in_english(clinician: User) -> None:
    client = _in_english(clinician)
    page = client.get("/assessments/clinic/").content.decode()
    assert "Publish several times on one day" in page
    assert "Læg" not in page
