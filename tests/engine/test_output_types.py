"""The engine's output against its types (runback.engine.output), key by key: every
required key is there, an optional key only as typed, no key the types do not name, and
every value of its type (Literal choices included)."""

from __future__ import annotations

import json
import types
import typing
from pathlib import Path
from typing import Any, Literal, NotRequired, Required

from hypothesis import given

from runback.engine import simulate, simulate_output
from runback.engine.output import Output
from tests.engine.cases import advise, day, followup, profile, run, through_week, tolerated_run
from tests.engine.test_properties import any_cases, examples

VIGNETTES = Path(__file__).resolve().parents[2] / ".." / "shared" / "vignettes"


def _is_typeddict(tp: Any) -> bool:
    return isinstance(tp, type) and typing.is_typeddict(tp)


def check(value: Any, tp: Any, where: str = "output") -> None:
    """Raise AssertionError naming the first place where `value` is not of type `tp`."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Required, NotRequired):
        check(value, args[0], where)
    elif _is_typeddict(tp):
        assert isinstance(value, dict), f"{where}: not an object"
        hints = typing.get_type_hints(tp)
        missing = set(tp.__required_keys__) - set(value)
        assert not missing, f"{where}: missing {sorted(missing)}"
        extra = set(value) - set(hints)
        assert not extra, f"{where}: keys the types do not name: {sorted(extra)}"
        for key, item in value.items():
            check(item, hints[key], f"{where}.{key}")
    elif origin in (typing.Union, types.UnionType):
        errors = []
        for option in args:
            try:
                check(value, option, where)
                return
            except AssertionError as error:
                errors.append(str(error))
        raise AssertionError(f"{where}: {value!r} is none of {tp} ({'; '.join(errors)})")
    elif origin is Literal:
        assert value in args, f"{where}: {value!r} not one of {args}"
    elif origin is list:
        assert isinstance(value, list), f"{where}: not a list"
        for i, item in enumerate(value):
            check(item, args[0], f"{where}[{i}]")
    elif tp is type(None) or tp is None:
        assert value is None, f"{where}: {value!r} is not None"
    elif tp is float:
        assert isinstance(value, int | float) and not isinstance(value, bool), where
    elif tp is int:
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: {value!r}"
    else:
        assert isinstance(value, tp), f"{where}: {value!r} is not {tp}"


def test_the_checker_refuses_what_the_types_do_not_allow() -> None:
    out = advise(tolerated_run("r1", 1), 3)
    check(out, Output)
    for broken in (
        {**out, "surprise": 1},
        {k: v for k, v in out.items() if k != "followups"},
        {**out, "phase": "sprint"},
        {**out, "triage": {**out["triage"], "level": 3}},
    ):
        try:
            check(broken, Output)
        except AssertionError:
            continue
        raise AssertionError(f"accepted {broken!r}")


def test_the_typed_and_the_loose_call_give_the_same_output() -> None:
    case = {"as_of": day(3), "profile": profile(), "events": tolerated_run("r1", 1)}
    assert simulate_output(case) == simulate(case)


def test_shared_vignettes_match_the_types() -> None:
    checked = 0
    for path in sorted(VIGNETTES.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))["case"]
        try:
            out = simulate(case)
        except ValueError:
            continue  # a vignette of a later clinical model
        check(out, Output, path.name)
        checked += 1
    assert checked >= 15


def test_rarer_keys_match_the_types() -> None:
    """Cleared flags, advise flags, a stall, loads and bands, phase 3."""
    events, n = through_week(5)
    events += tolerated_run("c1", n)
    events += [
        {"type": "red_flag", "date": day(n + 2), "flags": ["TRIAGE-5", "TRIAGE-14"]},
        {"type": "cleared", "date": day(n + 3), "by": "clinician", "flags": ["TRIAGE-5"]},
        *[
            {
                "type": "strength",
                "id": f"s{i}{ex}",
                "date": day(n + 2 * i),
                "exercise": ex,
                "sets_planned": 3,
                "sets_done": 3,
                **({"band": "light"} if ex in ("pallof_press", "clamshell") else {"load_kg": 10}),
            }
            for i in range(2)
            for ex in ("romanian_deadlift", "pallof_press", "clamshell")
        ],
    ]
    out = advise(events, n + 4)
    check(out, Output)
    assert out["phase"] == "continuous" and out["triage"]["advice"] and out["triage"]["cleared"]
    stalled = advise(
        [run("r1", 1, during=7), followup("r1", 2), run("r2", 4, during=7)], 6
    )  # two reds within a week: a stall
    check(stalled, Output)
    assert stalled["next_run"] is not None and "alternative_training" in stalled["next_run"]
    paused = advise([], 1, profile=profile(red_flags=["TRIAGE-1"]))
    check(paused, Output)
    assert paused["triage"]["guidance"] and paused["next_run"] is None


@examples(0.3)
@given(any_cases)
def test_every_output_matches_the_types(case: dict[str, Any]) -> None:
    check(simulate(case), Output)
