"""The program page and its settings, the community decision record (COPS-1), school-staff
training (COPS-8, NASRO 03.01.01) and uploaded evidence (attachments, certificates)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from programs.access import role_holders
from programs.clock import district_today
from programs.files import MAX_BYTES, upload_check
from programs.models import (
    Course,
    Engagement,
    ProgramDecision,
    Role,
    StaffTrainingSession,
    Stakeholder,
    TrainingRecord,
    TrainingRequirement,
)
from programs.selectors import training_grid
from programs.selectors.community import stakeholder_coverage
from programs.selectors.training import State
from programs.services import program_create
from programs.services.community import engagement_record, program_decision_record
from programs.services.program import program_update
from programs.services.training import staff_training_record, training_requirement_update
from programs.tests.factories import OfficerFactory, SchoolFactory
from sro_admin.audit import audit_context, history_for
from sro_admin.errors import RuleViolation


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded files go to a directory of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, format=fmt)
    return buffer.getvalue()


PDF, PNG, JPEG = image_bytes("PDF"), image_bytes("PNG"), image_bytes("JPEG")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


SETTINGS = {
    "mission": "Safe, fair schools.",
    "school_year_starts_month": 7,
    "due_soon_days": 60,
    "min_outcome_count": 10,
    "min_group_size": 30,
    "disparity_ratio": Decimal("2.00"),
    "watch_ratio": Decimal("1.50"),
    "public_suppression_below": 10,
    "earliest_record_year": 1990,
}


# -- the program and its settings --------------------------------------------------------------


def test_program_update_saves_only_changes_and_each_change_is_audited(world):
    admin = world.users["district_admin"]
    with audit_context(source="test", user=admin):
        program_update(actor=admin, program=world.program, **{**SETTINGS, "due_soon_days": 30})
        # The same again: no change.
        program_update(actor=admin, program=world.program, **{**SETTINGS, "due_soon_days": 30})
    world.program.refresh_from_db()
    assert world.program.due_soon_days == 30
    entries = history_for(world.program)
    assert [e.kind for e in entries] == ["update", "insert"]
    change = entries[0].changes[0]
    assert (change.field, change.old, change.new) == (
        "Warn this many days before training is due",
        60,
        30,
    )
    assert entries[0].actor == "North district_admin"


def test_program_update_refuses_thresholds_that_contradict_each_other(world):
    with pytest.raises(RuleViolation) as error:
        program_update(
            actor=world.users["district_admin"],
            program=world.program,
            **{**SETTINGS, "watch_ratio": Decimal("2.50")},
        )
    assert error.value.field == "watch_ratio"
    with pytest.raises(RuleViolation) as error:
        program_update(
            actor=world.users["district_admin"],
            program=world.program,
            **{**SETTINGS, "disparity_ratio": Decimal("1.00")},
        )
    assert error.value.field == "disparity_ratio"
    world.program.refresh_from_db()
    assert world.program.watch_ratio == Decimal("1.50")


@pytest.mark.parametrize("year", [1899, 1000, 9999])
def test_the_earliest_record_year_is_plausible(world, year):
    with pytest.raises(RuleViolation) as error:
        program_update(
            actor=world.users["district_admin"],
            program=world.program,
            **{**SETTINGS, "earliest_record_year": year},
        )
    assert (error.value.field, error.value.message) == (
        "earliest_record_year",
        "Enter a year from 1900 to this year.",
    )
    program_update(
        actor=world.users["district_admin"],
        program=world.program,
        **{**SETTINGS, "earliest_record_year": 2001},
    )
    world.program.refresh_from_db()
    assert world.program.earliest_record_year == 2001


def test_the_program_edit_page_saves_and_the_history_says_who(client, world):
    client.force_login(world.users["district_admin"])
    url = reverse("program-edit", args=[world.program.pk])
    data = {**SETTINGS, "mission": "Students safe and in school."}
    assert client.post(url, data).status_code == 302
    history = client.get(reverse("program-history", args=[world.program.pk])).content.decode()
    assert "North district_admin" in history
    assert "Students safe and in school." in history and f"POST {url}" in history
    # A refusal shows next to its field, and nothing changes.
    body = client.post(url, {**data, "watch_ratio": "3.00"}).content.decode()
    assert "cannot be higher than the ratio flagged" in body
    world.program.refresh_from_db()
    assert world.program.watch_ratio == Decimal("1.50")


def test_the_program_page_shows_mission_agencies_settings_and_schedule(client, world):
    client.force_login(world.users["program_viewer"])
    body = client.get(reverse("program-detail", args=[world.program.pk])).content.decode()
    assert "Safe, fair schools." in body
    assert "North Police Department" in body and "Pine County Sheriff" in body
    assert "South" not in body
    assert "July" in body and "60 days before it is due" in body
    assert "Earliest year of imported records" in body and "1990" in body
    assert "Basic SRO course (40 hours)" in body and "COPS-8; NASRO 03.02.01" in body
    assert f"{reverse('training-grid')}?program={world.program.pk}" in body
    assert reverse("program-community", args=[world.program.pk]) in body
    assert reverse("staff-training", args=[world.program.pk]) in body
    assert reverse("program-edit", args=[world.program.pk]) not in body  # a viewer only


# -- the training schedule ---------------------------------------------------------------------


def basic_requirement(program) -> TrainingRequirement:
    return program.requirements.get(course__code="basic-sro")


def sam_standing(world, code: str, today: date):
    grid = training_grid(world.users["district_admin"], world.program, today=today)
    row = next(r for r in grid.rows if r.officer == world.officer)
    cells = {req.course.code: cell for req, cell in zip(grid.requirements, row.cells, strict=True)}
    return cells.get(code)


def test_changing_a_requirement_changes_the_training_standing(world):
    # Sam was placed on 2025-08-01 and has no basic course: 9 months ran out on 2026-05-01.
    today = date(2026, 6, 15)
    assert sam_standing(world, "basic-sro", today).state == State.OVERDUE
    training_requirement_update(
        actor=world.users["district_admin"],
        requirement=basic_requirement(world.program),
        months=12,
        is_active=True,
    )
    standing = sam_standing(world, "basic-sro", today)
    assert (standing.state, standing.due_on) == (State.DUE_SOON, date(2026, 8, 1))
    # A requirement out of force leaves the grid.
    rapid = world.program.requirements.get(course__code="rapid-deployment")
    assert sam_standing(world, "rapid-deployment", today) is not None
    training_requirement_update(
        actor=world.users["district_admin"], requirement=rapid, months=24, is_active=False
    )
    assert sam_standing(world, "rapid-deployment", today) is None


def test_the_basic_course_stays_within_a_year_and_in_force(world):
    basic = basic_requirement(world.program)
    with pytest.raises(RuleViolation) as error:
        training_requirement_update(
            actor=world.users["district_admin"], requirement=basic, months=18, is_active=True
        )
    assert error.value.rule_id == "NASRO 03.02.01"
    with pytest.raises(RuleViolation) as error:
        training_requirement_update(
            actor=world.users["district_admin"], requirement=basic, months=9, is_active=False
        )
    assert error.value.field == "is_active"
    basic.refresh_from_db()
    assert (basic.months, basic.is_active) == (9, True)


def test_the_requirement_page_explains_nine_or_twelve_months_and_saves(client, world):
    client.force_login(world.users["district_admin"])
    basic = basic_requirement(world.program)
    url = reverse("requirement-edit", args=[world.program.pk, basic.pk])
    body = client.get(url).content.decode()
    assert "NASRO 03.02.01" in body and "9 or 12 months" in body
    refused = client.post(url, {"months": "15", "is_active": "on"}).content.decode()
    assert "choose 12 months or fewer" in refused
    assert client.post(url, {"months": "12", "is_active": "on"}).status_code == 302
    basic.refresh_from_db()
    assert basic.months == 12
    # Another program's requirement is not found through this program.
    south = program_create(actor=world.users["other_district_admin"], district=world.south)
    other = south.requirements.first()
    assert (
        client.get(reverse("requirement-edit", args=[world.program.pk, other.pk])).status_code
        == 404
    )


def test_annual_training_is_counted_per_school_year_and_can_be_taken_out_of_force(client, world):
    client.force_login(world.users["district_admin"])
    annual = world.program.requirements.get(kind=TrainingRequirement.Kind.EVERY_SCHOOL_YEAR)
    url = reverse("requirement-edit", args=[world.program.pk, annual.pk])
    body = client.get(url).content.decode()
    assert 'name="months"' not in body and 'name="is_active"' in body
    assert client.post(url, {}).status_code == 302  # an unticked box: out of force
    annual.refresh_from_db()
    assert (annual.months, annual.is_active) == (None, False)


# -- uploads -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("minutes.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("scan.jpeg", JPEG, "image/jpeg"),
    ],
)
def test_real_pdf_png_and_jpeg_files_are_accepted(name, content, kind):
    assert upload_check(upload(name, content), field="attachment").content_type == kind


def test_a_file_is_judged_by_its_content_not_its_name_or_declared_type():
    with pytest.raises(RuleViolation, match="must be a PDF, PNG or JPEG image"):
        upload_check(upload("notes.pdf", b"Just some text, renamed."), field="attachment")
    with pytest.raises(RuleViolation, match="must be a PDF, PNG or JPEG image"):
        upload_check(upload("certificate.pdf", EXE), field="certificate")
    # The right bytes under the wrong name are fine: it is a PNG whatever it is called.
    assert upload_check(upload("photo.txt", PNG, "text/plain"), field="x").extension == "png"


def test_a_file_over_5_mb_is_refused():
    too_big = PDF + b"\0" * (MAX_BYTES - len(PDF) + 1)
    with pytest.raises(RuleViolation, match="larger than 5 MB"):
        upload_check(upload("big.pdf", too_big), field="attachment")
    exactly = PDF + b"\0" * (MAX_BYTES - len(PDF))
    assert upload_check(upload("ok.pdf", exactly), field="attachment").extension == "pdf"


def certificate_record(world) -> TrainingRecord:
    return TrainingRecord.objects.create(
        officer=world.officer,
        course=Course.objects.get(program=None, code="basic-sro"),
        completed_on=date(2025, 10, 1),
        hours=40,
    )


def test_a_supervisor_uploads_a_certificate_and_those_who_see_the_officer_download_it(
    client, world, private_media
):
    record = certificate_record(world)
    upload_url = reverse("training-certificate-upload", args=[record.pk])
    client.force_login(world.users["le_supervisor"])
    response = client.post(upload_url, {"certificate": upload("../../evil.exe.pdf", JPEG)})
    assert response.status_code == 302
    record.refresh_from_db()
    stored = record.certificate.name
    # Stored under our own name, by what the file is; the uploader's name is not used.
    # The upload's folder is the year in UTC (FileField's upload_to, on the server's clock).
    assert stored.startswith(f"certificates/{timezone.now().year}/")
    assert stored.endswith(".jpg") and "evil" not in stored
    assert (private_media / stored).read_bytes() == JPEG
    download_url = reverse("training-certificate", args=[record.pk])
    for role in ("le_supervisor", "district_admin", "school_admin", "sro", "staff"):
        client.force_login(world.users[role])
        response = client.get(download_url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "image/jpeg"
        assert response["Content-Disposition"] == (
            f'attachment; filename="certificate-{record.pk}.jpg"'
        )
        assert b"".join(response.streaming_content) == JPEG
    for role in ("other_district_admin", "other_supervisor"):
        client.force_login(world.users[role])
        assert client.get(download_url).status_code == 404, role


def test_a_refused_certificate_says_why_and_keeps_nothing(client, world, private_media):
    record = certificate_record(world)
    client.force_login(world.users["le_supervisor"])
    url = reverse("training-certificate-upload", args=[record.pk])
    for bad, message in [
        (upload("certificate.pdf", EXE), "The file must be a PDF, PNG or JPEG image."),
        (upload("notes.pdf", b"plain text"), "The file must be a PDF, PNG or JPEG image."),
        (upload("big.pdf", PDF + b"\0" * MAX_BYTES), "The file is larger than 5 MB."),
    ]:
        response = client.post(url, {"certificate": bad})
        assert response.status_code == 200
        assert message in response.content.decode()
    record.refresh_from_db()
    assert not record.certificate
    assert not private_media.exists() or not any(private_media.rglob("*.*"))
    # A record without a certificate has nothing to download.
    assert client.get(reverse("training-certificate", args=[record.pk])).status_code == 404


def test_no_one_but_the_supervisor_uploads_a_certificate(client, world):
    record = certificate_record(world)
    url = reverse("training-certificate-upload", args=[record.pk])
    client.force_login(world.users["sro"])
    assert client.post(url, {"certificate": upload("c.pdf", PDF)}).status_code == 403
    client.force_login(world.users["other_supervisor"])
    assert client.post(url, {"certificate": upload("c.pdf", PDF)}).status_code == 404
    record.refresh_from_db()
    assert not record.certificate


# -- the community decision record (COPS-1) ----------------------------------------------------


def engagement(program, *, held_on=date(2025, 3, 4), who=("students", "families"), **extra):
    """Recorded by the program's district administrator (North's or South's)."""
    return engagement_record(
        actor=role_holders(Role.DISTRICT_ADMIN, districts=[program.district_id]).get(),
        program=program,
        kind=extra.pop("kind", Engagement.Kind.FORUM),
        held_on=held_on,
        title=extra.pop("title", "Spring listening session"),
        stakeholders=who,
        participants=extra.pop("participants", 40),
        summary="Families asked what the SRO would and would not do.",
        **extra,
    )


