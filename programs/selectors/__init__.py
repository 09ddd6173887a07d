"""Reads for programs: every query starts from the access door."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Count, Min, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from programs.access import access_for
from programs.clock import program_today
from programs.models import (
    Agency,
    Assignment,
    Course,
    District,
    Membership,
    Officer,
    Program,
    School,
    TrainingRecord,
    TrainingRequirement,
)
from programs.training import Standing, State, standing


def district_get_for(user, pk: int) -> District:
    return get_object_or_404(access_for(user).districts(), pk=pk)


def school_get_for(user, pk: int) -> School:
    return get_object_or_404(access_for(user).schools().select_related("district"), pk=pk)


def agency_get_for(user, pk: int) -> Agency:
    return get_object_or_404(access_for(user).agencies(), pk=pk)


def district_schools_for(user, district: District) -> QuerySet[School]:
    return access_for(user).schools().filter(district=district).order_by("name")


def district_agencies_for(user, district: District) -> QuerySet[Agency]:
    return access_for(user).agencies().filter(district_links__district=district).order_by("name")


def agency_districts_for(user, agency: Agency) -> QuerySet[District]:
    return access_for(user).districts().filter(agency_links__agency=agency).order_by("name")


def agency_officers_for(user, agency: Agency) -> QuerySet[Officer]:
    return access_for(user).officers().filter(agency=agency).select_related("user")


@dataclass
class Home:
    memberships: list[Membership]
    districts: list[District]
    schools: list[School]
    agencies: list[Agency]
    officer: Officer | None


def home_for(user) -> Home:
    """What the signed-in home page lists for `user`. A fixed number of queries."""
    access = access_for(user)
    memberships = list(
        access.memberships()
        .select_related("district", "school__district", "agency")
        .order_by("role", "pk")
    )
    districts = list(
        access.districts().annotate(school_count=Count("schools", distinct=True)).order_by("name")
    )
    schools = list(access.schools().select_related("district").order_by("district__name", "name"))
    agencies = list(access.agencies().order_by("name"))
    officer = access.own_officer_record().select_related("agency").first()
    return Home(
        memberships=memberships,
        districts=districts,
        schools=schools,
        agencies=agencies,
        officer=officer,
    )


# -- officers ------------------------------------------------------------------------------


def officer_list_for(user) -> QuerySet[Officer]:
    return access_for(user).officers().select_related("agency").order_by("last_name", "first_name")


def officer_get_for(user, pk: int) -> Officer:
    return get_object_or_404(officer_list_for(user), pk=pk)


def officer_assignments(user, officer: Officer) -> QuerySet[Assignment]:
    """The officer's assignments at schools the user sees: a district sees its own part of an
    officer's record, not the schools of another district the agency serves."""
    return (
        access_for(user)
        .assignments()
        .filter(officer=officer)
        .select_related("school__district")
        .order_by("-starts_on")
    )


def officer_training_records(officer: Officer) -> QuerySet[TrainingRecord]:
    return officer.training_records.select_related("course").order_by("-completed_on")


# -- training standing ----------------------------------------------------------------------


def programs_for(user) -> QuerySet[Program]:
    """Programs whose training grid the user may see: those of the districts they see."""
    return access_for(user).programs().select_related("district").order_by("district__name")


class Attention(models.TextChoices):
    """What a list of officers can be narrowed to by their training standing."""

    OVERDUE = "overdue", gettext_lazy("Something overdue")
    DUE = "due", gettext_lazy("Something overdue or due soon")
    SOON = "soon", gettext_lazy("Something due soon, nothing overdue")
    CLEAR = "clear", gettext_lazy("Nothing overdue or due soon")


def needs(attention: str | None, *, overdue: int, due_soon: int) -> bool:
    """Whether an officer with so many requirements overdue and due soon is one `attention`
    asks for (any officer when it is empty)."""
    if attention == Attention.OVERDUE:
        return overdue > 0
    if attention == Attention.DUE:
        return overdue + due_soon > 0
    if attention == Attention.SOON:
        return due_soon > 0 and overdue == 0
    if attention == Attention.CLEAR:
        return overdue + due_soon == 0
    return True


@dataclass
class GridRow:
    officer: Officer
    cells: list[Standing]

    @property
    def overdue(self) -> int:
        return sum(1 for c in self.cells if c.state == State.OVERDUE)

    @property
    def due_soon(self) -> int:
        return sum(1 for c in self.cells if c.state == State.DUE_SOON)


@dataclass
class TrainingGrid:
    program: Program
    requirements: list[TrainingRequirement]
    rows: list[GridRow]


def grid_officers_for(user, program: Program) -> QuerySet[Officer]:
    """The officers of the program's training grid: those who serve or served its schools,
    as the user sees them."""
    return officer_list_for(user).filter(
        pk__in=access_for(user)
        .assignments()
        .filter(school__district=program.district_id)
        .values("officer")
    )


