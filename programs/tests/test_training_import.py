"""The training CSV import: per-row errors, all or nothing, and the same file twice."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.clock import agency_today
from programs.models import TrainingRecord
from programs.services.training_import import training_record_import
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
    assert preview.ok and [r.line for r in preview.rows] == [2, 3, 4]
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
    assert again.saved == 0 and again.error_count == 3
    assert all("Already recorded" in r.errors[0] for r in again.rows)
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
    errors = {row.line: row.errors for row in result.rows}
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
        (b"x" * 1_000_001, "larger than 1 MB"),
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
    assert result.rows[0].errors == [
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
    assert result.rows[0].errors == [
        "The completion date is before 2000, the earliest year the programs this agency "
        "serves accept (a program setting)."
    ]
    assert TrainingRecord.objects.count() == 0
