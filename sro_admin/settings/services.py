"""Turn DATABASE_URL / REDIS_URL / CACHE_REDIS_URL into Django and Celery settings.

Kept apart from base.py because dev and test fall back to embedded servers
(sro_admin.embedded) when the URLs are not set, and production never does.
"""

from urllib.parse import unquote

import environ


def database(url: str, *, conn_max_age: int = 60) -> dict:
    config = environ.Env.db_url_config(url)
    # A Unix-socket directory arrives percent-encoded in the host part of the URL.
    config["HOST"] = unquote(config.get("HOST") or "")
    config["CONN_MAX_AGE"] = conn_max_age
    config["CONN_HEALTH_CHECKS"] = True
    return config


def cache(redis_url: str) -> dict:
    """The cache, on its own Redis (CACHE_REDIS_URL), never the broker's: a bounded Redis
    evicting what is least used, so pages can never crowd out queued work. A cache that
    cannot be reached is a miss, not an error (sro_admin/cache.py); short timeouts keep a
    vanished server from holding a request up."""
    # Django's RedisCache hands LOCATION to redis-py, which reads redis:// and unix:// alike,
    # and OPTIONS to its connection pool.
    return {
        "BACKEND": "sro_admin.cache.TolerantRedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "sro",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def broker(redis_url: str) -> str:
    # Kombu spells a Unix socket redis+socket:// where redis-py says unix://.
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url
