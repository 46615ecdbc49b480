"""Small, accessible SVG charts drawn on the server (no scripts, no third parties).

Each chart comes with the same numbers as a table, so nothing is told by colour or
shape alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 28, 8, 8, 22


def _f(value: float) -> str:
    return f"{value:.1f}"  # always a dot: SVG is not localised


@dataclass
class Series:
    key: str
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{_f(x)},{_f(y)}" for x, y in self.points)

    @property
    def markers(self) -> list[dict[str, str]]:
        """Positions for a circle, a square and a triangle at each point."""
        return [
            {"x": _f(x), "y": _f(y), "x3": _f(x - 3), "y3": _f(y - 3), "y4": _f(y - 4)}
            for x, y in self.points
        ]


@dataclass
class Chart:
    series: list[Series]
    y_ticks: list[tuple[str, str]]
    x_labels: list[tuple[str, str]]
    width: int = WIDTH
    grid_right: int = WIDTH - RIGHT
    label_y: int = HEIGHT - 6
    height: int = HEIGHT

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def _scale(days: list[date]) -> tuple[date, int]:
    first = min(days)
    span = max(1, (max(days) - first).days)
    return first, span


def _x(day: date, first: date, span: int) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


def _y(value: float, top_value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top_value)


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


def pain_chart(rows: list[dict[str, Any]]) -> Chart:
    series: list[Series] = [Series("during"), Series("after"), Series("morning")]
    if rows:
        first, span = _scale([r["date"] for r in rows])
        for row in rows:
            x = _x(row["date"], first, span)
            for s in series:
                if row[s.key] is not None:
                    s.points.append((x, _y(float(row[s.key]), 10)))
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
            series = by_exercise.setdefault(row["exercise"], Series(row["exercise"]))
            series.points.append((_x(row["date"], first, span), _y(float(row["load_kg"]), top)))
    ticks = [(_f(_y(v, top)), f"{v:g}") for v in (0, round(top / 2), round(top / 1.1))]
    return Chart(series=list(by_exercise.values()), y_ticks=ticks, x_labels=[])


def effective_payloads(events_oldest_first: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Corrections replace, withdrawals remove (the same rule the engine applies)."""
    live: dict[str, dict[str, Any]] = {}
    for payload in events_oldest_first:
        if payload.get("type") == "withdraw":
            live.pop(str(payload.get("target")), None)
            continue
        live[str(payload.get("id"))] = payload
    session_ids = {k for k, p in live.items() if p.get("type") in {"run", "walk"}}
    return [
        p for p in live.values()
        if not (p.get("type") == "followup" and p.get("session") not in session_ids)
    ]  # fmt: skip
