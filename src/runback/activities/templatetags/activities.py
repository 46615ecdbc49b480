"""Activities in words: walk-run structure, durations, distances, sports, problems."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from runback.activities.parsing.segments import groups
from runback.activities.parsing.summary import Segment

register = template.Library()


def _part(kind: str, minutes: int) -> str:
    if kind == "run":
        return _("%(min)s min run") % {"min": minutes}
    return _("%(min)s min walk") % {"min": minutes}


@register.filter
def segments_text(segments: Any) -> str:
    """[walk 300 s, run 120 s, walk 180 s, ...] -> '5 min walk, then 4 × 2 min run / 3 min walk'."""
    try:
        parsed = [Segment(s["kind"], int(s["seconds"])) for s in segments or ()]
    except (KeyError, TypeError, ValueError):
        return ""
    pieces = []
    for group in groups(parsed):
        text = " / ".join(_part(kind, minutes) for kind, minutes in group.parts)
        pieces.append(f"{group.times} × {text}" if group.times > 1 else text)
    return _(", then ").join(pieces)


@register.filter
def duration(seconds: Any) -> str:
    """3725 -> '1 h 2 min'; 185 -> '3 min'; 40 -> '40 s'."""
    if not isinstance(seconds, int | float):
        return ""
    if seconds < 60:
        return _("%(s)s s") % {"s": round(seconds)}
    hours, minutes = divmod(round(seconds / 60), 60)
    if hours:
        return _("%(h)s h %(min)s min") % {"h": hours, "min": minutes}
    return _("%(min)s min") % {"min": minutes}


@register.filter
def km(metres: Any) -> str:
    if not isinstance(metres, int | float):
        return ""
    return _("%(km)s km") % {"km": number_format(metres / 1000, 2)}


@register.filter
def decimal1(value: Any) -> str:
    return number_format(value, 1) if isinstance(value, int | float) else ""


@register.filter
def sport_label(sport: str) -> str:
    labels = {
        "running": _("Run"),
        "walking": _("Walk"),
        "hiking": _("Hike"),
        "cycling": _("Cycling"),
        "swimming": _("Swimming"),
    }
    return labels.get(sport, _("Activity"))


@register.filter
def problem_text(code: str) -> str:
    """A stable problem code -> the reason in the page's language."""
    texts = {
        "too_large": _("the file is too large"),
        "too_many_files": _("too many files at once"),
        "unpacked_too_large": _("it unpacks to more than the limit (a zip or gzip bomb?)"),
        "bad_archive": _("the zip file cannot be read"),
        "empty_archive": _("the zip file holds no FIT, GPX or TCX files"),
        "bad_gzip": _("the gzip file cannot be read"),
        "unknown_format": _("it is not a FIT, GPX or TCX file"),
        "not_fit": _("it is not a FIT file, although the name says so"),
        "not_gpx": _("it is not a readable GPX file"),
        "not_tcx": _("it is not a readable TCX file"),
        "xml_forbidden": _("it contains XML entity declarations, which are refused for safety"),
        "truncated": _("the file is cut short (incomplete)"),
        "crc": _("the file is damaged (its checksum does not match)"),
        "corrupt": _("the file is damaged"),
        "no_data": _("it holds no recorded activity"),
        "no_start": _("it has no times: a planned route, not a recorded activity"),
        "unreadable": _("the file cannot be opened"),
        "internal": _("it could not be read"),
        "too_many_points": _(
            "it holds more track points than one file may (a very long recording)"
        ),
        "interrupted": _(
            "the import was interrupted before this file was read; please send it again"
        ),
    }
    return texts.get(code, _("it could not be read"))


@register.filter
def warning_text(code: str) -> str:
    texts = {
        "unreadable_end": _(
            "Only the first part of the file could be read. The totals are the watch's own; "
            "the walk and run intervals cover only the part that was read."
        ),
    }
    return texts.get(code, "")
