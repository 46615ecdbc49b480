"""A red flag in real Chromium, Danish and English (issue 7): a runner in Region
Syddanmark answers yes to pain, numbness or weakness in both legs (TRIAGE-8) and sees
who to call as tap-to-call links, their region's helpline and 112, and no exercise."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import FloatRect, Locator, Page, expect
from tests.e2e.conftest import SIGN_UP_WORDS, email_confirm_from_welcome
from tests.histories import give_intake

from runback.accounts import helplines
from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.common.clock import today
from runback.engine.rules import TRIAGE_FLAGS
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import Event

# The flag to answer yes to; RUNBACK_E2E_FLAG lets a developer try the journey with an
# older flag while the engine does not know TRIAGE-8 yet.
FLAG = int(os.environ.get("RUNBACK_E2E_FLAG", "8"))

needs_engine = pytest.mark.skipif(
    f"TRIAGE-{FLAG}" not in TRIAGE_FLAGS, reason="needs the engine's TRIAGE-8..15 (issue 7)"
)

TEXTS = {
    "da": {
        **SIGN_UP_WORDS["da"],
        "stop": "Søg lægehjælp nu",
        "helpline": "Ring 70 11 07 07",
        "emergency": "Ring 112",
    },
    "en": {
        **SIGN_UP_WORDS["en"],
        "stop": "Get medical help now",
        "helpline": "Call 70 11 07 07",
        "emergency": "Call 112",
    },
}
# A Saturday morning: the medical helpline is the first call (no own doctor at weekends).
SATURDAY = datetime(2026, 1, 10, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@needs_engine
@pytest.mark.parametrize("language", ["da", "en"])
def test_both_legs_numb_in_syddanmark(
    live_server: Any,
    page: Page,
    shoot: Callable[[Page, str], None],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    monkeypatch.setattr(helplines, "_now", lambda: SATURDAY)  # the live server's thread too
    t = TEXTS[language]
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
    page.get_by_role("link", name=t["signup_link"]).click()
    page.get_by_label(t["email"], exact=True).fill(f"legs-{language}@example.com")
    page.get_by_label(t["password"], exact=True).fill("a-sore-back-2026")
    page.get_by_label(t["consent"]).check()
    page.get_by_role("button", name=t["create"]).click()
    # "Check your email", not logged in: log in with the password just chosen.
    page.locator("main").get_by_role("link", name=t["login"], exact=True).click()
    expect(page.get_by_label(t["email"], exact=True)).to_have_value(f"legs-{language}@example.com")
    page.get_by_label(t["password"], exact=True).fill("a-sore-back-2026")
    page.locator("main button[type=submit]").click()
    email_confirm_from_welcome(page, live_server.url, f"legs-{language}@example.com")

    # The intake: the region once, then the red flags, emergency ones first.
    page.locator("input[name=where-region][value=syddanmark]").check()
    for n in range(1, 14):
        page.locator(f"input[name=triage_{n}][value={'yes' if n == FLAG else 'no'}]").check()
    page.locator("input[name=age_50_or_over][value=no]").check()
    page.locator("input[name=pain_over_3_months][value=no]").check()
    shoot(page, f"red-flags-both-legs-{language}")
    page.get_by_role("button", name=t["next"]).click()

    expect(page.get_by_role("heading", name=t["stop"])).to_be_visible()
    helpline = page.locator('.stop a[href="tel:+4570110707"]')
    emergency = page.locator('.stop a[href="tel:112"]')
    expect(helpline).to_have_text(t["helpline"])
    expect(emergency).to_have_text(t["emergency"])
    expect(helpline).to_be_visible()
    expect(emergency).to_be_visible()
    # The helpline comes first on a Saturday; 112 is for a life at risk.
    assert _box(helpline)["y"] < _box(emergency)["y"]
    expect(page.locator('a[href="tel:1813"]')).to_have_count(0)  # not the Capital Region's
    body = page.locator("main").inner_text()
    for word in ("løb 1 min", "run 1 min", "Split squat", "dødløft", "deadlift", "Cat-cow"):
        assert word not in body
    for word in ("sjældent alvorligt", "rarely serious"):
        assert word not in body
    shoot(page, f"stop-both-legs-{language}")
    user = User.objects.get(email=f"legs-{language}@example.com")
    assert user.region == "syddanmark"
    assert user.rehab_profile.answers["red_flags"] == [f"TRIAGE-{FLAG}"]


def test_anything_new_in_the_weekly_status_opens_the_questions(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None]
) -> None:
    """The weekly status stays short: the red flags open only on "yes, something new"."""
    user = user_create(email="weekly@example.com", password="a-sore-back-2026")
    consent_give(user=user, language="da")
    give_intake(user)
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=username]").fill("weekly@example.com")
    page.locator("input[name=password]").fill("a-sore-back-2026")
    page.locator("main button[type=submit]").click()
    page.goto(live_server.url + "/log/week/")
    question = page.locator("input[name=flags-triage_8]").first
    expect(question).to_be_hidden()
    # Last time's answers are filled in (the intake: a comfortable position).
    expect(page.locator("input[name=comfortable_position][value=yes]")).to_be_checked()
    page.locator("input[name=anything_new][value=yes]").check()
    expect(question).to_be_visible()
    shoot(page, "weekly-status-anything-new-da")
    page.locator("input[name=anything_new][value=no]").check()
    expect(question).to_be_hidden()
    page.locator("label[for=id_pain_week_avg_3]").click()
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/log/week/$"))
    assert [e.type for e in Event.objects.filter(runner=user)] == ["status"]


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill("a-sore-back-2026")
    page.locator("main button[type=submit]").click()


def _box(locator: Locator) -> FloatRect:
    """Where a visible element is drawn (Playwright gives None for a hidden one)."""
    box = locator.bounding_box()
    assert box is not None, locator
    return box


def _tap_heights(page: Page, selector: str) -> list[float]:
    links = page.locator(selector)
    assert links.count() > 0, selector
    return [_box(links.nth(i))["height"] for i in range(links.count())]


@pytest.mark.parametrize("region", ["syddanmark", ""])
def test_every_tap_to_call_link_is_at_least_44_px_tall(
    live_server: Any,
    page: Page,
    shoot: Callable[[Page, str], None],
    monkeypatch: pytest.MonkeyPatch,
    region: str,
) -> None:
    """On the stop page and in the footer, with a region (one helpline) and without (all
    five); the footer stays a footer: its text is not blown up to the links' height."""
    monkeypatch.setattr(helplines, "_now", lambda: SATURDAY)
    email = f"tap-{region or 'none'}@example.com"
    user = user_create(email=email, password="a-sore-back-2026")
    user.region = region
    user.save(update_fields=["region"])
    consent_give(user=user, language="en")
    give_intake(user)
    event_record(
        runner=user,
        author=user,
        payload={"type": "red_flag", "date": today().isoformat(), "flags": ["TRIAGE-5"]},
    )
    _log_in(page, live_server.url, email)
    page.goto(live_server.url + "/")
    expect(page.locator(".stop")).to_be_visible()
    shoot(page, f"stop-tap-targets-{region or 'no-region'}")
    stop = _tap_heights(page, '.stop a[href^="tel:"]')
    footer = _tap_heights(page, '.site-footer a[href^="tel:"]')
    assert min(stop) >= 44, stop
    assert min(footer) >= 44, footer
    footer_height = _box(page.locator(".site-footer"))["height"]
    assert footer_height < 450, footer_height  # five helplines, one a line, when no region
    if region:  # the English footer names the region without brackets in brackets
        page.get_by_role("button", name="English").click()
        text = page.locator(".site-footer").inner_text()
        assert "Southern Denmark (Syddanmark)" in text
        assert "(Southern Denmark (Syddanmark))" not in text
