"""What one activity file says, in one shape for FIT, GPX and TCX (pure Python)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

SegmentKind = Literal["run", "walk"]

# Track points (or FIT records) one file may hold by default: over two days at one a second;
# it bounds the time one file takes to read (the memory is bounded whatever the length).
MAX_POINTS = 200_000

# Sports whose cadence is counted per leg in FIT (double it for steps per minute), and
# whose walk-run structure is worth detecting.
FOOT_SPORTS = frozenset({"running", "walking", "hiking", "unknown"})


class ImportProblem(ValueError):
    """A file that cannot be imported. `code` is stable (the web app words it in the
    runner's language); the English message is for the command line."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    seconds: int


@dataclass(frozen=True)
class ActivitySummary:
    """The parsed summary of one activity. `warnings` holds stable codes such as
    `unreadable_end` (the file could be read only in part)."""

    format: str
    sport: str
    start: datetime | None
    elapsed_s: float | None
    moving_s: float | None
    distance_m: float | None
    avg_hr: int | None
    avg_cadence_spm: float | None
    has_gps: bool
    segments: tuple[Segment, ...] = ()
    run_cadence_spm: float | None = None
    indoor: bool = False
    warnings: tuple[str, ...] = field(default=())

    @property
    def run_s(self) -> int:
        return sum(s.seconds for s in self.segments if s.kind == "run")

    @property
    def walk_s(self) -> int:
        return sum(s.seconds for s in self.segments if s.kind == "walk")

    def as_json(self) -> dict[str, Any]:
        """The keys of `runback activity inspect --json`."""
        return {
            "sport": self.sport,
            "start": self.start.isoformat() if self.start else None,
            "elapsed_s": self.elapsed_s,
            "moving_s": self.moving_s,
            "distance_m": self.distance_m,
            "avg_hr": self.avg_hr,
            "avg_cadence_spm": self.avg_cadence_spm,
            "has_gps": self.has_gps,
            "segments": [{"kind": s.kind, "seconds": s.seconds} for s in self.segments],
        }


def number(value: Any, low: float, high: float, digits: int = 1) -> float | None:
    """A finite number inside [low, high], rounded; anything else (a damaged field) is None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not math.isfinite(value) or not low <= value <= high:
        return None
    return round(float(value), digits)


def heart_rate(value: Any) -> int | None:
    hr = number(value, 25, 250, 0)
    return int(hr) if hr is not None else None


def cadence(value: Any) -> float | None:
    return number(value, 1, 300, 1)


MIN_START = datetime(1990, 1, 1, tzinfo=UTC)
MAX_START = datetime(2100, 1, 1, tzinfo=UTC)


def start_time(value: Any) -> datetime | None:
    """An aware start time in a plausible range (naive times are read as UTC)."""
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value if MIN_START <= value < MAX_START else None


MAX_DURATION_S = 7 * 24 * 3600
MAX_DISTANCE_M = 1_000_000


def duration(value: Any) -> float | None:
    return number(value, 0, MAX_DURATION_S, 1)


def distance(value: Any) -> float | None:
    return number(value, 0, MAX_DISTANCE_M, 1)


def sport_name(value: Any) -> str:
    """A sport in FIT's words (running, walking, cycling, ...), lower case."""
    if value is None:
        return "unknown"
    text = str(value).strip().lower().replace(" ", "_")
    aliases = {"run": "running", "walk": "walking", "biking": "cycling", "hike": "hiking"}
    text = aliases.get(text, text)
    return text if text.replace("_", "").isalnum() and len(text) <= 32 else "unknown"
