"""Withdrawing consent in Chromium, in Danish: it asks first and says what happens; after
it, the runner's history and the download of all their data still work."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from tests.histories import give_intake, log_run

from runback.accounts.models import User
from runback.accounts.selectors import consent_current
from runback.accounts.services import consent_give, user_create
from runback.rehab.models import Event

EMAIL = "trukket.tilbage@example.com"
PASSWORD = "en-oem-ryg-2026"


def test_withdraw_consent_then_still_download_my_data(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None], tmp_path: Path
) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    runner = user_create(email=EMAIL, password=PASSWORD, name="Tine Tilbage")
    consent_give(user=runner, language="da")
    give_intake(runner)
    log_run(runner, days_ago=1, pain=3)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("link", name="Min konto").click()

    # Withdrawing is not one tap: a page says what stops, what stays and how to erase.
    page.get_by_role("link", name="Træk samtykke tilbage").click()
    expect(page.get_by_role("heading", name="Vil du trække dit samtykke tilbage?")).to_be_visible()
    expect(page.get_by_role("heading", name="Det stopper")).to_be_visible()
    expect(page.get_by_text("Du kan stadig se din historik og din fremgang")).to_be_visible()
    expect(page.get_by_role("link", name="Slet min konto og alle mine data")).to_be_visible()
    shoot(page, "consent-withdraw-da")
    assert consent_current(user=runner) is not None
    page.get_by_role("button", name="Ja, træk mit samtykke tilbage").click()
    expect(page.get_by_text("Dit samtykke er trukket tilbage.")).to_be_visible()
    assert consent_current(user=runner) is None

    # Today now goes to the consent page, which says what is still available.
    page.goto(live_server.url + "/today/")
    expect(page.get_by_text("Du trak dit samtykke tilbage den")).to_be_visible()
    shoot(page, "consent-after-withdrawal-da")

    page.get_by_role("link", name="Historik").click()
    expect(page.get_by_role("heading", name="Historik")).to_be_visible()

    page.get_by_role("link", name="Min konto").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent alle mine data (JSON)").click()
    target = tmp_path / "runback-data.json"
    download_info.value.save_as(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "runback-export"
    assert data["account"]["email"] == EMAIL
    assert [e["type"] for e in data["events"]] == ["run"]
    assert data["consents"][0]["withdrawn_at"]
    assert Event.objects.filter(runner=runner).count() == 1  # nothing new was stored
    assert User.objects.filter(email=EMAIL).exists()
    assert errors == [], errors  # no CSP violations or script errors
