"""The cache backend: Django's RedisCache that a Redis outage cannot turn into a 500.

The cache is disposable (docs/operations.md): with its Redis down, a read is a miss and a
write is skipped, so pages render from the database, uncached. The outage is logged once when
it starts and once when it ends, not on every request (ASVS V7: log what an operator needs,
without flooding). Invalidations (`delete`, `incr`) still raise: a failed one would leave a
stale page behind, so its caller (the outbox relay) must see it and try again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What "Redis is not there" looks like to redis-py; anything else is a bug and raises.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OutOfMemoryError, OSError)


class TolerantRedisCache(RedisCache):
    """Reads miss and writes are skipped while Redis is unreachable; logged once per outage."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down = False
        self._lock = threading.Lock()

    def _tolerant(self, call: Callable[[], Any], fallback: Any) -> Any:
        try:
            value = call()
        except UNAVAILABLE as error:
            with self._lock:
                if not self._down:
                    self._down = True
                    logger.warning("Cache unavailable, serving uncached: %s", error)
            return fallback
        if self._down:
            with self._lock:
                if self._down:
                    self._down = False
                    logger.warning("Cache available again")
        return value

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            lambda: super(TolerantRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key, default=None, version=None):
        return self._tolerant(
            lambda: super(TolerantRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            lambda: super(TolerantRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            lambda: super(TolerantRedisCache, self).touch(key, timeout, version), False
        )

    def get_many(self, keys, version=None):
        return self._tolerant(lambda: super(TolerantRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._tolerant(lambda: super(TolerantRedisCache, self).has_key(key, version), False)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._tolerant(
            lambda: super(TolerantRedisCache, self).set_many(data, timeout, version), list(data)
        )
