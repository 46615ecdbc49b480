"""Everything that reads a runner's rehab record. Every read starts from
`runner_visible_to`, the one rule for who may see whom."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from runback.accounts.models import User
from runback.accounts.selectors import runner_visible_to
from runback.rehab.charts import effective_payloads
from runback.rehab.models import Event, RunnerProfile, Snapshot


@dataclass(frozen=True)
class RunnerState:
    runner: User
    profile: RunnerProfile | None
    snapshot: Snapshot | None

    @property
    def output(self) -> dict[str, Any]:
        return self.snapshot.output if self.snapshot else {}


def runner_state_get(*, viewer: User | AnonymousUser, runner_id: int) -> RunnerState | None:
    """The runner with profile and snapshot in one query, if `viewer` may see them."""
    runner = (
        runner_visible_to(user=viewer)
        .filter(pk=runner_id)
        .select_related("rehab_profile", "rehab_snapshot")
        .first()
    )
    if runner is None:
        return None
    return RunnerState(
        runner=runner,
        profile=getattr(runner, "rehab_profile", None),
        snapshot=getattr(runner, "rehab_snapshot", None),
    )


def events_for(*, viewer: User | AnonymousUser, runner: User) -> QuerySet[Event]:
    """The runner's events, newest first, if `viewer` may see the runner."""
    visible = runner_visible_to(user=viewer).filter(pk=runner.pk)
    return Event.objects.filter(runner__in=visible).order_by("-seq")


def payloads_oldest_first(*, viewer: User | AnonymousUser, runner: User) -> list[dict[str, Any]]:
    """Every event's payload in recording order (one query), if `viewer` may see them."""
    visible = runner_visible_to(user=viewer).filter(pk=runner.pk)
    return list(
        Event.objects.filter(runner__in=visible).order_by("seq").values_list("payload", flat=True)
    )


def event_get(*, viewer: User | AnonymousUser, runner: User, event_id: str) -> Event | None:
    """The latest event carrying `event_id` (a correction reuses its target's id)."""
    return events_for(viewer=viewer, runner=runner).filter(payload__id=event_id).first()


def sessions_by_id(output: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in output.get("sessions", [])}


def sessions_awaiting_followup(output: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in output.get("sessions", []) if s.get("zone") == "provisional"]


def explanation_for(
    output: dict[str, Any], rules: list[str], language: str
) -> list[dict[str, str]]:
    """The engine's reasons for `rules`, in `language`, in the engine's order."""
    key = "text_en" if language == "en" else "text_da"
    wanted = set(rules)
    return [
        {"rule": e["rule"], "text": e.get(key) or e.get("text", "")}
        for e in output.get("explanation", [])
        if e.get("rule") in wanted
    ]


def explanation_all(output: dict[str, Any], language: str) -> list[dict[str, str]]:
    key = "text_en" if language == "en" else "text_da"
    return [
        {"rule": e["rule"], "text": e.get(key) or e.get("text", "")}
        for e in output.get("explanation", [])
    ]


def status_latest(*, viewer: User | AnonymousUser, runner: User) -> dict[str, Any] | None:
    """The latest weekly status still in force (corrections applied, withdrawals left out)."""
    live = effective_payloads(payloads_oldest_first(viewer=viewer, runner=runner))
    statuses = [p for p in live if p.get("type") == "status"]
    # the latest date; on the same date the one recorded last
    return max(reversed(statuses), key=lambda p: str(p.get("date", ""))) if statuses else None