def test_the_summary_says_who_was_heard_and_who_never_was(world):
    coverage = stakeholder_coverage(world.program)
    assert coverage.heard == [] and len(coverage.not_heard) == len(Stakeholder)
    engagement(world.program, who=["teachers", "counselors"], held_on=date(2025, 2, 1))
    engagement(world.program, who=["teachers", "community"], held_on=date(2025, 3, 1))
    coverage = stakeholder_coverage(world.program)
    heard = {h.stakeholder: (h.engagements, h.last_heard_on) for h in coverage.heard}
    assert heard == {
        Stakeholder.TEACHERS: (2, date(2025, 3, 1)),
        Stakeholder.COUNSELORS: (1, date(2025, 2, 1)),
        Stakeholder.COMMUNITY: (1, date(2025, 3, 1)),
    }
    assert coverage.not_heard_labels == (
        "Students, Families, School administrators, SROs, Agency leadership, "
        "Youth and civil-rights organisations"
    )
    # Another program's engagements count for it, not for North.
    engagement(
        program_create(actor=world.users["other_district_admin"], district=world.south),
        who=["students"],
    )
    assert Stakeholder.STUDENTS in stakeholder_coverage(world.program).not_heard


def test_the_community_page_says_who_has_not_been_heard_in_words(client, world):
    engagement(world.program, who=["teachers", "counselors", "administrators", "sros"])
    engagement(
        world.program,
        who=["agency_leadership", "community", "youth_organisations"],
        title="Board hearing",
        kind=Engagement.Kind.BOARD,
    )
    client.force_login(world.users["school_admin"])
    body = client.get(reverse("program-community", args=[world.program.pk])).content.decode()
    assert "Not yet heard:</strong> Students, Families." in body
    assert "Record an engagement" not in body  # seen, not changed, by a school administrator


