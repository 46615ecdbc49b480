"""rehab:checkin_strength_session: today's whole strength session in one form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from tests.rehab.helpers import stored

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab.checkin import recording
from runback.rehab.checkin.errors import RecordError
from runback.rehab.models import Event

URL = reverse("rehab:checkin_strength_session")
PLANNED = ["romanian_deadlift", "split_squat", "back_extension", "dead_bug", "pallof_press"]


def as_planned(**overrides: str) -> dict[str, str]:
    data = {"token": "ss", "date": today().isoformat()}
    for key in PLANNED:
        data[f"{key}__sets_done"] = "2"
        data[f"{key}__technique_ok"] = "on"
    return {**data, **overrides}


@pytest.mark.django_db
def test_form_is_prefilled_with_the_plan(runner_with_plan_client: Client) -> None:
    form = runner_with_plan_client.get(URL).context["form"]
    assert [e["id"] for e in form.exercises] == PLANNED
    assert form.initial["split_squat__sets_done"] == 2


@pytest.mark.django_db
def test_one_tap_records_every_exercise_in_one_fold(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.post(URL, as_planned(split_squat__load_kg="12.5"))
    assert response["Location"] == reverse("rehab:today")
    events = list(Event.objects.filter(runner=runner_with_plan).order_by("seq"))
    assert [e.payload["exercise"] for e in events] == PLANNED
    assert events[1].payload["load_kg"] == 12.5
    count, _ = stored(runner_with_plan)
    assert count == 5
    # A double submit records nothing more.
    runner_with_plan_client.post(URL, as_planned(split_squat__load_kg="12.5"))
    assert Event.objects.filter(runner=runner_with_plan).count() == 5


@pytest.mark.django_db
def test_skipped_exercises_are_left_out(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(
        URL, as_planned(dead_bug__sets_done="", pallof_press__sets_done="")
    )
    assert Event.objects.filter(runner=runner_with_plan).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("split_squat__sets_done", "-1"),
        ("split_squat__sets_done", "many"),
        ("split_squat__sets_done", "9"),
        ("split_squat__load_kg", "-2"),
        ("split_squat__load_kg", "heavy"),
        ("date", (today() + timedelta(days=9)).isoformat()),
    ],
)
def test_bad_input_writes_nothing(
    runner_with_plan_client: Client, runner_with_plan: User, field: str, value: str
) -> None:
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(URL, as_planned(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_nothing_filled_in_is_an_error(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    data = as_planned(**{f"{key}__sets_done": "" for key in PLANNED})
    response = runner_with_plan_client.post(URL, data)
    assert response.context["form"].non_field_errors()
    assert not Event.objects.filter(runner=runner_with_plan).exists()


@pytest.mark.django_db
def test_a_second_session_the_same_day_is_saved_only_when_confirmed(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(URL, as_planned(token="tab-1"))
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(URL, as_planned(token="tab-2"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Det her har du allerede registreret" in body and 'name="another"' in body
    assert stored(runner_with_plan) == before
    confirmed = runner_with_plan_client.post(URL, as_planned(token="tab-2", another="on"))
    assert confirmed["Location"] == reverse("rehab:today")
    assert Event.objects.filter(runner=runner_with_plan).count() == 10


@pytest.mark.django_db
def test_the_same_form_sent_again_with_other_data_keeps_the_first(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(URL, as_planned(token="same"))
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(
        URL, as_planned(token="same", split_squat__sets_done="1"), follow=True
    )
    assert "Denne formular var allerede sendt" in response.content.decode()
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_a_session_before_the_start_date_is_refused(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(
        URL, as_planned(date=(today() - timedelta(days=1)).isoformat())
    )
    assert "Din plan starter den " in response.context["form"].errors["date"][0]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_pallof_press_asks_for_the_band_and_first_loads_get_a_hint(
    runner_with_plan_client: Client,
) -> None:
    response = runner_with_plan_client.get(URL)
    form = response.context["form"]
    assert "pallof_press__band" in form.fields and "pallof_press__load_kg" not in form.fields
    assert "romanian_deadlift__load_kg" in form.fields
    body = response.content.decode()
    assert 'name="pallof_press__band" value="light"' in body
    assert "Første gang? Vælg en vægt, du kan løfte 10-12 gange" in body  # Romanian deadlift
    assert "Første gang? Vælg en elastik, du kan lave 10-12 gentagelser" in body


@pytest.mark.django_db
def test_a_band_goes_into_the_payload_without_kilograms(runner_with_plan_client: Client) -> None:
    form = runner_with_plan_client.get(URL).context["form"]
    bound = type(form)(
        as_planned(pallof_press__band="extra_heavy", split_squat__load_kg="10"),
        exercises=[
            {"id": e["id"], "sets": e["planned"], "uses_band": e["uses_band"]}
            for e in form.exercises
        ],
        language="da",
    )
    assert bound.is_valid(), bound.errors
    payloads = {p["exercise"]: p for p in bound.payloads()}
    assert payloads["pallof_press"]["band"] == "extra_heavy"
    assert "load_kg" not in payloads["pallof_press"]
    assert payloads["split_squat"]["load_kg"] == 10.0 and "band" not in payloads["split_squat"]


@pytest.mark.django_db
def test_a_band_is_stored(runner_with_plan_client: Client, runner_with_plan: User) -> None:
    response = runner_with_plan_client.post(URL, as_planned(pallof_press__band="medium"))
    assert response["Location"] == reverse("rehab:today")
    event = Event.objects.get(runner=runner_with_plan, payload__exercise="pallof_press")
    assert event.payload["band"] == "medium"


@pytest.mark.django_db
def test_an_engine_refusal_is_shown_in_the_pages_language(
    runner_with_plan_client: Client, runner_with_plan: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine explains refusals in English (for programs); the page stays Danish."""

    def refuse(**kwargs: object) -> None:
        error = RecordError("sets_done", "must be an integer 0-10", "events.0.sets_done")
        error.index = 0
        raise error

    monkeypatch.setattr(recording, "events_record", refuse)
    response = runner_with_plan_client.post(URL, as_planned())
    assert response.status_code == 200
    body = response.content.decode()
    assert "must be an integer" not in body
    assert "Det passer ikke med det, du har registreret før" in body
    assert response.context["form"].errors["romanian_deadlift__sets_done"]


@pytest.mark.django_db
def test_body_weight_exercises_start_with_body_weight(runner_with_plan_client: Client) -> None:
    response = runner_with_plan_client.get(URL)
    form = response.context["form"]
    starts = [
        e["id"] for e in form.exercises if e["id"] in {"dead_bug", "back_extension", "split_squat"}
    ]
    assert starts
    for key in starts:
        help_text = str(form.fields[f"{key}__load_kg"].help_text)
        assert help_text.startswith("Første gang? Start med din egen kropsvægt"), key
    assert "Første gang? Vælg en vægt" in str(form.fields["romanian_deadlift__load_kg"].help_text)
