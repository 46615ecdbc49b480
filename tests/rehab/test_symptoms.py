"""rehab:symptoms and rehab:cleared: red flags at any time, and resuming after a doctor."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from runback.accounts.models import User
from runback.engine.texts import FLAG_NAMES
from runback.rehab.models import Event

# Every red-flag question answered no (TRIAGE-1..13 asked directly; 14 and 15 derived).
NO_FLAGS = {
    **{f"triage_{i}": "no" for i in range(1, 14)},
    "age_50_or_over": "no",
    "pain_over_3_months": "no",
}


@pytest.mark.django_db
def test_all_no_records_nothing(runner_with_plan_client: Client, runner_with_plan: User) -> None:
    response = runner_with_plan_client.post(reverse("rehab:symptoms"), NO_FLAGS)
    assert response["Location"] == reverse("rehab:today")
    assert not Event.objects.filter(runner=runner_with_plan).exists()


@pytest.mark.django_db
def test_a_yes_pauses_the_plan_until_a_doctor_clears_it(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(reverse("rehab:symptoms"), {**NO_FLAGS, "triage_5": "yes"})
    event = Event.objects.get(runner=runner_with_plan)
    assert event.type == "red_flag" and event.payload["flags"] == ["TRIAGE-5"]
    page = runner_with_plan_client.get(reverse("rehab:today"))
    assert page.templates[0].name == "rehab/stop.html"
    assert "Rumænsk dødløft" not in page.content.decode()
    # Check-ins wait too.
    assert runner_with_plan_client.get(reverse("rehab:checkin_session"))["Location"] == reverse(
        "rehab:today"
    )
    # Unticked confirmation: nothing recorded.
    runner_with_plan_client.post(reverse("rehab:cleared"), {})
    assert Event.objects.filter(runner=runner_with_plan).count() == 1
    runner_with_plan_client.post(reverse("rehab:cleared"), {"confirm": "on"})
    cleared = Event.objects.filter(runner=runner_with_plan).order_by("-seq").first()
    assert cleared is not None and cleared.payload["by"] == "doctor"
    page = runner_with_plan_client.get(reverse("rehab:today"))
    assert page.templates[0].name == "rehab/today.html"


@pytest.mark.django_db
def test_cleared_without_a_flag_does_nothing(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(reverse("rehab:cleared"), {"confirm": "on"})
    assert not Event.objects.filter(runner=runner_with_plan).exists()


CAUSE_WORDING = ("tegn på", "sign of", "nerve", "i klemme", "pressed")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("flag", [1, 2, 3, 4, 5, 6, 7])
def test_the_stop_page_names_no_cause(
    runner_with_plan_client: Client, flag: int, language: str
) -> None:
    """Runback never diagnoses: the stop page says what was reported and what to do."""
    runner_with_plan_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    runner_with_plan_client.post(reverse("rehab:symptoms"), {**NO_FLAGS, f"triage_{flag}": "yes"})
    page = runner_with_plan_client.get(reverse("rehab:today"))
    assert page.templates[0].name == "rehab/stop.html"
    main = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", main).split())
    for words in CAUSE_WORDING:
        assert words not in text.lower()
    reported = FLAG_NAMES[f"TRIAGE-{flag}"][0 if language == "da" else 1]
    da = language == "da"
    assert ("Du har svaret ja til:" if da else "You answered yes to:") in text
    assert reported in text
    if flag <= 3:  # emergency: a doctor right away, 112 now; the plan waits for a doctor
        assert (
            "Det, du har oplyst, skal undersøges af en læge med det samme"
            if da
            else "What you reported must be checked by a doctor right away"
        ) in text
        assert ("Ring 112 nu." if da else "Call 112 now.") in text
        assert (
            "holder pause, indtil en læge har undersøgt dig"
            if da
            else "paused until a doctor has examined you"
        ) in text
        assert ("hverdagen" if da else "daily life") not in text
    else:  # prompt: a doctor soon (today or the next working day), the helpline
        assert (
            "i dag eller på næste hverdag" if da else "today or on the next working day"
        ) in text
        assert "1813" in text
        assert ("Det er fint at gå i hverdagen" if da else "Walking in daily life is fine") in text