def test_a_decision_draws_only_on_earlier_engagements_of_its_own_program(world):
    forum = engagement(world.program, held_on=date(2025, 3, 4))
    later = engagement(world.program, held_on=date(2025, 5, 1), title="Later survey")
    south_forum = engagement(
        program_create(actor=world.users["other_district_admin"], district=world.south)
    )
    common = {
        "actor": world.users["district_admin"],
        "program": world.program,
        "kind": ProgramDecision.Kind.ESTABLISH,
        "decided_on": date(2025, 4, 1),
        "decided_by": "Board of Education",
        "summary": "Established, with a yearly review.",
    }
    with pytest.raises(RuleViolation, match="held after it: Later survey") as error:
        program_decision_record(**common, engagements=[forum, later])
    assert error.value.rule_id == "COPS-1"
    with pytest.raises(RuleViolation, match="this program's engagements"):
        program_decision_record(**common, engagements=[south_forum])
    decision = program_decision_record(**common, engagements=[forum])
    assert list(decision.engagements.all()) == [forum]
    assert ProgramDecision.objects.count() == 1


def test_who_sees_the_program_but_does_not_keep_it_records_nothing(world):
    """North's program viewer and a school administrator see the community record; only the
    district's administrators keep it (COPS-1)."""
    for role in ("program_viewer", "school_admin"):
        with pytest.raises(PermissionDenied):
            engagement_record(
                actor=world.users[role],
                program=world.program,
                kind=Engagement.Kind.FORUM,
                held_on=date(2025, 3, 4),
                title="Spring listening session",
                stakeholders=["students"],
                participants=40,
                summary="Heard.",
            )
        with pytest.raises(PermissionDenied):
            program_decision_record(
                actor=world.users[role],
                program=world.program,
                kind=ProgramDecision.Kind.ESTABLISH,
                decided_on=date(2025, 4, 1),
                decided_by="Board of Education",
                summary="Established.",
            )
    assert not Engagement.objects.exists() and not ProgramDecision.objects.exists()


