"""A program adds training requirements and courses from its pages (COPS-8; ADR 0009): the
rules of the services, the pages, and the grid counting a new requirement at once.

Olive Overdue was placed at North High School 400 days ago and has done nothing; Nia New
did the de-escalation course 30 days ago.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.access import role_holders
from programs.clock import district_today
from programs.models import Assignment, Course, Role, TrainingRecord, TrainingRequirement
from programs.selectors import training_grid
from programs.selectors.training import State, add_months
from programs.services import program_create
from programs.services.training import course_create, training_requirement_create
from programs.tests.factories import OfficerFactory
from sro_admin.errors import RuleViolation
from sro_admin.models import User

EVERY_N_MONTHS = TrainingRequirement.Kind.EVERY_N_MONTHS


def admin_of(program) -> User:
    """The administrator of the program's district (North's or South's), who keeps its
    schedule and courses."""
    return role_holders(Role.DISTRICT_ADMIN, districts=[program.district_id]).get()


def catalogue(code: str) -> Course:
    return Course.objects.get(program=None, code=code)


def refusal(field: str, **kwargs) -> RuleViolation:
    with pytest.raises(RuleViolation) as caught:
        training_requirement_create(actor=admin_of(kwargs["program"]), **kwargs)
    assert caught.value.field == field, caught.value.message
    return caught.value


# -- the rules ---------------------------------------------------------------------------------


def test_a_topic_the_mou_requires_becomes_a_requirement_and_the_grid_counts_it(world):
    olive = OfficerFactory(agency=world.agency, first_name="Olive", last_name="Overdue")
    placed_on = district_today(world.district) - timedelta(days=400)
    Assignment.objects.create(officer=olive, school=world.school, starts_on=placed_on)
    nia = OfficerFactory(agency=world.agency, first_name="Nia", last_name="New")
    Assignment.objects.create(officer=nia, school=world.school, starts_on=placed_on)
    de_escalation = catalogue("de-escalation")
    TrainingRecord.objects.create(
        officer=nia,
        course=de_escalation,
        completed_on=district_today(world.district) - timedelta(days=30),
        hours=8,
    )
    requirement = training_requirement_create(
        actor=world.users["district_admin"],
        program=world.program,
        course=de_escalation,
        kind=EVERY_N_MONTHS,
        months=12,
        rule_ids="  MOU section 7 ",
    )
    assert requirement.rule_ids == "MOU section 7" and requirement.is_active
    grid = training_grid(world.users["district_admin"], world.program)
    column = grid.requirements.index(requirement)
    cells = {row.officer.last_name: row.cells[column] for row in grid.rows}
    assert cells["Overdue"].state == State.OVERDUE
    assert cells["Overdue"].due_on == add_months(placed_on, 12)
    assert cells["New"].state == State.MET and cells["New"].met_on == district_today(
        world.district
    ) - timedelta(30)


def test_the_same_course_twice_is_refused_in_force_or_not(world):
    basic = catalogue("basic-sro")
    message = refusal(
        "course", program=world.program, course=basic, kind=EVERY_N_MONTHS, months=12
    ).message
    assert "already has a requirement for Basic SRO course (40 hours)" in message
    world.program.requirements.filter(course__code="rapid-deployment").update(is_active=False)
    message = refusal(
        "course",
        program=world.program,
        course=catalogue("rapid-deployment"),
        kind=EVERY_N_MONTHS,
        months=12,
    ).message
    assert "out of force" in message


def test_the_months_follow_the_kind(world):
    course = catalogue("de-escalation")
    common = {"program": world.program, "course": course}
    assert (
        refusal("months", kind=EVERY_N_MONTHS, months=None, **common).message
    ) == "Enter the number of months."
    assert "at least 1" in refusal("months", kind=EVERY_N_MONTHS, months=0, **common).message
    assert (
        "0 or more"
        in refusal("months", kind="within_months_of_placement", months=-1, **common).message
    )
    refusal("kind", kind="whenever", months=1, **common)
    # Every school year counts per school year: months given are not kept.
    yearly = training_requirement_create(
        actor=world.users["district_admin"], kind="every_school_year", months=6, **common
    )
    assert yearly.months is None and yearly.after_course is None


def test_before_placement_is_zero_months(world):
    requirement = training_requirement_create(
        actor=world.users["district_admin"],
        program=world.program,
        course=catalogue("ferpa"),
        kind="within_months_of_placement",
        months=0,
    )
    assert requirement.months == 0


def test_the_basic_course_is_due_within_a_year_of_placement(world):
    world.program.requirements.filter(course__code="basic-sro").delete()
    violation = refusal(
        "months",
        program=world.program,
        course=catalogue("basic-sro"),
        kind="within_months_of_placement",
        months=18,
    )
    assert violation.rule_id == "NASRO 03.02.01"


def test_months_after_another_course_name_that_course(world):
    common = {
        "program": world.program,
        "course": catalogue("de-escalation"),
        "kind": "months_after_course",
        "months": 6,
    }
    refusal("after_course", **common)
    refusal("after_course", after_course=catalogue("de-escalation"), **common)
    requirement = training_requirement_create(
        actor=world.users["district_admin"], after_course=catalogue("basic-sro"), **common
    )
    assert requirement.after_course.code == "basic-sro"
    # Any other kind follows no course, whatever the form sent.
    other = training_requirement_create(
        actor=world.users["district_admin"],
        program=world.program,
        course=catalogue("ferpa"),
        kind=EVERY_N_MONTHS,
        months=24,
        after_course=catalogue("basic-sro"),
    )
    assert other.after_course is None


def test_another_programs_course_cannot_be_required(world):
    south = program_create(actor=world.users["other_district_admin"], district=world.south)
    theirs = course_create(
        actor=world.users["other_district_admin"], program=south, name="South's own topic"
    )
    refusal("course", program=world.program, course=theirs, kind=EVERY_N_MONTHS, months=12)
    retired = catalogue("bullying")
    Course.objects.filter(pk=retired.pk).update(is_active=False)
    retired.refresh_from_db()
    refusal("course", program=world.program, course=retired, kind=EVERY_N_MONTHS, months=12)


def test_a_program_adds_its_own_course_with_a_code_for_imports(world):
    course = course_create(
        actor=world.users["district_admin"],
        program=world.program,
        name="Gang awareness (MOU section 7)",
        expected_hours=Decimal("4"),
        rule_ids="MOU section 7",
    )
    assert course.program == world.program and course.code == "gang-awareness-mou-section-7"
    assert course.category == Course.Category.TOPIC
    requirement = training_requirement_create(
        actor=world.users["district_admin"],
        program=world.program,
        course=course,
        kind="every_school_year",
    )
    assert requirement in world.program.requirements.all()
    # The same name, or a code taken in the catalogue or by the program, is refused.
    with pytest.raises(RuleViolation) as caught:
        course_create(
            actor=world.users["district_admin"], program=world.program, name="de-escalation"
        )
    assert caught.value.field == "name" and "De-escalation" in caught.value.message
    with pytest.raises(RuleViolation) as caught:
        course_create(
            actor=world.users["district_admin"],
            program=world.program,
            name="Calming things down",
            code="de-escalation",
        )
    assert caught.value.field == "code"
    with pytest.raises(RuleViolation) as caught:
        course_create(
            actor=world.users["district_admin"],
            program=world.program,
            name="Gang awareness 2",
            code=course.code,
        )
    assert caught.value.field == "code"
    # Another program may use the same code for its own course.
    south = program_create(actor=world.users["other_district_admin"], district=world.south)
    assert (
        course_create(
            actor=world.users["other_district_admin"],
            program=south,
            name="Gang awareness",
            code=course.code,
        ).code
        == course.code
    )


# -- the pages ---------------------------------------------------------------------------------


def test_the_administrator_adds_a_requirement_and_the_grid_shows_it(client, world):
    client.force_login(world.users["district_admin"])
    detail = reverse("program-detail", args=[world.program.pk])
    url = reverse("requirement-create", args=[world.program.pk])
    assert f'href="{url}"' in client.get(detail).content.decode()
    page = client.get(url).content.decode()
    assert "When it is due" in page and "Reference" in page and 'type="radio"' in page
    response = client.post(
        url,
        {
            "course": catalogue("de-escalation").pk,
            "kind": "every_n_months",
            "months": "12",
            "rule_ids": "MOU section 7",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"{detail}#schedule"
    grid = client.get(reverse("training-grid")).content.decode()
    assert "De-escalation" in grid and "MOU section 7" in grid


def test_a_duplicate_is_refused_next_to_the_course_field(client, world):
    client.force_login(world.users["district_admin"])
    url = reverse("requirement-create", args=[world.program.pk])
    before = TrainingRequirement.objects.count()
    body = client.post(
        url,
        {"course": catalogue("basic-sro").pk, "kind": "every_n_months", "months": "12"},
    ).content.decode()
    assert "already has a requirement for Basic SRO course (40 hours)" in body
    field = body[body.index('id="id_course"') - 200 : body.index('id="id_course"')]
    assert "is-invalid" in field
    assert TrainingRequirement.objects.count() == before


def test_a_new_course_leads_on_to_its_requirement(client, world):
    client.force_login(world.users["district_admin"])
    response = client.post(
        reverse("course-create", args=[world.program.pk]),
        {"name": "Gang awareness", "code": "", "category": "topic", "rule_ids": "MOU section 7"},
    )
    course = Course.objects.get(program=world.program)
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('requirement-create', args=[world.program.pk])}?course={course.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert f'<option value="{course.pk}" selected>Gang awareness (the program' in page
    taken = client.post(
        reverse("course-create", args=[world.program.pk]),
        {"name": "Something", "code": "ferpa", "category": "topic"},
    ).content.decode()
    assert "The code “ferpa” is taken by FERPA and student records" in taken


def test_who_may_not_change_the_program_adds_nothing(client, world):
    client.force_login(world.users["program_viewer"])
    detail = client.get(reverse("program-detail", args=[world.program.pk])).content.decode()
    assert reverse("requirement-create", args=[world.program.pk]) not in detail
    before = TrainingRequirement.objects.count(), Course.objects.count()
    data = {"course": catalogue("ferpa").pk, "kind": "every_school_year", "name": "X"}
    for name in ("requirement-create", "course-create"):
        assert client.post(reverse(name, args=[world.program.pk]), data).status_code == 403
    client.force_login(world.users["other_district_admin"])
    for name in ("requirement-create", "course-create"):
        assert client.post(reverse(name, args=[world.program.pk]), data).status_code == 404
    assert (TrainingRequirement.objects.count(), Course.objects.count()) == before
