"""FORM-CAD, COND-* and ESC-1..6."""

import pytest

from tests.engine.cases import advise, day, profile


# The clinical model's formula is [ceil(c*1.05), floor(c*1.10)], so the band never
# leaves +5-10 %: 163 * 1.05 = 171.15 rounds up to 172; 160 * 1.05 is exactly 168.
# FORM-CAD-CAP (v3) changed 170 and 180 (formerly [179, 187] and [189, 198]): no
# increase at 170 spm or more, and the band's upper end at most 180 (165 -> 174-180).
@pytest.mark.parametrize(
    ("cadence", "target"),
    [
        (160, [168, 176]),
        (150, [158, 165]),
        (170, None),
        (180, None),
        (165, [174, 180]),
        (169, [178, 180]),
        (163, [172, 179]),
        (100, [105, 110]),
    ],
)
def test_cadence_target_is_five_to_ten_percent_higher(cadence: int, target: list) -> None:
    assert advise([], 0, profile=profile(cadence_spm=cadence))["cadence_target_spm"] == target


def test_no_cadence_no_target() -> None:
    assert advise([], 0)["cadence_target_spm"] is None


@pytest.mark.parametrize(
    ("condition", "rule"),
    [
        ("disc", "COND-DISC"),
        ("osteoarthritis", "COND-OA"),
        ("muscular", "COND-MUSC"),
        ("progression", "COND-PROG"),
        # COND-SI, COND-FACET, COND-HIP (v3): each its own text (formerly COND-OTHER)
        ("si_joint", "COND-SI"),
        ("facet", "COND-FACET"),
        ("hip", "COND-HIP"),
    ],
)
def test_condition_guidance_is_explained(condition: str, rule: str) -> None:
    out = advise([], 0, profile=profile(condition=condition))
    assert rule in [e["rule"] for e in out["explanation"]]


@pytest.mark.parametrize(
    ("answer", "rule"),
    [
        ("unsure_what_is_allowed", "ESC-2"),
        ("sleep_or_daily_life_affected", "ESC-4"),
        ("radiating_leg_pain", "ESC-5"),
        ("wants_structured_plan", "ESC-6"),
    ],
)
def test_answers_that_call_for_a_professional(answer: str, rule: str) -> None:
    assert rule in advise([], 0, profile=profile(**{answer: True}))["escalations"]
    assert rule not in advise([], 0)["escalations"]


def status(n: int, avg: float) -> dict:
    return {"type": "status", "date": day(n), "pain_week_avg": avg}


@pytest.mark.parametrize(
    ("as_of", "latest", "escalate"),
    [
        (41, 5, False),  # six weeks minus a day: too early to say
        (42, 5, True),  # six weeks, 5 -> 5: not better
        (42, 4, True),  # down 1 point and 20 %: not better
        (42, 3, False),  # down 2 points: better
    ],
)
def test_not_better_after_six_weeks(as_of: int, latest: float, escalate: bool) -> None:
    out = advise([status(3, 5), status(40, latest)], as_of)
    assert ("ESC-1" in out["escalations"]) is escalate


def test_thirty_percent_counts_as_better() -> None:
    out = advise([status(3, 10), status(40, 7)], 42)  # 3 points, 30 %
    assert "ESC-1" not in out["escalations"]
    out = advise([status(3, 3), status(40, 2.1)], 42)  # 0.9 points, 30 %
    assert "ESC-1" not in out["escalations"]
    out = advise([status(3, 3), status(40, 2.2)], 42)  # 0.8 points, 27 %
    assert "ESC-1" in out["escalations"]


def test_radiating_pain_reported_later_in_a_status() -> None:
    events = [{"type": "status", "date": day(7), "radiating_leg_pain": True}]
    assert "ESC-5" in advise(events, 8)["escalations"]


@pytest.mark.parametrize("cadence", range(100, 241))
def test_cadence_band_never_leaves_five_to_ten_percent(cadence: int) -> None:
    out = advise([], 0, profile=profile(cadence_spm=cadence))
    band = out["cadence_target_spm"]
    if cadence >= 170:  # FORM-CAD-CAP (v3): no increase at 170 spm or more, said so
        assert band is None
        assert "FORM-CAD-CAP" in [e["rule"] for e in out["explanation"]]
        return
    low, high = band
    # FORM-CAD-CAP (v3): never above 180 spm
    assert cadence * 1.05 - 1e-9 <= low <= high <= min(180, cadence * 1.10 + 1e-9)


def test_the_weekly_status_is_due_a_week_after_the_start_and_after_the_last() -> None:
    assert advise([], 6)["weekly_status"]["due"] is False
    assert advise([], 7)["weekly_status"] == {"due": True, "due_from": day(7), "last": None}
    status = {"type": "status", "date": day(8), "pain_week_avg": 3}
    assert advise([status], 14)["weekly_status"]["due"] is False
    assert advise([status], 15)["weekly_status"] == {
        "due": True,
        "due_from": day(15),
        "last": day(8),
    }
