"""runback.accounts.ratelimit: fixed windows of an hour in the shared cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from runback.accounts.ratelimit import (
    rate_limit_clear,
    rate_limit_count,
    rate_limit_take,
)


@pytest.mark.django_db
def test_a_window_lasts_its_whole_period_between_quiet_spells() -> None:
    """Django's cache.incr rewrites a value with the cache's default timeout (5 minutes):
    a count must not vanish after a few quiet minutes inside its hour."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert all(rate_limit_take(bucket="t", key="k", limit=3) for _ in range(3))
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert rate_limit_count(bucket="t", key="k") == 3
        assert not rate_limit_take(bucket="t", key="k", limit=3)
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert not rate_limit_take(bucket="t", key="k", limit=3)
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert rate_limit_count(bucket="t", key="k") == 0
        assert rate_limit_take(bucket="t", key="k", limit=3)


@pytest.mark.django_db
def test_clear_forgets_a_count_and_keys_are_separate() -> None:
    for _ in range(2):
        rate_limit_take(bucket="t", key="a", limit=1)
    rate_limit_take(bucket="t", key="b", limit=1)
    rate_limit_take(bucket="u", key="a", limit=1)
    rate_limit_clear(bucket="t", key="a")
    assert rate_limit_count(bucket="t", key="a") == 0
    assert rate_limit_count(bucket="t", key="b") == 1
    assert rate_limit_count(bucket="u", key="a") == 1
