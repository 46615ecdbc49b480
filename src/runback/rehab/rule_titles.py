"""A short title in plain words for every rule ID the engine can name.

Runners see the title and a "why?" link, never the ID (only a clinician sees that).
The titles are the web layer's: the engine's reasons say the rest.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from runback.engine.rules import RULE_IDS

# TRIAGE-8..15 come with the engine's extended red-flag questions; their titles are
# ready before the engine names them.
EXTRA_RULE_IDS = (*(f"TRIAGE-{n}" for n in range(8, 16)), "RUN-IRR")

RULE_TITLES: dict[str, Any] = {
    "TRIAGE-1": _("Warning sign: numbness in the saddle area"),
    "TRIAGE-2": _("Warning sign: bladder or bowel"),
    "TRIAGE-3": _("Warning sign: legs getting weaker"),
    "TRIAGE-4": _("Warning sign: weight loss"),
    "TRIAGE-5": _("Warning sign: fever"),
    "TRIAGE-6": _("Warning sign: after a fall or an accident"),
    "TRIAGE-7": _("Warning sign: pain at night"),
    "TRIAGE-8": _("Warning sign: both legs"),
    "TRIAGE-9": _("Warning sign: cancer earlier in life"),
    "TRIAGE-10": _("Warning sign: risk of a fracture"),
    "TRIAGE-11": _("Warning sign: risk of an infection"),
    "TRIAGE-12": _("Warning sign: unwell, or pain in the upper back"),
    "TRIAGE-13": _("Warning sign: constant pain that gets worse"),
    "TRIAGE-14": _("Advice: first back pain after 50"),
    "TRIAGE-15": _("Advice: a pattern that may be inflammation"),
    "TRIAGE-R": _("Expected, and not dangerous"),
    "ZONE-1": _("Traffic light: green and yellow are fine"),
    "ZONE-2": _("Traffic light: the next morning decides"),
    "ZONE-3": _("Traffic light: how much pain is all right"),
    "ZONE-4": _("Traffic light: the next day counts most"),
    "RUN-P1": _("Phase 1: walking and the test run"),
    "RUN-P2": _("Phase 2: run-walk intervals"),
    "RUN-P3": _("Phase 3: continuous running"),
    "RUN-ORDER": _("More runs first, then longer runs"),
    "RUN-ADV-G": _("Tolerated: on with the plan"),
    "RUN-ADV-R": _("Too much: a step back"),
    "RUN-STALL": _("Running takes a break"),
    "RUN-CAP": _("At most 10 % more each week"),
    "RUN-IRR": _("An irritable back: walking first"),
    "COND-DISC": _("Disc herniation"),
    "COND-OA": _("Osteoarthritis of the spine"),
    "COND-MUSC": _("Overloaded muscles"),
    "COND-PROG": _("Too much, too soon"),
    "COND-WEAK": _("Weak hips and trunk"),
    "COND-GAIT": _("Posture and tight hip flexors"),
    "COND-OTHER": _("Other causes"),
    "STR-IRR": _("Strength: chosen by how irritable your back is"),
    "STR-REL": _("Relieving exercises"),
    "STR-STR": _("Strengthening exercises"),
    "STR-FREQ": _("Strength training 2-3 times a week"),
    "STR-VOL": _("How many sets"),
    "STR-INT": _("How heavy"),
    "STR-PROG": _("When to make it heavier"),
    "STR-ANY": _("Training regularly matters most"),
    "FORM-CAD": _("Cadence: slightly quicker steps"),
    "FORM-LEAN": _("Lean slightly forward"),
    "FORM-STRIDE": _("A shorter stride"),
    "FORM-NOTE": _("Running form eases symptoms"),
    "ESC-1": _("Not better after several weeks"),
    "ESC-2": _("Unsure what you may do"),
    "ESC-3": _("No load your back tolerates yet"),
    "ESC-4": _("Sleep or daily life affected"),
    "ESC-5": _("Pain down into a leg"),
    "ESC-6": _("You want a structured plan"),
    "ZONE-NEXT": _("Traffic light: a little more pain the next morning"),
    "ZONE-BASE": _("Traffic light: compared with your usual pain"),
    "ZONE-LEG": _("Traffic light: symptoms spreading down the leg"),
    "ZONE-LATE": _("Traffic light: the next-morning answer came late"),
    "ZONE-TREND": _("Traffic light: your weekly pain is rising"),
    "RUN-OVER": _("More than planned does not move the plan on"),
    "RUN-BREAK": _("Back after a break: a step back"),
    "RUN-WALK-RED": _("A red walk: a shorter walk next time"),
    "RUN-ALT": _("Cycling and swimming count, beside the plan"),
    "RUN-GOAL": _("Your goal for your running"),
    "STR-HOLD": _("Strength: hold the load after a red session"),
    "FORM-CAD-CAP": _("Cadence: no quicker than you need"),
    "COND-FACET": _("Facet joints"),
    "COND-SI": _("The sacroiliac joint"),
    "COND-HIP": _("The hip"),
    "ESC-7": _("Pain rising week after week"),
    "FUNC-1": _("What you can do"),
    "FUNC-2": _("Rating what you can do"),
    "FUNC-3": _("What you can do more of"),
}

_NEEDED = set(RULE_IDS) | set(EXTRA_RULE_IDS)
assert not _NEEDED - set(RULE_TITLES), sorted(_NEEDED - set(RULE_TITLES))


def rule_title(rule_id: str) -> str:
    """The rule's short title in the active language; an unknown ID gets a neutral title."""
    title = RULE_TITLES.get(rule_id)
    return str(title) if title is not None else str(_("The reason for this"))
