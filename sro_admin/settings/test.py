"""Tests: the real PostgreSQL, the real broker and a real worker (never eager mode).

Embedded servers live under var/test/, apart from the ones `make run` uses.
"""

import os
import uuid

from . import services
from .base import *  # noqa: F403
from .base import VAR_DIR, env

TEST_VAR_DIR = VAR_DIR / "test"

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]

DATABASE_URL = env.str("DATABASE_URL", default="")
if not DATABASE_URL:
    from sro_admin import embedded

    DATABASE_URL = embedded.postgres_url(TEST_VAR_DIR / "postgres", database="sro_admin")
REDIS_URL = env.str("REDIS_URL", default="")
if not REDIS_URL:
    from sro_admin import embedded

    REDIS_URL = embedded.redis_url(TEST_VAR_DIR / "redis")
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default="")
if not CACHE_REDIS_URL:
    from sro_admin import embedded

    CACHE_REDIS_URL = embedded.cache_redis_url(TEST_VAR_DIR / "redis-cache")
# Both the test process and the worker it starts read these back from the environment.
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["REDIS_URL"] = REDIS_URL
os.environ["CACHE_REDIS_URL"] = CACHE_REDIS_URL

DATABASES = {"default": services.database(DATABASE_URL, conn_max_age=0)}
# Several test runs may share one server (developers working side by side): give each its
# own test database with TEST_DB_SUFFIX.
DATABASES["default"]["TEST"] = {"NAME": "test_sro_admin" + env.str("TEST_DB_SUFFIX", default="")}
CACHES = {"default": services.cache(CACHE_REDIS_URL)}
# Test runs share one cache Redis and ids restart with every test database: give each run its own
# cache keys, so no run is served a page an earlier one cached. The worker conftest.py starts
# inherits the environment, so it shares this run's keys.
os.environ.setdefault("SRO_TEST_CACHE_RUN", uuid.uuid4().hex[:12])
CACHES["default"]["KEY_PREFIX"] = "test-" + os.environ["SRO_TEST_CACHE_RUN"]
CELERY_BROKER_URL = services.broker(REDIS_URL)
# Seconds a report build pauses after its data step, so a test can kill the worker mid-report
# (reports/tests/test_worker.py gives it to its own worker through the environment).
REPORT_RUN_TEST_PAUSE = env.float("REPORT_RUN_TEST_PAUSE_SECONDS", default=0)

MEDIA_ROOT = TEST_VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # No collectstatic before tests: serve from the finders.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; tests only
# The tests' own process always keeps mail in memory (pytest-django's test environment sets
# locmem whatever this says). The Celery worker conftest.py starts is another process whose
# memory the tests cannot read: conftest gives it the file backend and a directory through the
# environment, and the tests read the messages it wrote (mous/tests/test_reminders.py).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(TEST_VAR_DIR / "mail"))
