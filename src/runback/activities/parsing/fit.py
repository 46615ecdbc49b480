"""FIT files (Garmin, Coros, Polar, Suunto, Wahoo, the Strava app) with fitdecode.

The device's own session summary is used when the file has one; otherwise the summary
is computed from the records. FIT stores running cadence per leg (strides per minute)
with a fractional part: steps per minute = 2 x (cadence + fractional_cadence).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import fitdecode

from runback.activities.parsing import summary as s
from runback.activities.parsing.segments import SegmentDetector

FIT_MAGIC = b".FIT"
INDOOR_SUB_SPORTS = frozenset({"treadmill", "indoor_running", "indoor_walking", "indoor_cycling"})


def is_fit(data: bytes) -> bool:
    return len(data) >= 12 and data[8:12] == FIT_MAGIC


@dataclass
class _Records:
    """What the records add up to, kept small whatever the file's length."""

    detector: SegmentDetector = field(default_factory=SegmentDetector)
    first: datetime | None = None
    last: datetime | None = None
    distance: float | None = None
    has_gps: bool = False
    hr_sum: float = 0.0
    hr_n: int = 0
    cadence_sum: float = 0.0
    cadence_n: int = 0
    moving_s: float = 0.0
    max_points: int = s.MAX_POINTS
    count: int = 0
    _prev: float | None = None

    def _fields(self, frame: Any) -> tuple[Any, Any, Any, Any, Any]:
        t = speed = cad = frac = hr = None
        for f in frame.fields:
            name = f.name
            if name == "timestamp":
                t = f.value
            elif name == "enhanced_speed" or (name == "speed" and speed is None):
                speed = f.value
            elif name == "cadence":
                cad = f.value
            elif name == "fractional_cadence":
                frac = f.value
            elif name == "heart_rate":
                hr = f.value
            elif name == "distance":
                self.distance = f.value if f.value is not None else self.distance
            elif name == "position_lat" and f.value is not None:
                self.has_gps = True
        return t, speed, cad, frac, hr

    def add(self, frame: Any) -> None:
        self.count += 1
        if self.count > self.max_points:
            raise s.ImportProblem(
                "too_many_points", f"it holds more than {self.max_points} records"
            )
        t, speed, cad, frac, hr = self._fields(frame)
        if not isinstance(t, datetime):
            return
        self.first = self.first or t
        self.last = t
        spm = None
        if isinstance(cad, int | float) and cad > 0:
            spm = 2 * (cad + (frac if isinstance(frac, int | float) else 0))
            self.cadence_sum += spm
            self.cadence_n += 1
        if isinstance(hr, int) and hr > 0:
            self.hr_sum += hr
            self.hr_n += 1
        seconds = t.timestamp()
        speed = speed if isinstance(speed, int | float) else None
        if self._prev is not None and 0 < seconds - self._prev <= 30 and (speed or 0) > 0.3:
            self.moving_s += seconds - self._prev
        self._prev = seconds
        self.detector.add(seconds, speed, spm)


def _session_cadence(session: dict[str, Any]) -> float | None:
    whole = session.get("avg_running_cadence")
    if whole is None:
        whole = session.get("avg_cadence")
    if not isinstance(whole, int | float) or whole <= 0:
        return None
    frac = session.get("avg_fractional_cadence")
    return s.cadence(2 * (whole + (frac if isinstance(frac, int | float) else 0)))


def _read(data: bytes, records: _Records) -> tuple[dict[str, Any] | None, str | None, list[str]]:
    """The first session message, the sport message's sport, and warnings."""
    session: dict[str, Any] | None = None
    sport: str | None = None
    try:
        with (
            warnings.catch_warnings(),
            fitdecode.FitReader(
                io.BytesIO(data), check_crc=fitdecode.CrcCheck.ENABLED, keep_raw_chunks=False
            ) as reader,
        ):
            warnings.simplefilter("ignore")  # fitdecode warns about damaged definitions
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                name = frame.name
                if name == "record":
                    records.add(frame)
                elif name == "session" and session is None:
                    session = {f.name: f.value for f in frame.fields if f.value is not None}
                elif name == "sport" and sport is None:
                    sport = frame.get_value("sport", fallback=None)
    except s.ImportProblem:
        raise
    except fitdecode.FitEOFError:
        raise s.ImportProblem("truncated", "the file is cut short") from None
    except fitdecode.FitCRCError:
        raise s.ImportProblem("crc", "its checksum does not match: the file is damaged") from None
    except fitdecode.FitHeaderError:
        raise s.ImportProblem("corrupt", "a FIT header in it is damaged") from None
    except Exception:
        if session is None:
            raise s.ImportProblem("corrupt", "the FIT data is damaged") from None
        return session, sport, ["unreadable_end"]
    return session, sport, []


def parse_fit(data: bytes, max_points: int = s.MAX_POINTS) -> s.ActivitySummary:
    if not is_fit(data):
        raise s.ImportProblem("not_fit", "it is not a FIT file")
    records = _Records(max_points=max_points)
    session, sport, warnings = _read(data, records)
    session = session or {}
    sport_value = s.sport_name(session.get("sport") or sport)
    segments = records.detector.finish()
    foot = sport_value in s.FOOT_SPORTS
    start = s.start_time(session.get("start_time")) or s.start_time(records.first)
    elapsed = s.duration(session.get("total_elapsed_time"))
    if elapsed is None and records.first and records.last:
        elapsed = s.duration((records.last - records.first).total_seconds())
    moving = s.duration(session.get("total_moving_time", session.get("total_timer_time")))
    if moving is None and records.first is not None:
        moving = s.duration(records.moving_s)
    avg_cadence = _session_cadence(session) if foot else None
    if avg_cadence is None and foot and records.cadence_n:
        avg_cadence = s.cadence(records.cadence_sum / records.cadence_n)
    avg_hr = s.heart_rate(session.get("avg_heart_rate"))
    if avg_hr is None and records.hr_n:
        avg_hr = s.heart_rate(records.hr_sum / records.hr_n)
    if start is None and not records.first:
        raise s.ImportProblem("no_data", "it holds no activity")
    return s.ActivitySummary(
        format="fit",
        sport=sport_value,
        start=start,
        elapsed_s=elapsed,
        moving_s=moving,
        distance_m=s.distance(session.get("total_distance", records.distance)),
        avg_hr=avg_hr,
        avg_cadence_spm=avg_cadence,
        has_gps=records.has_gps or session.get("start_position_lat") is not None,
        segments=segments if foot else (),
        run_cadence_spm=records.detector.run_cadence_spm if foot else None,
        indoor=str(session.get("sub_sport") or "") in INDOOR_SUB_SPORTS,
        warnings=tuple(warnings),
    )
