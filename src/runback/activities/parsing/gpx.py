"""GPX files (phone apps, Strava and Garmin exports) with gpxpy."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import gpxpy
import gpxpy.gpx

from runback.activities.parsing import summary as s
from runback.activities.parsing.segments import SegmentDetector
from runback.activities.parsing.xmlsafe import xml_text

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
    for ext in point.extensions or ():
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


def parse_gpx(data: bytes) -> s.ActivitySummary:
    text = xml_text(data, "gpx")
    if "<gpx" not in text[:4096]:
        raise s.ImportProblem("not_gpx", "it is not a GPX file")
    try:
        gpx = gpxpy.parse(text)
    except Exception:
        raise s.ImportProblem("not_gpx", "it is not a readable GPX file") from None
    totals = _Totals()
    sport = None
    for track in gpx.tracks:
        sport = sport or track.type
        for segment in track.segments:
            prev = None
            for point in segment.points:
                totals.add(prev, point)
                prev = point
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
