"""A new runner signs up and gives consent, in Danish; the language switch works."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core import mail
from playwright.sync_api import Page, expect

from runback.accounts.models import Consent, User


def test_signup_with_consent_in_danish(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None]
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(
        page.get_by_text("Runback giver vejledning og erstatter ikke en behandler.")
    ).to_be_visible()
    shoot(page, "home-da")

    page.get_by_role("link", name="Kom i gang").click()
    page.get_by_label("E-mail").fill("ny.loeber@example.com")
    page.get_by_label("Adgangskode").fill("en-oem-ryg-2026")
    shoot(page, "signup-da")
    page.get_by_role("button", name="Opret konto").click()
    # Without consent: a field error, nothing stored.
    expect(
        page.get_by_text("Runback kan ikke gemme noget om din ryg uden dit samtykke.")
    ).to_be_visible()
    assert not User.objects.exists()
    shoot(page, "signup-error-da")

    page.get_by_label("Adgangskode").fill("en-oem-ryg-2026")
    page.get_by_label("Jeg giver samtykke").check()
    page.get_by_role("button", name="Opret konto").click()
    # "Check your email": not logged in (a known address would not be either).
    expect(page.get_by_role("heading", name="Tjek din e-mail")).to_be_visible()
    expect(page.get_by_role("button", name="Log ud")).to_have_count(0)
    user = User.objects.get(email="ny.loeber@example.com")
    assert Consent.objects.filter(user=user, withdrawn_at__isnull=True).exists()
    shoot(page, "after-signup-da")
    # Log in with the password just chosen; the email is filled in.
    page.locator("main").get_by_role("link", name="Log ind").click()
    expect(page.get_by_label("E-mail")).to_have_value("ny.loeber@example.com")
    page.get_by_label("Adgangskode").fill("en-oem-ryg-2026")
    page.locator("main button[type=submit]").click()
    # Until the address is confirmed, the runner is asked to confirm it.
    expect(page.get_by_role("heading", name="Bekræft din e-mailadresse")).to_be_visible()
    shoot(page, "email-unconfirmed-da")
    # The link from the welcome email confirms it, and the intake begins.
    (welcome,) = mail.outbox
    link = re.search(r"(/accounts/email/confirm/[^/\s]+/[^/\s]+/)", str(welcome.body))
    assert link, welcome.body
    page.goto(live_server.url + link.group(1))
    expect(page.get_by_text("Tak. Din e-mailadresse er bekræftet.")).to_be_visible()
    expect(page.locator("input[name=triage_1]").first).to_be_attached()  # the intake
    assert errors == [], errors  # no CSP violations or script errors


def test_language_switch_to_english_is_remembered(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None]
) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto(live_server.url + "/")
    expect(
        page.get_by_text("Runback gives guidance and does not replace a clinician.")
    ).to_be_visible()
    shoot(page, "home-en")
