"""TCX files (Garmin Connect, Polar Flow and older exports), read as a stream with
defusedxml, so memory stays small and no entity is ever expanded."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from runback.activities.parsing import summary as s
from runback.activities.parsing.segments import SegmentDetector
from runback.activities.parsing.xmlsafe import xml_check


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _time(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _children(elem: Any) -> dict[str, Any]:
    """Every descendant's text by local tag (the first one wins), e.g. Time, Value."""
    out: dict[str, Any] = {}
    for child in elem.iter():
        name = _local(child.tag)
        if name not in out and child.text and child.text.strip():
            out[name] = child.text.strip()
    return out


class _Totals:
    def __init__(self) -> None:
        self.detector = SegmentDetector()
        self.sport: str | None = None
        self.start: datetime | None = None
        self.first: datetime | None = None
        self.last: datetime | None = None
        self.lap_time = 0.0
        self.lap_distance = 0.0
        self.laps = 0
        self.last_distance: float | None = None
        self.prev: tuple[float, float | None] | None = None
        self.has_gps = False
        self.hr = [0.0, 0.0]
        self.cad = [0.0, 0.0]

    def trackpoint(self, values: dict[str, Any]) -> None:
        t = _time(values.get("Time"))
        if t is None:
            return
        self.first = self.first or t
        self.last = t
        self.has_gps = self.has_gps or "LatitudeDegrees" in values
        hr = _float(values.get("Value"))  # HeartRateBpm/Value
        if hr:
            self.hr[0] += hr
            self.hr[1] += 1
        run_cadence = _float(values.get("RunCadence") or values.get("Cadence"))
        spm = 2 * run_cadence if run_cadence else None  # per leg, as in FIT
        if spm:
            self.cad[0] += spm
            self.cad[1] += 1
        dist = _float(values.get("DistanceMeters"))
        speed = _float(values.get("Speed"))
        seconds = t.timestamp()
        if speed is None and dist is not None and self.prev and self.prev[1] is not None:
            dt = seconds - self.prev[0]
            speed = (dist - self.prev[1]) / dt if dt > 0 else None
        self.prev = (seconds, dist)
        if dist is not None:
            self.last_distance = dist
        self.detector.add(seconds, speed, spm)

    def lap(self, elem: Any) -> None:
        self.laps += 1
        self.start = self.start or _time(elem.get("StartTime"))
        for child in elem:
            name = _local(child.tag)
            if name == "TotalTimeSeconds":
                self.lap_time += _float(child.text) or 0.0
            elif name == "DistanceMeters":
                self.lap_distance += _float(child.text) or 0.0


def _read(data: bytes, totals: _Totals, max_points: int) -> None:
    if "TrainingCenterDatabase" not in xml_check(data, "tcx"):
        raise s.ImportProblem("not_tcx", "it is not a TCX file")
    path: list[Any] = []  # the open elements, root first
    points = 0
    try:
        for event, elem in SafeET.iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True
        ):
            name = _local(elem.tag)
            if event == "start":
                path.append(elem)
                if name == "Activity":
                    totals.sport = totals.sport or elem.get("Sport")
                continue
            path.pop()
            if name == "Trackpoint":
                points += 1
                if points > max_points:
                    raise s.ImportProblem(
                        "too_many_points", f"it holds more than {max_points} track points"
                    )
                totals.trackpoint(_children(elem))
                if path:
                    path[-1].remove(elem)  # counted: drop it
            elif name == "Lap":
                totals.lap(elem)
                elem.clear()
    except s.ImportProblem:
        raise
    except DefusedXmlException:
        raise s.ImportProblem(
            "xml_forbidden", "it declares XML entities (refused for safety)"
        ) from None
    except Exception:
        raise s.ImportProblem("not_tcx", "it is not a readable TCX file") from None


def parse_tcx(data: bytes, max_points: int = s.MAX_POINTS) -> s.ActivitySummary:
    totals = _Totals()
    _read(data, totals, max_points)
    if totals.first is None and totals.laps == 0:
        raise s.ImportProblem("no_data", "it holds no activity")
    sport = s.sport_name(totals.sport if totals.sport != "Other" else None)
    foot = sport in s.FOOT_SPORTS
    elapsed = None
    if totals.first and totals.last:
        elapsed = (totals.last - totals.first).total_seconds()
    return s.ActivitySummary(
        format="tcx",
        sport=sport,
        start=s.start_time(totals.start or totals.first),
        elapsed_s=s.duration(elapsed if elapsed is not None else totals.lap_time),
        moving_s=s.duration(totals.lap_time) if totals.laps else None,
        distance_m=s.distance(totals.lap_distance or totals.last_distance),
        avg_hr=s.heart_rate(totals.hr[0] / totals.hr[1]) if totals.hr[1] else None,
        avg_cadence_spm=s.cadence(totals.cad[0] / totals.cad[1])
        if foot and totals.cad[1]
        else None,
        has_gps=totals.has_gps,
        segments=totals.detector.finish() if foot else (),
        run_cadence_spm=totals.detector.run_cadence_spm if foot else None,
    )
