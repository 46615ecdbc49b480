"""TRIAGE: red flags outrank everything."""

import pytest

from runback.engine.reading import InvalidInput, read_case
from runback.engine.rules import TRIAGE_EMERGENCY, TRIAGE_PROMPT
from tests.engine.cases import advise, profile, tolerated_run


@pytest.mark.parametrize("flag", TRIAGE_EMERGENCY)
def test_emergency_flags_pause_everything(flag: str) -> None:
    out = advise([], 0, profile=profile(red_flags=[flag]))
    assert out["triage"]["level"] == "emergency"
    assert out["paused"] is True and out["phase"] == "paused"
    assert out["next_run"] is None
    assert out["strength"]["exercises"] == [] and out["strength"]["category"] == "none"
    assert out["upcoming_weeks"] == []
    assert "112" in out["triage"]["guidance"]["da"]
    assert flag in [e["rule"] for e in out["explanation"]]


@pytest.mark.parametrize("flag", TRIAGE_PROMPT)
def test_prompt_flags_pause_and_send_to_a_doctor(flag: str) -> None:
    out = advise([], 0, profile=profile(red_flags=[flag]), locale="en")
    assert out["triage"]["level"] == "prompt"
    assert out["paused"] is True
    assert "doctor" in out["triage"]["guidance"]["en"]


def test_emergency_outranks_prompt() -> None:
    out = advise([], 0, profile=profile(red_flags=["TRIAGE-5", "TRIAGE-2"]))
    assert out["triage"]["level"] == "emergency"
    assert out["triage"]["open_flags"] == ["TRIAGE-2", "TRIAGE-5"]


def test_flag_mid_plan_pauses_and_clearing_resumes_where_it_was() -> None:
    events = [
        *tolerated_run("t", 1),
        {"type": "red_flag", "date": "2026-01-09", "flags": ["TRIAGE-7"]},
    ]
    paused = advise(events, 5)
    assert paused["paused"] and paused["next_run"] is None
    events.append({"type": "cleared", "date": "2026-01-12", "by": "runner"})
    resumed = advise(events, 8)
    assert not resumed["paused"]
    assert resumed["next_run"]["phase"] == "intervals" and resumed["next_run"]["week"] == 1
    assert resumed["triage"]["cleared"]["by"] == "runner"


def test_a_session_logged_while_paused_does_not_advance_the_plan() -> None:
    events = [
        {"type": "red_flag", "date": "2026-01-05", "flags": ["TRIAGE-5"]},
        *tolerated_run("t", 1),
        {"type": "cleared", "date": "2026-01-08", "by": "clinician"},
    ]
    out = advise(events, 4)
    assert out["next_run"]["phase"] == "test"


def test_reassurance_is_given_when_not_paused() -> None:
    out = advise([], 0)
    assert "TRIAGE-R" in [e["rule"] for e in out["explanation"]]


def test_every_flag_of_the_model_has_a_level() -> None:
    from runback.engine.rules import TRIAGE_ADVISE, TRIAGE_FLAGS

    assert tuple(f"TRIAGE-{n}" for n in range(1, 16)) == TRIAGE_FLAGS
    assert set(TRIAGE_EMERGENCY) == {"TRIAGE-1", "TRIAGE-2", "TRIAGE-3", "TRIAGE-8"}
    assert set(TRIAGE_ADVISE) == {"TRIAGE-14", "TRIAGE-15"}
    assert set(TRIAGE_EMERGENCY) | set(TRIAGE_PROMPT) | set(TRIAGE_ADVISE) == set(TRIAGE_FLAGS)


@pytest.mark.parametrize("flag", ["TRIAGE-14", "TRIAGE-15"])
def test_advise_flags_do_not_pause(flag: str) -> None:
    out = advise([], 0, profile=profile(red_flags=[flag]))
    assert out["triage"]["level"] == "advise"
    assert out["paused"] is False and out["next_run"] is not None
    assert out["triage"]["open_flags"] == []
    assert out["triage"]["advise_flags"] == [flag]
    assert "læge" in out["triage"]["advice"]["da"]
    assert "doctor" in out["triage"]["advice"]["en"]
    assert out["strength"]["exercises"]


def test_advise_stays_until_the_runner_records_seeing_a_doctor() -> None:
    prof = profile(red_flags=["TRIAGE-14"])
    later = advise([*tolerated_run("t", 1)], 20, profile=prof)
    assert later["triage"]["level"] == "advise"
    seen = advise(
        [{"type": "cleared", "date": "2026-01-08", "by": "runner", "flags": ["TRIAGE-14"]}],
        4,
        profile=prof,
    )
    assert seen["triage"]["level"] == "none" and "advice" not in seen["triage"]


