"""Reading activity files: pure Python, no Django (FIT with fitdecode, GPX with gpxpy, TCX
with defusedxml). `parse_activity(name, data)` gives one `ActivitySummary` or raises
`ImportProblem` with a stable code and a one-line reason. GPX and TCX are read as a
stream, FIT record by record: memory stays small, and time is bounded by a cap on the
points one file may hold."""

from __future__ import annotations

from runback.activities.parsing.containers import Entry, Limits, activity_suffix, unpacked
from runback.activities.parsing.fit import is_fit, parse_fit
from runback.activities.parsing.gpx import parse_gpx
from runback.activities.parsing.summary import MAX_POINTS, ActivitySummary, ImportProblem, Segment
from runback.activities.parsing.tcx import parse_tcx

__all__ = [
    "ActivitySummary",
    "Entry",
    "ImportProblem",
    "Limits",
    "Segment",
    "parse_activity",
    "parse_file_bytes",
]

PARSERS = {".fit": parse_fit, ".gpx": parse_gpx, ".tcx": parse_tcx}


def _sniff(data: bytes) -> str:
    if is_fit(data):
        return ".fit"
    head = data[:4096].lower()
    if b"trainingcenterdatabase" in head:
        return ".tcx"
    if b"<gpx" in head:
        return ".gpx"
    return ""


def parse_activity(name: str, data: bytes, max_points: int = MAX_POINTS) -> ActivitySummary:
    """One unpacked activity file. Its content must be what its name says; more than
    `max_points` track points (or FIT records) is refused (`too_many_points`)."""
    suffix = activity_suffix(name)
    found = _sniff(data)
    if not suffix and not found:
        raise ImportProblem("unknown_format", "it is not a FIT, GPX or TCX file")
    if suffix and found != suffix and (suffix == ".fit" or found == ".fit"):
        what = suffix.lstrip(".").upper()
        raise ImportProblem(
            f"not_{suffix.lstrip('.')}", f"it is named .{what.lower()} but is not a {what} file"
        )
    return PARSERS[suffix or found](data, max_points)


def parse_file_bytes(name: str, data: bytes, limits: Limits | None = None) -> ActivitySummary:
    """A file as uploaded (maybe gzip-compressed)."""
    limits = limits or Limits()
    return parse_activity(name, unpacked(name, data, limits), limits.max_points)