def training_grid(
    user,
    program: Program,
    *,
    today: date | None = None,
    officers: QuerySet[Officer] | None = None,
    attention: str | None = None,
) -> TrainingGrid:
    """Officers serving the program's schools × its requirements. Four queries, any size.

    `officers` narrows and orders the rows (grid_officers_for, filtered); `attention` keeps
    the officers with something overdue, or due, or nothing (Attention). Standings are
    computed, never stored (ADR 0009), so that filter applies to the computed rows. `today`
    is the program's district's (programs.clock), read here if not given.
    """
    if officers is None:
        officers = grid_officers_for(user, program)
    [grid] = training_grids(
        user, [program], today=today, officers={program.pk: list(officers)}, attention=attention
    )
    return grid


def training_grids(
    user,
    programs: list[Program],
    *,
    today: date | None = None,
    officers: dict[int, list[Officer]] | None = None,
    attention: str | None = None,
) -> list[TrainingGrid]:
    """The training grids of several programs in five queries, however many programs and
    officers (the home page counts what is overdue in each program the user sees).
    `officers` maps a program's id to its rows; by default, as grid_officers_for. Each
    program's standings are computed on its own district's date unless `today` is given."""
    requirements: dict[int, list[TrainingRequirement]] = defaultdict(list)
    for r in (
        # door: requirements of programs the caller took from the door.
        TrainingRequirement.objects.filter(program__in=programs, is_active=True)
        .select_related("course", "after_course")
        .order_by("pk")
    ):
        requirements[r.program_id].append(r)
    if officers is None:
        officers = _grid_officers_of(user, programs)
    ids = {o.pk for rows in officers.values() for o in rows}
    first_placement = dict(
        # door: officers from the door; a first placement anywhere starts the clock (COPS-8),
        # and only its date leaves this function.
        Assignment.objects.filter(officer_id__in=ids)
        .values("officer_id")
        .annotate(first=Min("starts_on"))
        .values_list("officer_id", "first")
    )
    course_ids = {r.course_id for rs in requirements.values() for r in rs} | {
        r.after_course_id for rs in requirements.values() for r in rs if r.after_course_id
    }
    completions: dict[int, dict[int, list[date]]] = defaultdict(lambda: defaultdict(list))
    # door: the training of officers the door gave.
    for officer_id, course_id, completed_on in TrainingRecord.objects.filter(
        officer_id__in=ids, course_id__in=course_ids
    ).values_list("officer_id", "course_id", "completed_on"):
        completions[officer_id][course_id].append(completed_on)
    grids = []
    for program in programs:
        on = today or program_today(program)
        rows = [
            GridRow(
                officer=officer,
                cells=[
                    standing(
                        kind=r.kind,
                        course_id=r.course_id,
                        months=r.months,
                        after_course_id=r.after_course_id,
                        first_placement=first_placement.get(officer.pk),
                        completions=completions[officer.pk],
                        today=on,
                        school_year_starts_month=program.school_year_starts_month,
                        due_soon_days=program.due_soon_days,
                    )
                    for r in requirements[program.pk]
                ],
            )
            for officer in officers.get(program.pk, [])
        ]
        rows = [r for r in rows if needs(attention, overdue=r.overdue, due_soon=r.due_soon)]
        grids.append(
            TrainingGrid(program=program, requirements=requirements[program.pk], rows=rows)
        )
    return grids


def _grid_officers_of(user, programs: list[Program]) -> dict[int, list[Officer]]:
    """grid_officers_for of several programs in two queries: officers by name."""
    by_district: dict[int, set[int]] = defaultdict(set)
    for officer_id, district_id in (
        access_for(user)
        .assignments()
        .filter(school__district__in=[p.district_id for p in programs])
        .values_list("officer_id", "school__district_id")
    ):
        by_district[district_id].add(officer_id)
    wanted = {pk for pks in by_district.values() for pk in pks}
    found = list(officer_list_for(user).filter(pk__in=wanted))
    return {p.pk: [o for o in found if o.pk in by_district[p.district_id]] for p in programs}


def training_courses_for(agencies) -> QuerySet[Course]:
    """The courses the officers of these agencies may record: the shared catalogue's and the
    courses of the programs the agencies serve, still offered (the training import's list)."""
    return (
        # door: the agencies come from access.agencies(CHANGE) (the import's own agencies).
        Course.objects.filter(is_active=True)
        .filter(Q(program__isnull=True) | Q(program__district__agency_links__agency__in=agencies))
        .select_related("program__district")
        .distinct()
        .order_by("code", "pk")
    )


def officer_programs(user, officer: Officer) -> QuerySet[Program]:
    """The programs whose schedules apply to an officer (where they have been assigned), among
    those the user sees: another district's requirements and standings stay out of sight."""
    return (
        access_for(user)
        .programs()
        .filter(
            district__in=access_for(user)
            .assignments()
            .filter(officer=officer)
            .values("school__district")
        )
        .select_related("district")
    )


def officer_courses(user, officer: Officer) -> QuerySet[Course]:
    """Courses a training record of the officer may name: the catalogue's, and those of the
    programs whose schedules apply to the officer, still offered."""
    return (
        access_for(user)
        .courses()
        .filter(is_active=True)
        .filter(Q(program__isnull=True) | Q(program__in=officer_programs(user, officer)))
        .order_by("name")
    )
