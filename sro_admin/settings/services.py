"""Turn DATABASE_URL / REDIS_URL into Django and Celery settings.

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
    # Django's RedisCache hands LOCATION to redis-py, which reads redis:// and unix:// alike.
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "sro",
    }


def broker(redis_url: str) -> str:
    # Kombu spells a Unix socket redis+socket:// where redis-py says unix://.
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url
