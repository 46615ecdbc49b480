"""Hypothesis strategies for engine cases in the contract's JSON shape.

Every case drawn here is VALID input (the engine must never reject or crash on it):
a profile with random answers (some missing, some null, sometimes red flags), and
0-60 events of every type (walks, runs, next-morning follow-ups, red flags,
clearances, strength logs, weekly status) dated from the start date over up to
~26 weeks, with unique ids. Events are listed in date order (ties: generation
order), a session always before its follow-ups, and `as_of` lies somewhere inside
or after the history. A quarter of the histories are listed out of date order (the
engine folds by date; follow-ups still come after their sessions in the list).

Each history draws a "tolerance" first: how often its sessions are easy and their
follow-ups settled. High tolerance lets histories climb the whole ladder (walk, test,
intervals weeks 1-5, continuous), low tolerance exercises reds and stalls.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from runback.engine.models import BANDS
from runback.engine.rules import TRIAGE_FLAGS
from runback.engine.settings import (
    BOUNDS,
    DEFAULT_SETTINGS,
    INTEGER_FIELDS,
    START_STEPS,
    SettingsError,
)
from runback.engine.strength import EXERCISES, STRENGTHENING, SUPPLEMENTARY

Json = dict[str, Any]

CONDITIONS = (
    "unknown",
    "muscular",
    "progression",
    "disc",
    "osteoarthritis",
    "si_joint",
    "facet",
    "hip",
)
EXERCISE_IDS = tuple(EXERCISES)
MAX_SPAN_DAYS = 26 * 7
MAX_EVENTS = 60

pain = st.integers(min_value=0, max_value=10)
booleans = st.booleans()


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value, or an explicit null (which the contract reads as a missing answer)."""
    return st.one_of(strategy, strategy, st.none())


flag_lists = st.lists(st.sampled_from(TRIAGE_FLAGS), min_size=1, max_size=3)


@st.composite
def profiles(draw: st.DrawFn, *, red_flags: bool | None = None) -> Json:
    """Intake answers. `red_flags`: True = at least one, False = none, None = either."""
    start = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)))
    optional: Json = {
        "condition": st.sampled_from(CONDITIONS),
        "comfortable_position": maybe(booleans),
        "resting_pain": maybe(pain),
        "settle_time_min": maybe(st.integers(0, 7 * 24 * 60)),
        "walking_tolerated": maybe(booleans),
        "cadence_spm": maybe(st.integers(100, 240)),
        "radiating_leg_pain": maybe(booleans),
        "sleep_or_daily_life_affected": maybe(booleans),
        "strength_experience": maybe(booleans),
        "unsure_what_is_allowed": maybe(booleans),
        "wants_structured_plan": maybe(booleans),
        # v3: the usual running and the goal (RUN-GOAL), the PSFS activities (FUNC-1)
        "usual_runs_per_week": maybe(st.integers(1, 7)),
        "usual_weekly_min": maybe(st.integers(0, 400)),
        "new_to_running": maybe(booleans),
        "goal_runs_per_week": maybe(st.integers(1, 7)),
        "goal_weekly_min": maybe(st.integers(0, 400)),
        "function": st.lists(st.fixed_dictionaries({"score": st.integers(0, 10)}), max_size=3).map(
            lambda items: [
                {"id": f"f{i}", "activity": f"Aktivitet {i}", **item}
                for i, item in enumerate(items)
            ]
        ),
    }
    prof: Json = draw(st.fixed_dictionaries({}, optional=optional))
    prof["start_date"] = start.isoformat()
    if red_flags is True:
        prof["red_flags"] = draw(flag_lists)
    elif red_flags is None:
        flags = draw(st.one_of(st.just([]), st.just([]), st.just([]), st.just(None), flag_lists))
        if flags is not None or draw(booleans):
            prof["red_flags"] = flags
    return prof


