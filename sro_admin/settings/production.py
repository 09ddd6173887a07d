"""Production: refuses to start half-configured. Every value comes from the environment."""

from django.core.exceptions import ImproperlyConfigured

from . import services
from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")
# Rotating the key: put the old one here for a while so sessions and reset links survive.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the hosts this site answers to.")

DATABASES = {"default": services.database(env.str("DATABASE_URL"))}
REDIS_URL = env.str("REDIS_URL")
# The cache has its own Redis, with a memory bound and an eviction policy (docs/operations.md),
# so cached pages can never crowd out the broker's queued work.
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL")
if CACHE_REDIS_URL == REDIS_URL:
    raise ImproperlyConfigured(
        "CACHE_REDIS_URL must name a Redis of its own (maxmemory, allkeys-lru), not the broker's."
    )
CACHES = {"default": services.cache(CACHE_REDIS_URL)}
CELERY_BROKER_URL = services.broker(REDIS_URL)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
