"""Small builders for engine cases in the contract's JSON shape."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from runback.engine import simulate

START = date(2026, 1, 5)  # a Monday


def day(n: int) -> str:
    """The date `n` days after the start, as the contract writes it."""
    return (START + timedelta(days=n)).isoformat()


def profile(**answers: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "start_date": START.isoformat(),
        "condition": "unknown",
        "red_flags": [],
        "comfortable_position": True,
        "resting_pain": 2,
        "settle_time_min": 15,
        "walking_tolerated": True,
        "cadence_spm": None,
        "radiating_leg_pain": False,
        "sleep_or_daily_life_affected": False,
        "strength_experience": False,
    }
    base.update(answers)
    return base


def run(
    sid: str, n: int, during: int = 2, after: int = 2, before: int = 2, **extra: Any
) -> dict[str, Any]:
    return {
        "type": "run",
        "id": sid,
        "date": day(n),
        "pain_before": before,
        "pain_during": during,
        "pain_after": after,
        **extra,
    }


def walk(
    sid: str, n: int, during: int = 1, after: int = 1, before: int = 1, minutes: int = 30
) -> dict[str, Any]:
    return {
        "type": "walk",
        "id": sid,
        "date": day(n),
        "minutes": minutes,
        "pain_before": before,
        "pain_during": during,
        "pain_after": after,
    }


def followup(sid: str, n: int, pain: int = 2, stiffness_worse: bool = False) -> dict[str, Any]:
    return {
        "type": "followup",
        "session": sid,
        "date": day(n),
        "pain": pain,
        "stiffness_worse": stiffness_worse,
    }


def tolerated_run(sid: str, n: int, **extra: Any) -> list[dict[str, Any]]:
    """A green run and its settled next-morning answer."""
    return [run(sid, n, **extra), followup(sid, n + 1)]


def advise(events: list[dict[str, Any]], as_of: int, **kwargs: Any) -> dict[str, Any]:
    prof = kwargs.pop("profile", None) or profile()
    case: dict[str, Any] = {"as_of": day(as_of), "profile": prof, "events": events, **kwargs}
    return simulate(case)


def session(out: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in out["sessions"] if s["id"] == sid)


def through_week(week: int) -> tuple[list[dict[str, Any]], int]:
    """A tolerated test and three tolerated sessions at each interval week up to `week`.

    Returns the events and the next free day.
    """
    events = tolerated_run("t", 1)
    n = 3
    for w in range(1, week + 1):
        for k in range(3):
            events += tolerated_run(f"w{w}s{k}", n)
            n += 2
    return events, n
