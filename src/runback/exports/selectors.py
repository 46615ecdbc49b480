"""Reads for the exports: the runner's current advice, and the feed a URL names."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from runback.accounts.models import User
from runback.accounts.selectors import consent_is_current
from runback.common.clock import today
from runback.content.library import load_library
from runback.exports.models import CalendarFeed
from runback.rehab import selectors as rehab_selectors
from runback.rehab.checkin.folding import state_advice
from runback.rehab.selectors import RunnerState, plan_paused


def advice_current(state: RunnerState) -> dict[str, Any]:
    """Today's advice without writing anything: the snapshot's if it is today's, else
    advised again from its stored state (empty without a finished intake)."""
    snapshot, profile = state.snapshot, state.profile
    if snapshot is None or profile is None or profile.intake_completed_at is None:
        return {}
    as_of = today()
    if snapshot.as_of >= as_of:
        output: dict[str, Any] = snapshot.output
        return output
    advice = state_advice(runner=state.runner, snapshot=snapshot, as_of=as_of)
    if advice is None:
        stored: dict[str, Any] = snapshot.output
        return stored
    return cast(dict[str, Any], advice)  # Output, read here as a plain dict (or {})


def plan_for(
    *, viewer: User | AnonymousUser, runner_id: int
) -> tuple[RunnerState, dict[str, Any]] | None:
    """The runner (if `viewer` may see them) and their current plan (empty while paused,
    before the intake or without current consent)."""
    state = rehab_selectors.runner_state_get(viewer=viewer, runner_id=runner_id)
    if state is None:
        return None
    if not consent_is_current(user=state.runner):
        return state, {}
    output = advice_current(state)
    return state, ({} if plan_paused(output) else output)


def sessions_planned(output: dict[str, Any]) -> list[dict[str, Any]]:
    """The coming sessions, each in `next_run`'s shape with its `date`: the engine's
    `upcoming_sessions` (the first is `next_run`), or `next_run` alone on its earliest
    date when the engine lists none (walking only, a stall, or an output stored before
    the engine listed them). Empty while paused."""
    sessions: list[dict[str, Any]] = list(output.get("upcoming_sessions") or [])
    next_run = output.get("next_run")
    if sessions or not next_run or not next_run.get("earliest_date"):
        return sessions
    return [{**next_run, "date": next_run["earliest_date"]}]


def feed_by_token(*, key: str, secret: str) -> CalendarFeed | None:
    """The feed whose key and secret both match; the secret compared in constant time."""
    feed = CalendarFeed.objects.select_related("runner").filter(key=key).first()
    if feed is None or not hmac.compare_digest(feed.secret.encode(), secret.encode()):
        return None
    if not feed.runner.is_active or not feed.runner.is_runner:
        return None
    return feed


@dataclass(frozen=True)
class SheetExercise:
    """One exercise of the plan with its library title and pictures."""

    item: dict[str, Any]
    title: str
    summary: str
    poses: list[tuple[str, str, str]]  # (pose, URL, alt text)


def plan_sheet(output: dict[str, Any], language: str) -> dict[str, Any]:
    """What the printable plan shows: the next run, the coming weeks and the strength
    programme with each exercise's pictures (from the content library)."""
    lib = load_library()
    strength = output.get("strength") or {}
    exercises = []
    for item in strength.get("exercises") or []:
        doc = lib.exercise(item["id"], language)
        poses = [
            (pose, reverse("content:exercise_svg", args=[item["id"], pose]), alt)
            for pose, alt in (
                ("start", doc.alt_start if doc else ""),
                ("end", doc.alt_end if doc else ""),
            )
            if lib.svg(item["id"], pose) is not None
        ]
        exercises.append(
            SheetExercise(
                item=item,
                title=doc.title if doc else item["id"],
                summary=doc.summary if doc else "",
                poses=poses,
            )
        )
    return {
        "next_run": output.get("next_run"),
        "weeks": [w for w in output.get("upcoming_weeks") or [] if w.get("sessions")],
        "strength": strength,
        "exercises": exercises,
        "disclaimer": output.get("disclaimer"),
        "as_of": output.get("as_of"),
    }