def test_clearing_the_advice_does_not_lift_a_pausing_flag() -> None:
    prof = profile(red_flags=["TRIAGE-14", "TRIAGE-5"])
    out = advise(
        [{"type": "cleared", "date": "2026-01-06", "by": "runner", "flags": ["TRIAGE-14"]}],
        2,
        profile=prof,
    )
    assert out["paused"] is True and out["triage"]["open_flags"] == ["TRIAGE-5"]
    assert out["triage"]["advise_flags"] == []


def test_advise_with_an_emergency_flag_is_still_an_emergency() -> None:
    out = advise([], 0, profile=profile(red_flags=["TRIAGE-15", "TRIAGE-8"]))
    assert out["triage"]["level"] == "emergency" and out["paused"] is True
    assert out["triage"]["advise_flags"] == ["TRIAGE-15"]


@pytest.mark.parametrize("locale", ["da", "en"])
def test_guidance_never_reassures_next_to_a_flag(locale: str) -> None:
    for flag in ("TRIAGE-1", "TRIAGE-5", "TRIAGE-14"):
        out = advise([], 0, profile=profile(red_flags=[flag]), locale=locale)
        words = " ".join(e["text"] for e in out["explanation"]).lower()
        for soothing in ("sjældent", "rarely", "ikke farlig", "not dangerous"):
            assert soothing not in words, (flag, soothing)


def test_guidance_names_the_region_helpline_and_the_own_doctor() -> None:
    out = advise(
        [], 0, profile=profile(red_flags=["TRIAGE-8"]), settings={"medical_helpline": "70 11 07 07"}
    )
    da, en = out["triage"]["guidance"]["da"], out["triage"]["guidance"]["en"]
    assert "70 11 07 07" in da and "112" in da and "egen læge" in da
    assert "70 11 07 07" in en and "own doctor" in en
    assert out["triage"]["medical_helpline"] == "70 11 07 07"


def test_without_a_region_no_number_is_guessed() -> None:
    out = advise([], 0, profile=profile(red_flags=["TRIAGE-1"]))
    assert "1813" not in out["triage"]["guidance"]["da"]
    assert "lægevagten i din region" in out["triage"]["guidance"]["da"]


def test_runner_report_is_shown_as_the_runner_report() -> None:
    events = [
        {"type": "red_flag", "date": "2026-01-06", "flags": ["TRIAGE-5"]},
        {"type": "cleared", "date": "2026-01-08", "by": "runner"},
    ]
    out = advise(events, 4, locale="en")
    texts = [e["text_en"] for e in out["explanation"] if e["rule"] == "TRIAGE-5"]
    # TRIAGE-CLEAR (v3): a runner's report is called what it is (formerly "You recorded
    # yourself that a doctor has given you the go-ahead"); never "a doctor cleared you".
    assert texts and all("You reported that" in t for t in texts)
    assert not any("cleared by a doctor" in t or "cleared you" in t for t in texts)


def _clearance(**extra: object) -> list[dict]:
    return [
        {"type": "red_flag", "date": "2026-01-06", "flags": ["TRIAGE-1"]},
        {"type": "cleared", "date": "2026-01-07", "by": "runner", "flags": ["TRIAGE-1"],
         "examined_by": "emergency_department", "examined_on": "2026-01-06", **extra},
    ]  # fmt: skip


def test_an_emergency_flag_resumes_on_a_runners_report_only_when_the_symptom_has_gone() -> None:
    """TRIAGE-CLEAR (v3)."""
    still = advise(_clearance(symptom_gone=False), 3)
    assert still["paused"] and still["triage"]["open_flags"] == ["TRIAGE-1"]
    assert still["triage"]["asked_again"] == ["TRIAGE-1"]
    gone = advise(_clearance(symptom_gone=True), 3, locale="en")
    assert not gone["paused"] and gone["triage"]["open_flags"] == []
    texts = [e["text_en"] for e in gone["explanation"] if e["rule"] == "TRIAGE-1"]
    assert texts and "examined you on 6 January" in texts[0]
    assert gone["triage"]["to_review"]  # a following clinic reviews it


def test_a_stored_doctor_clearance_lifts_prompt_flags_only() -> None:
    """TRIAGE-CLEAR (v3): `"by": "doctor"` is a runner's report without the details."""
    events = [
        {"type": "red_flag", "date": "2026-01-06", "flags": ["TRIAGE-1", "TRIAGE-5"]},
        {"type": "cleared", "date": "2026-01-07", "by": "doctor"},
    ]
    out = advise(events, 3)
    assert out["paused"] and out["triage"]["open_flags"] == ["TRIAGE-1"]


@pytest.mark.parametrize("examined_on", ["2026-01-08", "2026-01-03"])
def test_an_examination_in_the_future_or_too_early_is_refused(examined_on: str) -> None:
    """TRIAGE-CLEAR (v3): not after the report, not more than 2 days before an emergency
    flag was reported."""
    case = {
        "as_of": "2026-01-09",
        "profile": profile(),
        "events": _clearance(examined_on=examined_on),
    }
    with pytest.raises(InvalidInput) as error:
        read_case(case)
    assert error.value.field == "events.1.examined_on"
