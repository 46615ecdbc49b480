"""Reading a case from JSON-like data: strict, with one clear message naming the bad field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from runback.engine.history import chains_of
from runback.engine.models import (
    Case,
    Cleared,
    Condition,
    CrossTraining,
    Event,
    Followup,
    Locale,
    Profile,
    RedFlag,
    Session,
    StrengthLog,
)
from runback.engine.parsing import (
    ERROR_CODES,
    PAIN,
    InvalidInput,
    Reader,
    int_range,
    parse_bool,
    parse_condition,
    parse_date,
    parse_flags,
    parse_function_items,
    parse_settings_changes,
)
from runback.engine.reading_events import EVENT_TYPES, read_event
from runback.engine.rules import TRIAGE_ADVISE, TRIAGE_EMERGENCY
from runback.engine.settings import DEFAULT_SETTINGS


def read_profile(data: Any, where: str = "profile") -> Profile:
    r = Reader(data, where)
    r.reject_unknown(
        {
            "start_date",
            "condition",
            "red_flags",
            "comfortable_position",
            "resting_pain",
            "settle_time_min",
            "walking_tolerated",
            "cadence_spm",
            "radiating_leg_pain",
            "sleep_or_daily_life_affected",
            "strength_experience",
            "unsure_what_is_allowed",
            "wants_structured_plan",
            "usual_runs_per_week",
            "usual_weekly_min",
            "new_to_running",
            "goal_runs_per_week",
            "goal_weekly_min",
            "function",
        }
    )
    runs_a_week = int_range(1, 14, "runs a week")
    weekly_min = int_range(0, 3000, "minutes a week")
    return Profile(
        start_date=r.need("start_date", parse_date),
        condition=r.get("condition", parse_condition) or Condition.UNKNOWN,
        red_flags=r.get("red_flags", parse_flags) or (),
        comfortable_position=r.get("comfortable_position", parse_bool),
        resting_pain=r.get("resting_pain", PAIN),
        settle_time_min=r.get("settle_time_min", int_range(0, 7 * 24 * 60, "minutes")),
        walking_tolerated=r.get("walking_tolerated", parse_bool),
        cadence_spm=r.get("cadence_spm", int_range(100, 240, "steps per minute")),
        radiating_leg_pain=r.get("radiating_leg_pain", parse_bool),
        sleep_or_daily_life_affected=r.get("sleep_or_daily_life_affected", parse_bool),
        strength_experience=r.get("strength_experience", parse_bool),
        unsure_what_is_allowed=r.get("unsure_what_is_allowed", parse_bool),
        wants_structured_plan=r.get("wants_structured_plan", parse_bool),
        usual_runs_per_week=r.get("usual_runs_per_week", runs_a_week),
        usual_weekly_min=r.get("usual_weekly_min", weekly_min),
        new_to_running=r.get("new_to_running", parse_bool),
        goal_runs_per_week=r.get("goal_runs_per_week", runs_a_week),
        goal_weekly_min=r.get("goal_weekly_min", weekly_min),
        function=r.get("function", parse_function_items) or (),
    )


def read_case(data: Any) -> Case:
    """Read and check a whole case. Events dated after `as_of` are checked, then ignored.

    A correction (`replaces`) may carry an id of its own: it takes the place of the entry
    it names and keeps that entry's identity (the first id of the chain of corrections),
    so follow-ups, later corrections and withdrawals may name any id in the chain. A
    withdrawn entry stays withdrawn: a later correction of it is ignored.
    """
    r = Reader(data, "")
    r.reject_unknown({"as_of", "profile", "events", "locale", "settings"})
    as_of = r.need("as_of", parse_date)
    if "profile" not in r.data:
        raise InvalidInput("profile", "is required", "required")
    profile = read_profile(r.data.get("profile"), "profile")
    locale_raw = r.data.get("locale", "da")
    if locale_raw not in ("da", "en"):
        raise InvalidInput("locale", f"must be da or en (got {locale_raw!r})")
    locale: Locale = "da" if locale_raw == "da" else "en"
    settings = DEFAULT_SETTINGS
    if r.data.get("settings") is not None:
        settings = DEFAULT_SETTINGS.with_changes(
            parse_settings_changes(r.data["settings"], "settings")
        )
    raw_events = r.data.get("events") or []
    if not isinstance(raw_events, list):
        raise InvalidInput("events", "must be a list")
    read = _read_events(raw_events)
    return Case(
        as_of=as_of,
        profile=profile,
        events=_known_at(read, raw_events, as_of, profile=profile),
        locale=locale,
        settings=settings,
    )


class _Identities:
    """While the events are read in order: every id -> the first id of its chain of
    corrections, and which chains are walks or runs (what a follow-up may name)."""

    def __init__(self) -> None:
        self.root: dict[str, str] = {}
        self.sessions: set[str] = set()

    def key(
        self,
        raw: Mapping[str, Any],
        where: str,
        index: int,
        replaces: str | None,
        withdrawn: str | None,
    ) -> str:
        """The chain an event belongs to; refuses ids used twice and unknown targets."""
        event_id = raw.get("id")
        if isinstance(event_id, str) and event_id in self.root and replaces != event_id:
            raise InvalidInput(f"{where}.id", f"is used twice (got {event_id!r})", "duplicate_id")
        target = withdrawn if withdrawn is not None else replaces
        if target is not None and target not in self.root:
            field = "target" if withdrawn is not None else "replaces"
            raise InvalidInput(
                f"{where}.{field}", f"names no earlier event (got {target!r})", "unknown_target"
            )
        if target is not None:
            key = self.root[target]
        else:
            key = event_id if isinstance(event_id, str) else f"#{index}"
        if isinstance(event_id, str):
            self.root[event_id] = key
        return key

    def place(self, event: Event, key: str, where: str, *, correction: bool) -> Event:
        """The event under its chain's identity (a session keeps its first id; a follow-up
        names its session's first id)."""
        if isinstance(event, Session | StrengthLog | CrossTraining) and event.id != key:
            event = replace(event, id=key)
        if isinstance(event, Session):
            self.sessions.add(key)
        elif correction:
            self.sessions.discard(key)  # a session corrected into something else
        if isinstance(event, Followup):
            session = self.root.get(event.session)
            if session is None or session not in self.sessions:
                raise InvalidInput(
                    f"{where}.session",
                    f"names no earlier walk or run (got {event.session!r})",
                    "unknown_session",
                )
            event = replace(event, session=session)
        return event


