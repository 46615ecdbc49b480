"""A small fixed-window rate limit in Django's cache (emails we send on request, and the
per-account ceiling on failed password checks).

The cache is shared (settings.CACHES: a table in the database), so every gunicorn worker
and every instance on the same database counts in one place. A per-process cache would let
(workers x limit) through. Two requests at the very same moment may both read the same
count (the database cache's read and write are two statements), so a limit may be passed
by one or two under a race; it cannot be multiplied.

Each entry holds the count and the moment its window ends, and is written with the time
that is left: Django's `cache.incr` writes the new value with the cache's default timeout
(five minutes), which would quietly turn "an hour" into "five minutes without a request".
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(bucket: str, key: str) -> str:
    # Hashed: the cache never holds an email address or a client address in clear.
    digest = hashlib.sha256(f"{bucket}\0{key}".encode()).hexdigest()
    return f"runback:ratelimit:{bucket}:{digest}"


def _window(cache_key: str, now: float) -> tuple[int, float] | None:
    """(count, end of window) of a live window, or None."""
    value = cache.get(cache_key)
    if (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], (int, float))
        and value[1] > now
    ):
        return value[0], float(value[1])
    return None


def rate_limit_take(*, bucket: str, key: str, limit: int, period_seconds: int = 3600) -> bool:
    """Count one use of `key` in `bucket`; True while it is within `limit` per period (the
    period starts at the first use)."""
    return rate_limit_add(bucket=bucket, key=key, period_seconds=period_seconds) <= limit


def rate_limit_add(*, bucket: str, key: str, period_seconds: int = 3600) -> int:
    """Count one use of `key` in `bucket`; the count in the current window, this one
    included."""
    cache_key = _key(bucket, key)
    now = time.time()
    count, end = _window(cache_key, now) or (0, now + period_seconds)
    count += 1
    cache.set(cache_key, (count, end), timeout=max(1, int(end - now) + 1))
    return count


def rate_limit_count(*, bucket: str, key: str) -> int:
    """How many uses of `key` the current window of `bucket` holds (counts nothing)."""
    window = _window(_key(bucket, key), time.time())
    return window[0] if window else 0


def rate_limit_clear(*, bucket: str, key: str) -> None:
    """Forget the count of `key` in `bucket`."""
    cache.delete(_key(bucket, key))
