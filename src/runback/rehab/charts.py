"""Small, accessible SVG charts drawn on the server (no scripts, no third parties).

Each chart comes with the same numbers as a table, so nothing is told by colour or
shape alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The drawing's own units. The SVG is scaled to the column (about 358 px wide on a
# 390 px phone, at most 28rem), so a FONT_SIZE of 13 shows at 14 px or more on a phone.
WIDTH, HEIGHT = 320, 170
FONT_SIZE = 13
LEFT, RIGHT, TOP, BOTTOM = 34, 8, 10, 26

# Each line differs by dash pattern and marker shape as well as colour (the n-th series
# gets the n-th of each; the CSS colours series-1..5 and the legend repeats them).
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 2")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down")
# Where several lines meet at one point, their markers sit side by side, not on top.
DODGE = 5.0


def _f(value: float) -> str:
    return f"{value:.1f}"  # always a dot: SVG is not localised


def marker_path(shape: str, x: float, y: float) -> str:
    """An SVG path of about 7 x 7 units centred on (x, y)."""
    if shape == "square":
        return f"M{_f(x - 3.2)} {_f(y - 3.2)}h6.4v6.4h-6.4z"
    if shape == "triangle":
        return f"M{_f(x)} {_f(y - 4)}l4 7h-8z"
    if shape == "triangle-down":
        return f"M{_f(x)} {_f(y + 4)}l4 -7h-8z"
    if shape == "diamond":
        return f"M{_f(x)} {_f(y - 4.5)}l4.5 4.5l-4.5 4.5l-4.5 -4.5z"
    return f"M{_f(x - 3.5)} {_f(y)}a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0z"  # circle


@dataclass
class Series:
    key: str
    points: list[tuple[float, float]] = field(default_factory=list)
    label: str = ""  # for the legend; empty: the template names it from the key
    index: int = 0  # 0-based position in its chart: picks the dash and the marker

    @property
    def number(self) -> int:
        """1-based, for the CSS class series-N and key-N."""
        return self.index % len(MARKERS) + 1

    @property
    def dash(self) -> str:
        return DASHES[self.index % len(DASHES)]

    @property
    def marker(self) -> str:
        return MARKERS[self.index % len(MARKERS)]

    @property
    def polyline(self) -> str:
        return " ".join(f"{_f(x)},{_f(y)}" for x, y in self.points)

    @property
    def marker_paths(self) -> list[str]:
        return [marker_path(self.marker, x, y) for x, y in self.points]

    @property
    def legend_marker(self) -> str:
        """The marker in a 24 x 12 legend sample, on its line."""
        return marker_path(self.marker, 12, 6)


@dataclass(kw_only=True)
class Frame:
    """What every chart draws around its data: axis ticks, labels and the size."""

    y_ticks: list[tuple[str, str]]
    x_labels: list[tuple[str, str]]
    width: int = WIDTH
    left: int = LEFT
    tick_x: int = LEFT - 5  # the y labels end here
    grid_right: int = WIDTH - RIGHT
    label_y: int = HEIGHT - 6
    height: int = HEIGHT
    font_size: int = FONT_SIZE


@dataclass(kw_only=True)
class Chart(Frame):
    series: list[Series]

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def _scale(days: list[date]) -> tuple[date, int]:
    first = min(days)
    span = max(1, (max(days) - first).days)
    return first, span


def _x(day: date, first: date, span: int) -> float:
    # DODGE units of room at each end, so that dodged markers stay inside the frame
    return LEFT + DODGE + (WIDTH - LEFT - RIGHT - 2 * DODGE) * (day - first).days / span


def _dodge(series: list[Series]) -> None:
    """Spread markers that meet at one point sideways, around where they were."""
    at: dict[tuple[float, float], list[tuple[Series, int]]] = {}
    for s in series:
        for n, point in enumerate(s.points):
            at.setdefault((round(point[0], 1), round(point[1], 1)), []).append((s, n))
    for shared in at.values():
        for k, (s, n) in enumerate(shared):
            x, y = s.points[n]
            s.points[n] = (x + DODGE * (k - (len(shared) - 1) / 2), y)


def _y(value: float, top_value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top_value)


# The kinds of entries the progress page draws (stored as ProgressEntry rows).
CHARTED = frozenset({"run", "walk", "followup", "strength"})


def pain_rows(payloads: list[dict[str, Any]], zones: dict[str, str]) -> list[dict[str, Any]]:
    """One row per live session: date, pain during, after, next morning, zone.

    `payloads` are the effective events (corrections applied, withdrawals removed).
    """
    sessions = [p for p in payloads if p.get("type") in {"run", "walk"}]
    morning = {p["session"]: p.get("pain") for p in payloads if p.get("type") == "followup"}
    rows = [
        {
            "id": s["id"],
            "date": date.fromisoformat(s["date"]),
            "type": s["type"],
            "during": s.get("pain_during"),
            "after": s.get("pain_after"),
            "morning": morning.get(s["id"]),
            "zone": zones.get(s["id"], ""),
        }
        for s in sessions
    ]
    return sorted(rows, key=lambda r: (r["date"], r["id"]))


PAIN_SERIES = (
    ("during", _("during")),
    ("after", _("right after")),
    ("morning", _("next morning")),
)


def pain_chart(rows: list[dict[str, Any]]) -> Chart:
    series = [Series(key, label=str(label), index=n) for n, (key, label) in enumerate(PAIN_SERIES)]
    if rows:
        first, span = _scale([r["date"] for r in rows])
        for row in rows:
            x = _x(row["date"], first, span)
            for s in series:
                if row[s.key] is not None:
                    s.points.append((x, _y(float(row[s.key]), 10)))
        _dodge(series)
    ticks = [(_f(_y(v, 10)), str(v)) for v in (0, 2, 5, 10)]
    x_labels = []
    if rows:
        first, span = _scale([r["date"] for r in rows])
        first_label = date_format(rows[0]["date"], "SHORT_DATE_FORMAT")
        x_labels = [(_f(_x(rows[0]["date"], first, span)), first_label)]
        if len(rows) > 1:
            last_label = date_format(rows[-1]["date"], "SHORT_DATE_FORMAT")
            x_labels.append((_f(_x(rows[-1]["date"], first, span)), last_label))
    return Chart(series=series, y_ticks=ticks, x_labels=x_labels)


def strength_rows(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {
            "date": date.fromisoformat(p["date"]),
            "exercise": p["exercise"],
            "load_kg": p.get("load_kg"),
            "sets": f"{p.get('sets_done')}/{p.get('sets_planned')}",
            "technique_ok": p.get("technique_ok", True),
        }
        for p in payloads
        if p.get("type") == "strength"
    ]
    return sorted(rows, key=lambda r: (r["date"], r["exercise"]))


def strength_chart(rows: list[dict[str, Any]]) -> Chart:
    loaded = [r for r in rows if r["load_kg"] is not None]
    by_exercise: dict[str, Series] = {}
    top = max([float(r["load_kg"]) for r in loaded] + [10.0]) * 1.1
    if loaded:
        first, span = _scale([r["date"] for r in loaded])
        for row in loaded:
            series = by_exercise.setdefault(
                row["exercise"], Series(row["exercise"], index=len(by_exercise))
            )
            series.points.append((_x(row["date"], first, span), _y(float(row["load_kg"]), top)))
        _dodge(list(by_exercise.values()))
    ticks = [(_f(_y(v, top)), f"{v:g}") for v in (0, round(top / 2), round(top / 1.1))]
    return Chart(series=list(by_exercise.values()), y_ticks=ticks, x_labels=[])


WEEKS_CHARTED = 12


@dataclass
class Bar:
    x: str
    width: str
    y: str
    height: str
    planned_y: str | None
    planned_height: str | None


@dataclass(kw_only=True)
class BarChart(Frame):
    bars: list[Bar]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def week_rows(weeks_done: Any) -> list[dict[str, Any]]:
    """The snapshot's `weeks_done`, one row per calendar week, oldest first.

    A snapshot stored before the engine gave `weeks_done` has none: no rows (the snapshot
    is refreshed on the next event or day). Empty if no run was logged in any week.
    """
    rows = []
    for week in weeks_done if isinstance(weeks_done, list) else []:
        try:
            start = date.fromisoformat(str(week["week_start"]))
        except (KeyError, TypeError, ValueError):
            continue
        rows.append(
            {
                "week_start": start,
                "run_minutes": _number(week.get("run_minutes")) or 0.0,
                "planned_minutes": _number(week.get("planned_minutes")),
                "sessions": int(week.get("sessions") or 0),
            }
        )
    if not any(r["sessions"] or r["run_minutes"] or r["planned_minutes"] for r in rows):
        return []
    return sorted(rows, key=lambda r: r["week_start"])


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_not_counted(
    payloads: list[dict[str, Any]], rows: list[dict[str, Any]], start: date | None
) -> list[date]:
    """Weeks (their Mondays) before the start date's week that hold a live run but are
    not among the engine's weeks.

    The engine counts running from the week of the start date; whether it lists earlier
    weeks with runs or not, the page tells the runner about any such week it leaves out.
    """
    if start is None:
        return []
    listed = {r["week_start"] for r in rows}
    weeks = set()
    for p in payloads:
        if p.get("type") != "run":
            continue
        try:
            weeks.add(monday(date.fromisoformat(str(p["date"]))))
        except (KeyError, ValueError):
            continue
    return sorted(w for w in weeks - listed if w < monday(start))


def isodate_or_none(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def sentence_date(day: date) -> str:
    """A date inside a sentence: '7. januar' in Danish (the text adds 'den'), '7 January'."""
    return date_format(day, "j F" if get_language() == "en" else "j. F")


def weeks_chart(rows: list[dict[str, Any]]) -> BarChart:
    """Bars for the minutes run each week; a dashed outline for what the plan asked.

    The last WEEKS_CHARTED weeks; the table lists them all.
    """
    shown = rows[-WEEKS_CHARTED:]
    values = [r["run_minutes"] for r in shown] + [
        r["planned_minutes"] for r in shown if r["planned_minutes"] is not None
    ]
    top = max([*values, 10.0]) * 1.1
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(shown))
    bar_width = min(slot * 0.6, 24.0)
    bottom = _y(0, top)
    bars = []
    for n, row in enumerate(shown):
        x = LEFT + slot * n + (slot - bar_width) / 2
        y = _y(row["run_minutes"], top)
        planned = row["planned_minutes"]
        planned_y = _y(planned, top) if planned is not None else None
        bars.append(
            Bar(
                x=_f(x),
                width=_f(bar_width),
                y=_f(y),
                height=_f(bottom - y),
                planned_y=_f(planned_y) if planned_y is not None else None,
                planned_height=_f(bottom - planned_y) if planned_y is not None else None,
            )
        )
    ticks = [(_f(_y(v, top)), f"{v:g}") for v in (0, round(top / 2.2), round(top / 1.1))]
    x_labels = []  # the first and the last week, under their bars
    if shown:
        x_labels.append((bars[0].x, date_format(shown[0]["week_start"], "SHORT_DATE_FORMAT")))
        if len(shown) > 1:
            end = float(bars[-1].x) + bar_width
            x_labels.append((_f(end), date_format(shown[-1]["week_start"], "SHORT_DATE_FORMAT")))
    return BarChart(bars=bars, y_ticks=ticks, x_labels=x_labels)
