"""Browser tests: Playwright (Python) driving Debian's Chromium against a live server.

Screenshots of the main pages go to test-artifacts/screenshots/ (look at them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test itself only uses
# the ORM to set up data, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("RUNBACK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (scripts/bootstrap.sh --browser)")
        pytest.skip(f"Chromium not found at {CHROMIUM}; run scripts/bootstrap.sh --browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    # No service worker here: its background fetches could still be running against the
    # live server when the test database is flushed ("table is locked"). The offline
    # journeys (test_timer_journey.py) make their own context with it.
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="en-US",
        device_scale_factor=1,
        service_workers="block",
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shoot() -> object:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page: object, name: str) -> None:
        from playwright.sync_api import Page

        assert isinstance(page, Page)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return _shoot


# The words of the sign-up and intake pages that several journeys click, by language.
SIGN_UP_WORDS = {
    "da": {
        "signup_link": "Kom i gang",
        "email": "E-mail",
        "password": "Adgangskode",
        "consent": "Jeg giver samtykke",
        "create": "Opret konto",
        "login": "Log ind",
        "next": "Næste",
    },
    "en": {
        "signup_link": "Get started",
        "email": "Email",
        "password": "Password",
        "consent": "I consent",
        "create": "Create account",
        "login": "Log in",
        "next": "Next",
    },
}


def email_confirm_from_welcome(page: object, base: str, email: str) -> None:
    """Open the confirmation link of the welcome email sent to `email` (a new account's
    consent counts only once its address is confirmed)."""
    import re

    from django.core import mail
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    sent = [m for m in mail.outbox if email in m.to]
    assert sent, f"no email to {email}"
    body = str(sent[-1].body)
    link = re.search(r"(/accounts/email/confirm/[^/\s]+/[^/\s]+/)", body)
    assert link, body
    page.goto(base + link.group(1))