def test_future_dates_are_refused(frozen_clock, world):
    """COPS-1 and COPS-8 records are of what has happened: up to today in North, the
    program's district, whatever the hour in UTC."""
    today = district_today(world.district)
    tomorrow = today + timedelta(days=1)
    with pytest.raises(RuleViolation) as error:
        engagement(world.program, held_on=tomorrow)
    assert error.value.field == "held_on"
    with pytest.raises(RuleViolation) as error:
        session(world, held_on=tomorrow)
    assert error.value.field == "held_on"
    decision = {
        "actor": world.users["district_admin"],
        "program": world.program,
        "kind": ProgramDecision.Kind.ESTABLISH,
        "decided_by": "School board",
        "summary": "Voted.",
    }
    with pytest.raises(RuleViolation) as error:
        program_decision_record(**decision, decided_on=tomorrow)
    assert error.value.field == "decided_on"
    held = engagement(world.program, held_on=today)
    assert session(world, held_on=today).held_on == today
    assert program_decision_record(**decision, decided_on=today, engagements=[held]).pk


def test_an_administrator_records_an_engagement_with_an_attachment(client, world, private_media):
    client.force_login(world.users["district_admin"])
    url = reverse("engagement-create", args=[world.program.pk])
    form = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form and "Youth and civil-rights" in form
    data = {
        "kind": "survey",
        "held_on": "2025-02-10",
        "title": "Teacher survey",
        "stakeholders": ["teachers", "counselors"],
        "participants": "85",
        "summary": "Most want the SRO kept out of discipline.",
    }
    refused = client.post(url, {**data, "attachment": upload("results.pdf", EXE)})
    assert "The file must be a PDF, PNG or JPEG image." in refused.content.decode()
    assert not Engagement.objects.exists()
    response = client.post(url, {**data, "attachment": upload("results.png", PNG, "image/png")})
    assert response.status_code == 302
    saved = Engagement.objects.get()
    assert saved.stakeholders == ["counselors", "teachers"] and saved.participants == 85
    download = client.get(reverse("engagement-attachment", args=[world.program.pk, saved.pk]))
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    # Through another program's address, it is not found.
    south = program_create(actor=world.users["other_district_admin"], district=world.south)
    client.force_login(world.users["staff"])
    assert (
        client.get(reverse("engagement-attachment", args=[south.pk, saved.pk])).status_code == 404
    )
    client.force_login(world.users["other_district_admin"])
    assert (
        client.get(reverse("engagement-attachment", args=[world.program.pk, saved.pk])).status_code
        == 404
    )


