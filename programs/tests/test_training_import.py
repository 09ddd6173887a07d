"""The training CSV import: per-row errors, all or nothing, the same file twice, and a year of
a large agency in one file (streamed in batches, a preview of the same size whatever the
file's length, one COPY in one transaction)."""

import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.clock import agency_today
from programs.models import Officer, TrainingRecord
from programs.services import training_import
from programs.services.training_import import training_record_import
from programs.uploads.result import SAMPLE_ROWS, SHOWN_ERRORS
from sro_admin.audit import audit_context
from sro_admin.bulk import bulk_insert
from sro_admin.errors import RuleViolation

HEADER = "badge_number,course_code,completed_on,hours,provider\n"


def csv_of(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


@pytest.fixture
def good_file(world):
    badge, other = world.officer.badge_number, world.colleague.badge_number
    return csv_of(
        f"{badge},basic-sro,2025-10-01,40,State academy",
        f"{other},de-escalation,2025-11-15,8,",
        f"{badge},annual-school-safety,2025-09-10,7.5,District",
    )


def test_a_clean_file_is_checked_then_saved_whole(world, good_file):
    preview = training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=good_file, save=False
    )
    assert preview.ok and [r.line for r in preview.sample] == [2, 3, 4]
    assert (preview.read, preview.ready, preview.with_errors) == (3, 3, 0)
    assert TrainingRecord.objects.count() == 0  # checking saves nothing
    result = training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=good_file, save=True
    )
    assert result.saved == 3
    record = TrainingRecord.objects.get(course__code="annual-school-safety")
    assert (record.officer, str(record.hours), record.provider) == (
        world.officer,
        "7.5",
        "District",
    )


def test_the_same_file_twice_adds_nothing(world, good_file):
    training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=good_file, save=True
    )
    again = training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=good_file, save=True
    )
    assert again.saved == 0 and again.with_errors == 3
    assert all("Already recorded" in r.errors[0] for r in again.errors)
    assert TrainingRecord.objects.count() == 3


def test_every_bad_row_says_why_and_nothing_is_saved(frozen_clock, world):
    badge = world.officer.badge_number
    # As for one record: the officer's agency's date (North's), whatever the hour in UTC.
    tomorrow = (agency_today(world.agency) + timedelta(days=1)).isoformat()
    content = csv_of(
        f"{badge},basic-sro,2025-10-01,40,ok",  # fine on its own
        "NOBODY-1,basic-sro,2025-10-01,40,",
        f"{badge},no-such-course,2025-10-01,40,",
        f"{badge},de-escalation,{tomorrow},8,",
        f"{badge},cpi,01/10/2025,8,",
        f"{badge},bullying,2025-10-01,-2,",
        f"{badge},bullying,2025-10-02,lots,",
        f"{badge},basic-sro,2025-10-01,40,again",
        f"{world.south_agency.pk}-x,ferpa,2025-10-01,2,",
    )
    result = training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=content, save=True
    )
    errors = {row.line: row.errors for row in result.shown_rows}
    assert errors[2] == []
    assert errors[3] == ["No officer with badge “NOBODY-1” in North Police Department."]
    assert errors[4] == ["Unknown course code “no-such-course”."]
    assert errors[5] == ["The completion date is in the future."]
    assert errors[6] == ["The completion date must be a date written YYYY-MM-DD."]
    assert errors[7] == ["Hours must be a positive number."]
    assert errors[8] == ["Hours must be a positive number."]
    assert errors[9] == ["Repeats line 2."]
    assert result.saved == 0 and TrainingRecord.objects.count() == 0


def test_an_officer_of_another_agency_is_unknown_here(world):
    from programs.tests.factories import OfficerFactory

    south_officer = OfficerFactory(agency=world.south_agency, badge_number="S-1")
    result = training_record_import(
        actor=world.users["le_supervisor"],
        agency=world.agency,
        content=csv_of("S-1,basic-sro,2025-10-01,40,"),
        save=True,
    )
    assert not result.ok and not TrainingRecord.objects.filter(officer=south_officer).exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b"badge,course\nx,y\n",
            "lacks these columns: badge_number, course_code, completed_on, hours",
        ),
        (HEADER.encode(), "no rows"),
        ("badge_number,course_code,completed_on,hours\n".encode("utf-16"), "not UTF-8"),
        (b"x" * 16_000_001, "larger than 16 MB"),
    ],
)
def test_a_file_that_is_not_a_training_export_is_refused_whole(world, content, message):
    with pytest.raises(RuleViolation, match=message):
        training_record_import(
            actor=world.users["le_supervisor"], agency=world.agency, content=content, save=False
        )


