"""The demo runners' main pages in Chromium (screenshots to look at), logged in through
the real login form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from runback.config.demo import DEMO_PASSWORD, demo_data_create


def _login(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()


@pytest.mark.parametrize(
    ("who", "pages", "expected"),
    [
        ("kontinuerlig", ["/today/", "/progress/", "/history/", "/today/why/"], "Løb 15 min"),
        ("pause", ["/today/"], "fagperson"),
        ("roedtflag", ["/today/"], "70 11 07 07"),  # Syddanmark's helpline
        ("raad", ["/today/"], "Jeg har været hos lægen med det"),  # advise: the plan goes on
        ("gang", ["/today/"], "Gå 20 min"),
    ],
)
def test_demo_runner_pages(
    live_server: Any,
    page: Page,
    shoot: Callable[[Page, str], None],
    who: str,
    pages: list[str],
    expected: str,
) -> None:
    demo_data_create()
    _login(page, live_server.url, f"{who}@demo.runback.dk")
    expect(page.locator("main")).to_contain_text(expected)
    for path in pages:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        shoot(page, f"demo-{who}{path.rstrip('/').replace('/', '-')}")
