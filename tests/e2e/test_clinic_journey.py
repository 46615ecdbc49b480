"""The clinic in real Chromium (issue 10): a clinician logs in on a desktop screen, sees
the runner with a red flag at the top of the overview, opens the record, adds a note,
clears the flag with a reason, and the runner then sees who cleared it and why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Browser, Page, expect
from tests.histories import give_intake

from runback.accounts.models import Role
from runback.accounts.services import clinic_create, consent_give, user_create
from runback.clinic.services import share_create
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record

PASSWORD = "a-sore-back-2026"


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()


def test_clinician_clears_a_red_flag_and_the_runner_sees_it(
    live_server: Any, browser: Browser, shoot: Callable[[Page, str], None]
) -> None:
    clinic = clinic_create(name="Løbeklinikken")
    user_create(
        email="fysio@example.com",
        password=PASSWORD,
        role=Role.CLINICIAN,
        clinic=clinic,
        name="Freja Fysio",
    )
    for n, name in enumerate(["Anna Ajour", "Bo Bedre", "Flemming Feber"]):
        runner = user_create(email=f"r{n}@example.com", password=PASSWORD, name=name)
        consent_give(user=runner, language="da")
        share_create(runner=runner, clinic=clinic, language="da")
        give_intake(runner)
    event_record(
        runner=runner,
        author=runner,
        payload={"type": "red_flag", "date": today().isoformat(), "flags": ["TRIAGE-5"]},
    )

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = desk.new_page()
    _log_in(page, live_server.url, "fysio@example.com")
    page.goto(live_server.url + "/clinic/")
    first = page.locator("table.clinic-table tbody tr").first
    expect(first).to_contain_text("Flemming Feber")
    expect(first).to_contain_text("TRIAGE-5")
    shoot(page, "clinic-dashboard")
    first.get_by_role("link", name="Flemming Feber").click()

    expect(page.get_by_role("heading", name="Flemming Feber")).to_be_visible()
    page.get_by_role("textbox", name="Note").fill(
        "Ringet op: feber siden i går, tid hos egen læge i dag."
    )
    page.get_by_role("button", name="Gem note").click()
    expect(page.locator(".notes")).to_contain_text("feber siden i går")
    page.get_by_label("Hvorfor løberen må træne igen").fill(
        "Undersøgt i klinikken: feberen var en forkølelse, ingen tegn på infektion i ryggen."
    )
    page.get_by_role("button", name="Ryd advarselstegnet").click()
    expect(page.locator(".messages")).to_contain_text("registreret")
    shoot(page, "clinic-record-cleared")
    desk.close()

    tablet = browser.new_context(viewport={"width": 820, "height": 1180}, locale="da-DK")
    tablet_page = tablet.new_page()
    _log_in(tablet_page, live_server.url, "fysio@example.com")  # lands on the overview
    expect(tablet_page.locator("table.clinic-table")).to_be_visible()
    overflow = tablet_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the overview is wider than a tablet"
    shoot(tablet_page, "clinic-dashboard-tablet")
    tablet.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK")
    runner_page = phone.new_page()
    _log_in(runner_page, live_server.url, "r2@example.com")
    runner_page.goto(live_server.url + "/today/")
    expect(runner_page.locator("main")).to_contain_text("ingen tegn på infektion i ryggen")
    expect(runner_page.locator("main")).to_contain_text("Freja Fysio")
    shoot(runner_page, "clinic-runner-sees-clearance")
    phone.close()
