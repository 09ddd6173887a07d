"""Logging filters (LOGGING in sro_admin/settings/base.py)."""

from __future__ import annotations

import logging


class ClientErrorsInOneLine(logging.Filter):
    """Log a 4xx response in one line.

    Django logs a refusal such as PermissionDenied (403) on `django.request` with the
    exception attached (django.utils.log.log_response), so every "not yours to change" fills
    the log with a stack trace. A 4xx is the app working as meant: its message (status, path)
    says all there is. Server errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