def _minutes() -> st.SearchStrategy[float | int]:
    return st.one_of(
        st.integers(0, 90),
        st.floats(0, 90, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 2)),
    )


@st.composite
def _session(draw: st.DrawFn, kind: str, sid: str, day: date, easy: bool) -> Json:
    if easy:
        during, after = draw(st.integers(0, 5)), draw(st.integers(0, 5))
    else:
        during, after = draw(pain), draw(pain)
    event: Json = {
        "type": kind,
        "id": sid,
        "date": day.isoformat(),
        "pain_during": during,
        "pain_after": after,
    }
    if draw(st.integers(0, 4)) > 0:
        event["pain_before"] = draw(st.integers(0, 4) if easy else pain)
    if kind == "walk":
        if draw(booleans):
            event["minutes"] = draw(_minutes())
    else:
        # Mostly absent (done as prescribed); sometimes what was actually run.
        if draw(st.integers(0, 3)) == 0:
            event["run_min"] = draw(_minutes())
        if draw(st.integers(0, 5)) == 0:
            event["walk_min"] = draw(_minutes())
        if draw(st.integers(0, 5)) == 0:
            event["distance_km"] = draw(
                maybe(st.floats(0, 40, allow_nan=False).map(lambda x: round(x, 2)))
            )
    if draw(st.integers(0, 9)) == 0:  # RUN-BREAK (v3): why a break was, when asked
        event["break_reason"] = draw(st.sampled_from(("back", "other")))
    if draw(st.integers(0, 9)) == 0:  # ZONE-LEG (v3)
        event["leg_symptoms_spread"] = not easy and draw(booleans)
    for flag in ("rose_during", "stopped_early"):
        roll = draw(st.integers(0, 9))
        if roll == 0 and not easy:
            event[flag] = True
        elif roll <= 3:
            event[flag] = False
    return event


@st.composite
def _followup(draw: st.DrawFn, session: Json, day: date, settled: bool, eid: str | None) -> Json:
    before = session.get("pain_before")
    if settled and before is not None:
        value = draw(st.integers(0, before))
    elif settled:
        value = draw(st.integers(0, 2))
    else:
        value = draw(pain)
    event: Json = {
        "type": "followup",
        "session": session["id"],
        "date": day.isoformat(),
        "pain": value,
    }
    roll = draw(st.integers(0, 5))
    if roll == 0 and not settled:
        event["stiffness_worse"] = True
    elif roll <= 2:
        event["stiffness_worse"] = False
    if eid is not None:
        event["id"] = eid
    return event


@st.composite
def _strength(draw: st.DrawFn, sid: str, day: date) -> Json:
    planned = draw(st.integers(1, 10))
    event: Json = {
        "type": "strength",
        "id": sid,
        "date": day.isoformat(),
        "exercise": draw(st.sampled_from(EXERCISE_IDS)),
        "sets_planned": planned,
        "sets_done": draw(st.one_of(st.just(planned), st.integers(0, 10))),
    }
    if draw(st.integers(0, 3)) > 0:
        event["load_kg"] = draw(
            maybe(
                st.one_of(
                    st.integers(0, 120),
                    st.floats(0, 500, allow_nan=False).map(lambda x: round(x, 2)),
                )
            )
        )
    if event["exercise"] == "pallof_press" and draw(booleans):
        event.pop("load_kg", None)
        event["band"] = draw(st.sampled_from(BANDS))
    if draw(booleans):
        event["technique_ok"] = draw(booleans)
    return event