def test_the_decision_form_offers_only_this_programs_engagements(client, world):
    mine = engagement(world.program, title="North forum")
    engagement(
        program_create(actor=world.users["other_district_admin"], district=world.south),
        title="South forum",
    )
    client.force_login(world.users["district_admin"])
    url = reverse("decision-create", args=[world.program.pk])
    body = client.get(url).content.decode()
    assert "North forum" in body and "South forum" not in body
    response = client.post(
        url,
        {
            "kind": "establish",
            "decided_on": "2025-04-01",
            "decided_by": "Board of Education",
            "summary": "Established.",
            "engagements": [mine.pk],
        },
    )
    assert response.status_code == 302
    assert list(ProgramDecision.objects.get().engagements.all()) == [mine]


# -- school-staff training ---------------------------------------------------------------------


def session(world, *, held_on=date(2025, 9, 15), sros=(), administrators=0, schools=None):
    return staff_training_record(
        actor=world.users["district_admin"],
        program=world.program,
        held_on=held_on,
        title="The SRO's role at school",
        hours=Decimal("2.0"),
        schools=[world.school] if schools is None else schools,
        staff_attended=25,
        administrators_attended=administrators,
        sros=sros,
    )


def test_staff_training_takes_only_the_districts_schools_and_serving_sros(world):
    south_officer = OfficerFactory(agency=world.south_agency)
    with pytest.raises(RuleViolation) as error:
        session(world, schools=[world.south_school])
    assert error.value.field == "schools"
    with pytest.raises(RuleViolation) as error:
        session(world, sros=[south_officer])
    assert error.value.field == "sros"
    assert not StaffTrainingSession.objects.exists()


