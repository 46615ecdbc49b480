"""Clinic settings: defaults from the clinical model, changes only within safe bounds."""

import pytest

from runback.engine import InvalidInput, simulate
from runback.engine.settings import BOUNDS, ClinicSettings, SettingsError
from tests.engine.cases import day, profile


def test_defaults_are_the_clinical_model_defaults() -> None:
    s = ClinicSettings()
    assert (
        s.green_max_pain,
        s.yellow_max_pain,
        s.sessions_per_step,
        s.phase3_start_min,
        s.weekly_increase_pct,
        s.esc1_weeks,
    ) == (2, 5, 3, 15, 10, 6)
    for name, (default, low, high, _rule) in BOUNDS.items():
        assert getattr(s, name) == default
        assert low <= default <= high


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weekly_increase_pct": 11}, "weekly_increase_pct"),
        ({"yellow_max_pain": 6}, "yellow_max_pain"),
        ({"green_max_pain": 3, "yellow_max_pain": 2}, "yellow_max_pain"),
        ({"sessions_per_step": 2.5}, "sessions_per_step"),
        ({"sessions_per_step": "3"}, "sessions_per_step"),
        ({"no_such_thing": 1}, "no_such_thing"),
    ],
)
def test_out_of_bounds_values_are_rejected(changes: dict, field: str) -> None:
    with pytest.raises(SettingsError) as err:
        ClinicSettings().with_changes(changes)
    assert field in err.value.field
    with pytest.raises(InvalidInput) as err2:
        simulate({"as_of": day(0), "profile": profile(), "settings": changes})
    assert err2.value.field.startswith("settings.")


def test_a_clinician_may_tighten_within_bounds() -> None:
    s = ClinicSettings().with_changes({"weekly_increase_pct": 5, "sessions_per_step": 4})
    assert s.weekly_increase_pct == 5 and s.sessions_per_step == 4