@st.composite
def _status(draw: st.DrawFn, day: date, eid: str | None) -> Json:
    optional: Json = {
        "pain_week_avg": maybe(
            st.one_of(pain, st.floats(0, 10, allow_nan=False).map(lambda x: round(x, 1)))
        ),
        "comfortable_position": maybe(booleans),
        "resting_pain": maybe(pain),
        "settle_time_min": maybe(st.integers(0, 7 * 24 * 60)),
        "radiating_leg_pain": maybe(booleans),
        "sleep_or_daily_life_affected": maybe(booleans),
        "unsure_what_is_allowed": maybe(booleans),
        "wants_structured_plan": maybe(booleans),
        # LIFE-1 (v3)
        "sleep_poor": maybe(booleans),
        "stress_high": maybe(booleans),
        "sat_most": maybe(booleans),
    }
    event: Json = draw(st.fixed_dictionaries({}, optional=optional))
    event.update(type="status", date=day.isoformat())
    if eid is not None:
        event["id"] = eid
    return event


KINDS = (
    "run",
    "run",
    "run",
    "run",
    "walk",
    "strength",
    "status",
    "red_flag",
    "cleared",
    "cross",  # v3: RUN-ALT
    "function",  # v3: FUNC-2
)


@st.composite
def _cross(draw: st.DrawFn, sid: str, day: date) -> Json:
    """RUN-ALT (v3): a cycling or swimming session."""
    return {
        "type": "cross",
        "id": sid,
        "date": day.isoformat(),
        "sport": draw(st.sampled_from(("cycling", "swimming"))),
        "minutes": draw(st.integers(0, 60)),
        "pain_during": draw(pain),
        "pain_after": draw(pain),
    }


@st.composite
def _function(draw: st.DrawFn, day: date, seq: int) -> Json:
    """FUNC-2 (v3): new PSFS ratings, sometimes an activity replaced."""
    event: Json = {
        "type": "function",
        "date": day.isoformat(),
        "scores": {f"f{i}": draw(st.integers(0, 10)) for i in range(draw(st.integers(0, 3)))},
    }
    if draw(st.integers(0, 3)) == 0:
        event["removed"] = ["f0"]
        event["added"] = [{"id": f"g{seq}", "activity": "Ny aktivitet", "score": 4}]
    return event


@st.composite
def histories(
    draw: st.DrawFn,
    start: date,
    *,
    min_events: int = 0,
    max_events: int = MAX_EVENTS,
    red_flags: bool = True,
) -> list[Json]:
    """Events from `start` on, in date order, with unique ids.

    Each session gets 0, 1 or 2 follow-ups (the same day up to three days later); a
    follow-up is always listed after its session. `red_flags=False` leaves out
    red_flag events (clearances stay: with nothing open they change nothing).
    """
    tolerance = draw(st.integers(0, 10))  # out of 10: how often a session goes well
    kinds = KINDS if red_flags else tuple(k for k in KINDS if k != "red_flag")
    timeline: list[tuple[date, int, Json]] = []
    day = start
    seq = 0
    n = 0
    target = draw(st.integers(min_events, max_events))
    while n < target:
        gap = draw(st.sampled_from((0, 1, 1, 2, 2, 2, 3, 4, 7, 12, 25)))  # RUN-BREAK
        if (day + timedelta(days=gap) - start).days > MAX_SPAN_DAYS:
            break
        day += timedelta(days=gap)
        kind = draw(st.sampled_from(kinds))
        seq += 1
        eid = f"e{seq}"
        if kind in ("run", "walk"):
            easy = draw(st.integers(1, 10)) <= tolerance
            session = draw(_session(kind, eid, day, easy))
            timeline.append((day, seq, session))
            n += 1
            count = draw(st.sampled_from((0, 1, 1, 1, 1, 2)))
            for k in range(count):
                if n >= target:
                    break
                lag = draw(st.sampled_from((0, 1, 1, 1, 2, 3)))
                settled = easy and draw(st.integers(1, 10)) <= max(tolerance, 1)
                seq += 1
                fid = f"f{seq}" if draw(st.integers(0, 4)) == 0 else None
                follow = draw(_followup(session, day + timedelta(days=lag + k), settled, fid))
                timeline.append((day + timedelta(days=lag + k), seq, follow))
                n += 1
        elif kind == "strength":
            timeline.append((day, seq, draw(_strength(eid, day))))
            n += 1
        elif kind == "cross":
            timeline.append((day, seq, draw(_cross(eid, day))))
            n += 1
        elif kind == "function":
            timeline.append((day, seq, draw(_function(day, seq))))
            n += 1
        elif kind == "status":
            sid = eid if draw(booleans) else None
            timeline.append((day, seq, draw(_status(day, sid))))
            n += 1
        elif kind == "red_flag":
            event: Json = {"type": "red_flag", "date": day.isoformat(), "flags": draw(flag_lists)}
            if draw(booleans):
                event["id"] = eid
            timeline.append((day, seq, event))
            n += 1
        else:
            event = {"type": "cleared", "date": day.isoformat()}
            if draw(st.integers(0, 3)) == 0:  # a clearance of named flags only
                event["flags"] = draw(flag_lists)
            by = draw(st.one_of(st.none(), st.sampled_from(("clinician", "runner", "doctor"))))
            if by is not None:
                event["by"] = by
            if by == "runner" and draw(st.integers(0, 2)) > 0:
                # TRIAGE-CLEAR (v3): the examination's details (examined that day: valid)
                event["examined_by"] = draw(
                    st.sampled_from(
                        ("own_doctor", "out_of_hours", "emergency_department", "other_clinician")
                    )
                )
                event["examined_on"] = day.isoformat()
                event["symptom_gone"] = draw(booleans)
            if draw(booleans):
                event["id"] = eid
            timeline.append((day, seq, event))
            n += 1
    timeline.sort(key=lambda item: (item[0], item[1]))
    events = [event for _, _, event in timeline]
    if draw(st.integers(0, 3)) == 0:
        events = unsorted(events, draw(st.permutations(range(len(events)))))
    return events


