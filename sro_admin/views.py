"""The health check, and the error pages: Django's handlers with our 403/404/500 templates,
except under the public pages (/transparency/), whose visitors get the public layout in their
language (`?lang=` or the browser's), with no sign-in menu."""

import contextlib

from django.db import connection
from django.http import HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults
from django.views.decorators.cache import never_cache

from sro_admin.public import is_public_path, public_language


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
