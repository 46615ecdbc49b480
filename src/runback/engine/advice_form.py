"""Today's running-form advice (FORM-*, COND-*): the cadence band, the form tips and the
condition's guidance."""

from __future__ import annotations

import math
from fractions import Fraction

from runback.engine.advice_safety import Triage
from runback.engine.explain import Explainer
from runback.engine.models import Condition
from runback.engine.settings import ClinicSettings
from runback.engine.state import FoldState

CONDITION_RULES: dict[Condition, str] = {
    Condition.DISC: "COND-DISC",
    Condition.OSTEOARTHRITIS: "COND-OA",
    Condition.MUSCULAR: "COND-MUSC",
    Condition.PROGRESSION: "COND-PROG",
    Condition.SI_JOINT: "COND-SI",  # v3: each its own text
    Condition.FACET: "COND-FACET",
    Condition.HIP: "COND-HIP",
}


# FORM-CAD-CAP (v3) [derived]: an increase only below 170 spm, and never above 180.
CADENCE_NO_CHANGE_SPM = 170


CADENCE_MAX_SPM = 180


def cadence_band(cadence: int, settings: ClinicSettings) -> list[int] | None:
    """FORM-CAD: [ceil(c * 1.05), floor(c * 1.10)], so the band never leaves +5-10 %.
    Exact fractions, since 160 * 1.05 is 168.00000000000003 in floating point.
    FORM-CAD-CAP (v3): None at 170 spm or more; the upper end at most 180."""
    if cadence >= CADENCE_NO_CHANGE_SPM:
        return None
    low = Fraction(cadence) * (100 + Fraction(str(settings.cadence_increase_min_pct))) / 100
    high = Fraction(cadence) * (100 + Fraction(str(settings.cadence_increase_max_pct))) / 100
    band = [math.ceil(low), min(CADENCE_MAX_SPM, math.floor(high))]
    return band if band[0] <= band[1] else None


def condition_section(state: FoldState, explain: Explainer) -> None:
    """COND-*: the guidance for the condition the runner named."""
    cond_rule = CONDITION_RULES.get(state.profile.condition)
    if cond_rule == "COND-PROG":
        explain.add(cond_rule, pct=state.settings.weekly_increase_pct)
    elif cond_rule:
        explain.add(cond_rule)


def form_section(
    state: FoldState, triage: Triage, phase: str, explain: Explainer
) -> list[int] | None:
    """FORM-*: the cadence band and the running-form tips (when running)."""
    cadence: list[int] | None = None
    if triage.paused:
        return None  # TRIAGE-QUIET (v3): no cadence band beside an open flag
    # FORM-CAD-CAP (v3): the band is set from the first measured cadence (the median of
    # the first five watch runs; the intake estimate until then) and never moved up.
    first = sorted(state.first_cadences)
    base = first[(len(first) - 1) // 2] if first else state.profile.cadence_spm
    spm = measured_cadence(state) or state.profile.cadence_spm
    if base is not None:
        cadence = cadence_band(base, state.settings)
    if phase not in ("walk", "alternative"):
        if cadence is not None:
            key = "FORM-CAD:watch" if state.measured_cadence else None
            explain.add("FORM-CAD", key, cadence=base, low=cadence[0], high=cadence[1])
            if spm is not None and spm > (base or 0):
                explain.add("FORM-CAD-CAP", "FORM-CAD-CAP:progress", base=base, cadence=spm)
        elif base is not None:
            explain.add("FORM-CAD-CAP", cadence=spm or base)
        for rule in ("FORM-LEAN", "FORM-STRIDE", "FORM-NOTE", "COND-GAIT"):
            explain.add(rule)
    return cadence


def measured_cadence(state: FoldState) -> int | None:
    """FORM-CAD: the cadence the watch measured on the latest runs (their median, the
    lower middle value for an even count), which replaces the intake estimate."""
    values = sorted(state.measured_cadence)
    return values[(len(values) - 1) // 2] if values else None
