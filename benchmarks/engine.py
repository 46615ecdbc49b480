"""How long the engine's fold takes, and how it grows with the length of the history.

Prints figures (no assertions): a 26-week history of about 150 events, then 4x and 16x
as long. Each figure is the best of several repeats; the ratio column compares with the
1x fold measured in the same run, and the last column with a baseline of merely
decoding the same case from JSON (so the figures mean something on any machine).

Run: .venv/bin/python benchmarks/engine.py
"""

from __future__ import annotations

import json
import timeit
from datetime import date, timedelta
from typing import Any

from runback.engine import (
    advise,
    fold_event,
    initial_state,
    read_case,
    simulate,
    state_from_json,
    state_to_json,
)
from runback.engine.reading import read_event

START = date(2026, 1, 5)


def history(weeks: int) -> dict[str, Any]:
    """Three runs a week with next-morning answers, a monthly status, mostly tolerated."""
    events: list[dict[str, Any]] = []
    for week in range(weeks):
        for k, offset in enumerate((0, 2, 4)):
            day = START + timedelta(days=7 * week + offset)
            sid = f"r{week}_{k}"
            during = 6 if (week % 9 == 8 and k == 1) else 2 + (week + k) % 3
            events.append(
                {
                    "type": "run",
                    "id": sid,
                    "date": day.isoformat(),
                    "pain_before": 2,
                    "pain_during": during,
                    "pain_after": 2,
                }
            )
            events.append(
                {
                    "type": "followup",
                    "session": sid,
                    "date": (day + timedelta(days=1)).isoformat(),
                    "pain": 2,
                }
            )
        if week % 4 == 0:
            events.append(
                {
                    "type": "status",
                    "date": (START + timedelta(days=7 * week + 6)).isoformat(),
                    "pain_week_avg": max(0, 5 - week / 8),
                }
            )
    as_of = START + timedelta(days=7 * weeks)
    return {
        "as_of": as_of.isoformat(),
        "locale": "en",
        "profile": {
            "start_date": START.isoformat(),
            "comfortable_position": True,
            "walking_tolerated": True,
            "cadence_spm": 164,
        },
        "events": events,
    }


def best(fn: Any, repeat: int = 7) -> float:
    number = 5
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def main() -> None:
    print("Runback engine fold (read + evaluate), best of 7 x 5 runs")
    print(f"{'history':>10} {'events':>7} {'ms/fold':>9} {'us/event':>9} {'x 1x':>7} {'x json':>7}")
    base_ms = None
    for factor in (1, 4, 16):
        case = history(26 * factor)
        text = json.dumps(case)
        fold = best(lambda case=case: simulate(case)) * 1000
        decode = best(lambda text=text: json.loads(text)) * 1000
        base_ms = base_ms or fold
        n = len(case["events"])
        print(
            f"{26 * factor:>7} wk {n:>7} {fold:>9.2f} {1000 * fold / n:>9.1f} "
            f"{fold / base_ms:>7.2f} {fold / decode:>7.1f}"
        )
    print("Linear growth shows as a ratio close to the factor (4x -> ~4, 16x -> ~16).")
    print()
    print("Resuming the fold: the stored state (JSON) + one new event + advise, against the")
    print("whole fold above (what a check-in costs the engine: the web app stores the state)")
    print(f"{'history':>10} {'state KB':>9} {'ms':>7} {'x fold':>7}")
    for factor in (1, 4, 16):
        case = history(26 * factor)
        read = read_case(case)
        before = read.events[:-1]
        state = initial_state(read.profile, read.settings)
        for event in before:
            state = fold_event(state, event)
        state.closed_sessions.clear()  # final results, kept elsewhere by the caller
        state.closed_weeks.clear()
        stored = json.dumps(state_to_json(state))
        raw_last = case["events"][-1]

        def resume(
            stored: str = stored, raw: dict[str, Any] = raw_last, read: Any = read
        ) -> dict[str, Any]:
            event, _replaces, _withdrawn = read_event(raw, "event")
            assert event is not None
            resumed = fold_event(state_from_json(json.loads(stored)), event)
            return advise(resumed, read.as_of, read.locale)

        whole_out = simulate(case)
        resumed_out = resume()
        open_ids = {x["id"] for x in resumed_out["sessions"]}
        open_weeks = {w["week_start"] for w in resumed_out["weeks_done"]}
        assert resumed_out == {  # the same advice; what was closed before is kept elsewhere
            **whole_out,
            "sessions": [x for x in whole_out["sessions"] if x["id"] in open_ids],
            "weeks_done": [w for w in whole_out["weeks_done"] if w["week_start"] in open_weeks],
        }
        whole = best(lambda case=case: simulate(case)) * 1000
        step = best(resume) * 1000
        print(f"{26 * factor:>7} wk {len(stored) / 1024:>9.0f} {step:>7.2f} {step / whole:>7.2f}")
    print("The stored state keeps the sessions still open (the next-morning window) and the")
    print("current week; what was closed is stored once elsewhere, so resuming stays flat.")


if __name__ == "__main__":
    main()
