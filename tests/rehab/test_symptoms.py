"""rehab:symptoms and rehab:cleared: red flags at any time, and resuming after a doctor."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from runback.accounts import helplines
from runback.accounts.models import User
from runback.engine.rules import TRIAGE_FLAGS
from runback.engine.texts import FLAG_NAMES
from runback.rehab.checkin import recording
from runback.rehab.checkin.errors import RecordError
from runback.rehab.models import Event, Snapshot

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


# --- all fifteen flags, who to call (issue 7) ------------------------------------------------

needs_engine = pytest.mark.skipif(
    "TRIAGE-15" not in TRIAGE_FLAGS, reason="needs the engine's TRIAGE-8..15 (issue 7)"
)


def _main_text(page: Any) -> str:
    main = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.mark.django_db
def test_the_symptoms_page_asks_all_fifteen(runner_with_plan_client: Client) -> None:
    body = runner_with_plan_client.get(reverse("rehab:symptoms")).content.decode()
    for i in range(1, 14):
        assert f'name="triage_{i}"' in body
    assert 'name="age_50_or_over"' in body and 'name="ibp_buttock_alternating"' in body
    response = runner_with_plan_client.post(reverse("rehab:symptoms"), {"triage_1": "no"})
    assert response.status_code == 200 and response.context["form"].errors["triage_12"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("flag", [1, 2, 3, 4, 5, 6, 7])
def test_no_reassurance_next_to_a_flag(
    runner_with_plan_client: Client, flag: int, language: str
) -> None:
    runner_with_plan_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    runner_with_plan_client.post(reverse("rehab:symptoms"), {**NO_FLAGS, f"triage_{flag}": "yes"})
    body = runner_with_plan_client.get(reverse("rehab:today")).content.decode().lower()
    for words in ("sjældent alvorligt", "rarely serious", "ikke farlig", "not dangerous"):
        assert words not in body


@pytest.mark.django_db
def test_the_stop_page_gives_the_regions_helpline_as_a_button(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan.region = "syddanmark"
    runner_with_plan.save()
    runner_with_plan_client.post(reverse("rehab:symptoms"), {**NO_FLAGS, "triage_1": "yes"})
    page = runner_with_plan_client.get(reverse("rehab:today"))
    body = page.content.decode()
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'class="call-button" href="tel:+4570110707"' in main
    assert 'href="tel:112"' in main
    assert "tel:1813" not in body  # not the Capital Region's number
    assert 'name="region"' not in main  # the region is known: no prompt
    footer = body.split("<footer", 1)[1]
    assert 'href="tel:+4570110707"' in footer and 'href="tel:112"' in footer
    # The engine's own texts quote the same helpline.
    snapshot = Snapshot.objects.get(runner=runner_with_plan)
    assert snapshot.output["triage"]["medical_helpline"] == "70 11 07 07"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hour", "first"),
    [(10, "own doctor"), (20, "helpline"), (7, "helpline")],
)
def test_the_first_call_fits_the_time_of_day(
    runner_with_plan_client: Client,
    runner_with_plan: User,
    monkeypatch: pytest.MonkeyPatch,
    hour: int,
    first: str,
) -> None:
    tuesday = datetime(2026, 1, 6, hour, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    monkeypatch.setattr(helplines, "_now", lambda: tuesday)
    runner_with_plan.region = "nordjylland"
    runner_with_plan.save()
    runner_with_plan_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    runner_with_plan_client.post(reverse("rehab:symptoms"), {**NO_FLAGS, "triage_2": "yes"})
    text = _main_text(runner_with_plan_client.get(reverse("rehab:today")))
    helpline = text.index("Call 70 15 03 00")
    if first == "own doctor":
        # Office hours: the own doctor, then 112 if nobody answers (clinical model,
        # section 1); the helpline is named for after 16.
        emergency = text.index("Is life at risk, or can you not reach your doctor? Call 112 now.")
        doctor = text.index("Call your own doctor now and say that it is urgent.")
        after_hours = text.index("From 16, at weekends and on public holidays")
        assert doctor < after_hours < helpline < emergency
        assert "If you cannot reach your doctor, call the medical helpline" not in text
    else:
        emergency = text.index("Is life at risk, or can you not get through? Call 112 now.")
        assert "Call your own doctor now" not in text
        assert text.index("Call the medical helpline now:") < helpline < emergency
        assert helpline < text.index("On weekdays 08-16 your own doctor is the first call.")


@pytest.mark.django_db
def test_without_a_region_all_five_numbers_and_a_prompt(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(reverse("rehab:symptoms"), {**NO_FLAGS, "triage_4": "yes"})
    page = runner_with_plan_client.get(reverse("rehab:today"))
    main = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    for tel in ("tel:1813", "tel:1818", "tel:+4570110707", "tel:+4570113131", "tel:+4570150300"):
        assert f'href="{tel}"' in main
    assert 'name="region"' in main and reverse("accounts:region") in main
    response = runner_with_plan_client.post(
        reverse("accounts:region"), {"region": "sjaelland", "next": reverse("rehab:today")}
    )
    assert response["Location"] == reverse("rehab:today")
    main = runner_with_plan_client.get(reverse("rehab:today")).content.decode().split("<main")[1]
    assert 'href="tel:1818"' in main and 'href="tel:1813"' not in main


@needs_engine
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("flag", "level"),
    [
        (8, "emergency"),
        (9, "prompt"),
        (10, "prompt"),
        (11, "prompt"),
        (12, "prompt"),
        (13, "prompt"),
    ],
)
def test_the_new_flags_pause_the_plan(
    runner_with_plan_client: Client, runner_with_plan: User, flag: int, level: str
) -> None:
    runner_with_plan_client.post(reverse("rehab:symptoms"), {**NO_FLAGS, f"triage_{flag}": "yes"})
    event = Event.objects.get(runner=runner_with_plan)
    assert event.payload["flags"] == [f"TRIAGE-{flag}"]
    page = runner_with_plan_client.get(reverse("rehab:today"))
    assert page.templates[0].name == "rehab/stop.html"
    assert Snapshot.objects.get(runner=runner_with_plan).output["triage"]["level"] == level


@needs_engine
@pytest.mark.django_db
def test_an_advise_flag_from_symptoms_keeps_the_plan(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    answers = {
        **NO_FLAGS,
        "pain_over_3_months": "yes",
        "ibp_morning_stiffness": "yes",
        "ibp_better_moving": "yes",
        "ibp_wakes_late_night": "no",
        "ibp_buttock_alternating": "no",
    }
    runner_with_plan_client.post(reverse("rehab:symptoms"), answers)
    event = Event.objects.get(runner=runner_with_plan)
    assert event.payload["flags"] == ["TRIAGE-15"]
    page = runner_with_plan_client.get(reverse("rehab:today"))
    assert page.templates[0].name == "rehab/today.html"


@pytest.mark.django_db
def test_a_refused_flag_is_a_message_not_an_error_page(
    runner_with_plan_client: Client, runner_with_plan: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**_: object) -> None:
        raise RecordError("flags", "is not a red-flag id")

    monkeypatch.setattr(recording, "event_record", refuse)
    response = runner_with_plan_client.post(
        reverse("rehab:symptoms"), {**NO_FLAGS, "triage_9": "yes"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Event.objects.filter(runner=runner_with_plan).exists()


@pytest.mark.django_db
def test_a_yes_counts_even_with_other_questions_left_blank(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """A warning sign is never lost to a blank field: the yes is recorded and acted on."""
    response = runner_with_plan_client.post(reverse("rehab:symptoms"), {"triage_1": "yes"})
    assert response.status_code == 302
    event = Event.objects.get(runner=runner_with_plan, type="red_flag")
    assert event.payload["flags"] == ["TRIAGE-1"]
    assert runner_with_plan_client.get(reverse("rehab:today")).status_code in (200, 302)


@pytest.mark.django_db
def test_all_blank_is_still_asked_again(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.post(reverse("rehab:symptoms"), {"triage_1": "no"})
    assert response.status_code == 200
    assert not Event.objects.filter(runner=runner_with_plan).exists()
