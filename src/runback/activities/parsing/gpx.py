"""GPX files (phone apps, Strava and Garmin exports), read as a stream with defusedxml:
each track point is summed up and dropped, so memory stays small whatever the file's
length (a whole-document parse of a 60 MB file took over 1 GB). Times are read with
gpxpy's own time parser, so they mean what they meant when gpxpy read the whole file."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from gpxpy.gpx import GPXException
from gpxpy.gpxfield import parse_time

from runback.activities.parsing import summary as s
from runback.activities.parsing.segments import SegmentDetector
from runback.activities.parsing.xmlsafe import xml_check

EARTH_M = 6_371_000.0


def _metres(a: Any, b: Any) -> float:
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_M * math.asin(min(1.0, math.sqrt(h)))


def _extension_values(point: Any) -> tuple[float | None, float | None]:
    """Heart rate and cadence from Garmin's TrackPointExtension (hr, cad)."""
    hr = cad = None
    for ext in point.extensions:
        for child in ext.iter():
            tag = str(child.tag).rsplit("}", 1)[-1].lower()
            try:
                if tag == "hr":
                    hr = float(child.text or "")
                elif tag == "cad":
                    cad = float(child.text or "")
            except ValueError:
                continue
    return hr, cad


class _Totals:
    def __init__(self) -> None:
        self.detector = SegmentDetector()
        self.distance = 0.0
        self.moving = 0.0
        self.first: datetime | None = None
        self.last: datetime | None = None
        self.hr: list[float] = [0.0, 0.0]
        self.cad: list[float] = [0.0, 0.0]

    def add(self, prev: Any, point: Any) -> None:
        step = _metres(prev, point) if prev is not None else 0.0
        self.distance += step
        hr, cad = _extension_values(point)
        spm = 2 * cad if cad else None  # per leg, as in FIT
        if hr:
            self.hr[0] += hr
            self.hr[1] += 1
        if spm:
            self.cad[0] += spm
            self.cad[1] += 1
        if point.time is None:
            return
        self.first = self.first or point.time
        t = point.time.timestamp()
        speed = None
        if prev is not None and prev.time is not None:
            dt = t - prev.time.timestamp()
            speed = step / dt if dt > 0 else None
            if speed is not None and speed > 0.3 and dt <= 30:
                self.moving += dt
        self.last = point.time
        self.detector.add(t, speed, spm)


@dataclass
class _Point:
    """What a track point holds that the summary needs (gpxpy's names)."""

    latitude: float
    longitude: float
    time: datetime | None
    extensions: list[Any] = field(default_factory=list)


_LOCAL: dict[str, str] = {}


def _local(tag: str) -> str:
    """`{namespace}name` -> `name` (cached: a file has few distinct tags)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL) < 1000:  # a hostile file cannot grow it without end
            _LOCAL[tag] = name
    return name


def _point(elem: Any, v11: bool) -> _Point:
    try:
        latitude = float(elem.get("lat").strip())
        longitude = float(elem.get("lon").strip())
    except (AttributeError, ValueError):
        raise s.ImportProblem("not_gpx", "it is not a readable GPX file") from None
    time = None
    extensions: list[Any] = []
    for child in elem:
        name = _local(child.tag)
        if name == "time" and time is None:
            try:
                time = parse_time(child.text)
            except (GPXException, ValueError, OverflowError):
                time = None  # a point without a usable time, as gpxpy read it
        elif name == "extensions" and v11:  # GPX 1.0 has none (as gpxpy reads it)
            extensions.extend(child)
    return _Point(latitude, longitude, time, extensions)


def _too_many(max_points: int) -> s.ImportProblem:
    return s.ImportProblem("too_many_points", f"it holds more than {max_points} track points")


def _read(data: bytes, totals: _Totals, max_points: int) -> str | None:
    """Sum up every track point in order; the first track's type is the sport (GPX 1.1:
    version 1.0, or none given, has no track type and no extensions)."""
    sport: str | None = None
    v11 = False
    path: list[Any] = []  # the open elements, root first
    points = 0
    prev: _Point | None = None
    try:
        for event, elem in SafeET.iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True
        ):
            if event == "start":
                if not path:
                    v11 = elem.get("version") == "1.1"
                path.append(elem)
                if _local(elem.tag) == "trkseg":
                    prev = None
                continue
            path.pop()
            name = _local(elem.tag)
            parent = _local(path[-1].tag) if path else ""
            if name == "trkpt" and parent == "trkseg":
                points += 1
                if points > max_points:
                    raise _too_many(max_points)
                point = _point(elem, v11)
                totals.add(prev, point)
                prev = point
                path[-1].remove(elem)  # the point is counted: drop it
            elif name == "type" and parent == "trk" and v11:
                sport = sport or (elem.text or None)
            elif name in {"trk", "rte", "wpt"} and path:
                path[-1].remove(elem)
    except s.ImportProblem:
        raise
    except DefusedXmlException:
        raise s.ImportProblem(
            "xml_forbidden", "it declares XML entities (refused for safety)"
        ) from None
    except Exception:
        raise s.ImportProblem("not_gpx", "it is not a readable GPX file") from None
    return sport


def parse_gpx(data: bytes, max_points: int = s.MAX_POINTS) -> s.ActivitySummary:
    head = xml_check(data, "gpx")
    if "<gpx" not in head:
        raise s.ImportProblem("not_gpx", "it is not a GPX file")
    if data.count(b"<trkpt") > max_points:  # at once; the reader counts them all too
        raise _too_many(max_points)
    totals = _Totals()
    return summary_of(totals, _read(data, totals, max_points))


def summary_of(totals: _Totals, sport: str | None) -> s.ActivitySummary:
    if totals.distance == 0 and totals.first is None:
        raise s.ImportProblem("no_data", "it holds no track")
    sport_value = s.sport_name(sport)
    foot = sport_value in s.FOOT_SPORTS
    elapsed = None
    if totals.first and totals.last:
        elapsed = s.duration((totals.last - totals.first).total_seconds())
    return s.ActivitySummary(
        format="gpx",
        sport=sport_value,
        start=s.start_time(totals.first),
        elapsed_s=elapsed,
        moving_s=s.duration(totals.moving) if totals.first else None,
        distance_m=s.distance(totals.distance),
        avg_hr=s.heart_rate(totals.hr[0] / totals.hr[1]) if totals.hr[1] else None,
        avg_cadence_spm=s.cadence(totals.cad[0] / totals.cad[1])
        if foot and totals.cad[1]
        else None,
        has_gps=True,
        segments=totals.detector.finish() if foot else (),
        run_cadence_spm=totals.detector.run_cadence_spm if foot else None,
    )
