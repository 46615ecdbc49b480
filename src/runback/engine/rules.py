"""Every rule ID of the clinical model (shared/spec/clinical-model.md) the engine can emit.

The content library must have an explanation target for each of these, in Danish
and English (`runback content check` verifies it).
"""

from __future__ import annotations

# Section 1 of the clinical model: emergency (seek care now), prompt (see a doctor soon,
# the plan pauses) and advise (see a doctor within weeks, the plan goes on).
TRIAGE_EMERGENCY = ("TRIAGE-1", "TRIAGE-2", "TRIAGE-3", "TRIAGE-8")
TRIAGE_PROMPT = (
    "TRIAGE-4",
    "TRIAGE-5",
    "TRIAGE-6",
    "TRIAGE-7",
    "TRIAGE-9",
    "TRIAGE-10",
    "TRIAGE-11",
    "TRIAGE-12",
    "TRIAGE-13",
)
TRIAGE_ADVISE = ("TRIAGE-14", "TRIAGE-15")
# Every flag, in the model's numeric order.
TRIAGE_FLAGS = tuple(
    sorted(TRIAGE_EMERGENCY + TRIAGE_PROMPT + TRIAGE_ADVISE, key=lambda f: int(f.split("-")[1]))
)
# Flags that pause the plan until cleared.
TRIAGE_PAUSING = TRIAGE_EMERGENCY + TRIAGE_PROMPT

RULE_IDS: tuple[str, ...] = (
    *TRIAGE_FLAGS,
    "TRIAGE-R",
    "ZONE-1",
    "ZONE-2",
    "ZONE-3",
    "ZONE-4",
    "ZONE-NEXT",
    "ZONE-BASE",
    "ZONE-LEG",
    "ZONE-LATE",
    "ZONE-TREND",
    "RUN-P1",
    "RUN-P2",
    "RUN-P3",
    "RUN-ORDER",
    "RUN-ADV-G",
    "RUN-ADV-R",
    "RUN-STALL",
    "RUN-IRR",
    "RUN-CAP",
    "RUN-OVER",
    "RUN-BREAK",
    "RUN-WALK-RED",
    "RUN-ALT",
    "RUN-GOAL",
    "COND-DISC",
    "COND-OA",
    "COND-MUSC",
    "COND-PROG",
    "COND-WEAK",
    "COND-GAIT",
    "COND-OTHER",
    "COND-FACET",
    "COND-SI",
    "COND-HIP",
    "STR-IRR",
    "STR-REL",
    "STR-STR",
    "STR-FREQ",
    "STR-VOL",
    "STR-INT",
    "STR-PROG",
    "STR-ANY",
    "STR-HOLD",
    "FORM-CAD",
    "FORM-LEAN",
    "FORM-STRIDE",
    "FORM-NOTE",
    "FORM-CAD-CAP",
    "ESC-1",
    "ESC-2",
    "ESC-3",
    "ESC-4",
    "ESC-5",
    "ESC-6",
    "ESC-7",
    "FUNC-1",
    "FUNC-2",
    "FUNC-3",
)