def _read_events(raw_events: list[Any]) -> list[tuple[Event | None, date]]:
    """Every event read and checked, whatever its date (None for a withdrawal)."""
    identities = _Identities()
    read: list[tuple[Event | None, date]] = []
    for i, raw in enumerate(raw_events):
        where = f"events.{i}"
        event, replaces, withdrawn = read_event(raw, where)
        event_date = parse_date(raw["date"], f"{where}.date")
        key = identities.key(raw, where, i, replaces, withdrawn)
        if event is not None:
            event = identities.place(event, key, where, correction=replaces is not None)
        read.append((event, event_date))
    return read


def _known_at(
    read: list[tuple[Event | None, date]],
    raw_events: list[Any],
    as_of: date,
    *,
    profile: Profile | None = None,
) -> tuple[Event, ...]:
    """What was known by `as_of`, in fold order (by date; a corrected entry keeps the
    place of its first version): the chains of entries (engine.history) say which version
    of each entry counts and which entries are withdrawn."""
    known = [
        (i, raw, event)
        for i, ((event, event_date), raw) in enumerate(zip(read, raw_events, strict=True))
        if event_date <= as_of
    ]
    chains = chains_of([raw for _i, raw, _event in known])
    live: list[tuple[int, Event]] = []
    for chain in {id(c): c for c in chains.values()}.values():
        event = known[chain.latest][2]
        if chain.live and event is not None:
            live.append((known[chain.versions[0]][0], event))
    session_ids = {e.id for _i, e in live if isinstance(e, Session)}
    kept = [
        (i, e) for i, e in live if not (isinstance(e, Followup) and e.session not in session_ids)
    ]
    ordered = sorted(kept, key=lambda pair: (pair[1].date, pair[0]))
    if profile is not None:
        _check_clearances(profile, ordered)
    return tuple(e for _i, e in ordered)


# TRIAGE-CLEAR (v3): how long before the flag was reported a runner's examination may
# lie (a prompt flag: a month; an emergency flag: the day before at most, 2 days).
EXAMINED_BEFORE_DAYS = {"emergency": 2, "prompt": 30}


def _check_clearances(profile: Profile, ordered: list[tuple[int, Event]]) -> None:
    """TRIAGE-CLEAR: a runner's report of an examination is dated neither after the
    report itself nor too long before the flags it lifts were reported."""
    reported: dict[str, date] = {f: profile.start_date for f in profile.red_flags}
    for index, event in ordered:
        if isinstance(event, RedFlag):
            for flag in event.flags:
                reported.setdefault(flag, event.date)
        if not isinstance(event, Cleared):
            continue
        named = [f for f in (event.flags or tuple(reported)) if f in reported]
        where = f"events.{index}.examined_on"
        if event.examined_on is not None and event.by != "clinician":
            if event.examined_on > event.date:
                raise InvalidInput(
                    where, "must not be after the day it is reported", "examined_after_report"
                )
            for flag in named:
                level = "emergency" if flag in TRIAGE_EMERGENCY else "prompt"
                if flag in TRIAGE_ADVISE:
                    continue
                earliest = reported[flag] - timedelta(days=EXAMINED_BEFORE_DAYS[level])
                if event.examined_on < earliest:
                    raise InvalidInput(
                        where,
                        f"lies too long before {flag} was reported "
                        f"({EXAMINED_BEFORE_DAYS[level]} days at most)",
                        "examined_too_early",
                    )
        for flag in named:
            if event.by == "clinician" or flag not in TRIAGE_EMERGENCY or event.symptom_gone:
                reported.pop(flag, None)


__all__ = ["ERROR_CODES", "EVENT_TYPES", "InvalidInput", "read_case", "read_event", "read_profile"]
