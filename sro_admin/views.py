"""The health check (/healthz/), and the error pages: Django's handlers with our 403/404/500
templates, except under the public pages (/transparency/), whose visitors get the public layout
in their language (`?lang=` or the browser's), with no sign-in menu."""

import contextlib
import logging

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults
from django.views.decorators.cache import never_cache

from sro_admin.public import is_public_path, public_language

logger = logging.getLogger(__name__)

# Seconds each dependency has to answer: a load balancer probes often and must not wait long.
HEALTH_TIMEOUT = 1.0


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return "down"
    return "ok"


def _broker_state() -> str:
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=HEALTH_TIMEOUT,
        socket_timeout=HEALTH_TIMEOUT,
    )
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return "down"
    finally:
        client.close()
    return "ok"


def _worker_state() -> str:
    """A Celery ping answered by any worker; returns at the first answer."""
    from sro_admin.celery import app

    try:
        answers = app.control.ping(timeout=HEALTH_TIMEOUT, limit=1)
    except Exception:  # noqa: BLE001 (any failure to ask means we cannot tell: "down")
        return "down"
    return "ok" if answers else "down"


@never_cache
def healthz(request):
    """What a load balancer asks this web node. 503 only when it cannot serve pages (the
    database is down); with only the broker or the worker down pages still work (background
    effects wait in the outbox), so 200 with "degraded". Always JSON, never the HTML 500 page,
    and no sign-in."""
    states = {"database": _database_state(), "broker": _broker_state()}
    # Asking the workers goes through the broker: without it there is nobody to ask.
    states["worker"] = _worker_state() if states["broker"] == "ok" else "unknown"
    if states["database"] != "ok":
        status, code = "down", 503
    elif any(state != "ok" for state in states.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **states}, status=code)


def _public_error(request, template: str) -> str:
    language, query = public_language(request)
    with translation.override(language):
        return render_to_string(
            template, {"LANGUAGE_CODE": language, "lang_query": query, "path": request.path}
        )


def page_not_found(request, exception):
    if is_public_path(request.path):
        return HttpResponseNotFound(_public_error(request, "public_404.html"))
    return defaults.page_not_found(request, exception)


def server_error(request):
    # The error page must not fail in turn: anything wrong here falls back to the plain one.
    with contextlib.suppress(Exception):
        if is_public_path(request.path):
            return HttpResponseServerError(_public_error(request, "public_500.html"))
    return defaults.server_error(request)