def test_the_staff_training_page_says_joint_and_administrator_in_words(client, world):
    session(world, held_on=date(2025, 9, 15), sros=[world.officer], administrators=2)
    session(world, held_on=date(2025, 10, 1), sros=[world.officer])
    session(world, held_on=date(2025, 11, 1), schools=[world.other_school])
    client.force_login(world.users["district_admin"])
    body = client.get(reverse("staff-training", args=[world.program.pk])).content.decode()
    assert body.count("Yes, joint") == 2 and "No: school staff only" in body
    assert "No administrator attended" in body and "No SRO attended" in body
    # Per school, on its own page: North High's last session was joint; its last with an
    # administrator, 9/15.
    url = reverse("staff-training-schools", args=[world.program.pk])
    assert url in body
    body = client.get(url).content.decode()
    school_row = body[body.index(">North High School</th>") :]
    school_row = school_row[: school_row.index("</tr>")]
    assert school_row.count("Oct 1, 2025") == 2 and "Sep 15, 2025" in school_row


def test_an_sro_sees_their_own_name_and_only_a_count_of_colleagues(client, world):
    session(world, sros=[world.officer, world.colleague])
    client.force_login(world.users["sro"])
    body = client.get(reverse("staff-training", args=[world.program.pk])).content.decode()
    assert "Sam Sample" in body and "Colleague" not in body and "1 other SRO" in body


def test_the_staff_training_form_offers_only_what_the_door_allows(client, world):
    OfficerFactory(agency=world.south_agency, last_name="Southerner")
    client.force_login(world.users["district_admin"])
    url = reverse("staff-training-create", args=[world.program.pk])
    body = client.get(url).content.decode()
    assert "North High School" in body and "Sam Sample" in body
    assert "South High School" not in body and "Southerner" not in body
    response = client.post(
        url,
        {
            "held_on": "2025-09-15",
            "title": "Working with your SRO",
            "hours": "1.5",
            "schools": [world.school.pk],
            "staff_attended": "30",
            "administrators_attended": "1",
            "sros": [world.officer.pk],
        },
    )
    assert response.status_code == 302
    saved = StaffTrainingSession.objects.get()
    assert list(saved.sros.all()) == [world.officer] and saved.joint


def test_a_big_districts_staff_training_lists_schools_a_page_at_a_time(client, world):
    for n in range(60):
        SchoolFactory(district=world.district, name=f"Bench {n:02d} School")
    session(
        world,
        held_on=district_today(world.district),
        schools=[world.school],
        sros=[world.officer],
    )
    client.force_login(world.users["district_admin"])
    body = client.get(reverse("staff-training", args=[world.program.pk])).content.decode()
    # Counted, not listed; and the filter asks for part of a school's name, not one of them.
    assert "1 of 62 schools had a session this school year" in body
    assert "61 schools have had no session yet." in body
    assert "Bench 00 School" not in body and 'name="school_name"' in body
    url = reverse("staff-training-schools", args=[world.program.pk])
    body = client.get(url).content.decode()
    assert body.count('<th scope="row">') == 25 and "62 schools" in body and "Page 1 of 3" in body
    body = client.get(url, {"q": "bench 5"}).content.decode()
    assert body.count('<th scope="row">') == 10
    body = client.get(url, {"ordering": "-sessions"}).content.decode()
    first = body[body.index('<th scope="row">') :]
    assert first.startswith('<th scope="row">North High School</th>')
    sessions = f"{reverse('staff-training', args=[world.program.pk])}?school={world.school.pk}"
    assert sessions in body
    body = client.get(sessions).content.decode()
    assert "1 session · at North High School" in body
    rows = client.get(url, {"q": "north", "format": "csv"}).getvalue().decode().splitlines()
    assert rows[0].startswith("school,nces_id,sessions,last_session")
    assert [r.split(",")[0] for r in rows[1:]] == ["North High School", "North Middle School"]


