"""rehab's template filters: dates in sentences as Danish dates, never ISO."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import translation

from runback.common.clock import today

# rehab's tags register these date filters from common.dates as they are.
from runback.common.dates import day, long_date, short_day
from runback.rehab.templatetags.rehab import add_days, rule_title, step_progress


def _in(language: str, function: Callable[..., str], *args: object) -> str:
    with translation.override(language):
        return function(*args)


def test_long_date_is_a_danish_date_in_a_sentence() -> None:
    monday = date(today().year, 11, 30)
    while monday.weekday() != 0:  # a Monday in late November of this year
        monday -= timedelta(days=1)
    text = _in("da", long_date, monday.isoformat())
    assert text == f"mandag den {monday.day}. november"
    assert _in("en", long_date, monday) == f"Monday {monday.day} November"


def test_long_date_adds_the_year_only_when_it_is_not_this_year() -> None:
    other = date(today().year - 1, 1, 7)
    assert _in("da", long_date, other).endswith(f"den 7. januar {other.year}")
    assert str(today().year) not in _in("da", long_date, today())


def test_short_day_has_lower_case_danish_months() -> None:
    assert _in("da", short_day, "2026-01-07") == "ons 7. jan 2026"
    assert _in("en", short_day, "2026-01-07") == "Wed 7 Jan 2026"
    assert _in("da", short_day, "not a date") == ""


def test_day_says_today_and_tomorrow() -> None:
    assert _in("da", day, today()) == f"i dag ({_in('da', long_date, today())})"
    tomorrow = add_days(today(), 1)
    assert _in("en", day, tomorrow) == f"tomorrow ({_in('en', long_date, tomorrow)})"


def test_add_days_and_rule_title() -> None:
    assert add_days("2026-12-31", 1) == date(2027, 1, 1)
    assert add_days("", 1) is None
    assert _in("da", rule_title, "RUN-P1") == "Fase 1: gang og testløb"
    assert _in("en", rule_title, "RUN-P1") == "Phase 1: walking and the test run"
    assert _in("da", rule_title, "NO-SUCH") == "Begrundelsen"


def test_step_progress_counts_in_singular_and_plural() -> None:
    output: dict[str, Any] = {
        "phase": "intervals",
        "plan": {"needed_at_step": 1, "tolerated_at_step": 0},
    }
    assert _in("da", step_progress, output) == "0 af 1 tur på dette trin tålt"
    assert _in("en", step_progress, output) == "0 of 1 session at this step tolerated"
    output["plan"]["needed_at_step"] = 3
    assert _in("da", step_progress, output) == "0 af 3 ture på dette trin tålt"
    assert _in("en", step_progress, output) == "0 of 3 sessions at this step tolerated"
