"""Both imports through their pages: the hostile files found in review, "Ready" means the
confirm saves, the confirm checks again and saves all or nothing, the token is spent once,
saved rows are audited, and a request body is bounded before it is read."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from programs.models import Enrollment, EnrollmentCount, PendingUpload, TrainingRecord
from programs.services import training_record_create
from programs.services.enrollment_import import enrollment_import
from programs.services.training_import import training_record_import
from programs.tests.test_enrollment import COLUMNS, crdc_file, crdc_row
from sro_admin.audit import history_for

HEADER = "badge_number,course_code,completed_on,hours,provider"
NOT_A_TOKEN = "A" * 22  # the shape of a token, never issued


def training_file(*rows: str, ending: str = "\n", encoding: str = "utf-8") -> bytes:
    return ending.join([HEADER, *rows, ""]).encode(encoding)


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("file.csv", content, content_type="text/csv")


@pytest.fixture
def supervisor(client, world):
    client.force_login(world.users["le_supervisor"])
    return client


@pytest.fixture
def district_admin(client, world):
    client.force_login(world.users["district_admin"])
    return client


def training_preview(client, world, content: bytes):
    response = client.post(
        reverse("training-import"), {"agency": world.agency.pk, "file": upload(content)}
    )
    assert response.status_code == 200
    return response


def enrollment_preview(client, world, content: bytes):
    url = reverse("district-enrollment-import", args=[world.district.pk])
    response = client.post(url, {"school_year": "2025", "file": upload(content)})
    assert response.status_code == 200
    return response


def confirm(client, url: str, token: str):
    return client.post(url, {"confirm": token}, follow=True)


# -- hostile files: the row says why, nothing is saved, never a 500 -------------------------

TRAINING_CASES = {
    "a value over the csv module's 128 KB limit": (
        "basic-sro,2025-10-01,40," + "x" * 200_000,
        "Provider is 200,000 characters long; it holds at most 200. Shorten it in the file: "
        "nothing is cut for you.",
    ),
    "a 5,000-character provider": (
        "basic-sro,2025-10-01,40," + "x" * 5000,
        "Provider is 5,000 characters long; it holds at most 200.",
    ),
    "hours of 1e30": ("basic-sro,2025-10-01,1e30,", "Hours must be a positive number."),
    "hours over the column": (
        "basic-sro,2025-10-01,10000,",
        "Hours must be at most 9,999.9, not 10000.",
    ),
    "1.123456789 hours": (
        "basic-sro,2025-10-01,1.123456789,",
        "Hours has more than 1 decimal place (“1.123456789”). Round it in the file: nothing "
        "is rounded for you.",
    ),
    "a NUL byte in the provider": (
        "basic-sro,2025-10-01,40,State\x00academy",
        "Provider contains a line break or a control character (U+0000).",
    ),
    "0001-01-01": (
        "basic-sro,0001-01-01,40,",
        "The completion date is before 1990, the earliest year the programs this agency "
        "serves accept (a program setting).",
    ),
    "20250412": (
        "basic-sro,20250412,40,",
        "The completion date must be a date written YYYY-MM-DD.",
    ),
    "Arabic-Indic hours": ("basic-sro,2025-10-01,٤٠,", "Hours must be written with the digits 0-9"),
    "Arabic-Indic date": (
        "basic-sro,٢٠٢٥-١٠-٠١,40,",
        "The completion date must be written with the digits 0-9",
    ),
}


@pytest.mark.parametrize("case", sorted(TRAINING_CASES))
def test_a_hostile_training_row_is_shown_refused_and_nothing_is_saved(supervisor, world, case):
    rest, message = TRAINING_CASES[case]
    content = training_file(f"{world.officer.badge_number},{rest}")
    response = training_preview(supervisor, world, content)
    body = response.content.decode()
    assert "1 row has a problem. Nothing has been saved." in body
    assert escape(message) in body
    assert not response.context["token"] and 'name="confirm"' not in body
    # The confirm runs the same check with save=True: it saves nothing either.
    again = training_record_import(
        actor=world.users["le_supervisor"], agency=world.agency, content=content, save=True
    )
    assert again.saved == 0 and not again.ok
    assert confirm(supervisor, reverse("training-import"), NOT_A_TOKEN).status_code == 200
    assert TrainingRecord.objects.count() == 0


def test_a_nul_byte_in_a_badge_is_refused_before_any_query(supervisor, world):
    # PostgreSQL refuses NUL in a query parameter: the badge is checked before the lookup.
    content = training_file("S\x001,basic-sro,2025-10-01,40,")
    body = training_preview(supervisor, world, content).content.decode()
    assert escape("Badge number contains a line break or a control character (U+0000).") in body


CRDC_CASES = {
    "a count of 99,999,999,999": (
        {"TOT_ENR_M": "99999999999"},
        "TOT_ENR_M must be at most 1,000,000, not 99999999999.",
    ),
    "Arabic-Indic digits": (
        {"SCH_ENR_HI_M": "١٢٣"},
        "SCH_ENR_HI_M must be written with the digits 0-9, not “١٢٣”.",
    ),
    "a NUL byte in a count": ({"SCH_ENR_WH_F": "12\x000"}, "SCH_ENR_WH_F must be a whole number"),
    "a NUL byte in the school's name": (
        {"SCH_NAME": "North High\x00School"},
        "SCH_NAME contains a line break or a control character (U+0000).",
    ),
    "a name over the csv module's 128 KB limit": (
        {"SCH_NAME": "N" * 200_000},
        "SCH_NAME is 200,000 characters long; it holds at most 200.",
    ),
    "a total over any school": (
        {"TOT_ENR_M": "1000000", "TOT_ENR_F": "1000000"},
        "The total enrollment (TOT_ENR_M, _F and _X) is 2,000,002, more than 1,000,000.",
    ),
}


@pytest.mark.parametrize("case", sorted(CRDC_CASES))
def test_a_hostile_crdc_row_is_shown_refused_and_nothing_is_saved(district_admin, world, case):
    values, message = CRDC_CASES[case]
    row = crdc_row(values.pop("SCH_NAME", "North High School"), **values)
    content = crdc_file(row)
    response = enrollment_preview(district_admin, world, content)
    body = response.content.decode()
    assert "1 row has a problem. Nothing has been saved." in body
    assert escape(message) in body
    assert not response.context["token"] and 'name="confirm"' not in body
    again = enrollment_import(
        actor=world.users["district_admin"],
        district=world.district,
        school_year=2025,
        content=content,
        save=True,
    )
    assert again.saved == 0 and not again.ok
    url = reverse("district-enrollment-import", args=[world.district.pk])
    assert confirm(district_admin, url, NOT_A_TOKEN).status_code == 200
    assert not Enrollment.objects.exists() and not EnrollmentCount.objects.exists()


# -- files that used to fail and now import -------------------------------------------------


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_any_line_ending_imports(client, world, ending):
    supervisor = district_admin = client
    client.force_login(world.users["le_supervisor"])
    content = training_file(
        f"{world.officer.badge_number},basic-sro,2025-10-01,40,Academy",
        f"{world.colleague.badge_number},de-escalation,2025-11-15,8,",
        ending=ending,
    )
    preview = training_preview(supervisor, world, content)
    assert "All 2 rows are ready to import." in preview.content.decode()
    done = confirm(supervisor, reverse("training-import"), preview.context["token"])
    assert "Imported 2 training records." in done.content.decode()
    assert TrainingRecord.objects.count() == 2

    crdc = crdc_file(crdc_row("North High School")).replace(b"\n", ending.encode())
    client.force_login(world.users["district_admin"])
    preview = enrollment_preview(district_admin, world, crdc)
    assert "All 1 row is ready to import." in preview.content.decode()
    url = reverse("district-enrollment-import", args=[world.district.pk])
    done = confirm(district_admin, url, preview.context["token"])
    assert "Imported the 2025-26 enrollment of 1 school." in done.content.decode()


def test_ready_means_the_confirm_saves_every_value_exactly(supervisor, world):
    """Values on the very edge of what the columns hold are ready, and saved unchanged."""
    world.program.earliest_record_year = 1985
    world.program.save()
    provider = "Académie " + "é" * 191  # 200 characters, not ASCII
    content = training_file(
        f"{world.officer.badge_number},basic-sro,1985-01-01,9999.9,{provider}",
        f"{world.colleague.badge_number},de-escalation,2025-11-15,0.1,",
        f"{world.colleague.badge_number},cpi,2025-11-16,7.50,Academy",
    )
    preview = training_preview(supervisor, world, content)
    assert "All 3 rows are ready to import." in preview.content.decode()
    confirm(supervisor, reverse("training-import"), preview.context["token"])
    saved = list(
        TrainingRecord.objects.order_by("completed_on").values_list(
            "completed_on", "hours", "provider"
        )
    )
    assert [(d.isoformat(), str(h), p) for d, h, p in saved] == [
        ("1985-01-01", "9999.9", provider),
        ("2025-11-15", "0.1", ""),
        ("2025-11-16", "7.5", "Academy"),
    ]


def test_a_windows_1252_file_imports_and_the_preview_says_how_it_was_read(supervisor, world):
    content = training_file(
        f"{world.officer.badge_number},basic-sro,2025-10-01,40,Académie de Peña",
        ending="\r\n",
        encoding="cp1252",
    )
    preview = training_preview(supervisor, world, content)
    assert "it was read as Windows-1252" in preview.content.decode()
    confirm(supervisor, reverse("training-import"), preview.context["token"])
    assert TrainingRecord.objects.get().provider == "Académie de Peña"


def test_a_huge_value_in_a_column_the_import_ignores_is_harmless(district_admin, world):
    columns = [*COLUMNS, "NOTES"]
    content = crdc_file(crdc_row("North High School", NOTES="n" * 200_000), columns=columns)
    preview = enrollment_preview(district_admin, world, content)
    assert "All 1 row is ready to import." in preview.content.decode()


def test_a_crdc_count_at_the_limit_is_ready_and_saved(district_admin, world):
    zeros = {c: "0" for c in crdc_row("x") if c.startswith(("SCH_ENR", "TOT_ENR", "G_"))}
    content = crdc_file(crdc_row("North High School", **{**zeros, "TOT_ENR_F": "1000000"}))
    preview = enrollment_preview(district_admin, world, content)
    assert "All 1 row is ready to import." in preview.content.decode()
    url = reverse("district-enrollment-import", args=[world.district.pk])
    confirm(district_admin, url, preview.context["token"])
    assert Enrollment.objects.get().total == 1_000_000


# -- the confirm checks again, saves all or nothing, and the token is spent once ------------


def test_the_confirm_checks_again_and_saves_nothing_if_a_row_went_bad(supervisor, world):
    content = training_file(
        f"{world.officer.badge_number},basic-sro,2025-10-01,40,",
        f"{world.colleague.badge_number},de-escalation,2025-11-15,8,",
    )
    preview = training_preview(supervisor, world, content)
    assert preview.context["token"]
    # Meanwhile, someone records the colleague's course by hand.
    course = preview.context["result"].sample[1].course
    training_record_create(
        actor=world.users["le_supervisor"],
        officer=world.colleague,
        course=course,
        completed_on=date(2025, 11, 15),
        hours=Decimal(8),
    )
    response = supervisor.post(reverse("training-import"), {"confirm": preview.context["token"]})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 row has a problem. Nothing has been saved." in body
    assert "Already recorded: this officer, course and date." in body
    assert TrainingRecord.objects.count() == 1  # only the one recorded by hand


def test_a_token_is_spent_once_and_good_only_on_its_own_page(supervisor, world):
    content = training_file(f"{world.officer.badge_number},basic-sro,2025-10-01,40,")
    token = training_preview(supervisor, world, content).context["token"]
    # Not on the enrollment page, even for someone who may use both.
    world.users["le_supervisor"].is_staff = True
    world.users["le_supervisor"].save()
    url = reverse("district-enrollment-import", args=[world.district.pk])
    assert "That upload has expired" in confirm(supervisor, url, token).content.decode()
    assert (
        "Imported 1 training record."
        in confirm(supervisor, reverse("training-import"), token).content.decode()
    )
    again = confirm(supervisor, reverse("training-import"), token)
    assert "That upload has expired" in again.content.decode()
    assert TrainingRecord.objects.count() == 1


def test_rows_saved_by_an_import_are_audited_with_who_imported_them(client, world):
    supervisor = district_admin = client
    content = training_file(f"{world.officer.badge_number},basic-sro,2025-10-01,40,")
    client.force_login(world.users["le_supervisor"])
    token = training_preview(supervisor, world, content).context["token"]
    confirm(supervisor, reverse("training-import"), token)
    entry = history_for(TrainingRecord.objects.get())[0]
    assert (entry.kind, entry.actor) == ("insert", "North le_supervisor")

    district_admin.force_login(world.users["district_admin"])
    preview = enrollment_preview(district_admin, world, crdc_file(crdc_row("North High School")))
    url = reverse("district-enrollment-import", args=[world.district.pk])
    confirm(district_admin, url, preview.context["token"])
    entry = history_for(Enrollment.objects.get())[0]
    assert (entry.kind, entry.actor) == ("insert", "North district_admin")


# -- the request body is bounded before it is read -----------------------------------------


def test_a_body_claiming_more_than_the_limit_is_refused_unread(supervisor, world):
    """The test client's payload refuses to be read past its real length: a view (or the
    CSRF check) that read this body would fail the test instead of answering 413."""
    response = supervisor.post(
        reverse("training-import"),
        {"agency": world.agency.pk, "file": upload(b"tiny")},
        CONTENT_LENGTH=str(50_000_000),
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "The upload is too large" in body and "at most 16 MB" in body


def test_a_real_upload_over_the_limit_gets_the_page_and_saves_nothing(district_admin, world):
    url = reverse("district-enrollment-import", args=[world.district.pk])
    big = crdc_file(
        crdc_row("North High School", NOTES="n" * 1_200_000), columns=[*COLUMNS, "NOTES"]
    )
    response = district_admin.post(url, {"school_year": "2025", "file": upload(big)})
    assert response.status_code == 413 and "at most 1 MB" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_file_just_over_the_limit_is_refused_next_to_the_field(supervisor, world):
    content = training_file("x" * 16_000_001)
    body = training_preview(supervisor, world, content).content.decode()
    assert "The file is larger than 16 MB; split it into smaller files." in body


def test_every_other_page_is_bounded_too(client, world):
    client.force_login(world.users["district_admin"])
    url = reverse("program-edit", args=[world.program.pk])
    response = client.post(url, {"mission": "x"}, CONTENT_LENGTH=str(10_000_001))
    assert response.status_code == 413 and "at most 10 MB" in response.content.decode()
    # Anonymous visitors too, before anything else is read.
    client.logout()
    response = client.post(url, {"mission": "x"}, CONTENT_LENGTH=str(10_000_001))
    assert response.status_code == 413


# -- a pending upload waits in PostgreSQL: an import works while Redis is down ----------------


def test_an_import_goes_through_with_both_redis_servers_down(supervisor, world):
    from django.conf import settings

    from sro_admin.tests.redis_outage import redis_stopped

    content = training_file(f"{world.officer.badge_number},basic-sro,2025-10-01,40,")
    with redis_stopped(settings.REDIS_URL), redis_stopped(settings.CACHE_REDIS_URL):
        token = training_preview(supervisor, world, content).context["token"]
        done = confirm(supervisor, reverse("training-import"), token)
        assert "Imported 1 training record." in done.content.decode()
    assert TrainingRecord.objects.count() == 1
    assert not PendingUpload.objects.exists()  # spent


def test_an_expired_upload_is_refused_and_cleared_by_the_next_one(supervisor, world):
    content = training_file(f"{world.officer.badge_number},basic-sro,2025-10-01,40,")
    token = training_preview(supervisor, world, content).context["token"]
    PendingUpload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    again = confirm(supervisor, reverse("training-import"), token)
    assert "That upload has expired" in again.content.decode()
    assert TrainingRecord.objects.count() == 0
    fresh = training_preview(supervisor, world, content).context["token"]
    assert list(PendingUpload.objects.values_list("token", flat=True)) == [fresh]
