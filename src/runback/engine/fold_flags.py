"""Folding the red-flag events (TRIAGE-*): reports and clearances (v3's TRIAGE-CLEAR),
and whether the plan is paused."""

from __future__ import annotations

from runback.engine.models import (
    Cleared,
    RedFlag,
)
from runback.engine.rules import TRIAGE_EMERGENCY, TRIAGE_FLAGS, TRIAGE_PAUSING
from runback.engine.state import FoldState


def fold_red_flag(state: FoldState, event: RedFlag) -> None:
    state.asked_again = [f for f in state.asked_again if f not in event.flags]
    for flag in event.flags:
        state.open_flags.setdefault(flag, event.date)
    state.flag_history.append({"date": event.date.isoformat(), "flags": list(event.flags)})


def fold_cleared(state: FoldState, event: Cleared) -> None:
    """A clearance lifts the flags it names, or every open flag when it names none.

    TRIAGE-CLEAR (v3): a runner's own report lifts an emergency flag only when the runner
    confirms that the symptom has gone; a stored `"by": "doctor"` (from before v3) is a
    runner's report without the examination's details, so it lifts prompt flags only.
    Only a clinician lifts an emergency flag whose symptom remains."""
    named = [
        f for f in TRIAGE_FLAGS if f in state.open_flags and (not event.flags or f in event.flags)
    ]
    lifted = []
    for flag in named:
        if _needs_a_clinician(event, flag):
            if flag not in state.asked_again:
                state.asked_again.append(flag)
            continue
        lifted.append(flag)
    if any(f in TRIAGE_PAUSING for f in lifted):
        state.last_cleared = event
    if lifted:
        state.clearances.append(
            {
                "date": event.date.isoformat(),
                "by": event.by,
                "flags": lifted,
                "examined_by": event.examined_by,
                "examined_on": event.examined_on.isoformat() if event.examined_on else None,
                "symptom_gone": event.symptom_gone,
                # TRIAGE-CLEAR: a following clinic reviews a runner's own clearance.
                "to_review": event.by != "clinician" and any(f in TRIAGE_PAUSING for f in lifted),
            }
        )
    for flag in lifted:
        del state.open_flags[flag]


def _needs_a_clinician(event: Cleared, flag: str) -> bool:
    """TRIAGE-CLEAR: an emergency flag a runner's report cannot lift: the runner has not
    confirmed that the symptom has gone (a stored `"by": "doctor"` never has)."""
    if event.by == "clinician" or flag not in TRIAGE_EMERGENCY:
        return False
    return event.by != "runner" or event.symptom_gone is not True


def paused(state: FoldState) -> bool:
    """An emergency or prompt flag is open (advise flags do not pause)."""
    return any(f in TRIAGE_PAUSING for f in state.open_flags)
