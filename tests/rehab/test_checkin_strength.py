"""rehab:checkin_strength: sets done, load, technique."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from tests.rehab.helpers import stored

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab.checkin.strength_forms import StrengthForm
from runback.rehab.models import Event

URL = reverse("rehab:checkin_strength")


def good(**overrides: str) -> dict[str, str]:
    return {
        "token": "s",
        "exercise": "split_squat",
        "date": today().isoformat(),
        "sets_planned": "2",
        "sets_done": "2",
        "load_kg": "10",
        "technique_ok": "on",
        **overrides,
    }


@pytest.mark.django_db
def test_form_is_prefilled_from_the_plan(runner_with_plan_client: Client) -> None:
    response = runner_with_plan_client.get(URL + "?exercise=split_squat")
    assert response.context["form"].initial["exercise"] == "split_squat"
    assert response.context["form"].initial["sets_planned"] == 2


@pytest.mark.django_db
def test_strength_log_is_stored(runner_with_plan_client: Client, runner_with_plan: User) -> None:
    assert runner_with_plan_client.post(URL, good()).status_code == 302
    payload = Event.objects.get(runner=runner_with_plan).payload
    assert payload == {
        "type": "strength",
        "date": today().isoformat(),
        "exercise": "split_squat",
        "sets_planned": 2,
        "sets_done": 2,
        "technique_ok": True,
        "load_kg": 10.0,
        "id": "e1",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("exercise", "bench_press"),
        ("sets_done", "-1"),
        ("sets_done", "eleven"),
        ("sets_done", "9"),
        ("sets_planned", "0"),
        ("load_kg", "-3"),
        ("load_kg", "1000"),
        ("date", (today() + timedelta(days=2)).isoformat()),
    ],
)
def test_bad_strength_log_gives_a_field_error_and_writes_nothing(
    runner_with_plan_client: Client, runner_with_plan: User, field: str, value: str
) -> None:
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(URL, good(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert stored(runner_with_plan) == before


@pytest.mark.django_db
def test_the_same_exercise_twice_a_day_is_saved_only_when_confirmed(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan_client.post(URL, good(token="a"))
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(URL, good(token="b", sets_done="1"))
    assert response.status_code == 200
    assert "Split squat den " in response.content.decode()
    assert stored(runner_with_plan) == before
    # Another exercise the same day is not asked about.
    other = runner_with_plan_client.post(URL, good(token="c", exercise="dead_bug", load_kg=""))
    assert other.status_code == 302
    confirmed = runner_with_plan_client.post(URL, good(token="b", sets_done="1", another="on"))
    assert confirmed.status_code == 302
    assert Event.objects.filter(runner=runner_with_plan, type="strength").count() == 3


@pytest.mark.django_db
def test_strength_before_the_start_date_is_refused(runner: User) -> None:
    from tests.histories import give_intake

    give_intake(runner, start_date=today().isoformat())
    client = Client()
    client.force_login(runner)
    before = stored(runner)
    response = client.post(URL, good(date=(today() - timedelta(days=1)).isoformat()))
    assert "Din plan starter den " in response.context["form"].errors["date"][0]
    assert stored(runner) == before


@pytest.mark.django_db
def test_a_band_exercise_asks_for_the_band_not_kilograms(
    runner_with_plan_client: Client,
) -> None:
    response = runner_with_plan_client.get(URL + "?exercise=pallof_press")
    body = response.content.decode()
    assert 'name="band" value="medium"' in body
    assert "Mellem elastik" in body
    assert "Elastikkens modstand" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("exercise", "overrides", "field"),
    [
        ("pallof_press", {"load_kg": "5"}, "load_kg"),  # a band exercise in kilograms
        ("clamshell", {"load_kg": "5"}, "load_kg"),
        ("split_squat", {"band": "heavy"}, "band"),  # a weight exercise with a band
        ("pallof_press", {"load_kg": "", "band": "rubber"}, "band"),
    ],
)
def test_band_and_kilograms_go_with_the_right_exercises(
    runner_with_plan_client: Client,
    runner_with_plan: User,
    exercise: str,
    overrides: dict[str, str],
    field: str,
) -> None:
    before = stored(runner_with_plan)
    response = runner_with_plan_client.post(URL, good(exercise=exercise, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert stored(runner_with_plan) == before


def test_the_band_goes_into_the_payload_without_kilograms() -> None:
    form = StrengthForm(good(exercise="pallof_press", load_kg="", band="heavy"), language="da")
    assert form.is_valid(), form.errors
    payload = form.payload()
    assert payload["band"] == "heavy"
    assert "load_kg" not in payload


@pytest.mark.django_db
def test_a_band_is_stored(runner_with_plan_client: Client, runner_with_plan: User) -> None:
    response = runner_with_plan_client.post(
        URL, good(exercise="pallof_press", load_kg="", band="heavy")
    )
    assert response.status_code == 302
    payload = Event.objects.get(runner=runner_with_plan).payload
    assert payload["band"] == "heavy" and "load_kg" not in payload


@pytest.mark.django_db
def test_a_first_load_gets_a_hint(runner_with_plan_client: Client, runner_with_plan: User) -> None:
    """STR-INT: how to pick the first weight; gone once a load is logged."""
    hint = "Første gang? Vælg en vægt, du kan løfte 10-12 gange i god teknik"
    url = URL + "?exercise=romanian_deadlift"
    assert hint in runner_with_plan_client.get(url).content.decode()
    band_hint = "Første gang? Vælg en elastik, du kan lave 10-12 gentagelser med"
    assert band_hint in runner_with_plan_client.get(URL + "?exercise=pallof_press").content.decode()
    runner_with_plan_client.post(URL, good(exercise="romanian_deadlift", load_kg="20"))
    assert hint not in runner_with_plan_client.get(url).content.decode()


@pytest.mark.django_db
def test_a_chosen_band_exercise_shows_the_band_only(runner_with_plan_client: Client) -> None:
    """From Today's "Log" link the exercise is known: no kilograms next to the band."""
    response = runner_with_plan_client.get(URL + "?exercise=pallof_press")
    form = response.context["form"]
    assert "band" in form.fields and "load_kg" not in form.fields
    body = response.content.decode()
    assert 'name="load_kg"' not in body
    assert '<input type="hidden" name="exercise" value="pallof_press"' in body
    assert "<select" not in body.split('name="exercise"')[0][-200:]
    assert "Pallof press" in body and reverse("rehab:checkin_strength") + '"' in body


