"""Programs, assignments (COPS-11) and training records (COPS-8) through their services."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conftest import NORTH_TIME_ZONE
from programs import services
from programs.clock import officer_today
from programs.models import Assignment, Course, TrainingRequirement
from programs.tests.factories import SchoolFactory
from sro_admin.errors import RuleViolation


def test_a_new_program_gets_the_default_schedule_as_data(world):
    program = services.program_create(
        actor=world.users["other_district_admin"],
        district=world.south,
        mission="Keep schools safe.",
    )
    kinds = {
        (r.course.code, r.kind, r.months) for r in program.requirements.select_related("course")
    }
    assert ("basic-sro", "within_months_of_placement", 9) in kinds  # COPS-8, the stricter
    assert ("annual-school-safety", "every_school_year", None) in kinds  # NASRO 03.01.01
    assert ("advanced-sro", "months_after_course", 12) in kinds  # NASRO 03.03.01
    assert Course.objects.filter(program=None, code="basic-sro", expected_hours=40).exists()
    advanced = TrainingRequirement.objects.get(program=program, course__code="advanced-sro")
    assert advanced.after_course.code == "basic-sro"


def test_an_officer_cannot_be_assigned_twice_to_one_school_for_overlapping_dates(world):
    services.assignment_create(
        actor=world.users["le_supervisor"],
        officer=world.colleague,
        school=world.school,
        starts_on=date(2024, 8, 1),
    )
    with pytest.raises(ValidationError, match="already assigned to this school"):
        services.assignment_create(
            actor=world.users["le_supervisor"],
            officer=world.colleague,
            school=world.school,
            starts_on=date(2025, 8, 1),
        )
    # The database refuses it too, whatever path the row takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            officer=world.colleague, school=world.school, starts_on=date(2030, 1, 1)
        )
    # Another school, or the same school after the first ends, is fine.
    services.assignment_create(
        actor=world.users["le_supervisor"],
        officer=world.colleague,
        school=world.other_school,
        starts_on=date(2024, 8, 1),
    )


def test_an_assignment_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError):
        services.assignment_create(
            actor=world.users["le_supervisor"],
            officer=world.colleague,
            school=world.school,
            starts_on=date(2025, 8, 1),
            ends_on=date(2025, 7, 1),
        )


def test_cops_11_warnings_do_not_stop_the_assignment(world):
    _, warnings = services.assignment_create(
        actor=world.users["le_supervisor"],
        officer=world.colleague,
        school=world.school,
        starts_on=date(2024, 8, 1),
        ends_on=date(2025, 6, 30),
    )
    assert any("shorter than three school years" in w for w in warnings)
    _, warnings = services.assignment_create(
        actor=world.users["le_supervisor"],
        officer=world.colleague,
        school=world.other_school,
        starts_on=date(2025, 8, 1),
    )
    assert any("rotating SROs every year" in w for w in warnings)
    for n in range(3):
        _, warnings = services.assignment_create(
            actor=world.users["le_supervisor"],
            officer=world.colleague,
            school=SchoolFactory(district=world.district),
            starts_on=date(2025, 9, 1 + n),
        )
    assert any("4 schools at once" in w for w in warnings)
    assert Assignment.objects.filter(officer=world.colleague).count() == 5


def test_a_training_record_refuses_future_dates_and_duplicates(frozen_clock, world):
    course = (
        Course.objects.get(program=None, code="basic-sro")
        if Course.objects.filter(code="basic-sro").exists()
        else services.program_create(actor=world.users["district_admin"], district=world.district)
        .requirements.first()
        .course
    )
    # Sam's agency serves North only: his records are dated in North's zone.
    today = officer_today(world.officer)
    assert today == frozen_clock.astimezone(NORTH_TIME_ZONE).date()
    with pytest.raises(RuleViolation, match="future"):
        services.training_record_create(
            actor=world.users["le_supervisor"],
            officer=world.officer,
            course=course,
            completed_on=today + timedelta(days=1),
            hours=Decimal(40),
        )
    services.training_record_create(
        actor=world.users["le_supervisor"],
        officer=world.officer,
        course=course,
        completed_on=today,
        hours=Decimal(40),
    )
    services.training_record_create(
        actor=world.users["le_supervisor"],
        officer=world.officer,
        course=course,
        completed_on=date(2025, 3, 1),
        hours=Decimal(40),
    )
    with pytest.raises(ValidationError):
        services.training_record_create(
            actor=world.users["le_supervisor"],
            officer=world.officer,
            course=course,
            completed_on=date(2025, 3, 1),
            hours=Decimal(40),
        )
    with pytest.raises(ValidationError):
        services.training_record_create(
            actor=world.users["le_supervisor"],
            officer=world.officer,
            course=course,
            completed_on=date(2025, 3, 2),
            hours=Decimal(0),
        )


def fixed_warnings(**placement) -> list[str]:
    return [w for w in services.assignment_check(**placement) if "fixed assignment at" in w]


def test_two_fixed_assignments_at_once_at_different_schools_warn(world):
    # Sam has a fixed assignment at North High School since Aug 1, 2025, with no end.
    at_middle = {"officer": world.officer, "school": world.other_school}
    assert fixed_warnings(**at_middle, starts_on=date(2026, 1, 5), kind="fixed") == [
        "COPS-11: Sam Sample already has a fixed assignment at North High School from "
        "Aug 1, 2025 for some of these dates; a fixed assignment is to one school. End one of "
        "them, or record this one as floating."
    ]
    # Floating is what serving several schools is called; before the first began, no clash.
    assert fixed_warnings(**at_middle, starts_on=date(2026, 1, 5), kind="floating") == []
    assert (
        fixed_warnings(
            **at_middle, starts_on=date(2024, 8, 1), ends_on=date(2025, 6, 30), kind="fixed"
        )
        == []
    )
    # Once the first has ended, the next fixed assignment is no clash either.
    Assignment.objects.filter(officer=world.officer).update(ends_on=date(2026, 6, 30))
    assert fixed_warnings(**at_middle, starts_on=date(2026, 7, 1), kind="fixed") == []
    # It only warns: the assignment is saved, with the warning.
    _assignment, warnings = services.assignment_create(
        actor=world.users["le_supervisor"], **at_middle, starts_on=date(2026, 6, 1), kind="fixed"
    )
    assert any("already has a fixed assignment at North High School" in w for w in warnings)
