"""The services ask the door themselves (ADR 0015), whoever calls them: someone who may see a
record but not change it is refused (PermissionDenied) and nothing is saved. One test per
noun; the heads' is test_heads.py's test_only_the_organisations_administrators_record_its_heads.

North's program viewer sees the whole district and changes nothing; North's administrator sees
the officers of the agencies serving North and keeps none of their records; the supervisor of
North Police Department keeps its officers, not the county sheriff's.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from programs import services
from programs.access import access_for
from programs.models import (
    Assignment,
    Course,
    Officer,
    Role,
    StaffTrainingSession,
    TrainingRecord,
    TrainingRequirement,
)
from programs.services import training
from programs.services.program import program_update
from programs.services.training_import import training_record_import
from programs.tests.factories import UserFactory


def test_tenants_who_see_a_school_or_district_do_not_change_it_nor_grant_roles(world):
    viewer, supervisor = world.users["program_viewer"], world.users["le_supervisor"]
    assert access_for(viewer).schools().filter(pk=world.school.pk).exists()
    with pytest.raises(PermissionDenied):
        services.school_update(actor=viewer, school=world.school, name="Renamed", nces_id="")
    assert access_for(supervisor).districts().filter(pk=world.district.pk).exists()
    with pytest.raises(PermissionDenied):  # the agency serves North; it does not keep it
        services.district_update(
            actor=supervisor,
            district=world.district,
            name="Renamed",
            state="IL",
            nces_id="",
            time_zone=world.district.time_zone,
            feedback_contact="",
            feedback_email="",
            feedback_phone="",
            feedback_address="",
        )
    with pytest.raises(PermissionDenied):  # nor the agency of the district's administrator
        services.agency_update(
            actor=world.users["district_admin"], agency=world.agency, name="Renamed", kind="police"
        )
    with pytest.raises(PermissionDenied):  # site staff grant roles, not a district's own
        services.membership_grant(
            actor=world.users["district_admin"],
            user=UserFactory(),
            role=Role.PROGRAM_VIEWER,
            district=world.district,
        )
    world.school.refresh_from_db()
    world.district.refresh_from_db()
    world.agency.refresh_from_db()
    assert (world.school.name, world.district.name, world.agency.name) == (
        "North High School",
        "North District",
        "North Police Department",
    )


def test_program_the_viewer_reads_the_settings_and_does_not_change_them(world):
    viewer = world.users["program_viewer"]
    assert access_for(viewer).programs().filter(pk=world.program.pk).exists()
    with pytest.raises(PermissionDenied):
        program_update(
            actor=viewer,
            program=world.program,
            mission="Changed by the viewer",
            school_year_starts_month=7,
            due_soon_days=30,
            min_outcome_count=10,
            min_group_size=30,
            disparity_ratio=Decimal("2.00"),
            watch_ratio=Decimal("1.50"),
            public_suppression_below=10,
            earliest_record_year=1990,
        )
    with pytest.raises(PermissionDenied):  # nor does a supervisor start a program it serves
        services.program_create(actor=world.users["le_supervisor"], district=world.south)
    world.program.refresh_from_db()
    assert world.program.mission == "Safe, fair schools."


def test_officers_the_district_sees_are_kept_by_their_own_agency(world):
    admin, supervisor = world.users["district_admin"], world.users["le_supervisor"]
    assert access_for(admin).officers().filter(pk=world.colleague.pk).exists()
    with pytest.raises(PermissionDenied):
        services.officer_update(actor=admin, officer=world.colleague, rank="Sergeant")
    with pytest.raises(PermissionDenied):
        services.officer_create(
            actor=admin, agency=world.agency, first_name="New", last_name="Officer"
        )
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            actor=admin, officer=world.colleague, school=world.school, starts_on=date(2026, 8, 1)
        )
    # The supervisor keeps their own officers, and does not move one into an agency they do
    # not keep (the county sheriff's office, which serves North too).
    with pytest.raises(PermissionDenied):
        services.officer_update(
            actor=supervisor, officer=world.colleague, agency=world.second_agency
        )
    world.colleague.refresh_from_db()
    assert world.colleague.agency == world.agency and world.colleague.rank != "Sergeant"
    assert not Officer.objects.filter(last_name="Officer").exists()
    assert not Assignment.objects.filter(officer=world.colleague).exists()


def test_training_records_and_schedules_are_kept_by_those_who_keep_them(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    admin, viewer = world.users["district_admin"], world.users["program_viewer"]
    basic = Course.objects.get(program=None, code="basic-sro")
    # The district sees Sam's training; his agency's supervisors keep it.
    with pytest.raises(PermissionDenied):
        training.training_record_create(
            actor=admin,
            officer=world.officer,
            course=basic,
            completed_on=date(2025, 9, 1),
            hours=Decimal(40),
        )
    record = training.training_record_create(
        actor=world.users["le_supervisor"],
        officer=world.officer,
        course=basic,
        completed_on=date(2025, 9, 1),
        hours=Decimal(40),
    )
    with pytest.raises(PermissionDenied):  # Sam sees his own record, and keeps none of it
        training.training_record_certificate_attach(
            actor=world.users["sro"],
            record=record,
            certificate=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        )
    with pytest.raises(PermissionDenied):  # nor imports his agency's records
        training_record_import(
            actor=world.users["sro"],
            agency=world.agency,
            content=b"badge_number,course_code,completed_on,hours\n",
            save=True,
        )
    # The program's viewer reads its schedule; its administrators keep it.
    requirement = world.program.requirements.get(course__code="basic-sro")
    with pytest.raises(PermissionDenied):
        training.training_requirement_update(
            actor=viewer, requirement=requirement, months=12, is_active=True
        )
    with pytest.raises(PermissionDenied):
        training.training_requirement_create(
            actor=viewer,
            program=world.program,
            course=Course.objects.get(program=None, code="ferpa"),
            kind=TrainingRequirement.Kind.EVERY_N_MONTHS,
            months=12,
        )
    with pytest.raises(PermissionDenied):
        training.course_create(actor=viewer, program=world.program, name="Viewer's topic")
    with pytest.raises(PermissionDenied):
        training.staff_training_record(
            actor=viewer,
            program=world.program,
            held_on=date(2025, 9, 15),
            title="Viewer's session",
            hours=Decimal("1.0"),
        )
    assert list(TrainingRecord.objects.all()) == [record] and not record.certificate
    requirement.refresh_from_db()
    assert requirement.months == 9
    assert not Course.objects.filter(program=world.program).exists()
    assert not StaffTrainingSession.objects.exists()
