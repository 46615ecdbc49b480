"""Everything that reads a runner's rehab record. Every read starts from
`runner_visible_to`, the one rule for who may see whom."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from runback.accounts.models import User
from runback.accounts.selectors import runner_visible_to
from runback.engine.history import Chain, chains_of, effective_payloads
from runback.rehab.models import (
    Event,
    ProgressEntry,
    RunnerProfile,
    SessionResult,
    Snapshot,
    WeekResult,
)


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
    found = (
        runner_visible_to(user=viewer)
        .filter(pk=runner_id)
        .select_related("rehab_profile", "rehab_snapshot")
    )
    runner = next(iter(found), None)  # one primary key: no ORDER BY as `first()` adds
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


def followup_dates_for(
    *, viewer: User | AnonymousUser, runner: User, session_id: str
) -> list[date]:
    """The dates of the session's live next-morning answers (corrections applied)."""
    live = effective_payloads(payloads_oldest_first(viewer=viewer, runner=runner))
    return sorted(
        date.fromisoformat(p["date"])
        for p in live
        if p.get("type") == "followup" and p.get("session") == session_id
    )


def event_get(*, viewer: User | AnonymousUser, runner: User, event_id: str) -> Event | None:
    """The latest event carrying `event_id` (older corrections reused their target's id)."""
    return events_for(viewer=viewer, runner=runner).filter(payload__id=event_id).first()


@dataclass(frozen=True)
class EntryChain:
    """One entry of a runner's history with all its versions, as stored events."""

    chain: Chain
    events: list[Event]  # every event of the runner, oldest first
    chains: dict[str, Chain]  # every chain of the runner, by id

    @property
    def root(self) -> str:
        return self.chain.root

    @property
    def latest(self) -> Event:
        return self.events[self.chain.latest]

    @property
    def withdrawn(self) -> bool:
        return not self.chain.live

    def event(self, event_id: str) -> Event:
        """The (latest) event of this chain that carries `event_id`."""
        indexes = sorted(self.chain.versions + self.chain.ignored)
        return [self.events[i] for i in indexes if self.events[i].event_id == event_id][-1]

    def session(self, output: dict[str, Any], session_id: str) -> dict[str, Any] | None:
        """The engine's session named by `session_id` (any id of its chain)."""
        return session_in(output, self.chains.get(session_id), self.events)


def entry_chains_for(
    *, viewer: User | AnonymousUser, runner: User
) -> tuple[list[Event], dict[str, Chain]]:
    """Every event of the runner (oldest first, one query) and their chains."""
    events = list(events_for(viewer=viewer, runner=runner).order_by("seq"))
    return events, chains_of([e.payload for e in events])


def entry_get(*, viewer: User | AnonymousUser, runner: User, event_id: str) -> EntryChain | None:
    """The entry that `event_id` (any id of its chain of corrections) belongs to."""
    events, chains = entry_chains_for(viewer=viewer, runner=runner)
    chain = chains.get(event_id)
    return EntryChain(chain=chain, events=events, chains=chains) if chain is not None else None


def session_in(
    output: dict[str, Any], chain: Chain | None, events: Sequence[Event]
) -> dict[str, Any] | None:
    """The engine's session for an entry: under its first id, or (older engines) under
    the id of its latest version."""
    if chain is None:
        return None
    sessions = sessions_by_id(output)
    for index in [chain.versions[0], *reversed(chain.versions)]:
        found = sessions.get(events[index].event_id)
        if found is not None:
            return found
    return None


def sessions_by_id(output: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in output.get("sessions", [])}


def sessions_awaiting_followup(output: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [s for s in output.get("sessions", []) if s.get("zone") == "provisional"]


def sessions_split_by_followup_day(
    output: Mapping[str, Any], *, today: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sessions awaiting their next-morning answer: (ready, later). ZONE-2: the
    answer can be given from the calendar day after the session, not on the day itself."""
    ready: list[dict[str, Any]] = []
    later: list[dict[str, Any]] = []
    for session in sessions_awaiting_followup(output):
        (ready if str(session.get("date", "")) < today.isoformat() else later).append(session)
    return ready, later


def followup_answerable_from(
    output: Mapping[str, Any], sessions: list[dict[str, Any]] | None = None
) -> dict[str, date]:
    """Each session's first day for its next-morning answer (ZONE-2), by session id: the
    engine's `followups[].answerable_from`. `sessions` (a correction, which may concern
    a session whose window has passed and so is no longer in `followups`): those get the
    day after their date, the same rule; the engine does not list them any more."""
    first = {
        s["id"]: date.fromisoformat(s["date"]) + timedelta(days=1)
        for s in sessions or []
        if s.get("id") and s.get("date")
    }
    for window in output.get("followups", []):
        first[window["session"]] = date.fromisoformat(window["answerable_from"])
    return first


def explanation_for(
    output: Mapping[str, Any], rules: list[str], language: str
) -> list[dict[str, str]]:
    """The engine's reasons for `rules`, in `language`, in the engine's order."""
    key = "text_en" if language == "en" else "text_da"
    wanted = set(rules)
    return [
        {"rule": e["rule"], "text": e.get(key) or e.get("text", "")}
        for e in output.get("explanation", [])
        if e.get("rule") in wanted
    ]


def explanation_all(output: Mapping[str, Any], language: str) -> list[dict[str, str]]:
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


def output_with_every_session(*, runner: User, output: dict[str, Any]) -> dict[str, Any]:
    """The advice with every session's result: the closed ones stored once each
    (SessionResult), then the open ones in the advice. For history, progress, a check-in's
    result and the export; Today needs only the open ones. The same for the weeks."""
    closed = list(
        SessionResult.objects.filter(runner=runner).order_by("id").values_list("result", flat=True)
    )
    weeks = list(
        WeekResult.objects.filter(runner=runner)
        .order_by("week_start")
        .values_list("row", flat=True)
    )
    return {
        **output,
        "sessions": [*closed, *output.get("sessions", [])],
        "weeks_done": [*weeks, *output.get("weeks_done", [])],
    }


def progress_entries_for(*, viewer: User | AnonymousUser, runner: User) -> list[dict[str, Any]]:
    """The entries the progress charts draw (sessions, next-morning answers, strength logs)
    as they stand after corrections and withdrawals, in order (one query), if `viewer` may
    see the runner. Kept by the services with every event: no raw history is read."""
    visible = runner_visible_to(user=viewer).filter(pk=runner.pk)
    return list(
        ProgressEntry.objects.filter(runner__in=visible)
        .order_by("id")
        .values_list("payload", flat=True)
    )


def plan_paused(output: Mapping[str, Any]) -> bool:
    """True while the plan is paused: the engine's `paused` (an emergency or prompt red
    flag is open; an advise flag does not pause). No output yet: not paused."""
    return bool(output) and bool(output["paused"])


def advise_flags(output: Mapping[str, Any]) -> list[str]:
    """Open "advise" flags: see a doctor in the coming weeks; the plan goes on."""
    return list((output.get("triage") or {}).get("advise_flags") or [])
