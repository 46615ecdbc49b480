"""The "why?" on Today leads to the paragraph of the library that explains the rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from runback.config.demo import DEMO_PASSWORD, demo_data_create
from runback.content.library import load_library


def test_why_link_from_today_opens_the_explaining_paragraph(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None]
) -> None:
    demo_data_create()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill("kontinuerlig@demo.runback.dk")
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator("main")).to_contain_text("Løb 15 min")

    # "Why this session?" opens the reasons; each has a plain title and a "why?" link
    # (a 44 px touch target); the rule ID itself is for clinicians only.
    page.locator("summary", has_text="Hvorfor").first.click()
    link = page.locator("main a.why-link[data-rule=RUN-P3]").first
    expect(link).to_contain_text("Hvorfor?")
    box = link.bounding_box()
    assert box is not None and box["height"] >= 44, box
    expect(page.locator("main .rule-id")).to_have_count(0)
    link.click()

    # The library says which article and section explain RUN-P3, in both languages.
    target = load_library().rule_target("RUN-P3", "da")
    assert target is not None
    page.wait_for_url(f"**/library/a/{target[0]}/#{target[1]}")
    section = page.locator(f"#{target[1]}")
    expect(section).to_be_visible()
    expect(section).to_be_in_viewport()
    shoot(page, "why-link-run-p3")
