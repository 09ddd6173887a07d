"""Development and `make run`: embedded PostgreSQL and Redis (the broker, and the cache's own)
unless the URLs say otherwise."""

import secrets

from . import services
from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])


def _local_secret_key() -> str:
    # Generated once per checkout and kept under var/, so sessions survive a restart
    # and no secret is ever committed.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()

DATABASE_URL = env.str("DATABASE_URL", default="")
if not DATABASE_URL:
    from sro_admin import embedded

    DATABASE_URL = embedded.postgres_url(VAR_DIR / "postgres", database="sro_admin")
REDIS_URL = env.str("REDIS_URL", default="")
if not REDIS_URL:
    from sro_admin import embedded

    REDIS_URL = embedded.redis_url(VAR_DIR / "redis")

# The cache's own Redis, bounded (sro_admin/embedded.py CACHE_OPTIONS).
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default="")
if not CACHE_REDIS_URL:
    from sro_admin import embedded

    CACHE_REDIS_URL = embedded.cache_redis_url(VAR_DIR / "redis-cache")

DATABASES = {"default": services.database(DATABASE_URL)}
CACHES = {"default": services.cache(CACHE_REDIS_URL)}
CELERY_BROKER_URL = services.broker(REDIS_URL)
