"""Writes for training: an officer's training records and their certificates, a program's
training requirements and courses, and school-staff training (COPS-8, NASRO 03.01.01,
04.01.02).

Every model written here is audited by database triggers (sro_admin.audit): the services need
not write history themselves. Each takes the acting user and asks the door first
(programs.access.require): an officer's agency supervisors keep their training records; a
program's district administrators keep its schedule, courses and school-staff training.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programs.access import CHANGE, access_for, require
from programs.clock import officer_today
from programs.files import upload_store
from programs.models import (
    AgencyDistrict,
    Course,
    Officer,
    Program,
    School,
    StaffTrainingSession,
    TrainingRecord,
    TrainingRequirement,
)
from programs.services.base import changes_save, check_not_in_future
from sro_admin.errors import RuleViolation
from sro_admin.models import User


@transaction.atomic
def training_record_create(
    *,
    actor: User,
    officer: Officer,
    course: Course,
    completed_on: date,
    hours: Decimal,
    provider: str = "",
    today: date | None = None,
) -> TrainingRecord:
    """`today` is the officer's (programs.clock.officer_today), read here if not given."""
    require(access_for(actor).officers(CHANGE), officer)
    if completed_on > (today or officer_today(officer)):
        raise RuleViolation(_("The completion date is in the future."), field="completed_on")
    record = TrainingRecord(
        officer=officer, course=course, completed_on=completed_on, hours=hours, provider=provider
    )
    record.full_clean()  # also refuses the same course twice on one day for one officer
    record.save()
    return record


# -- training certificates ---------------------------------------------------------------------


def training_record_certificate_attach(
    *, actor: User, record: TrainingRecord, certificate: File
) -> TrainingRecord:
    """Keep the certificate of a completed course (a PDF, PNG or JPEG of at most 5 MB). A new
    one replaces the old in the record; the old file stays stored, as the history names it."""
    require(access_for(actor).training_records(CHANGE), record)
    upload_store(record.certificate, certificate, field="certificate")
    record.save(update_fields=["certificate", "updated_at"])
    return record


# -- a program's training requirements and courses ---------------------------------------------


# NASRO 03.02.01 (M): the basic course before assignment or within one year of it.
BASIC_COURSE_MAX_MONTHS = 12


def _checked_months(*, kind: str, months: int | None, course: Course) -> int | None:
    """The months a requirement of `kind` keeps, or a refusal next to the months field."""
    if kind == TrainingRequirement.Kind.EVERY_SCHOOL_YEAR:
        return None  # counted per school year (Program.school_year_starts_month)
    if months is None:
        raise RuleViolation(_("Enter the number of months."), field="months")
    if months < 0:
        raise RuleViolation(_("Enter 0 or more months."), field="months")
    if kind != TrainingRequirement.Kind.WITHIN_MONTHS_OF_PLACEMENT and months < 1:
        raise RuleViolation(_("Enter at least 1 month."), field="months")
    is_basic = course.category == Course.Category.BASIC
    if (
        is_basic
        and kind == TrainingRequirement.Kind.WITHIN_MONTHS_OF_PLACEMENT
        and months > BASIC_COURSE_MAX_MONTHS
    ):
        raise RuleViolation(
            _(
                "NASRO 03.02.01 asks for the basic course before assignment or within one "
                "year of it: choose 12 months or fewer."
            ),
            rule_id="NASRO 03.02.01",
            field="months",
        )
    return months


def training_requirement_update(
    *, actor: User, requirement: TrainingRequirement, months: int | None, is_active: bool
) -> TrainingRequirement:
    """Change one rule of the program's training schedule. Every officer's standing follows at
    once: standings are computed from the requirements, never stored (ADR 0009)."""
    require(access_for(actor).programs(CHANGE), requirement.program)
    kind = requirement.kind
    months = _checked_months(kind=kind, months=months, course=requirement.course)
    is_basic = requirement.course.category == Course.Category.BASIC
    if is_basic and kind == TrainingRequirement.Kind.WITHIN_MONTHS_OF_PLACEMENT and not is_active:
        raise RuleViolation(
            _("The basic SRO course is mandatory (NASRO 03.02.01); it stays in force."),
            rule_id="NASRO 03.02.01",
            field="is_active",
        )
    return changes_save(requirement, {"months": months, "is_active": is_active})


def _offered_to(program: Program, course: Course) -> bool:
    """A program chooses from the shared catalogue and from the courses it added itself."""
    return course.is_active and course.program_id in (None, program.pk)


