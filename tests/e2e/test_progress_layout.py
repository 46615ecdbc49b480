"""rehab:progress in Chromium: nothing scrolls sideways on a 390 px phone with every
table open, chart text is at least 12 px as drawn, and on a desktop the header's
"logged in as" line lines up with the content column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from runback.config.demo import DEMO_PASSWORD, demo_data_create


def _login(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()


CHART_TEXT_PX = """() => Array.from(document.querySelectorAll("svg.chart text")).map(
    (t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"""


def test_progress_fits_a_phone_with_the_tables_open(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None]
) -> None:
    demo_data_create()
    _login(page, live_server.url, "kontinuerlig@demo.runback.dk")
    page.goto(live_server.url + "/progress/")
    expect(page.locator("h1")).to_be_visible()
    for summary in page.locator("details summary").all():
        summary.click()
    assert page.locator("details[open] table").count() >= 2
    assert page.locator("svg.chart").count() >= 2  # pain and weekly minutes at least
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    sizes = page.evaluate(CHART_TEXT_PX)
    assert sizes and min(sizes) >= 12, sizes
    shoot(page, "progress-390-tables-open")


def test_logged_in_line_sits_in_the_content_column_on_a_desktop(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None]
) -> None:
    demo_data_create()
    page.set_viewport_size({"width": 1280, "height": 800})
    _login(page, live_server.url, "kontinuerlig@demo.runback.dk")
    page.goto(live_server.url + "/progress/")
    login_state = page.locator(".login-state").bounding_box()
    main = page.locator("main").bounding_box()
    assert login_state is not None and main is not None
    assert abs(login_state["x"] - main["x"]) < 1
    assert abs(login_state["width"] - main["width"]) < 1
    sizes = page.evaluate(CHART_TEXT_PX)
    assert sizes and min(sizes) >= 12
    shoot(page, "progress-desktop")
