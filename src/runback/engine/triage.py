"""Red flags (clinical model, section 1): their levels, and the two that are derived from
plain intake questions instead of being asked as such (TRIAGE-14, TRIAGE-15).

A form asks the emergency and prompt flags directly (`ASKED_FLAGS`, emergency first) and
the questions behind the derived ones; `derived_flags` turns those answers into flag IDs,
so no form restates the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from runback.engine.rules import TRIAGE_ADVISE, TRIAGE_EMERGENCY, TRIAGE_FLAGS, TRIAGE_PROMPT

FlagLevel = Literal["emergency", "prompt", "advise"]

FLAG_LEVELS: dict[str, FlagLevel] = {
    **dict.fromkeys(TRIAGE_EMERGENCY, "emergency"),
    **dict.fromkeys(TRIAGE_PROMPT, "prompt"),
    **dict.fromkeys(TRIAGE_ADVISE, "advise"),
}
# Asked as yes/no questions, emergency ones first; the advise flags are derived.
ASKED_FLAGS: tuple[str, ...] = TRIAGE_EMERGENCY + TRIAGE_PROMPT
DERIVED_FLAGS: tuple[str, ...] = TRIAGE_ADVISE

# TRIAGE-15, inflammatory back pain (Berlin criteria): at least this many of the signs,
# in a runner under 50 whose back pain has lasted more than 3 months.
INFLAMMATORY_SIGNS: tuple[str, ...] = (
    "morning_stiffness",  # stiff for more than 30 minutes in the morning
    "better_moving",  # better with movement or exercise, not with rest
    "wakes_late_night",  # wakes from the pain in the second half of the night
    "buttock_alternating",  # buttock pain that switches sides
)
INFLAMMATORY_MIN = 2


def flag_level(flag: str) -> FlagLevel:
    """A red flag's level: emergency (seek care now), prompt (see a doctor soon, the plan
    pauses) or advise (see a doctor within weeks, the plan goes on)."""
    return FLAG_LEVELS[flag]


def first_time_asked(age_50_or_over: bool | None) -> bool:
    """TRIAGE-14's second question (first back pain of this kind, no clear cause) applies
    from the age of 50."""
    return age_50_or_over is True


def inflammatory_asked(age_50_or_over: bool | None, pain_over_3_months: bool | None) -> bool:
    """TRIAGE-15's signs apply under 50, to back pain of more than 3 months."""
    return age_50_or_over is False and pain_over_3_months is True


def derived_flags(
    *,
    age_50_or_over: bool | None,
    first_time_no_cause: bool | None,
    pain_over_3_months: bool | None,
    inflammatory_signs: Iterable[bool | None] = (),
) -> list[str]:
    """TRIAGE-14 and TRIAGE-15 from the intake answers (None: not answered), in order.

    TRIAGE-14: 50 or older, and the first back pain of this kind without a clear cause.
    TRIAGE-15: under 50, pain for more than 3 months, and at least INFLAMMATORY_MIN of
    the inflammatory signs (one answer per sign of INFLAMMATORY_SIGNS)."""
    found = []
    if first_time_asked(age_50_or_over) and first_time_no_cause is True:
        found.append("TRIAGE-14")
    signs = sum(1 for answer in inflammatory_signs if answer is True)
    if inflammatory_asked(age_50_or_over, pain_over_3_months) and signs >= INFLAMMATORY_MIN:
        found.append("TRIAGE-15")
    return found


def in_flag_order(flags: Iterable[str]) -> list[str]:
    """Flag IDs once each, in the model's numeric order (TRIAGE-1 to TRIAGE-15)."""
    wanted = set(flags)
    return [flag for flag in TRIAGE_FLAGS if flag in wanted]