def unsorted(events: list[Json], order: list[int]) -> list[Json]:
    """The events listed in another order (the contract folds them by date anyway), each
    follow-up still listed after the session it names."""
    out: list[Json] = []
    listed: set[str] = set()
    waiting: dict[str, list[Json]] = {}
    for i in order:
        event = events[i]
        if event["type"] == "followup" and event["session"] not in listed:
            waiting.setdefault(event["session"], []).append(event)
            continue
        out.append(event)
        if event["type"] in ("walk", "run"):
            listed.add(event["id"])
            out.extend(waiting.pop(event["id"], []))
    assert not waiting
    return out


def last_date(start: date, events: list[Json]) -> date:
    return max([start, *(date.fromisoformat(e["date"]) for e in events)])


@st.composite
def exercise_swaps(draw: st.DrawFn) -> dict[str, str]:
    """A clinician's valid swaps: programme exercises replaced by distinct alternatives."""
    replaced = draw(st.lists(st.sampled_from(STRENGTHENING), max_size=3, unique=True))
    chosen = draw(st.permutations(SUPPLEMENTARY))
    return dict(zip(replaced, chosen, strict=False))


@st.composite
def plan_choices(draw: st.DrawFn) -> Json:
    """Sometimes a start step (any, by the intake included) and sometimes swaps."""
    out: Json = {}
    if draw(st.booleans()):
        out["start_step"] = draw(st.sampled_from(("", *START_STEPS)))
    if draw(st.booleans()):
        out["exercise_swaps"] = draw(exercise_swaps())
    return out


