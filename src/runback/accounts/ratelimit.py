"""A small fixed-window rate limit in Django's cache (for emails we send on request).

The cache is shared (settings.CACHES: a table in the database), so every gunicorn worker
and every instance on the same database counts in one place. A per-process cache would let
(workers x limit) through. Two requests at the very same moment may both read the same
count (the cache's incr is a read and a write), so the limit may be passed by one or two
under a race; it cannot be multiplied.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(bucket: str, key: str) -> str:
    # Hashed: the cache never holds an email address or a client address in clear.
    digest = hashlib.sha256(f"{bucket}\0{key}".encode()).hexdigest()
    return f"runback:ratelimit:{bucket}:{digest}"


def rate_limit_take(*, bucket: str, key: str, limit: int, period_seconds: int = 3600) -> bool:
    """Count one use of `key` in `bucket`; True while it is within `limit` per period."""
    cache_key = _key(bucket, key)
    cache.add(cache_key, 0, timeout=period_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period_seconds)
        count = 1
    return count <= limit
