"""An assessment in real Chromium: a runner whose plan recommends seeing a professional
(ESC-5, pain radiating into the leg) books a time from Today on a phone, and the
clinician, on a desktop, sees the booking and the runner's summary before it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Browser, Page, expect
from tests.assessments.conftest import at, runner_of
from tests.conftest import PASSWORD
from tests.histories import give_intake

from runback.accounts.models import Role
from runback.accounts.services import clinic_create, user_create
from runback.assessments.models import Booking
from runback.assessments.services import slot_create


def _log_in(page: Page, url: str, email: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def test_a_runner_books_from_the_escalation_and_the_clinician_sees_it(
    live_server: Any, page: Page, browser: Browser, shoot: Callable[[Page, str], None]
) -> None:
    clinic = clinic_create(name="Løbeklinikken")
    clinician = user_create(
        email="fysio@example.com",
        password=PASSWORD,
        role=Role.CLINICIAN,
        clinic=clinic,
        name="Freja Fysio",
    )
    runner = runner_of(clinic, "rita@example.com", "Rita Runner")
    give_intake(runner, radiating_leg_pain=True)  # ESC-5
    slot = slot_create(clinician=clinician, starts_at=at(3, 9, 30), minutes=30, place="Rum 2")
    slot_create(clinician=clinician, starts_at=at(3, 10, 0), minutes=30, place="Rum 2")

    # The runner, on a phone: Today recommends a professional and offers a booking.
    _log_in(page, live_server.url, runner.email)
    escalation = page.locator("section.card-escalation")
    expect(escalation).to_be_visible()
    escalation.get_by_role("link", name="Book en vurdering hos din klinik").click()
    expect(page.locator("h1")).to_have_text("Vurdering hos din klinik")
    shoot(page, "assessment-runner-times")
    page.locator(f"a[href='/assessments/book/{slot.pk}/']").click()
    expect(page.locator("main")).to_contain_text("Rum 2")
    page.get_by_label("Er der noget, behandleren bør vide på forhånd? (valgfrit)").fill(
        "Det stråler ned i venstre ben"
    )
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Booket:")
    expect(page.locator("main")).to_contain_text("kl. 09:30")
    shoot(page, "assessment-runner-booked")
    page.get_by_role("link", name="Tilbage til i dag").click()
    expect(page.locator("section.card-escalation")).to_contain_text("Du har en tid")
    booking = Booking.objects.get()
    assert (booking.runner_id, booking.slot_id) == (runner.pk, slot.pk)

    # The clinician, on a desktop: the booking, then the runner's summary.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    desk = context.new_page()
    try:
        _log_in(desk, live_server.url, clinician.email)
        desk.get_by_role("link", name="Vurderinger").click()
        row = desk.locator("tr", has_text="Rita Runner")
        expect(row).to_contain_text("kl. 09:30")
        expect(row).to_contain_text("Det stråler ned i venstre ben")
        shoot(desk, "assessment-clinic")
        desk.set_viewport_size({"width": 820, "height": 1180})  # a tablet upright
        assert desk.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shoot(desk, "assessment-clinic-tablet")
        row.get_by_role("link", name="Rita Runner").click()
        expect(desk.locator("h1")).to_have_text("Før aftalen")
        expect(desk.locator("main")).to_contain_text("ESC-5")
        shoot(desk, "assessment-summary")
    finally:
        context.close()