def test_the_import_pages_preview_then_confirm(client, world, good_file):
    client.force_login(world.users["le_supervisor"])
    url = reverse("training-import")
    preview = client.post(
        url, {"agency": world.agency.pk, "file": SimpleUploadedFile("t.csv", good_file, "text/csv")}
    )
    body = preview.content.decode()
    assert "All 3 rows are ready to import." in body
    assert TrainingRecord.objects.count() == 0
    token = body.split('name="confirm" value="')[1].split('"')[0]
    client.force_login(world.users["other_supervisor"])  # someone else's token is useless
    assert client.post(url, {"confirm": token}).status_code == 302
    assert TrainingRecord.objects.count() == 0
    client.force_login(world.users["le_supervisor"])
    done = client.post(url, {"confirm": token}, follow=True)
    assert "Imported 3 training records." in done.content.decode()
    assert TrainingRecord.objects.count() == 3


def test_a_bad_file_shows_its_rows_and_offers_no_import(client, world):
    client.force_login(world.users["le_supervisor"])
    content = csv_of("NOBODY,basic-sro,2025-10-01,40,")
    body = client.post(
        reverse("training-import"),
        {"agency": world.agency.pk, "file": SimpleUploadedFile("t.csv", content, "text/csv")},
    ).content.decode()
    assert "1 row has a problem. Nothing has been saved." in body
    assert "No officer with badge" in body and 'name="confirm"' not in body


def test_the_import_page_offers_a_template_that_the_import_takes(client, world):
    client.force_login(world.users["le_supervisor"])
    url = reverse("training-import")
    assert reverse("training-import-template") in client.get(url).content.decode()
    template = client.get(reverse("training-import-template"))
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    assert "training-records-template.csv" in template["Content-Disposition"]
    content = template.getvalue()  # streamed: read once
    header, example = content.decode().splitlines()
    assert header == "badge_number,course_code,completed_on,hours,provider"
    assert example.startswith("1234,basic-sro,") and example.endswith(",40,State academy")
    # Filled in with a real badge, the template is a file the import takes.
    filled = content.replace(b"1234", world.officer.badge_number.encode())
    body = client.post(
        url, {"agency": world.agency.pk, "file": SimpleUploadedFile("t.csv", filled, "text/csv")}
    ).content.decode()
    assert "All 1 row is ready to import." in body


def test_the_import_page_lists_the_course_codes_the_agency_may_record(client, world):
    from programs.services import program_create
    from programs.services.training import course_create

    course_create(
        actor=world.users["district_admin"],
        program=world.program,
        name="Our MOU topic",
        code="mou-topic",
    )
    south = program_create(actor=world.users["other_district_admin"], district=world.south)
    course_create(
        actor=world.users["other_district_admin"],
        program=south,
        name="A South topic",
        code="south-topic",
    )
    client.force_login(world.users["le_supervisor"])
    body = client.get(reverse("training-import")).content.decode()
    assert "<code>basic-sro</code>" in body and "Shared catalogue" in body
    assert "<code>mou-topic</code>" in body and "SRO program of North District" in body
    assert "south-topic" not in body  # North's police do not serve South


def test_a_code_two_programs_of_the_agency_added_is_refused_as_ambiguous(world):
    from programs.services import program_create
    from programs.services.training import course_create
    from programs.tests.factories import AgencyDistrictFactory

    AgencyDistrictFactory(agency=world.agency, district=world.south)
    course_create(
        actor=world.users["district_admin"],
        program=world.program,
        name="Our MOU topic",
        code="mou-topic",
    )
    course_create(
        actor=world.users["other_district_admin"],
        program=program_create(actor=world.users["other_district_admin"], district=world.south),
        name="MOU",
        code="mou-topic",
    )
    badge = world.officer.badge_number
    result = training_record_import(
        actor=world.users["le_supervisor"],
        agency=world.agency,
        content=csv_of(f"{badge},mou-topic,2025-10-01,2,"),
        save=True,
    )
    assert result.errors[0].errors == [
        "The course code “mou-topic” names courses of several programs: SRO program of North "
        "District; SRO program of South District. Record these on each officer's page."
    ]
    assert TrainingRecord.objects.count() == 0


def test_the_earliest_year_is_the_programs_setting(world):
    badge = world.officer.badge_number
    content = csv_of(f"{badge},basic-sro,1999-12-31,40,")
    assert training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=content, save=False
    ).ok
    world.program.earliest_record_year = 2000
    world.program.save()
    result = training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=content, save=True
    )
    assert result.errors[0].errors == [
        "The completion date is before 2000, the earliest year the programs this agency "
        "serves accept (a program setting)."
    ]
    assert TrainingRecord.objects.count() == 0


# -- a year of a large agency in one file ----------------------------------------------------

OFFICERS = 1_000  # a file's rows cycle through them, a day apart after each round


def many_officers(world, n: int = OFFICERS, prefix: str = "NY") -> list[str]:
    """`n` officers of the world's agency (through the bulk path: seconds, not minutes)."""
    with transaction.atomic(), audit_context(source="test-seed"):
        bulk_insert(
            Officer,
            ["agency", "first_name", "last_name", "badge_number"],
            ((world.agency.pk, "Pat", f"Officer{i}", f"{prefix}-{i}") for i in range(n)),
        )
    return [f"{prefix}-{i}" for i in range(n)]


