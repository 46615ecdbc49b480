"""Withdrawing an entry in real Chromium: the history asks first and says what will
happen; "No, keep it" changes nothing; "Yes, withdraw it" leaves the entry in the
history, marked as withdrawn, with nothing more to tap on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect
from tests.histories import give_intake, log_run

from runback.accounts.services import consent_give, user_create
from runback.rehab.models import Event

PASSWORD = "a-sore-back-2026"


def test_withdraw_an_entry_keep_it_then_withdraw_it(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None]
) -> None:
    runner = user_create(email="withdraw@example.com", password=PASSWORD, name="Wanda")
    consent_give(user=runner, language="da")
    give_intake(runner)
    log_run(runner, days_ago=0, pain=2)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill("withdraw@example.com")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.goto(live_server.url + "/history/")
    entry = page.locator("li.history-item").first
    expect(entry).to_contain_text("Smerte før 2, under 2, efter 2")

    # One tap only asks: the page says what will happen.
    link = entry.get_by_role("link", name="Træk tilbage")
    confirm_url = live_server.url + str(link.get_attribute("href"))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vil du trække denne registrering tilbage?"
    )
    expect(page.locator("main")).to_contain_text("tæller den ikke længere med")
    expect(page.locator("main")).to_contain_text("Smerte før 2, under 2, efter 2")
    shoot(page, "withdraw-confirm")

    # "No, keep it": back in the history, nothing changed.
    page.get_by_role("link", name="Nej, behold den").click()
    page.wait_for_url("**/history/")
    expect(page.locator("li.history-item").first).not_to_contain_text("trukket tilbage")
    assert not Event.objects.filter(runner=runner, type="withdraw").exists()

    # Withdraw it for real: it stays in the history, marked, with no actions left.
    page.locator("li.history-item").first.get_by_role("link", name="Træk tilbage").click()
    page.get_by_role("button", name="Ja, træk den tilbage").click()
    page.wait_for_url("**/history/")
    expect(page.locator("main")).to_contain_text(
        "Registreringen er trukket tilbage, og din plan er regnet om."
    )
    item = page.locator("li.history-item").first
    expect(item).to_contain_text("(trukket tilbage)")
    expect(item.get_by_role("link", name="Træk tilbage")).to_have_count(0)
    expect(item.get_by_role("link", name="Ret")).to_have_count(0)
    shoot(page, "withdraw-done")
    assert Event.objects.filter(runner=runner, type="withdraw").count() == 1

    # The confirmation opened again (an old tab, the back button): nothing more.
    page.goto(confirm_url)
    page.wait_for_url("**/history/")
    expect(page.locator("main")).to_contain_text("Denne registrering er allerede trukket tilbage.")
    assert Event.objects.filter(runner=runner, type="withdraw").count() == 1
