"""Which alerts a runner's engine output raises (pure: no Django, no clock, no I/O).

The engine decides everything clinical; this only reads its output (the contract's JSON):
open red flags by level, `advise` flags, red sessions, a stall (RUN-STALL) and the
recommendations to see a professional (ESC-1 to ESC-6). Each alert has a source that is
the same every time the same thing is reported, so that it is stored (and emailed) once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runback import engine

# Kinds whose alert is resolved when the engine no longer reports it (a flag cleared, an
# escalation gone, running resumed); a red session stays until a clinician looks at it.
STATE_KINDS = frozenset({"emergency", "prompt", "advise", "stall", "escalation"})
EMAILED_KINDS = frozenset({"emergency", "prompt"})


@dataclass(frozen=True)
class Candidate:
    kind: str
    source: str
    rule: str
    day: str  # ISO date


def alert_candidates(output: engine.Output) -> list[Candidate]:
    """Every alert the output raises, most urgent first."""
    as_of = output["as_of"]
    found: list[Candidate] = []
    for flag in output["triage"]["flags"]:  # every open flag with its level, pausing first
        day = flag["reported_on"]
        found.append(Candidate(flag["level"], f"{flag['id']}@{day}", flag["id"], day))
    stalled = output["plan"]["stalled_since"]
    if stalled:
        found.append(Candidate("stall", f"RUN-STALL@{stalled}", "RUN-STALL", stalled))
    for rule in output["escalations"]:
        found.append(Candidate("escalation", rule, rule, as_of))
    for session in output["sessions"]:
        if session["zone"] == "red":
            found.append(Candidate("red_session", session["id"], "ZONE-1", session["date"]))
    order = {"emergency": 0, "prompt": 1, "stall": 2, "escalation": 3, "red_session": 4}
    return sorted(found, key=lambda c: order.get(c.kind, 5))


def summary_fields(output: engine.Output) -> dict[str, Any]:
    """What the dashboard shows of the output: level, phase, step, the last session."""
    sessions = output["sessions"]
    last = max(sessions, key=lambda s: s["date"]) if sessions else None
    plan = output["plan"]
    step = plan["step"] if not plan["week"] else f"{plan['step']} {plan['week']}"
    return {
        "triage_level": output["triage"]["level"],
        "phase": output["phase"],
        "step": step,
        "last_zone": last["zone"] if last else "",
        "last_session_date": last["date"] if last else None,
        "open_followups": sum(1 for s in sessions if s["zone"] == "provisional"),
        "escalations": list(output["escalations"]),
    }