@st.composite
def clinic_settings(draw: st.DrawFn) -> Json:
    """A few clinic numbers, each within its bounds (and consistent with each other)."""
    names = draw(st.lists(st.sampled_from(sorted(BOUNDS)), max_size=5, unique=True))
    changes: Json = {}
    for name in names:
        _default, low, high, _rule = BOUNDS[name]
        if name in INTEGER_FIELDS:
            changes[name] = draw(st.integers(math.ceil(low), math.floor(high)))
        else:
            changes[name] = draw(
                st.one_of(
                    st.sampled_from((low, high)),
                    st.floats(low, high, allow_nan=False)
                    .map(lambda x: round(x, 1))
                    .filter(lambda x, lo=low, hi=high: lo <= x <= hi),
                )
            )
    changes.update(draw(plan_choices()))
    try:
        DEFAULT_SETTINGS.with_changes(changes)
    except SettingsError:
        changes.pop("yellow_max_pain", None)
        changes.pop("load_increase_max_pct", None)
        changes.pop("cadence_increase_max_pct", None)
    return changes


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    min_events: int = 0,
    max_events: int = MAX_EVENTS,
    settings: st.SearchStrategy[Json] | None = None,
    profile_red_flags: bool | None = None,
    red_flag_events: bool = True,
    locale: bool = True,
    as_of_after_last: bool = False,
) -> Json:
    """A whole valid case: as_of, profile, events (and sometimes locale and settings)."""
    prof = draw(profiles(red_flags=profile_red_flags))
    start = date.fromisoformat(prof["start_date"])
    events = draw(
        histories(start, min_events=min_events, max_events=max_events, red_flags=red_flag_events)
    )
    last = last_date(start, events)
    if as_of_after_last:
        as_of = last + timedelta(days=draw(st.integers(0, 21)))
    else:
        as_of = start + timedelta(days=draw(st.integers(0, (last - start).days + 21)))
    case: Json = {"as_of": as_of.isoformat(), "profile": prof, "events": events}
    if locale:
        choice = draw(st.sampled_from(("absent", "da", "en", "en")))
        if choice != "absent":
            case["locale"] = choice
    if settings is not None:
        case["settings"] = draw(settings)
    return case


@st.composite
def future_events(draw: st.DrawFn, after: date, first_seq: int) -> list[Json]:
    """Valid events all dated after `after` (unknown yet at `as_of`), with fresh ids."""
    events = draw(histories(after + timedelta(days=1), min_events=1, max_events=12))
    renamed: list[Json] = []
    ids: dict[str, str] = {}
    for i, event in enumerate(events):
        event = dict(event)
        if "id" in event:
            ids[event["id"]] = f"future{first_seq + i}"
            event["id"] = ids[event["id"]]
        if event["type"] == "followup":
            event["session"] = ids[event["session"]]
        renamed.append(event)
    return renamed


