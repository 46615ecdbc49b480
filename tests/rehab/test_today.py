"""rehab:today: reads the snapshot; constant queries whatever the history's length."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django import DjangoAssertNumQueries
from tests.histories import give_intake, log_run

from runback.accounts.models import User
from runback.accounts.services import consent_withdraw
from runback.common.clock import today
from runback.common.dates import long_date
from runback.engine.rules import TRIAGE_FLAGS
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import Event, Snapshot

URL = reverse("rehab:today")
needs_engine = pytest.mark.skipif(
    "TRIAGE-15" not in TRIAGE_FLAGS, reason="needs the engine's TRIAGE-8..15 (issue 7)"
)
ADVICE = {"da": "Få en læge til at se på det (motor-tekst).", "en": "See a doctor (engine text)."}


@pytest.mark.django_db
def test_today_shows_the_next_session_concretely(runner_with_plan_client: Client) -> None:
    body = runner_with_plan_client.get(URL).content.decode()
    assert "Gå 5 min, derefter 3 × (løb 1 min, gå 3 min)" in body
    assert "Tidligst" in body
    assert "Rumænsk dødløft" in body
    assert "/library/rule/RUN-P1/" in body  # the why, linked to the rule's explanation


@pytest.mark.django_db
def test_today_in_english(runner_with_plan_client: Client) -> None:
    runner_with_plan_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = runner_with_plan_client.get(URL).content.decode()
    assert "Walk 5 min, then 3 × (run 1 min, walk 3 min)" in body
    assert "Romanian deadlift" in body


@pytest.mark.django_db
def test_a_provisional_session_asks_for_the_next_morning(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    body = runner_with_plan_client.get(URL).content.decode()
    assert f"?session={session}" in body
    assert "her til morgen" in body


@pytest.mark.django_db
def test_a_new_day_is_advised_from_the_stored_state_without_a_write(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """Issue 9: the first page of a new day folds nothing and writes nothing; the advice
    is made from the stored state for the new date."""
    import time_machine

    stored = Snapshot.objects.get(runner=runner_with_plan)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        response = runner_with_plan_client.get(URL)
        assert response.status_code == 200
        assert response.context["output"]["as_of"] == today().isoformat()
    again = Snapshot.objects.get(runner=runner_with_plan)
    assert (again.as_of, again.computed_at, again.output) == (
        stored.as_of,
        stored.computed_at,
        stored.output,
    )


def test_a_snapshot_without_a_usable_state_is_folded_again(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    Snapshot.objects.filter(runner=runner_with_plan).update(
        as_of=today() - timedelta(days=3), state={"engine_version": "an old one"}
    )
    assert runner_with_plan_client.get(URL).status_code == 200
    assert Snapshot.objects.get(runner=runner_with_plan).as_of == today()


def _history(user: User, sessions: int) -> None:
    start = today() - timedelta(days=2 * sessions + 1)
    give_intake(user, start_date=start.isoformat())
    for n in range(sessions):
        day = start + timedelta(days=2 * n)
        event, _ = event_record(
            runner=user,
            author=user,
            payload={
                "type": "run",
                "date": day.isoformat(),
                "pain_before": 1,
                "pain_during": 2,
                "pain_after": 2,
            },
        )
        event_record(
            runner=user,
            author=user,
            payload={
                "type": "followup",
                "session": event.event_id,
                "date": (day + timedelta(days=1)).isoformat(),
                "pain": 1,
            },
        )


@pytest.mark.django_db
@pytest.mark.parametrize("sessions", [1, 25])
def test_today_runs_a_constant_number_of_queries(
    runner: User, sessions: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _history(runner, sessions)
    client = Client()
    client.force_login(runner)
    client.get(URL)  # warm the session
    # 4, 1 more because the fixture's runner shares with a clinic (Today asks what
    # clinicians changed) and 2 for assessments (an upcoming booking? free times?).
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200


@pytest.mark.django_db
def test_weekly_status_is_asked_for_after_a_week_without_one(runner: User) -> None:
    give_intake(runner, start_date=(today() - timedelta(days=10)).isoformat())
    client = Client()
    client.force_login(runner)
    assert "Hvordan har din ryg haft det den seneste uge?" in client.get(URL).content.decode()
    event_record(
        runner=runner,
        author=runner,
        payload={"type": "status", "date": today().isoformat(), "pain_week_avg": 3},
    )
    assert "Hvordan har din ryg haft det den seneste uge?" not in client.get(URL).content.decode()


@pytest.mark.django_db
def test_weekly_status_is_not_asked_for_in_the_first_week(runner_with_plan_client: Client) -> None:
    assert "den seneste uge?" not in runner_with_plan_client.get(URL).content.decode()


@pytest.mark.django_db
def test_today_says_where_the_runner_is_in_the_plan(runner: User) -> None:
    _history(runner, 1)
    client = Client()
    client.force_login(runner)
    body = client.get(URL).content.decode()
    assert "Fase 2: intervaller med løb og gang, uge 1" in body
    assert "0 af 3 ture på dette trin tålt" in body


def _long(day: object, language: str = "da") -> str:
    with translation.override(language):
        return long_date(day)


@pytest.mark.django_db
def test_a_session_from_today_is_not_asked_about_until_tomorrow(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """ZONE-2: no next-morning question minutes after the run; it says when instead."""
    session = log_run(runner_with_plan, days_ago=0)
    body = runner_with_plan_client.get(URL).content.decode()
    assert f"?session={session}" not in body
    assert "her til morgen" not in body
    assert f"I morgen tidlig, {_long(today() + timedelta(days=1))}, kan du fortælle" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("da", "Hvordan har din ryg det her til morgen, efter din løbetur {date}?"),
        ("en", "How is your back this morning, after your run on {date}?"),
    ],
)
def test_the_next_morning_question_names_the_run_and_its_date(
    runner_with_plan_client: Client, runner_with_plan: User, language: str, question: str
) -> None:
    runner_with_plan_client.post("/i18n/setlang/", {"language": language, "next": "/"})
    log_run(runner_with_plan, days_ago=1)
    body = runner_with_plan_client.get(URL).content.decode()
    day = today() - timedelta(days=1)
    assert question.format(date=_long(day, language)) in body
    card = body.split('class="card card-ask"', 1)[1].split("</div>", 1)[0]
    assert day.isoformat() not in card


@pytest.mark.django_db
def test_rules_are_shown_in_plain_words_with_a_why_link(
    runner_with_plan_client: Client,
) -> None:
    body = runner_with_plan_client.get(URL).content.decode()
    assert "Fase 1: gang og testløb" in body
    assert 'class="why-link" data-rule="RUN-P1"' in body
    assert ">RUN-P1<" not in body and "RUN-P1 " not in body  # the ID is for clinicians


@pytest.mark.django_db
def test_a_doctors_clearance_is_shown_as_the_runners_report(
    runner_with_plan_client: Client,
) -> None:
    from tests.rehab.test_symptoms import NO_FLAGS as no

    runner_with_plan_client.post(reverse("rehab:symptoms"), {**no, "triage_5": "yes"})
    runner_with_plan_client.post(reverse("rehab:cleared"), {"confirm": "on"})
    body = runner_with_plan_client.get(URL).content.decode()
    assert f"Du oplyste {_long(today())}, at en læge har givet dig lov til at træne igen." in body
    history = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    assert "Du har oplyst, at en læge har givet dig lov til at træne igen" in history
    assert "Må træne igen" not in history


def _with_advice(user: User) -> None:
    """The engine's output for an open advise flag (the contract of issue 7)."""
    snapshot = Snapshot.objects.get(runner=user)
    output = dict(snapshot.output)
    output["triage"] = {
        "level": "advise",
        "open_flags": ["TRIAGE-14"],
        "advise_flags": ["TRIAGE-14"],
        "advice": ADVICE,
    }
    Snapshot.objects.filter(runner=user).update(output=output, as_of=today())


