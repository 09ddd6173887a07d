"""A refusal is logged in one line; a server error keeps its traceback (sro_admin.log_filters)."""

import logging
import sys

from django.conf import settings
from django.urls import reverse

from sro_admin.log_filters import ClientErrorsInOneLine


def as_logged(record: logging.LogRecord) -> str:
    return logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]).format(record)


def test_a_403_is_logged_in_one_line_without_a_traceback(client, world, caplog):
    # North's school administrator sees the district but may not edit it: 403.
    client.force_login(world.users["school_admin"])
    url = reverse("district-edit", args=[world.district.pk])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(url).status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is None
    assert as_logged(record).endswith(
        f"WARNING django.request Forbidden (Permission denied): {url}"
    )
    assert "\n" not in as_logged(record)


def test_a_server_error_keeps_its_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: /x",
            (),
            sys.exc_info(),
        )
    record.status_code = 500
    assert ClientErrorsInOneLine().filter(record) is True
    assert "Traceback" in as_logged(record) and "RuntimeError: boom" in as_logged(record)
