"""Booking a time: a confirmation page, then the booking, or a plain refusal."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from runback.accounts.models import User
from runback.assessments import services
from runback.assessments.models import Booking, Slot
from tests.assessments.conftest import at, client_for

pytestmark = pytest.mark.django_db


def _url(slot: Slot) -> str:
    return f"/assessments/book/{slot.pk}/"


def test_the_runner_confirms_and_books(
    runner_client: Client,
    runner: User,
    slot: Slot,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    page = runner_client.get(_url(slot)).content.decode()
    assert "Book denne tid?" in page and "Klinikken, rum 2" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = runner_client.post(_url(slot), {"note": "Det stråler ned i benet"}, follow=True)
    assert "Booket:" in response.content.decode()
    booking = Booking.objects.get()
    assert (booking.runner, booking.slot, booking.note) == (runner, slot, "Det stråler ned i benet")
    assert len(mail.outbox) == 2


def test_a_taken_time_gives_a_clear_message(
    runner_client: Client, slot: Slot, second_runner: User
) -> None:
    services.booking_create(runner=second_runner, slot_id=slot.pk)
    response = runner_client.post(_url(slot), {"note": ""}, follow=True)
    assert response.status_code == 200
    assert "en anden har lige booket den tid" in response.content.decode()
    assert Booking.objects.count() == 1


def test_the_last_moment_race_gives_the_taken_message(
    runner_client: Client, slot: Slot, second_runner: User
) -> None:
    # The page was shown while free; somebody else books before the runner presses Book.
    runner_client.get(_url(slot))
    services.booking_create(runner=second_runner, slot_id=slot.pk)
    response = runner_client.post(_url(slot), {"note": ""}, follow=True)
    assert "en anden har lige booket den tid" in response.content.decode()


def test_a_note_too_long_is_refused_at_the_field(runner_client: Client, slot: Slot) -> None:
    response = runner_client.post(_url(slot), {"note": "x" * 501})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Booking.objects.exists()


def test_a_slot_of_a_clinician_who_cannot_see_the_runner_is_refused(
    runner_client: Client, outside_clinician: User
) -> None:
    slot = services.slot_create(clinician=outside_clinician, starts_at=at(2), minutes=30, place="")
    assert runner_client.get(_url(slot), follow=True).status_code == 200
    runner_client.post(_url(slot), {"note": ""})
    assert not Booking.objects.exists()


def test_an_unknown_slot_is_refused_without_an_error(runner_client: Client) -> None:
    assert runner_client.post("/assessments/book/999999/", {"note": ""}).status_code == 302
    assert not Booking.objects.exists()


def test_a_runner_without_consent_cannot_book(runner: User, slot: Slot) -> None:
    from runback.accounts.services import consent_withdraw

    consent_withdraw(user=runner)
    response = client_for(runner).post(_url(slot), {"note": ""})
    assert response["Location"].endswith("/accounts/consent/")
    assert not Booking.objects.exists()


def test_clinic_staff_cannot_book(clinician_client: Client, slot: Slot) -> None:
    assert clinician_client.post(_url(slot), {"note": ""}).status_code == 403


def test_the_database_refusal_is_a_message_not_an_error_page(
    runner_client: Client, slot: Slot, second_runner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both passed the check at the same moment; the other insert committed first.
    monkeypatch.setattr(services, "_bookable_slot", lambda **_kwargs: slot)
    services.booking_create(runner=second_runner, slot_id=slot.pk)
    response = runner_client.post(_url(slot), {"note": ""}, follow=True)
    assert response.status_code == 200
    assert "en anden har lige booket den tid" in response.content.decode()
    assert Booking.objects.count() == 1


UNSENT = "runback.accounts.mail.UnsentEmailBackend"


def test_without_a_mail_server_no_email_is_promised(
    runner_client: Client, slot: Slot, settings: Settings
) -> None:
    settings.EMAIL_BACKEND = UNSENT
    response = runner_client.post(_url(slot), {"note": ""}, follow=True)
    body = response.content.decode()
    assert "Booket:" in body and "kalender fra denne side" in body
    assert "e-mail" not in body.split("Booket:")[1].split("</")[0]
    booking = Booking.objects.get()
    page = runner_client.get(f"/assessments/{booking.pk}/cancel/")
    assert page.status_code == 200
    assert "Tiden tilbydes til andre igen." in page.content.decode()
    assert "I får begge en e-mail" not in page.content.decode()
