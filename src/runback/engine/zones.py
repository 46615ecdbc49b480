"""A session's zone from its ratings (ZONE-1, -3, -4, -NEXT, -BASE): the baseline, how
the next morning compares, and what makes a session red while it is run."""

from __future__ import annotations

from typing import Literal

from runback.engine.models import (
    Followup,
    Session,
)
from runback.engine.settings import ClinicSettings
from runback.engine.state import FoldState, SessionRecord

# ZONE-BASE (v3): the baseline is compared with the median of this many days before.
BASELINE_DAYS = 14


def baseline_of(state: FoldState, event: Session) -> float | None:
    """ZONE-BASE (v3): the lower of the session's `pain_before` (else the latest earlier
    one, else the intake's resting pain) and the median `pain_before` of the runs and
    walks in the 14 days before it, so a baseline cannot creep up. None: no baseline."""
    own: int | None = event.pain_before
    if own is None:
        own = state.last_before
    if own is None:
        own = state.profile.resting_pain
    recent = sorted(
        p
        for d, p in state.recent_before
        if 0 <= (event.date - d).days <= BASELINE_DAYS and d < event.date
    )
    median: float | None = None
    if recent:
        middle = len(recent) // 2
        median = (
            float(recent[middle]) if len(recent) % 2 else (recent[middle - 1] + recent[middle]) / 2
        )
    if own is None:
        return median
    return float(own) if median is None else min(float(own), median)


def worse_next_morning(
    rec: SessionRecord, event: Followup, state: FoldState
) -> Literal["worse", "higher", "same"]:
    """ZONE-NEXT and ZONE-BASE (v3): next morning "worse" is at least
    `next_morning_worse_points` above the baseline (or stiffer than usual); less above is
    "higher" (yellow). With no baseline the answer is judged by itself: 6 or more is
    worse, 3-5 higher, 0-2 the same."""
    settings = state.settings
    if event.stiffness_worse:
        return "worse"
    baseline = rec.baseline
    if baseline is None:
        if event.pain > settings.yellow_max_pain:
            return "worse"
        return "higher" if event.pain > settings.green_max_pain else "same"
    if event.pain >= baseline + settings.next_morning_worse_points - 1e-9:
        return "worse"
    return "higher" if event.pain > baseline + 1e-9 else "same"


def zone_of(s: Session, settings: ClinicSettings) -> Literal["green", "yellow"]:
    """ZONE-1: a tolerated session is green or yellow by its worst pain."""
    return "green" if max(s.pain_during, s.pain_after) <= settings.green_max_pain else "yellow"


def red_now(s: Session, settings: ClinicSettings) -> list[str]:
    """Reasons a session is red already when it is logged (ZONE-3)."""
    reasons = []
    if max(s.pain_during, s.pain_after) > settings.yellow_max_pain:
        reasons.append("pain_above_limit")
    if s.rose_during:
        reasons.append("kept_rising")
    if s.stopped_early:
        reasons.append("had_to_stop")
    if s.leg_symptoms_spread:  # ZONE-LEG (v3)
        reasons.append("leg_symptoms_spread")
    return reasons