@transaction.atomic
def training_requirement_create(
    *,
    actor: User,
    program: Program,
    course: Course,
    kind: str,
    months: int | None = None,
    after_course: Course | None = None,
    rule_ids: str = "",
) -> TrainingRequirement:
    """Add a rule to the program's training schedule: a course and when it is due, with where
    the rule comes from ("MOU section 7", "COPS-8"), so that the topics a program's MOU
    requires become requirements (COPS-8; ADR 0009). It is in force at once: every officer's
    standing counts it from the next page view. One requirement per course."""
    require(access_for(actor).programs(CHANGE), program)
    # One schedule change of a program at a time, so two people cannot both add the course.
    Program.objects.select_for_update().filter(pk=program.pk).first()
    if not _offered_to(program, course):
        raise RuleViolation(
            _("Choose a course of the catalogue or of this program."), field="course"
        )
    existing = program.requirements.filter(course=course).first()
    if existing is not None:
        if existing.is_active:
            message = _(
                "The schedule already has a requirement for %(course)s: change that one instead."
            )
        else:
            message = _(
                "The schedule already has a requirement for %(course)s, out of force: change "
                "that one and put it back in force instead."
            )
        raise RuleViolation(message % {"course": course.name}, field="course")
    if kind not in TrainingRequirement.Kind.values:
        raise RuleViolation(_("Choose when the course is due."), field="kind")
    months = _checked_months(kind=kind, months=months, course=course)
    if kind == TrainingRequirement.Kind.MONTHS_AFTER_COURSE:
        if after_course is None:
            raise RuleViolation(_("Choose the course this one follows."), field="after_course")
        if after_course == course:
            raise RuleViolation(_("A course cannot follow itself."), field="after_course")
        if not _offered_to(program, after_course):
            raise RuleViolation(
                _("Choose a course of the catalogue or of this program."), field="after_course"
            )
    else:
        after_course = None  # only "months after another course" follows one
    requirement = TrainingRequirement(
        program=program,
        course=course,
        kind=kind,
        months=months,
        after_course=after_course,
        rule_ids=rule_ids.strip(),
    )
    requirement.full_clean()
    requirement.save()
    return requirement


def course_create(
    *,
    actor: User,
    program: Program,
    name: str,
    category: str = Course.Category.TOPIC,
    code: str = "",
    expected_hours: Decimal | None = None,
    rule_ids: str = "",
) -> Course:
    """Add a course of the program's own, for a topic the shared catalogue lacks (e.g. one its
    MOU requires). Training imports name courses by code, so a code taken by the catalogue or
    by the program is refused; so is a name the program can already choose."""
    require(access_for(actor).programs(CHANGE), program)
    name = name.strip()
    code = slugify(code or name)[:60].strip("-")
    if not code:
        raise RuleViolation(_("Enter a code of letters, digits and hyphens."), field="code")
    choosable = Course.objects.offered_to(program)
    same_name = choosable.filter(name__iexact=name).first()
    if same_name is not None:
        raise RuleViolation(
            _(
                "“%(course)s” is already a course the program can choose: pick it when adding "
                "a requirement."
            )
            % {"course": same_name.name},
            field="name",
        )
    same_code = choosable.filter(code=code).first()
    if same_code is not None:
        raise RuleViolation(
            _("The code “%(code)s” is taken by %(course)s. Choose another.")
            % {"code": code, "course": same_code.name},
            field="code",
        )
    course = Course(
        program=program,
        code=code,
        name=name,
        category=category,
        expected_hours=expected_hours,
        rule_ids=rule_ids.strip(),
    )
    course.full_clean()
    course.save()
    return course


# -- school-staff training (COPS-8, NASRO 03.01.01, 04.01.02) ----------------------------------


@transaction.atomic
def staff_training_record(
    *,
    actor: User,
    program: Program,
    held_on: date,
    title: str,
    hours: Decimal,
    schools: Iterable[School] = (),
    staff_attended: int = 0,
    administrators_attended: int = 0,
    sros: Iterable[Officer] = (),
    today: date | None = None,
) -> StaffTrainingSession:
    """Record a session training school staff on the SRO's role. COPS-8 prefers sessions
    joint with the SROs; NASRO 03.01.01 asks that an administrator attend with the SRO."""
    require(access_for(actor).programs(CHANGE), program)
    check_not_in_future(held_on, program=program, today=today, field="held_on")
    schools, sros = list(schools), list(sros)
    if any(s.district_id != program.district_id for s in schools):
        raise RuleViolation(_("Choose schools of this program's district."), field="schools")
    serving = set(
        AgencyDistrict.objects.filter(district_id=program.district_id).values_list(
            "agency_id", flat=True
        )
    )
    if any(o.agency_id not in serving for o in sros):
        raise RuleViolation(
            _("Choose SROs of the agencies serving this program's district."), field="sros"
        )
    session = StaffTrainingSession(
        program=program,
        held_on=held_on,
        title=title,
        hours=hours,
        staff_attended=staff_attended,
        administrators_attended=administrators_attended,
    )
    session.full_clean()
    session.save()
    session.schools.set(schools)
    session.sros.set(sros)
    return session