def year_file(world, badges: list[str], rows: int, *, bad: dict[int, str] | None = None) -> bytes:
    """`rows` distinct records; `bad` puts another badge on some lines (line: badge)."""
    today = agency_today(world.agency)
    lines = []
    for n in range(rows):
        line = n + 2  # the header is line 1
        badge = (bad or {}).get(line, badges[n % len(badges)])
        day = today - timedelta(days=1 + n // len(badges))
        lines.append(f"{badge},basic-sro,{day.isoformat()},2.5,Academy")
    return csv_of(*lines)


def test_a_year_of_100000_records_is_saved_in_one_transaction_one_event_each(world):
    content = year_file(world, many_officers(world), 100_000)
    assert len(content) > 3_900_000  # and under the 16 MB the import takes
    result = training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=content, save=True
    )
    assert (result.read, result.ready, result.saved) == (100_000, 100_000, 100_000)
    assert result.save_seconds > 0
    assert TrainingRecord.objects.count() == 100_000
    with connection.cursor() as cursor:  # written by one (sub)transaction: one xmin
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM programs_trainingrecord")
        assert cursor.fetchone() == (1,)
    events = apps.get_model("programs", "TrainingRecordEvent").objects.filter(pgh_label="insert")
    assert events.count() == 100_000
    assert events.values("pgh_obj_id").distinct().count() == 100_000
    # Kept for the preview: the counts and a sample, not the rows.
    assert len(result.sample) == SAMPLE_ROWS and result.errors == []


def test_a_bad_row_at_line_90000_saves_nothing_and_the_preview_names_it(client, world):
    badges = many_officers(world)
    content = year_file(world, badges, 95_000, bad={90_000: "NOBODY-9"})
    client.force_login(world.users["le_supervisor"])
    body = client.post(
        reverse("training-import"),
        {"agency": world.agency.pk, "file": SimpleUploadedFile("year.csv", content, "text/csv")},
    ).content.decode()
    assert "1 row has a problem. Nothing has been saved." in body
    problems = body.split('id="problem-rows-heading"')[1].split("</table>")[0]
    assert '<th scope="row">90000</th>' in problems
    assert "No officer with badge “NOBODY-9” in North Police Department." in problems
    assert 'name="confirm"' not in body
    result = training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=content, save=True
    )
    assert [(r.line, r.errors) for r in result.errors] == [
        (90_000, ["No officer with badge “NOBODY-9” in North Police Department."])
    ]
    assert (result.read, result.with_errors, result.saved) == (95_000, 1, 0)
    assert not TrainingRecord.objects.exists()


def table_rows(body: str) -> int:
    return len(re.findall(r"<tr[ >]", body))


def test_the_preview_is_the_same_size_for_1000_rows_or_50000(client, world):
    """Counts, the first rows with a problem and a sample: not a row per line of the file."""
    badges = many_officers(world)
    client.force_login(world.users["le_supervisor"])

    def preview(rows: int) -> str:
        # Every seventh line names no officer of the agency: more problems than are listed.
        content = year_file(world, badges, rows, bad=dict.fromkeys(range(2, rows, 7), "NOBODY"))
        upload = SimpleUploadedFile("year.csv", content, "text/csv")
        response = client.post(
            reverse("training-import"), {"agency": world.agency.pk, "file": upload}
        )
        assert response.status_code == 200
        return response.content.decode()

    small, large = preview(1_000), preview(50_000)
    assert table_rows(small) == table_rows(large)
    assert small.count("No officer with badge") == large.count("No officer with badge")
    assert large.count("No officer with badge") == SHOWN_ERRORS
    assert "… and 7,043 more rows with a problem." in large  # 7,143 in all
    assert len(large) < 2 * len(small)


def test_the_checks_query_a_fixed_number_of_times_per_batch(world, monkeypatch):
    """Officers, courses and stored records: three queries a batch, whatever its length."""
    monkeypatch.setattr(training_import, "BATCH_ROWS", 10)
    badges = many_officers(world, 40)
    today = agency_today(world.agency).isoformat()

    def queries(batches: int) -> int:
        # Each batch names officers and a course code no earlier batch did.
        lines = [
            f"{badges[n]},{'basic-sro' if n % 10 else f'nope-{n}'},{today},1,"
            for n in range(10 * batches)
        ]
        with CaptureQueriesContext(connection) as captured:
            result = training_record_import(
                actor=world.users["le_supervisor"],
                agency=world.agency,
                content=csv_of(*lines),
                save=False,
            )
        assert (result.read, result.with_errors) == (10 * batches, batches)
        return len(captured)

    queries(1)  # the door's own queries, once per user
    one, four = queries(1), queries(4)
    assert four - one == 3 * 3
