"""The interval timer's session, built from the engine's `next_run` (read only)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from runback import engine


@dataclass(frozen=True)
class Segment:
    kind: str  # "run" or "walk"
    seconds: int
    round: int  # 1..rounds; 0 for the warm-up walk and a session without rounds
    label: str  # "Løb", "Gå", "Opvarmning: gå"
    detail: str  # "Runde 2 af 4", "Opvarmning", ""
    cue: str  # what is announced and spoken when the segment starts


def _minutes(value: float) -> str:
    """Minutes in words: '1 minut', '2 minutter', '1,5 minutter'."""
    number = number_format(int(value) if value == int(value) else value)
    return ngettext("%(n)s minute", "%(n)s minutes", 1 if value == 1 else 2) % {"n": number}


def _segment(part: engine.output.Segment, rounds: int) -> Segment:
    """One of the engine's segments with its words: the warm-up is a walk with the
    warm-up's label; a run or walk of a round says which of `rounds` it is."""
    seconds, round_no = part["seconds"], part["round"]
    minutes = seconds / 60
    if part["kind"] == "warmup":
        label = _("Warm-up: walk")
        detail = _("Warm-up")
        cue = _("Walk to warm up for %(time)s.") % {"time": _minutes(minutes)}
        return Segment("walk", seconds, round_no, str(label), str(detail), cue)
    kind = part["kind"]
    label = (
        pgettext("interval timer", "Run") if kind == "run" else pgettext("interval timer", "Walk")
    )
    detail = _("Round %(n)s of %(total)s") % {"n": round_no, "total": rounds} if round_no else ""
    verb = _("Run for %(time)s.") if kind == "run" else _("Walk for %(time)s.")
    cue = f"{verb % {'time': _minutes(minutes)}} {detail}".strip()
    return Segment(kind, seconds, round_no, str(label), str(detail), cue)


def timer_segments(next_run: engine.output.NextRun | None) -> list[Segment]:
    """The engine's `next_run.segments` as the timer's: the warm-up walk, then the
    run/walk rounds; a walk alone; or one continuous run. A part of no length is left
    out; empty when there is nothing to time."""
    if not next_run:
        return []
    rounds = next_run["rounds"] or 0
    return [_segment(part, rounds) for part in next_run["segments"] if part["seconds"] > 0]


def timer_data(
    next_run: engine.output.NextRun | None, *, checkin_url: str, language: str, today: date
) -> dict[str, Any]:
    """Everything the timer page's script needs, as JSON: no text lives in the script."""
    segments = timer_segments(next_run)
    phase = next_run["phase"] if next_run else None
    return {
        "segments": [asdict(s) for s in segments],
        "type": "walk" if phase == "walk" else "run",
        "checkin_url": checkin_url,
        "speech_lang": "en-GB" if language == "en" else "da-DK",
        "today": today.isoformat(),
        "texts": {
            "done": _("Done. Well done! Now log how it went."),
            "paused": _("Paused."),
            "resumed": _("Going on."),
            "next": _("Next: %(label)s"),
            "last": _("Last one"),
            "start": _("Start"),
            "pause": _("Pause"),
            "resume": _("Resume"),
        },
    }
