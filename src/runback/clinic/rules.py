"""Which alerts a runner's engine output raises (pure: no Django, no clock, no I/O).

The engine decides everything clinical; this only reads its output (the contract's JSON):
open red flags by level, `advise` flags, red sessions, a stall (RUN-STALL) and the
recommendations to see a professional (ESC-1 to ESC-6). Each alert has a source that is
the same every time the same thing is reported, so that it is stored (and emailed) once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def alert_candidates(output: dict[str, Any]) -> list[Candidate]:
    """Every alert the output raises, most urgent first."""
    as_of = str(output.get("as_of") or "")
    triage = output.get("triage") or {}
    found: list[Candidate] = []
    for flag in triage["flags"]:  # every open flag with its level, those that pause first
        day = flag["reported_on"]
        found.append(Candidate(flag["level"], f"{flag['id']}@{day}", flag["id"], day))
    stalled = (output.get("plan") or {}).get("stalled_since")
    if stalled:
        found.append(Candidate("stall", f"RUN-STALL@{stalled}", "RUN-STALL", str(stalled)))
    for rule in output.get("escalations") or []:
        found.append(Candidate("escalation", str(rule), str(rule), as_of))
    for session in output.get("sessions") or []:
        if session.get("zone") == "red":
            day = str(session.get("date") or as_of)
            found.append(Candidate("red_session", str(session.get("id")), "ZONE-1", day))
    order = {"emergency": 0, "prompt": 1, "stall": 2, "escalation": 3, "red_session": 4}
    return sorted(found, key=lambda c: order.get(c.kind, 5))


def summary_fields(output: dict[str, Any]) -> dict[str, Any]:
    """What the dashboard shows of the output: level, phase, step, the last session."""
    sessions = [s for s in output.get("sessions") or [] if s.get("date")]
    last = max(sessions, key=lambda s: str(s["date"])) if sessions else None
    plan = output.get("plan") or {}
    step = str(plan.get("step") or "")
    if plan.get("week"):
        step = f"{step} {plan['week']}"
    return {
        "triage_level": str((output.get("triage") or {}).get("level") or "none"),
        "phase": str(output.get("phase") or ""),
        "step": step,
        "last_zone": str(last.get("zone") or "") if last else "",
        "last_session_date": str(last["date"]) if last else None,
        "open_followups": sum(1 for s in sessions if s.get("zone") == "provisional"),
        "escalations": [str(e) for e in output.get("escalations") or []],
    }