@pytest.mark.django_db
def test_advice_is_shown_and_the_plan_goes_on(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    _with_advice(runner_with_plan)
    page = runner_with_plan_client.get(URL)
    body = page.content.decode()
    assert page.templates[0].name == "rehab/today.html"
    assert ADVICE["da"] in body
    assert "Jeg har været hos lægen med det" in body
    assert 'name="advise"' in body and reverse("rehab:cleared") in body
    assert "Gå 5 min, derefter 3 × (løb 1 min, gå 3 min)" in body  # not paused
    # Check-ins stay open.
    assert runner_with_plan_client.get(reverse("rehab:checkin_session")).status_code == 200
    runner_with_plan_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = runner_with_plan_client.get(URL).content.decode()
    assert ADVICE["en"] in body and "I have seen a doctor about this" in body


@pytest.mark.django_db
def test_no_advice_box_without_an_advise_flag(runner_with_plan_client: Client) -> None:
    assert 'name="advise"' not in runner_with_plan_client.get(URL).content.decode()


@pytest.mark.django_db
def test_seen_a_doctor_without_advice_records_nothing(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.post(reverse("rehab:cleared"), {"advise": "1"})
    assert response["Location"] == URL
    assert not Event.objects.filter(runner=runner_with_plan).exists()


@needs_engine
@pytest.mark.django_db
def test_seen_a_doctor_lifts_only_the_advise_flags(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "red_flag", "date": today().isoformat(), "flags": ["TRIAGE-14"]},
    )
    assert 'name="advise"' in runner_with_plan_client.get(URL).content.decode()
    response = runner_with_plan_client.post(reverse("rehab:cleared"), {"advise": "1"})
    assert response["Location"] == URL
    cleared = Event.objects.filter(runner=runner_with_plan).order_by("-seq").first()
    assert cleared is not None
    assert cleared.payload["by"] == "runner" and cleared.payload["flags"] == ["TRIAGE-14"]
    snapshot = Snapshot.objects.get(runner=runner_with_plan)
    assert snapshot.output["triage"]["level"] == "none"
    assert 'name="advise"' not in runner_with_plan_client.get(URL).content.decode()
    # A second tap records nothing more.
    runner_with_plan_client.post(reverse("rehab:cleared"), {"advise": "1"})
    assert Event.objects.filter(runner=runner_with_plan, type="cleared").count() == 1


@pytest.mark.django_db
def test_today_asks_for_the_region_once(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    body = runner_with_plan_client.get(URL).content.decode()
    assert 'id="id_region_prompt"' in body
    footer = body.split("<footer", 1)[1]
    assert 'href="tel:1813"' in footer and 'href="tel:+4570150300"' in footer  # all five
    runner_with_plan.region = "hovedstaden"
    runner_with_plan.save()
    body = runner_with_plan_client.get(URL).content.decode()
    assert 'id="id_region_prompt"' not in body
    footer = body.split("<footer", 1)[1]
    assert 'href="tel:1813"' in footer and "tel:+4570150300" not in footer


def _flag_yes(user: User, flag: str) -> None:
    event_record(
        runner=user,
        author=user,
        payload={"type": "red_flag", "date": today().isoformat(), "flags": [flag]},
    )


@pytest.mark.django_db
def test_after_withdrawing_consent_an_open_red_flag_still_shows_the_stop_page(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """Safety guidance outlives consent: who to call stays on Today, read from the stored
    snapshot (nothing is computed or stored), without the 'continue my plan' form."""
    _flag_yes(runner_with_plan, "TRIAGE-5")
    consent_withdraw(user=runner_with_plan)
    snapshot_before = Snapshot.objects.values().get(runner=runner_with_plan)
    events_before = Event.objects.filter(runner=runner_with_plan).count()
    page = runner_with_plan_client.get(URL)
    assert page.status_code == 200
    assert page.templates[0].name == "rehab/stop.html"
    body = page.content.decode()
    assert 'href="tel:112"' in body
    assert reverse("rehab:cleared") not in body
    assert "Du har trukket dit samtykke tilbage" in body
    assert reverse("accounts:consent") in body
    assert "Rumænsk dødløft" not in body
    assert Snapshot.objects.values().get(runner=runner_with_plan) == snapshot_before
    assert Event.objects.filter(runner=runner_with_plan).count() == events_before


@pytest.mark.django_db
def test_after_withdrawing_consent_a_stale_stop_page_is_not_recomputed(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    _flag_yes(runner_with_plan, "TRIAGE-5")
    consent_withdraw(user=runner_with_plan)
    Snapshot.objects.filter(runner=runner_with_plan).update(as_of=today() - timedelta(days=3))
    page = runner_with_plan_client.get(URL)
    assert page.templates[0].name == "rehab/stop.html"
    assert Snapshot.objects.get(runner=runner_with_plan).as_of == today() - timedelta(days=3)


@pytest.mark.django_db
def test_after_withdrawing_consent_open_advice_stays_visible(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    _with_advice(runner_with_plan)
    consent_withdraw(user=runner_with_plan)
    page = runner_with_plan_client.get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert ADVICE["da"] in body
    assert "Gå 5 min" not in body  # no plan
    assert 'name="advise"' not in body  # nothing can be recorded
    assert reverse("accounts:consent") in body


@pytest.mark.django_db
def test_after_withdrawing_consent_without_a_flag_today_goes_to_the_consent_page(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    consent_withdraw(user=runner_with_plan)
    assert runner_with_plan_client.get(URL)["Location"] == reverse("accounts:consent")
