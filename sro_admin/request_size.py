"""A request body is bounded before anything reads it.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count the file parts of a multipart body, and
the CSRF check reads `request.POST` (so the whole upload) before any view runs. This
middleware sits before CsrfViewMiddleware and refuses, from the Content-Length header alone,
a body larger than the view allows: `settings.REQUEST_BODY_MAX_BYTES` by default, or what
`@upload_limit(...)` sets on the view. The refusal is a page (413) that says the limit.

Django reads no more than Content-Length from the request stream (a chunked body without one
is read as empty), so the header is the bound.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.shortcuts import render
from django.utils.formats import number_format

# Room for the multipart boundaries, headers and the form's other fields.
FORM_SLACK_BYTES = 64 * 1024


def upload_limit(max_file_bytes: int) -> Callable:
    """Let a view take a file of up to `max_file_bytes` (and its form), and nothing larger.

    Put it outermost, above @login_required: the middleware reads it from the view that the
    URL resolves to."""

    def decorate(view):
        view.max_upload_bytes = max_file_bytes
        return view

    return decorate


def megabytes(n: int) -> str:
    """1_000_000 -> "1 MB", 2_500_000 -> "2.5 MB", 10_000 -> "10 KB": files are measured in
    decimal units, as the pages say."""
    if n < 1_000_000:
        return f"{number_format(n // 1000)} KB"
    if n % 1_000_000 == 0:
        return f"{number_format(n // 1_000_000, force_grouping=True)} MB"
    return f"{number_format(n / 1_000_000, decimal_pos=1)} MB"


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = getattr(view_func, "max_upload_bytes", None)
        if allowed is None:
            allowed = limit = settings.REQUEST_BODY_MAX_BYTES
        else:
            limit = allowed + FORM_SLACK_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body at all then
        if length <= limit:
            return None
        return render(request, "413.html", {"limit": megabytes(allowed)}, status=413)