def test_the_staff_training_filter_finds_sessions_by_part_of_a_school_name(client, world):
    session(world, schools=[world.school])
    session(world, schools=[world.other_school], held_on=date(2025, 10, 1))
    client.force_login(world.users["district_admin"])
    url = reverse("staff-training", args=[world.program.pk])
    body = client.get(url, {"school_name": "middle"}).content.decode()
    assert "2 sessions" not in body and "1 session" in body and "Oct 1, 2025" in body
    # Another district's school, sent as the one school to list, finds nothing of it.
    response = client.get(url, {"school": world.south_school.pk})
    assert response.status_code == 200 and "South" not in response.content.decode()


def test_the_staff_training_form_finds_schools_and_sros_by_name_in_a_big_district(client, world):
    for n in range(60):
        SchoolFactory(district=world.district, name=f"Bench {n:02d} School")
        OfficerFactory(agency=world.agency, first_name="Pat", last_name=f"Bench{n:02d}")
    client.force_login(world.users["district_admin"])
    url = reverse("staff-training-create", args=[world.program.pk])
    body = client.get(url).content.decode()
    assert body.count('name="schools"') == 50 and body.count('name="sros"') == 50
    assert "The first 50 of 62 are listed" in body and 'name="school_search"' in body
    form = {
        "held_on": "2025-09-15",
        "title": "Working with your SRO",
        "hours": "1.5",
        "staff_attended": "30",
        "administrators_attended": "1",
        "schools": [world.school.pk],
    }
    # Find: the form comes back narrowed, with what was entered and ticked, and no errors.
    body = client.post(url, {**form, "school_search": "bench 5", "find": "school_search"})
    body = body.content.decode()
    assert body.count('name="schools"') == 11  # Bench 50-59 and North High, still ticked
    assert f'value="{world.school.pk}"' in body and "Working with your SRO" in body
    assert "This field is required" not in body and not StaffTrainingSession.objects.exists()
    bench = SchoolFactory._meta.model.objects.get(name="Bench 55 School")
    body = client.post(url, {**form, "sro_search": "sample", "find": "sro_search"})
    assert body.content.decode().count('name="sros"') == 1
    response = client.post(
        url,
        {
            **form,
            "schools": [world.school.pk, bench.pk],
            "school_search": "bench 5",
            "sros": [world.officer.pk],
        },
    )
    assert response.status_code == 302
    saved = StaffTrainingSession.objects.get()
    assert set(saved.schools.all()) == {world.school, bench} and list(saved.sros.all()) == [
        world.officer
    ]
    # Another district's school is refused, listed or not.
    response = client.post(url, {**form, "schools": [world.south_school.pk]})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


# -- queries stay constant as rows grow --------------------------------------------------------


def add_rows(world, n: int) -> None:
    schools = [SchoolFactory(district=world.district) for _ in range(3)]
    officers = [OfficerFactory(agency=world.second_agency) for _ in range(3)]
    for i in range(n):
        e = engagement(world.program, held_on=date(2024, 1, 1) + timedelta(days=i))
        d = program_decision_record(
            actor=world.users["district_admin"],
            program=world.program,
            kind=ProgramDecision.Kind.CONTINUE,
            decided_on=date(2025, 6, 1),
            decided_by="Board",
            summary="Kept.",
            engagements=[e],
        )
        d.attachment.save("x.pdf", SimpleUploadedFile("x.pdf", PDF))
        staff_training_record(
            actor=world.users["district_admin"],
            program=world.program,
            held_on=date(2025, 1, 1) + timedelta(days=i),
            title=f"Session {i}",
            hours=Decimal("1.0"),
            schools=schools[: 1 + i % 3],
            administrators_attended=i % 2,
            sros=officers[: i % 3],
        )


