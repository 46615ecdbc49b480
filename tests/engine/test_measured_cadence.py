"""FORM-CAD: a cadence measured by the runner's watch replaces the intake estimate."""

from __future__ import annotations

import pytest

from runback.engine.reading import InvalidInput, read_case
from runback.engine.state import state_from_json, state_to_json
from tests.engine.cases import advise, day, profile, run


def _case(events: list, cadence: int | None = 160) -> dict:
    return {"as_of": day(20), "profile": profile(cadence_spm=cadence), "events": events}


def test_without_a_measured_cadence_the_intake_estimate_counts() -> None:
    out = advise([run("r1", 1)], 3, profile=profile(cadence_spm=160))
    assert out["cadence_target_spm"] == [168, 176]
    assert out["cadence_measured_spm"] is None


def test_the_median_of_the_latest_five_measured_runs_replaces_it() -> None:
    # FORM-CAD-CAP (v3): the band is set from the median of the FIRST five measured runs
    # (formerly the latest five, which gave [179, 187] here); later, higher cadences
    # show progress against it and never move it up (no ratchet).
    cadences = [150, 160, 162, 158, 164, 174]  # the last is after the first five
    events = [run(f"r{i}", 1 + 2 * i, cadence_spm=c) for i, c in enumerate(cadences)]
    out = advise(events, 14, profile=profile(cadence_spm=160))
    assert out["cadence_measured_spm"] == 162  # median of the latest: 160, 162, 158, 164, 174
    assert out["cadence_target_spm"] == [168, 176]  # from 160, the first five's median
    texts = [e["text_en"] for e in out["explanation"] if e["rule"] == "FORM-CAD"]
    assert texts and "watch measured" in texts[0] and "160" in texts[0]
    assert "FORM-CAD-CAP" in [e["rule"] for e in out["explanation"]]  # progress shown


def test_a_measured_cadence_gives_a_band_without_an_intake_estimate() -> None:
    out = advise([run("r1", 1, cadence_spm=164), run("r2", 3, cadence_spm=166)], 5)
    assert out["cadence_measured_spm"] == 164  # the lower middle of an even count
    assert out["cadence_target_spm"] == [173, 180]


@pytest.mark.parametrize("bad", [99, 241, 165.5, "165", True])
def test_a_bad_cadence_names_the_field(bad: object) -> None:
    with pytest.raises(InvalidInput) as error:
        read_case(_case([run("r1", 1, cadence_spm=bad)]))
    assert error.value.field == "events.0.cadence_spm"


def test_a_walk_carries_no_cadence() -> None:
    walk = {"type": "walk", "id": "w1", "date": day(1), "pain_during": 1, "pain_after": 1}
    with pytest.raises(InvalidInput):
        read_case(_case([{**walk, "cadence_spm": 120}]))


def test_the_state_keeps_it_through_json() -> None:
    from runback.engine.fold import fold_events
    from runback.engine.state import initial_state

    case = read_case(_case([run("r1", 1, cadence_spm=168)]))
    state = fold_events(initial_state(case.profile, case.settings), case.events)
    assert state_from_json(state_to_json(state)).measured_cadence == [168]