@st.composite
def climbing_cases(
    draw: st.DrawFn,
    *,
    settings: st.SearchStrategy[Json] | None = None,
    max_events: int = MAX_EVENTS,
) -> Json:
    """Mostly tolerated runs with their next-morning answers, so that histories climb the
    ladder into phase 3; now and then a red, a missing or late answer, or a walk."""
    prof = draw(profiles(red_flags=False))
    prof.update(
        walking_tolerated=draw(st.sampled_from((True, True, True, False))),
        comfortable_position=True,
    )
    start = date.fromisoformat(prof["start_date"])
    trouble = draw(st.integers(0, 3))  # in 60: reds, and worse next-morning answers
    timeline: list[tuple[date, int, Json]] = []
    day = start
    seq = n = 0
    target = draw(st.integers(max_events // 2, max_events))
    while n < target:
        day += timedelta(days=draw(st.sampled_from((1, 1, 2, 2, 2, 3))))
        if (day - start).days > MAX_SPAN_DAYS:
            break
        seq += 1
        sid = f"r{seq}"
        roll = draw(st.integers(0, 59))
        kind = "walk" if roll == 59 else "run"
        red = roll < trouble
        before = draw(st.integers(1, 3))
        session: Json = {
            "type": kind,
            "id": sid,
            "date": day.isoformat(),
            "pain_before": before,
            "pain_during": draw(st.integers(0, 4)),
            "pain_after": draw(st.integers(0, 4)),
        }
        if red:
            how = draw(st.sampled_from(("pain_during", "rose_during", "stopped_early")))
            session[how] = draw(st.integers(6, 10)) if how == "pain_during" else True
        if kind == "run" and draw(st.integers(0, 9)) == 0:
            session["run_min"] = draw(_minutes())
        timeline.append((day, seq, session))
        n += 1
        answer = draw(st.integers(0, 59))
        if answer == 59 or n >= target:
            continue  # no answer (yet)
        lag = 1 if answer < 50 else draw(st.integers(0, 3))
        seq += 1
        worse = answer < trouble
        follow: Json = {
            "type": "followup",
            "session": sid,
            "date": (day + timedelta(days=lag)).isoformat(),
            "pain": before + 1 if worse else draw(st.integers(0, before)),
        }
        timeline.append((day + timedelta(days=lag), seq, follow))
        n += 1
    timeline.sort(key=lambda item: (item[0], item[1]))
    events = [event for _, _, event in timeline]
    as_of = last_date(start, events) + timedelta(days=draw(st.integers(0, 10)))
    case: Json = {
        "as_of": as_of.isoformat(),
        "profile": prof,
        "events": events,
        "locale": draw(st.sampled_from(("da", "en"))),
    }
    if settings is not None:
        case["settings"] = draw(settings)
    return case


@st.composite
def cases_ending_in_doubt(draw: st.DrawFn) -> Json:
    """A case whose most recent session is red or still provisional at `as_of`."""
    case = draw(st.one_of(cases(red_flag_events=False, profile_red_flags=False), climbing_cases()))
    case = {**case, "events": list(case["events"])}
    start = date.fromisoformat(case["profile"]["start_date"])
    day = last_date(start, case["events"]) + timedelta(days=draw(st.integers(0, 3)))
    easy = draw(booleans)
    session = draw(_session(draw(st.sampled_from(("run", "run", "walk"))), "last", day, easy))
    case["events"].append(session)
    how = draw(st.sampled_from(("provisional", "red_now", "worse_next_morning")))
    if how == "red_now":
        session["pain_during"] = draw(st.integers(6, 10))
    elif how == "worse_next_morning":
        session["pain_before"] = draw(st.integers(0, 5))
        case["events"].append(
            {
                "type": "followup",
                "session": "last",
                "date": day.isoformat(),
                "pain": session["pain_before"] + 1,
            }
        )
    case["as_of"] = (day + timedelta(days=draw(st.integers(0, 4)))).isoformat()
    return case


@st.composite
def walking_start_cases(draw: st.DrawFn) -> Json:
    """Runners who start with walking: a few walks (now and then a run), answered the
    same day or later, sometimes twice (24 h and 48 h), sometimes worse."""
    prof = draw(profiles(red_flags=False))
    prof.update(walking_tolerated=False, comfortable_position=True)
    start = date.fromisoformat(prof["start_date"])
    timeline: list[tuple[date, int, Json]] = []
    seq = 0
    for i in range(draw(st.integers(1, 6))):
        day = start + timedelta(days=draw(st.integers(0, 10)))
        seq += 1
        kind = draw(st.sampled_from(("walk", "walk", "walk", "run")))
        session: Json = {
            "type": kind,
            "id": f"w{i}",
            "date": day.isoformat(),
            "pain_before": draw(st.integers(0, 3)),
            "pain_during": draw(st.integers(0, 7)),
            "pain_after": draw(st.integers(0, 7)),
        }
        timeline.append((day, seq, session))
        for k in range(draw(st.integers(0, 2))):
            seq += 1
            answer_day = day + timedelta(days=draw(st.integers(0, 2)) + k)
            timeline.append(
                (
                    answer_day,
                    seq,
                    {
                        "type": "followup",
                        "session": session["id"],
                        "date": answer_day.isoformat(),
                        "pain": draw(st.integers(0, 5)),
                    },
                )
            )
    timeline.sort(key=lambda item: (item[0], item[1]))
    events = [event for _, _, event in timeline]
    as_of = last_date(start, events) + timedelta(days=draw(st.integers(0, 3)))
    return {"as_of": as_of.isoformat(), "profile": prof, "events": events}
