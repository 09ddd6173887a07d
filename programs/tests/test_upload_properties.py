"""Properties of both imports, whatever file a user sends (Hypothesis).

Arbitrary bytes; generated CSV text with any line endings, quoting right or wrong, in UTF-8
(with or without its mark), UTF-16, Latin-1 or Windows-1252; values drawn from valid ones,
hostile ones (see test_upload_pages.py) and any text; fields from empty to past the csv
module's 128 KB limit; columns in any order, missing, repeated or unknown. Through the
pages (preview, then confirm): never a 500, the preview saves nothing, and the confirm saves
every row of a file shown ready, or nothing at all.

Bounded to run in seconds: a fixed number of examples, derandomized for CI.
"""

from __future__ import annotations

import csv
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from programs.models import Enrollment, EnrollmentCount, TrainingRecord
from programs.services.training_import import MAX_BYTES
from programs.tests.test_enrollment import COLUMNS as CRDC_COLUMNS
from programs.tests.test_enrollment import crdc_row
from sro_admin.request_size import FORM_SLACK_BYTES

PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("UPLOAD_EXAMPLES", 40)),
    derandomize=not os.environ.get("UPLOAD_EXAMPLES"),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE = [
    "",
    " ",
    "1e30",
    "NaN",
    "-9",
    "99999999999",
    "1.123456789",
    "0001-01-01",
    "20250412",
    "٤٠",
    "١٢٣",
    "\x00",
    '"',
    'a"b',
    ",",
    "\r",
    "\n",
    "é",
    "\ufeff",
]
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
LONG = st.sampled_from([200, 201, 5_000, 131_073]).map(lambda n: "x" * n)


OTHER = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


@st.composite
def csv_files(draw, columns: dict[str, list[str]]):
    """A file with the import's columns (shuffled, some dropped, unknown ones added)."""
    if draw(st.integers(0, 9)) == 0:  # now and then, bytes that need not be text at all
        return draw(st.binary(max_size=400))
    names = draw(st.permutations(list(columns)))
    if draw(st.integers(0, 5)) == 0:  # a column missing
        names.pop(draw(st.integers(0, len(names) - 1)))
    if draw(st.integers(0, 9)) == 0:  # a column twice
        names.append(names[0])
    names += draw(st.lists(st.sampled_from(["notes", "NOTES", ""]), max_size=2))
    noise = draw(st.sampled_from([0, 1, 3]))  # in tenths: how many cells are not valid ones

    def cell(name: str) -> str:
        if draw(st.integers(0, 9)) >= noise:
            return draw(st.sampled_from(columns.get(name, [""])))
        return draw(OTHER)

    rows = [[cell(n) for n in names] for _ in range(draw(st.sampled_from([1, 1, 2, 3, 0])))]
    if rows and names and draw(st.integers(0, 3)) == 0:  # one field of any size
        line, column = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(names) - 1))
        rows[line][column] = draw(LONG)
    ending = draw(ENDINGS)
    if draw(st.booleans()):  # quoted as a spreadsheet would
        out = io.StringIO()
        csv.writer(out, lineterminator=ending).writerows([names, *rows])
        text = out.getvalue()
    else:  # joined by hand: quotes and commas in values break it
        text = ending.join(",".join(r) for r in [names, *rows]) + ending
    encoding = draw(ENCODINGS)
    return text.encode(encoding, errors="replace")


def post_file(client, url: str, data: dict, content: bytes):
    upload = SimpleUploadedFile("f.csv", content, content_type="text/csv")
    return client.post(url, {**data, "file": upload})


def check_flow(client, url: str, data: dict, content: bytes, counts, added) -> None:
    """One upload through the pages; every change is rolled back after the example."""
    with transaction.atomic():
        before = counts()
        preview = post_file(client, url, data, content)
        if len(content) > MAX_BYTES + FORM_SLACK_BYTES:
            event("too large")
            assert preview.status_code == 413  # refused before the body is read
            assert counts() == before
            transaction.set_rollback(True)
            return
        assert preview.status_code == 200
        assert counts() == before  # a preview saves nothing
        token, result = preview.context["token"], preview.context["result"]
        event("ready" if token else "refused whole" if result is None else "a row refused")
        if not token:
            assert result is None or not result.ok
            response = client.post(url, {"confirm": "A" * 22})  # no upload waits for it
            assert response.status_code == 302 and counts() == before
        else:
            assert result.ok
            response = client.post(url, {"confirm": token})
            assert response.status_code == 302  # saved, and sent on
            assert counts() == added(before, result)
        transaction.set_rollback(True)


def test_any_file_sent_to_the_training_import(client, world):
    client.force_login(world.users["le_supervisor"])
    columns = {
        "badge_number": [world.officer.badge_number, world.colleague.badge_number],
        "course_code": ["basic-sro", "de-escalation", "cpi", "ferpa"],
        "completed_on": ["2025-10-01", "2025-11-15", "1990-01-01"],
        "hours": ["40", "7.5", "0.1", "9999.9"],
        "provider": ["", "State academy", "Académie", "x" * 200],
    }
    url = reverse("training-import")

    @PROPERTY_SETTINGS
    @given(csv_files(columns))
    def check(content):
        check_flow(
            client,
            url,
            {"agency": world.agency.pk},
            content,
            counts=TrainingRecord.objects.count,
            added=lambda before, result: before + result.read,
        )

    check()


def test_any_file_sent_to_the_crdc_import(client, world):
    client.force_login(world.users["district_admin"])
    example = crdc_row("North High School")
    columns = {name: [example[name], "0"] for name in CRDC_COLUMNS}
    columns.update({name: [example[name]] for name in CRDC_COLUMNS if name.startswith("TOT_")})
    columns["SCH_NAME"] = ["North High School", "North Middle School", "north high school"]
    columns["COMBOKEY"] = [""]
    url = reverse("district-enrollment-import", args=[world.district.pk])

    def counts():
        return (Enrollment.objects.count(), EnrollmentCount.objects.count())

    def added(before, result):
        new = result.statuses["new"]
        return (before[0] + new, EnrollmentCount.objects.count())

    @PROPERTY_SETTINGS
    @given(csv_files(columns))
    def check(content):
        check_flow(client, url, {"school_year": "2025"}, content, counts=counts, added=added)

    check()


@pytest.mark.parametrize("size", [0, 1, 1_000_000])
def test_files_of_any_size_up_to_the_limit_get_a_page(client, world, size):
    client.force_login(world.users["le_supervisor"])
    response = post_file(
        client, reverse("training-import"), {"agency": world.agency.pk}, b"\xff" * size
    )
    assert response.status_code == 200
    assert TrainingRecord.objects.count() == 0
