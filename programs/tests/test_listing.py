"""The mechanics every list shares (programs/listing.py, programs/filters/): pages of 25, the
query string the page links keep, the CSV download and the "Sort by" filter."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.test import RequestFactory

from programs.filters import OfficerFilter
from programs.listing import csv_filename, csv_response, paginated
from programs.models import Officer
from programs.tests.factories import OfficerFactory


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8"))))


def test_a_csv_is_a_utf8_attachment_with_a_header_and_plain_cells():
    response = csv_response(
        "officers.csv",
        ["name", "sworn_on", "hours", "volunteered", "rank"],
        [
            ["Peña, José", date(2020, 9, 1), Decimal("40.0"), True, None],
            ["Lee", None, 0, False, ""],
        ],
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="officers.csv"'
    assert rows_of(response) == [
        ["name", "sworn_on", "hours", "volunteered", "rank"],
        ["Peña, José", "2020-09-01", "40.0", "true", ""],
        ["Lee", "", "0", "false", ""],
    ]


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised():
    response = csv_response(
        "x.csv", ["title", "count"], [['=HYPERLINK("http://x")', -3], ["@SUM(A1)", 2]]
    )
    assert rows_of(response)[1:] == [['\'=HYPERLINK("http://x")', "-3"], ["'@SUM(A1)", "2"]]


def test_a_csv_filename_is_plain_ascii():
    assert csv_filename("North High School", "sros") == "north-high-school-sros.csv"
    assert csv_filename("Escuela Peña", "enrollment") == "escuela-pena-enrollment.csv"


def test_a_page_keeps_the_filters_in_its_links_but_not_the_page_or_the_format():
    request = RequestFactory().get("/", {"q": "Lee", "page": "2", "format": "csv", "status": "x"})
    page, query = paginated(request, list(range(60)))
    assert page.number == 2 and list(page) == list(range(25, 50))
    assert query == "q=Lee&status=x"
    past_the_end = RequestFactory().get("/", {"page": "99"})
    assert paginated(past_the_end, list(range(60)))[0].number == 3


def test_sorting_puts_empty_values_last_both_ways_and_breaks_ties_by_name(world):
    Officer.objects.filter(pk__in=[world.officer.pk, world.colleague.pk]).update(sworn_on=None)
    a = OfficerFactory(agency=world.agency, last_name="Able", first_name="Zed")
    b = OfficerFactory(agency=world.agency, last_name="Able", first_name="Amy")
    Officer.objects.filter(pk=a.pk).update(sworn_on=date(2010, 1, 1))
    Officer.objects.filter(pk=b.pk).update(sworn_on=date(2015, 1, 1))

    def order(ordering: str) -> list[str]:
        filterset = OfficerFilter(
            {"ordering": ordering},
            agencies=world.agency.__class__.objects.all(),
            queryset=Officer.objects.filter(agency=world.agency),
            today=date(2026, 9, 1),
        )
        return [f"{o.last_name} {o.first_name}" for o in filterset.qs]

    assert order("sworn")[:2] == ["Able Zed", "Able Amy"]
    assert order("-sworn")[:2] == ["Able Amy", "Able Zed"]
    assert set(order("sworn")[2:]) == set(order("-sworn")[2:]) == {"Sample Sam", "Colleague Lee"}
    assert order("name")[:2] == ["Able Amy", "Able Zed"]  # the surname, then the first name
    assert order("-name")[-2:] == ["Able Zed", "Able Amy"]