@pytest.mark.django_db
def test_a_chosen_weight_exercise_shows_kilograms_only(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    url = URL + "?exercise=split_squat"
    form = runner_with_plan_client.get(url).context["form"]
    assert "load_kg" in form.fields and "band" not in form.fields
    assert 'name="band"' not in runner_with_plan_client.get(url).content.decode()
    assert runner_with_plan_client.post(url, good()).status_code == 302
    assert Event.objects.get(runner=runner_with_plan).payload["load_kg"] == 10.0


@pytest.mark.django_db
def test_a_chosen_band_exercise_is_stored_with_its_band(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    url = URL + "?exercise=pallof_press"
    response = runner_with_plan_client.post(url, good(exercise="pallof_press", band="medium"))
    assert response.status_code == 302
    payload = Event.objects.get(runner=runner_with_plan).payload
    assert payload["band"] == "medium" and "load_kg" not in payload


@pytest.mark.django_db
def test_without_a_chosen_exercise_both_loads_say_what_they_are_for(
    runner_with_plan_client: Client,
) -> None:
    form = runner_with_plan_client.get(URL).context["form"]
    assert "load_kg" in form.fields and "band" in form.fields
    assert "vægt" in str(form.fields["load_kg"].label)
    assert "elastik" in str(form.fields["band"].label).lower()
    assert "Pallof press" in str(form.fields["band"].help_text)


@pytest.mark.django_db
@pytest.mark.parametrize("exercise", ["dead_bug", "back_extension", "split_squat"])
def test_a_first_load_of_a_body_weight_exercise_says_body_weight_first(
    runner_with_plan_client: Client, exercise: str
) -> None:
    planned = runner_with_plan_client.get(URL).context["planned"]
    if exercise not in planned:
        pytest.skip(f"{exercise} is not in this plan")
    body = runner_with_plan_client.get(URL + f"?exercise={exercise}").content.decode()
    assert "Første gang? Start med din egen kropsvægt" in body
    assert "Vælg en vægt" not in body


def test_body_weight_first_follows_the_exercise_library() -> None:
    """An exercise starts with body weight when the library's starting position and steps
    name no weight (a weight comes under "Harder"); the Romanian deadlift starts with one."""
    from pathlib import Path

    from runback.engine import BAND_EXERCISES
    from runback.engine.strength import EXERCISES
    from runback.rehab.checkin.strength_forms import BODY_WEIGHT_FIRST

    root = Path(__file__).resolve().parents[2] / "src" / "runback" / "content" / "exercises"
    for key, spec in EXERCISES.items():
        if not spec.loaded or key in BAND_EXERCISES:
            continue
        text = (root / f"{key}.en.md").read_text()
        start = text[text.index("{#start}") : text.index("{#dose}")].lower()
        harder = text[text.index("{#harder}") :].lower()
        with_weight = any(word in start for word in ("dumbbell", "kettlebell", "weight"))
        assert (key in BODY_WEIGHT_FIRST) == (not with_weight), key
        if key in BODY_WEIGHT_FIRST:
            assert "weight" in harder or "dumbbell" in harder, key
