"""The interval timer's session, built from the engine's `next_run` (read only)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext


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


def _segment(kind: str, minutes: float, round_no: int, rounds: int) -> Segment:
    seconds = round(minutes * 60)
    if round_no == 0 and rounds:
        label = _("Warm-up: walk")
        detail = _("Warm-up")
        cue = _("Walk to warm up for %(time)s.") % {"time": _minutes(minutes)}
    else:
        label = (
            pgettext("interval timer", "Run")
            if kind == "run"
            else pgettext("interval timer", "Walk")
        )
        detail = _("Round %(n)s of %(total)s") % {"n": round_no, "total": rounds} if rounds else ""
        verb = _("Run for %(time)s.") if kind == "run" else _("Walk for %(time)s.")
        cue = f"{verb % {'time': _minutes(minutes)}} {detail}".strip()
    return Segment(kind, seconds, round_no, str(label), str(detail), cue)


def timer_segments(next_run: dict[str, Any] | None) -> list[Segment]:
    """The session as timed segments: the warm-up walk, then the run/walk rounds; a walk
    alone; or one continuous run. Empty when there is nothing to time."""
    if not next_run:
        return []
    phase = next_run.get("phase")
    if phase == "walk":
        minutes = float(next_run.get("walk_min") or 0)
        return [_segment("walk", minutes, 0, 0)] if minutes > 0 else []
    if phase == "continuous":
        minutes = float(next_run.get("continuous_min") or 0)
        return [_segment("run", minutes, 0, 0)] if minutes > 0 else []
    rounds = int(next_run.get("rounds") or 0)
    run, walk = float(next_run.get("run_min") or 0), float(next_run.get("walk_min") or 0)
    if rounds <= 0 or run <= 0:
        return []
    segments = []
    warmup = float(next_run.get("warmup_walk_min") or 0)
    if warmup > 0:
        segments.append(_segment("walk", warmup, 0, rounds))
    for n in range(1, rounds + 1):
        segments.append(_segment("run", run, n, rounds))
        if walk > 0:
            segments.append(_segment("walk", walk, n, rounds))
    return segments


def timer_data(
    next_run: dict[str, Any] | None, *, checkin_url: str, language: str, today: date
) -> dict[str, Any]:
    """Everything the timer page's script needs, as JSON: no text lives in the script."""
    segments = timer_segments(next_run)
    phase = (next_run or {}).get("phase")
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
