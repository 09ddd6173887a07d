"""What every list page shares: pages of 25, and a CSV download of exactly what is listed.

A list view filters (programs/filters/), then either answers `?format=csv` with every row the
filters let through, streamed, or shows one page of them:

    if wants_csv(request):
        return csv_response("officers.csv", HEADER, (row_of(o) for o in filterset.qs))
    page, query = paginated(request, filterset.qs)

The template includes programs/partials/list_filter.html (the filter form, "Clear" and the
CSV link) and programs/partials/pagination.html (the pages), both given `query`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.text import slugify

PER_PAGE = 25
# Parameters that choose how a list is shown, not what is in it: left out of the links a page
# builds on its query string.
NOT_KEPT = ("page", "format")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def paginated(request: HttpRequest, items, *, per_page: int = PER_PAGE) -> tuple[Page, str]:
    """The page `?page=` asks for (the last one if it is past the end, the first if it is not
    a number), and the query string without `page` and `format`, for the page's links.

    `items` is a queryset (the page asks for its count and one slice: two queries) or a list.
    """
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    for name in NOT_KEPT:
        query.pop(name, None)
    return page, query.urlencode()


def csv_filename(*parts: Any) -> str:
    """An ASCII attachment name from its parts: ("North High School", "sros") gives
    "north-high-school-sros.csv"."""
    return "-".join(slugify(str(p)) or "list" for p in parts) + ".csv"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | int | float):
        return str(value)
    text = str(value)
    # Text a person typed (a title, a name) must not run in a spreadsheet.
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Lines:
    """What csv.writer writes to: it hands each line back instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A UTF-8 CSV attachment: a header row of snake_case names, then one line per row.

    Streamed: the header leaves at once and each row as `rows` yields it, so a download of
    any size starts within a second and is never held whole in memory. Pass a lazy
    iterable (a generator over `queryset.iterator()`, or over pages of a computed list).
    Empty cells are values not entered (None); dates are ISO 8601; booleans true/false.
    """
    writer = csv.writer(_Lines())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
