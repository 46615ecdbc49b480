"""rehab:checkin_session: pain before/during/after on 0-10 buttons, < 30 s on a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from tests.rehab.helpers import stored

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab.models import Event

URL = reverse("rehab:checkin_session")


def good(**overrides: str) -> dict[str, str]:
    return {
        "token": "t-1",
        "type": "run",
        "date": today().isoformat(),
        "pain_before": "2",
        "pain_during": "3",
        "pain_after": "3",
        **overrides,
    }


@pytest.mark.django_db
def test_form_has_eleven_pain_buttons_per_question(runner_with_plan_client: Client) -> None:
    body = runner_with_plan_client.get(URL).content.decode()
    assert body.count('name="pain_during"') == 11
    assert 'type="hidden" name="token"' in body


@pytest.mark.django_db
def test_logging_a_session_shows_the_zone_and_the_plan(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.post(URL, good())
    assert response.status_code == 302
    event = Event.objects.get(runner=runner_with_plan, type="run")
    assert event.payload["pain_during"] == 3
    assert response["Location"] == reverse("rehab:checkin_result", args=[event.event_id])
    result = runner_with_plan_client.get(response["Location"]).content.decode()
    assert "Foreløbig" in result  # provisional until the next morning, in words
    assert "Din næste tur" in result
    count, output = stored(runner_with_plan)
    assert count == 1 and output["sessions"][0]["id"] == event.event_id


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pain_during", "11"),
        ("pain_during", "-1"),
        ("pain_after", "abc"),
        ("pain_before", ""),
        ("date", (today() + timedelta(days=400)).isoformat()),
        ("date", (today() + timedelta(days=1)).isoformat()),
        ("date", "1999-01-01"),
        ("date", "yesterday"),
        ("run_min", "abc"),
        ("run_min", "-5"),
        ("distance_km", "9999"),
        ("type", "swim"),
    ],
)
def test_bad_input_gives_a_field_error_and_writes_nothing(
    runner_with_plan_client: Client, runner_with_plan: User, field: str, value: str
) -> None:
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(URL, good(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_a_double_submit_records_one_event(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    first = runner_with_plan_client.post(URL, good(token="same"))
    second = runner_with_plan_client.post(URL, good(token="same"))
    assert first["Location"] == second["Location"]
    assert Event.objects.filter(runner=runner_with_plan).count() == 1


@pytest.mark.django_db
def test_what_was_actually_done_is_stored(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(URL, good(run_min="2.5", walk_min="10", distance_km="1.2"))
    payload = Event.objects.get(runner=runner_with_plan).payload
    assert payload["run_min"] == 2.5 and payload["walk_min"] == 10.0
    assert payload["distance_km"] == 1.2


@pytest.mark.django_db
def test_a_red_session_is_said_in_words(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.post(URL, good(pain_during="7", stopped_early="on"))
    body = runner_with_plan_client.get(response["Location"]).content.decode()
    assert "Rød: for meget lige nu" in body


@pytest.mark.django_db
def test_walking_phase_logs_a_walk(runner: User) -> None:
    from tests.histories import give_intake

    give_intake(runner, walking_tolerated=False)
    client = Client()
    client.force_login(runner)
    assert client.get(URL).context["form"].initial["type"] == "walk"
    response = client.post(URL, good(type="walk", walk_min="25", run_min="3"))
    assert response.status_code == 302
    payload = Event.objects.get(runner=runner).payload
    assert payload["type"] == "walk" and payload["minutes"] == 25.0 and "run_min" not in payload
    _, output = stored(runner)
    assert output["sessions"][0]["type"] == "walk"


@pytest.mark.django_db
def test_the_same_form_sent_again_with_other_data_keeps_the_first_and_says_so(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    first = runner_with_plan_client.post(URL, good(token="same", pain_during="3"))
    second = runner_with_plan_client.post(URL, good(token="same", pain_during="6"))
    assert first["Location"] == second["Location"]
    event = Event.objects.get(runner=runner_with_plan)
    assert event.payload["pain_during"] == 3
    body = runner_with_plan_client.get(second["Location"]).content.decode()
    assert "Denne formular var allerede sendt, så vi har beholdt det, du sendte første gang" in body
    assert "Smerte før 2, under 3, efter 3" in body  # what was kept
    assert reverse("rehab:event_correct", args=[event.event_id]) in body
    # Only once: the result page seen again later has no such notice.
    again = runner_with_plan_client.get(second["Location"]).content.decode()
    assert "allerede sendt" not in again


@pytest.mark.django_db
def test_a_second_session_on_the_same_date_is_saved_only_when_confirmed(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(URL, good(token="tab-1"))
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(URL, good(token="tab-2", pain_during="4"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Det her har du allerede registreret" in body
    assert "En løbetur den " in body
    assert 'name="another"' in body and "Ja, det er en ny. Gem den også." in body
    assert stored(runner_with_plan) == before
    confirmed = runner_with_plan_client.post(
        URL, good(token="tab-2", pain_during="4", another="on")
    )
    assert confirmed.status_code == 302
    assert Event.objects.filter(runner=runner_with_plan, type="run").count() == 2


@pytest.mark.django_db
def test_the_confirmation_box_is_not_shown_without_a_same_day_entry(
    runner_with_plan_client: Client,
) -> None:
    assert 'name="another"' not in runner_with_plan_client.get(URL).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("da", "Din plan starter den "),
        ("en", "Your plan starts on "),
    ],
)
def test_a_session_before_the_start_date_is_refused_at_the_field(
    runner: User, language: str, message: str
) -> None:
    from tests.histories import give_intake

    start = today() - timedelta(days=3)
    give_intake(runner, start_date=start.isoformat())
    runner.language = language
    runner.save(update_fields=["language"])
    client = Client()
    client.force_login(runner)
    before = stored(runner)
    response = client.post(URL, good(date=(start - timedelta(days=1)).isoformat()))
    assert response.status_code == 200
    errors = response.context["form"].errors["date"]
    assert message in errors[0]
    assert stored(runner) == before
    assert client.post(URL, good(date=start.isoformat())).status_code == 302


@pytest.mark.django_db
def test_a_link_can_fill_in_what_was_done(runner_with_plan_client: Client) -> None:
    """The interval timer and an imported watch file open the check-in filled in."""
    yesterday = (today() - timedelta(days=1)).isoformat()
    response = runner_with_plan_client.get(
        URL, {"run_min": "3", "walk_min": "14.5", "distance_km": "2.35", "date": yesterday}
    )
    form = response.context["form"]
    assert form.initial["run_min"] == 3
    assert form.initial["walk_min"] == 14.5
    assert str(form.initial["distance_km"]) == "2.35"
    assert form.initial["date"].isoformat() == yesterday
    assert form.optional_open  # the runner sees what was filled in


@pytest.mark.django_db
def test_a_bad_link_value_leaves_its_field_alone(runner_with_plan_client: Client) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()
    response = runner_with_plan_client.get(
        URL, {"run_min": "-4", "walk_min": "lots", "date": tomorrow, "type": "swim"}
    )
    form = response.context["form"]
    assert "run_min" not in form.initial and "walk_min" not in form.initial
    assert form.initial["date"] == today()
    assert form.initial["type"] == "run"
    assert not Event.objects.exists()  # a GET never records anything
