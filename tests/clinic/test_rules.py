"""The alert rules, against the engine's real output (no database)."""

from __future__ import annotations

from typing import Any

from runback import engine
from runback.clinic.rules import alert_candidates, summary_fields

START = "2026-01-05"


def _output(
    events: list[dict[str, Any]], as_of: str = "2026-02-01", **profile: Any
) -> engine.Output:
    case = {"as_of": as_of, "profile": {"start_date": START, **profile}, "events": events}
    return engine.simulate(case)


def _kinds(output: engine.Output) -> list[tuple[str, str]]:
    return [(c.kind, c.source) for c in alert_candidates(output)]


def test_clean_history_raises_nothing() -> None:
    output = _output(
        [
            {
                "type": "walk",
                "id": "w1",
                "date": "2026-01-06",
                "minutes": 20,
                "pain_before": 1,
                "pain_during": 1,
                "pain_after": 1,
            }
        ],
        as_of="2026-01-07",
    )
    assert alert_candidates(output) == []


def test_emergency_and_prompt_flags_with_the_day_reported_most_urgent_first() -> None:
    output = _output(
        [{"type": "red_flag", "id": "f1", "date": "2026-01-20", "flags": ["TRIAGE-5", "TRIAGE-1"]}]
    )
    found = _kinds(output)
    assert found[0] == ("emergency", "TRIAGE-1@2026-01-20")
    assert ("prompt", "TRIAGE-5@2026-01-20") in found


def test_a_clinicians_clearance_ends_the_flag_alerts() -> None:
    output = _output(
        [
            {"type": "red_flag", "id": "f1", "date": "2026-01-20", "flags": ["TRIAGE-5"]},
            {"type": "cleared", "id": "c1", "date": "2026-01-22", "by": "clinician"},
        ]
    )
    assert not [k for k, _s in _kinds(output) if k in {"emergency", "prompt"}]


def test_advise_flag_from_the_intake() -> None:
    output = _output([], red_flags=["TRIAGE-14"])
    assert ("advise", f"TRIAGE-14@{START}") in _kinds(output)


def test_red_sessions_stall_and_escalation() -> None:
    red = {"pain_before": 2, "pain_during": 7, "pain_after": 7}
    output = _output(
        [
            {"type": "run", "id": "r1", "date": "2026-01-27", **red},
            {"type": "run", "id": "r2", "date": "2026-01-29", **red},
        ]
    )
    found = _kinds(output)
    assert ("red_session", "r1") in found and ("red_session", "r2") in found
    assert ("stall", "RUN-STALL@2026-01-29") in found
    assert ("escalation", "ESC-3") in found  # cannot find a tolerated load
    assert found.index(("stall", "RUN-STALL@2026-01-29")) < found.index(("red_session", "r1"))


def test_escalations_from_the_weekly_status() -> None:
    output = _output(
        [
            {
                "type": "status",
                "id": "s1",
                "date": "2026-01-26",
                "pain_week_avg": 4,
                "radiating_leg_pain": True,
                "unsure_what_is_allowed": True,
            }
        ]
    )
    found = _kinds(output)
    assert ("escalation", "ESC-5") in found and ("escalation", "ESC-2") in found


def test_summary_fields() -> None:
    output = _output(
        [
            {
                "type": "run",
                "id": "r1",
                "date": "2026-01-30",
                "pain_before": 1,
                "pain_during": 1,
                "pain_after": 1,
            }
        ]
    )
    summary = summary_fields(output)
    assert summary["last_zone"] == "provisional"
    assert summary["open_followups"] == 1
    assert summary["last_session_date"] == "2026-01-30"
    assert summary["triage_level"] == "none"
