"""The next-morning answer in real Chromium (ZONE-2), in Danish and in English: a run
logged today is not asked about until tomorrow, and an answer dated the same day is
refused at the date field; a run from yesterday is asked about this morning, and the
answer is accepted.

The live server uses the real clock, so "the next day" is a run dated yesterday."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect
from tests.histories import give_intake, log_run

from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.common.clock import today
from runback.common.dates import long_date
from runback.rehab.models import Event

PASSWORD = "a-sore-back-2026"
TEXTS = {
    "da": {
        "email": "E-mail",
        "password": "Adgangskode",
        "login": "Log ind",
        "log_session": "Registrér en tur",
        "save": "Gem",
        "back": "Tilbage til i dag",
        "answer": "Svar på 10 sekunder",
        "tomorrow": "I morgen tidlig, {date}, kan du fortælle",
        "question": "Hvordan har din ryg det her til morgen, efter din løbetur {date}?",
        "refused": "Svaret fra næste morgen kan gives fra dagen efter turen (fra {date}).",
        "green": "Grøn: godt tålt",
    },
    "en": {
        "email": "Email",
        "password": "Password",
        "login": "Log in",
        "log_session": "Log a session",
        "save": "Save",
        "back": "Back to today",
        "answer": "Answer in 10 seconds",
        "tomorrow": "Tomorrow morning, {date}, tell us how your back is",
        "question": "How is your back this morning, after your run on {date}?",
        "refused": "The next-morning answer can be given from the day after the session "
        "(from {date}).",
        "green": "Green: well tolerated",
    },
}


def _date(day: object, language: str) -> str:
    with translation.override(language):
        return long_date(day)


def _pick(page: Page, name: str, value: str) -> None:
    """Tap a radio button (the pain scale hides the input behind a big label)."""
    page.locator(f"label[for=id_{name}_{value}]").click()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_next_morning_answer_waits_for_the_next_day(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None], language: str
) -> None:
    t = TEXTS[language]
    email = f"morning-{language}@example.com"
    user: User = user_create(email=email, password=PASSWORD, name="Morten Morgen")
    consent_give(user=user, language=language)
    give_intake(user, start_date=(today() - timedelta(days=3)).isoformat())
    yesterdays = log_run(user, days_ago=1, pain=2)  # "the next day" for this one is today

    page.goto(live_server.url + "/accounts/login/")
    if language == "en":
        page.get_by_role("button", name="English").click()
    page.get_by_label(t["email"]).fill(email)
    page.get_by_label(t["password"]).fill(PASSWORD)
    page.get_by_role("button", name=t["login"]).click()

    # The same day: log today's run; the result page says when to answer, and asks nothing.
    page.get_by_role("link", name=t["log_session"]).click()
    page.locator("#id_date").fill(today().isoformat())
    for field in ("pain_before", "pain_during", "pain_after"):
        _pick(page, field, "2")
    page.get_by_role("button", name=t["save"]).click()
    tomorrow = _date(today() + timedelta(days=1), language)
    expect(page.locator("main")).to_contain_text(t["tomorrow"].format(date=tomorrow))
    todays = page.url.rstrip("/").rsplit("/", 1)[1]
    expect(page.locator(f"a[href$='?session={todays}']")).to_have_count(0)
    shoot(page, f"next-morning-result-same-day-{language}")

    # Answering it the same day anyway is refused at the date field; nothing is recorded.
    count = Event.objects.filter(runner=user).count()
    page.goto(f"{live_server.url}/log/next-morning/?session={todays}")
    _pick(page, "pain", "1")
    page.get_by_role("button", name=t["save"]).click()
    refused = t["refused"].format(date=tomorrow)
    date_field = page.locator(".field", has=page.locator("#id_date"))
    expect(date_field.locator(".errorlist")).to_have_text(refused)
    assert Event.objects.filter(runner=user).count() == count
    shoot(page, f"next-morning-refused-{language}")

    # The next day (yesterday's run): Today asks about this morning, and the answer counts.
    page.get_by_role("link", name=t["back"]).click()
    question = t["question"].format(date=_date(today() - timedelta(days=1), language))
    expect(page.locator(".card-ask").first).to_contain_text(question)
    expect(page.locator(f"a[href$='?session={todays}']")).to_have_count(0)
    shoot(page, f"next-morning-today-{language}")
    page.locator(f"a[href$='?session={yesterdays}']").click()
    _pick(page, "pain", "1")
    page.get_by_role("button", name=t["save"]).click()
    expect(page.locator(".zone-line .zone")).to_contain_text(t["green"])
    followups = Event.objects.filter(runner=user, type="followup")
    assert [(e.payload["session"], e.payload["date"]) for e in followups] == [
        (yesterdays, today().isoformat())
    ]
    shoot(page, f"next-morning-accepted-{language}")
