"""rehab:history, rehab:event_withdraw, rehab:event_correct: corrections are new events."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django import DjangoAssertNumQueries
from tests.histories import log_run
from tests.rehab.helpers import pains, stored

from runback.accounts.models import User
from runback.common.clock import today
from runback.common.dates import short_day
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import Event


@pytest.mark.django_db
def test_history_lists_entries_with_zones(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    log_run(runner_with_plan, days_ago=1)
    body = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    assert "Smerte før 2, under 2, efter 2" in body
    assert "Foreløbig" in body


@pytest.mark.django_db
def test_withdraw_is_a_new_event_and_the_plan_recomputes(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    assert stored(runner_with_plan)[1]["sessions"]
    response = runner_with_plan_client.post(
        reverse("rehab:event_withdraw", args=[session]), {"confirm": "yes"}
    )
    assert response["Location"] == reverse("rehab:history")
    events = list(Event.objects.filter(runner=runner_with_plan).order_by("seq"))
    assert [e.type for e in events] == ["run", "withdraw"]
    assert events[0].payload["pain_during"] == 2  # the original is untouched
    assert stored(runner_with_plan)[1]["sessions"] == []
    # A second withdraw of the same entry records nothing more.
    runner_with_plan_client.post(
        reverse("rehab:event_withdraw", args=[session]), {"confirm": "yes"}
    )
    assert Event.objects.filter(runner=runner_with_plan).count() == 2


@pytest.mark.django_db
def test_correct_replaces_the_entry_in_the_fold(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    url = reverse("rehab:event_correct", args=[session])
    assert runner_with_plan_client.get(url).context["form"].initial["pain_during"] == 2
    response = runner_with_plan_client.post(
        url,
        {
            "token": "c",
            "type": "run",
            "date": today().isoformat(),
            "pain_before": "2",
            "pain_during": "7",
            "pain_after": "7",
        },
    )
    assert response.status_code == 302
    events = list(Event.objects.filter(runner=runner_with_plan).order_by("seq"))
    assert len(events) == 2 and events[1].payload["replaces"] == session
    output = stored(runner_with_plan)[1]
    assert len(output["sessions"]) == 1 and output["sessions"][0]["zone"] == "red"
    body = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    assert "erstattet af en rettelse" in body


@pytest.mark.django_db
def test_bad_correction_writes_nothing(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(
        reverse("rehab:event_correct", args=[session]),
        {
            "type": "run",
            "date": today().isoformat(),
            "pain_before": "2",
            "pain_during": "12",
            "pain_after": "2",
        },
    )
    assert response.context["form"].errors["pain_during"]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_other_runners_entries_are_not_found(
    runner_with_plan_client: Client, other_runner: User
) -> None:
    before = stored(other_runner)
    for event in Event.objects.filter(runner=other_runner):
        # The same id may exist for this runner; what matters is the other's data.
        runner_with_plan_client.post(
            reverse("rehab:event_withdraw", args=[event.event_id]), {"confirm": "yes"}
        )
        runner_with_plan_client.get(reverse("rehab:event_correct", args=[event.event_id]))
    assert stored(other_runner) == before


@pytest.mark.django_db
@pytest.mark.parametrize("sessions", [1, 20])
def test_history_runs_a_constant_number_of_queries(
    runner_with_plan: User, sessions: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(sessions):
        log_run(runner_with_plan, days_ago=40 - 2 * (n % 20))
    client = Client()
    client.force_login(runner_with_plan)
    client.get(reverse("rehab:history"))
    with django_assert_num_queries(6):  # + closed sessions and weeks
        assert client.get(reverse("rehab:history")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "form"),
    [
        (
            {"type": "status", "pain_week_avg": 5},
            {"pain_week_avg": "3"},
        ),
        (
            {"type": "strength", "exercise": "split_squat", "sets_planned": 2, "sets_done": 2},
            {"exercise": "split_squat", "sets_planned": "2", "sets_done": "1"},
        ),
    ],
)
def test_every_kind_of_entry_can_be_corrected(
    runner_with_plan_client: Client,
    runner_with_plan: User,
    payload: dict[str, object],
    form: dict[str, str],
) -> None:
    from runback.rehab.checkin.recording import event_record

    event, _ = event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={**payload, "date": today().isoformat()},
    )
    response = runner_with_plan_client.post(
        reverse("rehab:event_correct", args=[event.event_id]),
        {"token": "c", "date": today().isoformat(), **form},
    )
    assert response.status_code == 302, response.context["form"].errors
    latest = Event.objects.filter(runner=runner_with_plan).order_by("-seq").first()
    assert latest is not None and latest.payload["replaces"] == event.event_id


@pytest.mark.django_db
def test_a_followup_can_be_corrected(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    from runback.rehab.checkin.recording import event_record

    session = log_run(runner_with_plan, days_ago=1)
    followup, _ = event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "followup", "session": session, "date": today().isoformat(), "pain": 6},
    )
    assert stored(runner_with_plan)[1]["sessions"][0]["zone"] == "red"
    response = runner_with_plan_client.post(
        reverse("rehab:event_correct", args=[followup.event_id]),
        {"token": "c2", "session": session, "date": today().isoformat(), "pain": "1"},
    )
    assert response.status_code == 302
    assert stored(runner_with_plan)[1]["sessions"][0]["zone"] == "green"


# --- withdrawing and correcting (issue 8, point 3) --------------------------------------------


def _status(runner: User, pain: int = 3, **extra: object) -> str:
    from runback.rehab.checkin.recording import event_record

    event, _ = event_record(
        runner=runner,
        author=runner,
        payload={"type": "status", "date": today().isoformat(), "pain_week_avg": pain, **extra},
    )
    return event.event_id


def _correct_status(client: Client, entry_id: str, pain: str, token: str = "c") -> Any:
    return client.post(
        reverse("rehab:event_correct", args=[entry_id]),
        {"token": token, "date": today().isoformat(), "pain_week_avg": pain},
    )


@pytest.mark.django_db
def test_withdraw_asks_first_and_says_what_will_happen(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    url = reverse("rehab:event_withdraw", args=[session])
    history = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    assert f'href="{url}"' in history  # a link to the confirmation, not a one-tap form
    before = stored(runner_with_plan)
    page = runner_with_plan_client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Vil du trække denne registrering tilbage?" in body
    assert "tæller den ikke længere med" in body
    assert "Ja, træk den tilbage" in body and reverse("rehab:history") in body
    # A post without the confirmation (e.g. an old one-tap form) only asks.
    assert runner_with_plan_client.post(url).status_code == 200
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_a_form_opened_before_the_withdrawal_cannot_correct(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    entry = _status(runner_with_plan)
    runner_with_plan_client.get(reverse("rehab:event_correct", args=[entry]))  # opened
    runner_with_plan_client.post(
        reverse("rehab:event_withdraw", args=[entry]), {"confirm": "yes", "token": "w"}
    )
    before = stored(runner_with_plan)
    response = _correct_status(runner_with_plan_client, entry, "6")
    assert response.status_code == 200
    assert "Denne registrering er trukket tilbage" in response.content.decode()
    assert stored(runner_with_plan) == before
    # Opening the form now says so too, and the entry stays withdrawn.
    response = runner_with_plan_client.get(
        reverse("rehab:event_correct", args=[entry]), follow=True
    )
    assert "Denne registrering er trukket tilbage" in response.content.decode()
    body = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    assert "trukket tilbage" in body
    assert reverse("rehab:event_withdraw", args=[entry]) not in body


@pytest.mark.django_db
def test_withdrawing_twice_records_one_withdrawal_and_hides_no_other(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    first = _status(runner_with_plan, 3)
    session = log_run(runner_with_plan, days_ago=1)
    url = reverse("rehab:event_withdraw", args=[first])
    tab_one = runner_with_plan_client.get(url).context["form"]["token"].value()
    tab_two = runner_with_plan_client.get(url).context["form"]["token"].value()
    runner_with_plan_client.post(url, {"confirm": "yes", "token": tab_one})
    response = runner_with_plan_client.post(url, {"confirm": "yes", "token": tab_two}, follow=True)
    assert "allerede trukket tilbage" in response.content.decode()
    assert Event.objects.filter(runner=runner_with_plan, type="withdraw").count() == 1
    # A later correction of something else and a withdrawal of another entry both count.
    assert _correct_status(runner_with_plan_client, first, "5").status_code == 200
    runner_with_plan_client.post(
        reverse("rehab:event_withdraw", args=[session]), {"confirm": "yes", "token": tab_one}
    )
    assert Event.objects.filter(runner=runner_with_plan, type="withdraw").count() == 1  # replay
    runner_with_plan_client.post(
        reverse("rehab:event_withdraw", args=[session]), {"confirm": "yes", "token": "other"}
    )
    assert Event.objects.filter(runner=runner_with_plan, type="withdraw").count() == 2
    assert stored(runner_with_plan)[1]["sessions"] == []


@pytest.mark.django_db
def test_a_corrected_entry_keeps_its_first_id_in_the_history(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    entry = _status(runner_with_plan, 3)
    response = _correct_status(runner_with_plan_client, entry, "5")
    events = list(Event.objects.filter(runner=runner_with_plan).order_by("seq"))
    assert [e.event_id for e in events] == ["e1", "e2"]
    assert events[1].payload["replaces"] == "e1"
    assert response["Location"] == reverse("rehab:checkin_result", args=["e2"])
    # Correcting again through the new id replaces the latest version.
    _correct_status(runner_with_plan_client, "e2", "6", token="c2")
    latest = Event.objects.filter(runner=runner_with_plan).order_by("-seq").first()
    assert latest is not None and latest.payload["replaces"] == "e2"
    body = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    assert reverse("rehab:event_correct", args=["e1"]) in body  # the entry's first id
    assert reverse("rehab:event_correct", args=["e3"]) not in body
    assert body.count("erstattet af en rettelse") == 2
    form = runner_with_plan_client.get(reverse("rehab:event_correct", args=["e1"])).context["form"]
    assert form.initial["pain_week_avg"] == 6  # the latest version


@pytest.mark.django_db
def test_history_follows_the_order_of_the_events(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """A correction stored after a withdrawal (before this was refused) does not bring
    the entry back: the history says so, and offers no actions."""
    entry = _status(runner_with_plan, 3)
    Event.objects.create(
        runner=runner_with_plan,
        seq=2,
        type="withdraw",
        payload={"id": "e2", "type": "withdraw", "date": today().isoformat(), "target": entry},
    )
    Event.objects.create(
        runner=runner_with_plan,
        seq=3,
        type="status",
        payload={
            "id": entry,  # ids were reused by corrections then
            "type": "status",
            "date": today().isoformat(),
            "pain_week_avg": 8,
            "replaces": entry,
        },
    )
    body = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    assert "ikke brugt: registreringen var allerede trukket tilbage" in body
    assert "(trukket tilbage)" in body
    assert reverse("rehab:event_correct", args=[entry]) not in body
    assert (
        runner_with_plan_client.get(reverse("rehab:event_correct", args=[entry])).status_code == 302
    )


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["e1%00", "%00", "e1%2F..", "e" + "1" * 70, "e 1", "é1"])
@pytest.mark.parametrize(
    "name", ["rehab:event_withdraw", "rehab:event_correct", "rehab:checkin_result"]
)
def test_a_malformed_entry_id_is_not_found(
    runner_with_plan_client: Client, runner_with_plan: User, name: str, bad: str
) -> None:
    log_run(runner_with_plan, days_ago=1)
    url = reverse(name, args=["e1"]).replace("/e1/", f"/{bad}/")
    before = stored(runner_with_plan)
    assert runner_with_plan_client.get(url).status_code == 404
    assert runner_with_plan_client.post(url, {"confirm": "yes"}).status_code == 404
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_a_corrected_session_keeps_its_first_id_and_its_followups(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    from tests.histories import give_intake

    from runback.rehab.checkin.recording import event_record

    give_intake(runner_with_plan, start_date=(today() - timedelta(days=3)).isoformat())
    session = log_run(runner_with_plan, days_ago=1)
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "followup", "session": session, "date": today().isoformat(), "pain": 1},
    )
    response = runner_with_plan_client.post(
        reverse("rehab:event_correct", args=[session]),
        {
            "token": "c",
            "type": "run",
            "date": (today() - timedelta(days=1)).isoformat(),
            "pain_before": "2",
            "pain_during": "3",
            "pain_after": "3",
        },
    )
    assert response.status_code == 302
    output = stored(runner_with_plan)[1]
    assert [(s["id"], s["zone"]) for s in output["sessions"]] == [(session, "yellow")]
    body = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    assert "Næste morgen: smerte 1" in body and "Gul: tålt" in body


@pytest.mark.django_db
def test_a_followup_cannot_be_corrected_to_the_sessions_own_day(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=2)
    event, _ = event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "followup", "session": session, "date": today().isoformat(), "pain": 1},
    )
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(
        reverse("rehab:event_correct", args=[event.event_id]),
        {
            "token": "c2",
            "session": session,
            "date": (today() - timedelta(days=2)).isoformat(),
            "pain": "1",
        },
    )
    assert response.status_code == 200
    assert "kan gives fra dagen efter turen" in response.context["form"].errors["date"][0]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_moving_a_session_after_its_followup_is_refused_in_danish(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """It used to crash the fold (a 500); now the date field says why, in Danish."""
    session = log_run(runner_with_plan, days_ago=3)
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={
            "type": "followup",
            "session": session,
            "date": (today() - timedelta(days=2)).isoformat(),
            "pain": 1,
        },
    )
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(
        reverse("rehab:event_correct", args=[session]),
        {"token": "c3", "type": "run", "date": today().isoformat(), **pains()},
    )
    body = response.content.decode()
    expected = "Turen har et svar fra næste morgen"
    assert expected in response.context["form"].errors["date"][0]
    assert "is before the session" not in body
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_history_dates_have_lower_case_danish_months(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    log_run(runner_with_plan, days_ago=1)
    body = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    with translation.override("da"):
        assert short_day(today() - timedelta(days=1)) in body
    assert (today() - timedelta(days=1)).isoformat() not in body


@pytest.mark.django_db
def test_history_counts_sets_in_singular_and_plural(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    for planned in (1, 3):
        event_record(
            runner=runner_with_plan,
            author=runner_with_plan,
            payload={
                "type": "strength",
                "date": today().isoformat(),
                "exercise": "split_squat",
                "sets_planned": planned,
                "sets_done": 1,
            },
        )
    runner_with_plan_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = runner_with_plan_client.get(reverse("rehab:history")).content.decode()
    assert re.search(r"1 of 1 set\s*<", body)
    assert "1 of 1 sets" not in body
    assert "1 of 3 sets" in body


@pytest.mark.django_db
def test_two_tabs_correcting_one_entry_never_overwrite_each_other_unseen(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=0)
    url = reverse("rehab:event_correct", args=[session])
    assert f'name="version" value="{session}"' in runner_with_plan_client.get(url).content.decode()
    form = {
        "type": "run",
        "date": today().isoformat(),
        "pain_before": "2",
        "pain_after": "2",
        "version": session,
    }
    first = runner_with_plan_client.post(url, {**form, "token": "tab1", "pain_during": "1"})
    assert first.status_code == 302
    before = stored(runner_with_plan)
    second = runner_with_plan_client.post(url, {**form, "token": "tab2", "pain_after": "4"})
    assert second["Location"] == url  # back to the form, now from the latest version
    assert stored(runner_with_plan) == before
    latest = runner_with_plan_client.get(url)
    assert latest.context["form"].initial["pain_during"] == 1
    assert "ændret i et andet vindue" in latest.content.decode()
