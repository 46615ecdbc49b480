"""The GPX and TCX readers as they were before they streamed (gpxpy's whole-document
parse; TCX decoded to text first), kept as the oracle the streaming readers must agree
with. Only the reading differs: the totals are the readers' own."""

from __future__ import annotations

import io
from typing import Any

import gpxpy
from defusedxml import ElementTree as SafeET

from runback.activities.parsing import gpx, tcx
from runback.activities.parsing import summary as s
from runback.activities.parsing.xmlsafe import xml_text


def gpx_dom(data: bytes) -> s.ActivitySummary:
    text = xml_text(data, "gpx")
    if "<gpx" not in text[:4096]:
        raise s.ImportProblem("not_gpx", "it is not a GPX file")
    try:
        document = gpxpy.parse(text)
    except Exception:
        raise s.ImportProblem("not_gpx", "it is not a readable GPX file") from None
    totals = gpx._Totals()
    sport = None
    for track in document.tracks:
        sport = sport or track.type
        for segment in track.segments:
            prev = None
            for point in segment.points:
                totals.add(prev, point)
                prev = point
    return gpx.summary_of(totals, sport)


def tcx_text(data: bytes) -> s.ActivitySummary:
    original = tcx._read

    def read(data: bytes, totals: Any, max_points: int) -> None:
        text = xml_text(data, "tcx")
        if "TrainingCenterDatabase" not in text[:4096]:
            raise s.ImportProblem("not_tcx", "it is not a TCX file")
        stream = io.BytesIO(text.encode("utf-8"))
        try:
            for event, elem in SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=True):
                name = tcx._local(elem.tag)
                if event == "start":
                    if name == "Activity":
                        totals.sport = totals.sport or elem.get("Sport")
                    continue
                if name == "Trackpoint":
                    totals.trackpoint(tcx._children(elem))
                    elem.clear()
                elif name == "Lap":
                    totals.lap(elem)
                    elem.clear()
        except s.ImportProblem:
            raise
        except Exception:
            raise s.ImportProblem("not_tcx", "it is not a readable TCX file") from None

    tcx._read = read
    try:
        return tcx.parse_tcx(data)
    finally:
        tcx._read = original
