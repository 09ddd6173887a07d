"""`make bench`: the benchmark (bench/), on its own embedded PostgreSQL and Redis under
var/bench/ unless the URLs are set, in a database it creates fresh for each run and drops
after (`test_sro_admin_bench`). Pages are served as production would (DEBUG off).

The volume it seeds is a setting (BENCH_VOLUME below, or the environment's BENCH_SCALE to
scale all of it: 0.1 is a tenth of New York City).
"""

import os

from . import services
from .base import *  # noqa: F403
from .base import INSTALLED_APPS, VAR_DIR, env

BENCH_VAR_DIR = VAR_DIR / "bench"

DEBUG = False
SECRET_KEY = "bench-only-secret-key-not-used-anywhere-else-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

DATABASE_URL = env.str("DATABASE_URL", default="")
if not DATABASE_URL:
    from sro_admin import embedded

    DATABASE_URL = embedded.postgres_url(BENCH_VAR_DIR / "postgres", database="sro_admin_bench")
REDIS_URL = env.str("REDIS_URL", default="")
if not REDIS_URL:
    from sro_admin import embedded

    REDIS_URL = embedded.redis_url(BENCH_VAR_DIR / "redis")
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default="")
if not CACHE_REDIS_URL:
    from sro_admin import embedded

    CACHE_REDIS_URL = embedded.cache_redis_url(BENCH_VAR_DIR / "redis-cache")
os.environ.setdefault("DATABASE_URL", DATABASE_URL)

DATABASES = {"default": services.database(DATABASE_URL, conn_max_age=0)}
DATABASES["default"]["TEST"] = {"NAME": "test_sro_admin_bench"}
CACHES = {"default": services.cache(CACHE_REDIS_URL)}
CACHES["default"]["KEY_PREFIX"] = "bench"
CELERY_BROKER_URL = services.broker(REDIS_URL)

MEDIA_ROOT = BENCH_VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # bench accounts only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# New York City (the largest district using this): ~1,900 schools, ~5,000 officers, ten
# years of training (~1 million records), a year of a large agency's training in one import.
_scale = env.float("BENCH_SCALE", default=1.0)
BENCH_VOLUME = {
    name: max(minimum, round(value * _scale))
    for name, (value, minimum) in {
        "schools": (1_900, 20),
        "officers": (5_000, 40),
        "training_records": (1_000_000, 2_000),
        "years": (10, 10),  # school years of enrollment, training and assignments
        "officer_records": (200, 200),  # the training records of the officer whose page is timed
        "staff_trainings": (2_000, 20),
        "import_rows": (100_000, 1_000),
    }.items()
}
# Requests per page and volume (after one warm-up request each).
BENCH_REQUESTS = env.int("BENCH_REQUESTS", default=30)
