"""TRIAGE: red flags outrank everything."""

import pytest

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
    events = [*tolerated_run("t", 1),
              {"type": "red_flag", "date": "2026-01-09", "flags": ["TRIAGE-7"]}]
    paused = advise(events, 5)
    assert paused["paused"] and paused["next_run"] is None
    events.append({"type": "cleared", "date": "2026-01-12", "by": "runner"})
    resumed = advise(events, 8)
    assert not resumed["paused"]
    assert resumed["next_run"]["phase"] == "intervals" and resumed["next_run"]["week"] == 1
    assert resumed["triage"]["cleared"]["by"] == "runner"


def test_a_session_logged_while_paused_does_not_advance_the_plan() -> None:
    events = [{"type": "red_flag", "date": "2026-01-05", "flags": ["TRIAGE-5"]},
              *tolerated_run("t", 1),
              {"type": "cleared", "date": "2026-01-08", "by": "clinician"}]
    out = advise(events, 4)
    assert out["next_run"]["phase"] == "test"


def test_reassurance_is_given_when_not_paused() -> None:
    out = advise([], 0)
    assert "TRIAGE-R" in [e["rule"] for e in out["explanation"]]
