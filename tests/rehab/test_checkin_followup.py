"""rehab:checkin_followup: the next-morning answer that makes a zone final."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from tests.histories import log_run
from tests.rehab.helpers import stored

from runback.accounts.models import User
from runback.common.clock import today
from runback.common.dates import long_date
from runback.rehab.models import Event

URL = reverse("rehab:checkin_followup")


@pytest.mark.django_db
def test_followup_makes_the_zone_final(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    assert f'value="{session}"' in runner_with_plan_client.get(URL).content.decode()
    response = runner_with_plan_client.post(
        URL, {"token": "f", "session": session, "date": today().isoformat(), "pain": "1"}
    )
    assert response.status_code == 302
    _, output = stored(runner_with_plan)
    assert output["sessions"][0]["zone"] == "green"
    body = runner_with_plan_client.get(response["Location"]).content.decode()
    assert "Grøn: godt tålt" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("session", {"session": "e999"}),  # a session that does not exist
        ("pain", {"pain": "11"}),
        ("pain", {"pain": "-1"}),
        ("pain", {"pain": "x"}),
        ("date", {"date": (today() + timedelta(days=30)).isoformat()}),
        ("date", {"date": (today() - timedelta(days=5)).isoformat()}),  # before the session
    ],
)
def test_bad_followup_gives_a_field_error_and_writes_nothing(
    runner_with_plan_client: Client, runner_with_plan: User, field: str, overrides: dict[str, str]
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    before = stored(runner_with_plan)
    data = {"token": "f", "session": session, "date": today().isoformat(), "pain": "1", **overrides}
    response = runner_with_plan_client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_another_runners_session_cannot_be_followed_up(
    runner_with_plan_client: Client, runner_with_plan: User, other_runner: User
) -> None:
    other_session = Event.objects.filter(runner=other_runner, type="run").first()
    assert other_session is not None
    log_run(runner_with_plan, days_ago=1)
    before = stored(other_runner)
    response = runner_with_plan_client.post(
        URL,
        {"session": other_session.event_id + "x", "date": today().isoformat(), "pain": "1"},
    )
    assert response.status_code == 200
    assert stored(other_runner) == before


def _from(day: object, language: str) -> str:
    with translation.override(language):
        return long_date(day)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("da", "Svaret fra næste morgen kan gives fra dagen efter turen (fra {date})."),
        (
            "en",
            "The next-morning answer can be given from the day after the session (from {date}).",
        ),
    ],
)
def test_a_same_day_answer_is_refused_at_the_date_field(
    runner_with_plan_client: Client, runner_with_plan: User, language: str, message: str
) -> None:
    """ZONE-2: the 24 hours are not skipped; the answer is refused in the page's language."""
    if language == "en":
        runner_with_plan_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    session = log_run(runner_with_plan, days_ago=0)
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(
        URL, {"token": "s", "session": session, "date": today().isoformat(), "pain": "1"}
    )
    assert response.status_code == 200
    expected = message.format(date=_from(today() + timedelta(days=1), language))
    assert response.context["form"].errors["date"] == [expected]
    assert expected in response.content.decode()
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_an_answer_dated_before_its_session_is_refused_in_danish(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """It used to reach the engine and show the engine's English message on a Danish page."""
    session = log_run(runner_with_plan, days_ago=2)
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(
        URL,
        {
            "token": "b",
            "session": session,
            "date": (today() - timedelta(days=3)).isoformat(),
            "pain": "1",
        },
    )
    body = response.content.decode()
    assert "Svaret fra næste morgen kan gives fra dagen efter turen" in body
    assert "is before the session" not in body
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_the_page_says_when_a_session_from_today_can_be_answered(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    log_run(runner_with_plan, days_ago=0)
    response = runner_with_plan_client.get(URL)
    body = response.content.decode()
    assert f"I morgen tidlig, {_from(today() + timedelta(days=1), 'da')}" in body
    assert response.context["form"].initial["session"] is None  # nothing to answer yet


@pytest.mark.django_db
def test_the_day_after_the_session_is_preselected_and_accepted(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    log_run(runner_with_plan, days_ago=0)  # its answer can wait until tomorrow
    form = runner_with_plan_client.get(URL).context["form"]
    assert form.initial["session"] == session
    response = runner_with_plan_client.post(
        URL, {"token": "n", "session": session, "date": today().isoformat(), "pain": "1"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_no_form_on_the_day_of_the_only_session(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    """On the session's own day there is nothing to answer yet: no form that would only
    be refused, but a note about tomorrow."""
    log_run(runner_with_plan, days_ago=0)
    body = runner_with_plan_client.get(URL).content.decode()
    assert 'name="pain"' not in body


@pytest.mark.django_db
def test_the_form_offers_the_engines_window_and_preselects_the_waiting_session(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    # The choices are the engine's `followups`: ZONE-2 / ZONE-LATE, the clinic's
    # followup_window_days (default 3). The web's own 7 days, which offered the session
    # from 5 days ago too, is gone: after the window an answer changes nothing.
    old = log_run(runner_with_plan, days_ago=9)
    late = log_run(runner_with_plan, days_ago=5)
    waiting = log_run(runner_with_plan, days_ago=1)
    form = runner_with_plan_client.get(URL).context["form"]
    offered = [value for value, _label in form.fields["session"].choices]
    assert waiting in offered and old not in offered and late not in offered
    assert form.initial["session"] == waiting


@pytest.mark.django_db
def test_no_form_when_every_session_is_answered_and_a_second_answer_is_asked_about(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=1)
    answer = {"session": session, "date": today().isoformat(), "pain": "1"}
    assert runner_with_plan_client.post(URL, {**answer, "token": "a"}).status_code == 302
    assert 'name="pain"' not in runner_with_plan_client.get(URL).content.decode()
    # A second tab, or a second answer for the same session: asked about first.
    before = stored(runner_with_plan)
    again = runner_with_plan_client.post(URL, {**answer, "token": "b", "pain": "6"})
    assert again.status_code == 200 and "duplicate-notice" in again.content.decode()
    assert stored(runner_with_plan) == before
    confirmed = runner_with_plan_client.post(
        URL, {**answer, "token": "b", "pain": "6", "another": "on"}
    )
    assert confirmed.status_code == 302