# The pages' queries, pinned. Every page: the session and the user (2), the user's memberships
# (1), the program (1), whether the user may change it (1) (whether they may request reports,
# for the navigation, the memberships answer), and saving the session, which is kept fresh
# on every request (3: a savepoint, the update, its release). Then per page:
# - community: the coverage aggregate (1), the count and the page of engagements (2), decisions
#   and what they drew on (2);
# - staff training: the count and the page of sessions with their schools and SROs (4), the
#   summary over every school (1); the filter asks for part of a school's name, so it lists
#   no schools;
# - its page by school: the count and the page of schools with their figures (2);
# - program page: the coverage, agencies, schedule (3), decisions (2), engagements (1).
PINNED = {
    "program-community": 13,
    "staff-training": 13,
    "staff-training-schools": 9,
    "program-detail": 14,
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_each_page_takes_the_same_queries_however_many_rows(client, world, name):
    client.force_login(world.users["district_admin"])
    client.get(reverse("home"))  # the first request keeps the time zone in the session
    url = reverse(name, args=[world.program.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add_rows(world, 2)
    few = count()
    add_rows(world, 30)  # more than a page of 25
    assert count() == few == PINNED[name]


# -- demo --------------------------------------------------------------------------------------


def load_community_demo() -> None:
    """As programs/demo.py calls it, for each district, after its officers and assignments."""
    from programs.demo import DISTRICTS, OFFICERS, STAFF_EMAIL
    from programs.demo_community import demo_community
    from programs.models import Agency, District, Officer, School
    from sro_admin.audit import audit_context
    from sro_admin.models import User

    staff = User.objects.get(email=STAFF_EMAIL)

    with audit_context(source="load_demo"):
        for d in DISTRICTS:
            district = District.objects.get(slug=d["slug"])
            today = district_today(district)
            demo_community(
                district=district,
                schools=[School.objects.get(district=district, name=n) for n in d["schools"]],
                agencies=[Agency.objects.get(name=n) for n, _kind in d["agencies"]],
                officers=[Officer.objects.get(badge_number=row[2]) for row in OFFICERS[d["slug"]]],
                today=today,
                actor=staff,
            )


def test_the_community_demo_is_realistic_and_loads_once(db, private_media):
    from django.core.management import call_command
    from pghistory.models import Events

    from programs.models import Assignment, Program

    call_command("load_demo")
    load_community_demo()
    events = Events.objects.count()
    load_community_demo()
    assert Events.objects.count() == events  # the second run adds nothing, not even history
    for program in Program.objects.all():
        first = Assignment.objects.filter(school__district=program.district).order_by("starts_on")
        decision = program.decisions.get()
        assert decision.kind == ProgramDecision.Kind.ESTABLISH
        assert decision.decided_on < first.first().starts_on
        assert decision.engagements.count() == 2
        with decision.attachment.open("rb") as pdf:
            assert "Board resolution" in PdfReader(pdf).pages[0].extract_text()
        assert {"students", "families"} <= set(program.engagements.get(kind="forum").stakeholders)
        assert program.engagements.get(kind="survey").stakeholders == ["counselors", "teachers"]
        joint, staff_only = sorted(program.staff_trainings.all(), key=lambda s: not s.joint)
        assert joint.sros.count() == 2 and joint.administrators_attended == 1
        assert not staff_only.joint


def test_the_officer_page_certificate_cell_links_to_download_or_upload(world, private_media):
    from django.template.loader import render_to_string

    record = certificate_record(world)

    def cell(can_change: bool) -> str:
        return render_to_string(
            "programs/community/partials/certificate_cell.html",
            {"r": record, "can_change": can_change},
        )

    upload_url = reverse("training-certificate-upload", args=[record.pk])
    download_url = reverse("training-certificate", args=[record.pk])
    assert upload_url in cell(True) and ">Upload<" in cell(True)
    assert "None kept" in cell(False) and upload_url not in cell(False)
    record.certificate.save("c.pdf", SimpleUploadedFile("c.pdf", PDF))
    assert download_url in cell(False) and upload_url not in cell(False)
    assert download_url in cell(True) and ">Replace<" in cell(True)
