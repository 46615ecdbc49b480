"""The runner's journey in real Chromium: sign up, consent, intake, the test session,
its next-morning answer, and week 1 of the intervals; in Danish and in English. And a
runner who answers yes to a red flag sees no exercise at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.e2e.conftest import SIGN_UP_WORDS, email_confirm_from_welcome

from runback.accounts.models import Consent, User
from runback.common.clock import today
from runback.rehab.models import Event

TEXTS = {
    "da": {
        **SIGN_UP_WORDS["da"],
        "see_plan": "Se min plan",
        "test_session": "Gå 5 min, derefter 3 × (løb 1 min, gå 3 min)",
        "log_session": "Registrér en tur",
        "save": "Gem",
        "provisional": "Foreløbig",
        "back": "Tilbage til i dag",
        "answer": "Svar på 10 sekunder",
        "green": "Grøn: godt tålt",
        "week1": "4 × (løb 2 min, gå 3 min)",
        "stop": "Søg lægehjælp nu",
        "call": "Ring 112",
    },
    "en": {
        **SIGN_UP_WORDS["en"],
        "see_plan": "See my plan",
        "test_session": "Walk 5 min, then 3 × (run 1 min, walk 3 min)",
        "log_session": "Log a session",
        "save": "Save",
        "provisional": "Provisional",
        "back": "Back to today",
        "answer": "Answer in 10 seconds",
        "green": "Green: well tolerated",
        "week1": "4 × (run 2 min, walk 3 min)",
        "stop": "Get medical help now",
        "call": "Call 112",
    },
}


def _pick(page: Page, name: str, value: str) -> None:
    """Tap a radio button (the pain scale hides the input behind a big label)."""
    page.locator(f"label[for=id_{name}_{value}]").click() if page.locator(
        f"label[for=id_{name}_{value}]"
    ).count() else page.locator(f"input[name={name}][value='{value}']").check()


def _sign_up(page: Page, base: str, language: str, email: str, t: dict[str, str]) -> None:
    page.goto(base + "/")
    if language == "en":
        page.get_by_role("button", name="English").click()
    page.get_by_role("link", name=t["signup_link"]).click()
    page.get_by_label(t["email"], exact=True).fill(email)
    page.get_by_label(t["password"], exact=True).fill("a-sore-back-2026")
    page.get_by_label(t["consent"]).check()
    page.get_by_role("button", name=t["create"]).click()
    # "Check your email" (the same page whether or not the address had an account, and
    # nobody is logged in): log in with the password just chosen; the email is filled in.
    page.locator("main").get_by_role("link", name=t["login"], exact=True).click()
    expect(page.get_by_label(t["email"], exact=True)).to_have_value(email)
    page.get_by_label(t["password"], exact=True).fill("a-sore-back-2026")
    page.locator("main button[type=submit]").click()
    email_confirm_from_welcome(page, base, email)  # the link in the welcome email


def _answer_red_flags(page: Page, yes: tuple[int, ...] = (), region: str = "hovedstaden") -> None:
    page.locator(f"input[name=where-region][value={region}]").check()
    for n in range(1, 14):
        radio = page.locator(f"input[name=triage_{n}][value={'yes' if n in yes else 'no'}]")
        radio.check()
    page.locator("input[name=age_50_or_over][value=no]").check()
    page.locator("input[name=pain_over_3_months][value=no]").check()


@pytest.mark.parametrize("language", ["da", "en"])
def test_new_runner_journey_to_week_one(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None], language: str
) -> None:
    t = TEXTS[language]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _sign_up(page, live_server.url, language, f"journey-{language}@example.com", t)
    user = User.objects.get(email=f"journey-{language}@example.com")
    assert Consent.objects.filter(user=user).exists()

    # Step 1: red flags first.
    expect(page.locator("input[name=triage_1]").first).to_be_attached()
    shoot(page, f"intake-red-flags-{language}")
    _answer_red_flags(page)
    page.get_by_role("button", name=t["next"]).click()

    # Step 2: the rest.
    _pick(page, "comfortable_position", "yes")
    _pick(page, "resting_pain", "2")
    _pick(page, "settle_time_min", "10")
    _pick(page, "walking_tolerated", "yes")
    _pick(page, "radiating_leg_pain", "no")
    _pick(page, "sleep_or_daily_life_affected", "no")
    _pick(page, "strength_experience", "no")
    page.locator("#id_cadence_spm").fill("160")
    page.locator("#id_start_date").fill((today() - timedelta(days=2)).isoformat())
    shoot(page, f"intake-details-{language}")
    page.get_by_role("button", name=t["see_plan"]).click()

    # Today: the test session, written concretely.
    expect(page.locator(".plan").first).to_have_text(t["test_session"])
    shoot(page, f"today-test-{language}")

    # Log the test session (yesterday).
    page.get_by_role("link", name=t["log_session"]).click()
    page.locator("#id_date").fill((today() - timedelta(days=1)).isoformat())
    _pick(page, "pain_before", "1")
    _pick(page, "pain_during", "2")
    _pick(page, "pain_after", "2")
    shoot(page, f"checkin-session-{language}")
    page.get_by_role("button", name=t["save"]).click()
    expect(page.locator(".zone-line .zone")).to_contain_text(t["provisional"])
    shoot(page, f"checkin-result-provisional-{language}")

    # The next morning: answer the follow-up from Today.
    page.get_by_role("link", name=t["back"]).click()
    page.get_by_role("link", name=t["answer"]).click()
    _pick(page, "pain", "1")
    shoot(page, f"checkin-followup-{language}")
    page.get_by_role("button", name=t["save"]).click()
    expect(page.locator(".zone-line .zone")).to_contain_text(t["green"])
    expect(page.locator(".plan").first).to_contain_text(t["week1"])
    shoot(page, f"checkin-result-green-{language}")

    page.get_by_role("link", name=t["back"]).click()
    expect(page.locator(".plan").first).to_contain_text(t["week1"])
    shoot(page, f"today-week1-{language}")
    page.goto(live_server.url + "/progress/")
    expect(page.locator("svg.chart")).to_have_count(2)  # pain, weekly minutes against the plan
    shoot(page, f"progress-{language}")
    page.goto(live_server.url + "/history/")
    shoot(page, f"history-{language}")
    assert [e.type for e in Event.objects.filter(runner=user).order_by("seq")] == [
        "run",
        "followup",
    ]
    assert errors == [], errors


@pytest.mark.parametrize("language", ["da", "en"])
def test_red_flag_yes_shows_no_exercise(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None], language: str
) -> None:
    t = TEXTS[language]
    _sign_up(page, live_server.url, language, f"flag-{language}@example.com", t)
    _answer_red_flags(page, yes=(1,))
    page.get_by_role("button", name=t["next"]).click()
    expect(page.get_by_role("heading", name=t["stop"])).to_be_visible()
    # 112 is there for a life at risk; the first call depends on the time of day.
    expect(page.locator(".stop .call-emergency a")).to_have_text(t["call"])
    expect(page.locator(".stop .call-emergency a")).to_have_attribute("href", "tel:112")
    expect(page.locator('.stop a[href="tel:1813"]')).to_be_visible()
    body = page.locator("main").inner_text()
    for word in ("løb 1 min", "run 1 min", "Split squat", "dødløft", "deadlift"):
        assert word not in body
    assert "tegn på" not in body and "sign of" not in body  # what was reported, no cause
    shoot(page, f"stop-emergency-{language}")
