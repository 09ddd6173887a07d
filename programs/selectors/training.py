"""Reads for training: where each officer stands against each requirement, the training grids,
a program's requirements and courses, school-staff training (COPS-8, NASRO 03.01.01,
04.01.02) and training certificates. Every query starts from the door.

An officer's standing against one training requirement (`standing`) is plain code, no database.

The requirement kinds (TrainingRequirement.Kind) and what "due" means for each:
- within months of first placement (basic course, COPS-8 / NASRO 03.02.01; special-needs
  training, NASRO-DISC): due that many months after the officer's first assignment began;
  months = 0 means before the assignment.
- every school year (annual school-safety training, NASRO 03.01.01): due by the end of each
  school year the officer serves in; a year missed stays overdue until done again.
- months after another course (advanced course about a year after basic, NASRO 03.03.01):
  due that many months after the other course was completed.
- every N months (single-officer rapid deployment, NASRO 03.04.01): due N months after the
  last completion, or N months after first placement if never done.
"""

from __future__ import annotations

import calendar
import enum
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import Case, Count, Max, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from programs.access import CHANGE, access_for
from programs.clock import program_today
from programs.models import (
    Assignment,
    Course,
    Officer,
    Program,
    School,
    StaffTrainingSession,
    TrainingRecord,
    TrainingRequirement,
)
from programs.selectors import standings
from programs.selectors.officers import officer_list_for
from sro_admin.sql import one_array

# -- an officer's standing against one requirement: plain code, no database --------------------


class State(enum.StrEnum):
    MET = "met"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"  # due later, not yet within the warning window
    NOT_APPLICABLE = "not_applicable"  # e.g. never placed, or the earlier course not done


@dataclass(frozen=True)
class Standing:
    state: State
    due_on: date | None = None  # when it became (or becomes) due
    met_on: date | None = None  # the completion that meets it
    late: bool = False  # met, but after it was due
    renews_on: date | None = None  # met, and due again by this date (a repeating requirement)

    @property
    def next_due_on(self) -> date | None:
        """The next date by which the requirement must be met: the next round for one that is
        met and repeats; None for one met once and for all, or not applicable yet."""
        if self.state == State.MET:
            return self.renews_on
        return self.due_on


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def school_year_of(day: date, starts_month: int) -> tuple[date, date]:
    """First and last day of the school year that contains `day`."""
    start_year = day.year if day.month >= starts_month else day.year - 1
    start = date(start_year, starts_month, 1)
    return start, add_months(start, 12) - timedelta(days=1)


def _pending(due_on: date, *, today: date, due_soon_days: int) -> Standing:
    if today > due_on:
        return Standing(State.OVERDUE, due_on=due_on)
    if today >= due_on - timedelta(days=due_soon_days):
        return Standing(State.DUE_SOON, due_on=due_on)
    return Standing(State.UPCOMING, due_on=due_on)


def standing(
    *,
    kind: str,
    course_id: int,
    months: int | None,
    after_course_id: int | None,
    first_placement: date | None,
    completions: Mapping[int, Sequence[date]],
    today: date,
    school_year_starts_month: int = 7,
    due_soon_days: int = 60,
) -> Standing:
    """Where one officer stands against one requirement on `today`.

    `completions` maps a course id to the dates the officer completed it, any order.
    """
    done = sorted(d for d in completions.get(course_id, ()) if d <= today)
    if kind == "within_months_of_placement":
        if first_placement is None:
            return Standing(State.NOT_APPLICABLE)
        due_on = add_months(first_placement, months or 0)
        if done:
            return Standing(State.MET, due_on=due_on, met_on=done[0], late=done[0] > due_on)
        return _pending(due_on, today=today, due_soon_days=due_soon_days)

    if kind == "every_school_year":
        if first_placement is None or first_placement > today:
            return Standing(State.NOT_APPLICABLE)
        start, end = school_year_of(today, school_year_starts_month)
        this_year = [d for d in done if start <= d <= end]
        if this_year:
            # Met for this school year; due again by the end of the next one.
            return Standing(
                State.MET, due_on=end, met_on=this_year[0], renews_on=add_months(end, 12)
            )
        last_start, last_end = school_year_of(start - timedelta(days=1), school_year_starts_month)
        served_last_year = first_placement <= last_end
        if served_last_year and not [d for d in done if last_start <= d <= last_end]:
            return Standing(State.OVERDUE, due_on=last_end)
        return _pending(end, today=today, due_soon_days=due_soon_days)

    if kind == "months_after_course":
        earlier = sorted(completions.get(after_course_id, ()))
        if not earlier:
            return Standing(State.NOT_APPLICABLE)
        due_on = add_months(earlier[0], months or 0)
        later = [d for d in done if d >= earlier[0]]
        if later:
            return Standing(State.MET, due_on=due_on, met_on=later[0], late=later[0] > due_on)
        return _pending(due_on, today=today, due_soon_days=due_soon_days)

    if kind == "every_n_months":
        if done:
            due_on = add_months(done[-1], months or 0)
            if today < due_on - timedelta(days=due_soon_days):
                return Standing(State.MET, due_on=due_on, met_on=done[-1], renews_on=due_on)
            return _pending(due_on, today=today, due_soon_days=due_soon_days)
        if first_placement is None:
            return Standing(State.NOT_APPLICABLE)
        return _pending(
            add_months(first_placement, months or 0), today=today, due_soon_days=due_soon_days
        )

    raise ValueError(f"Unknown requirement kind: {kind}")


# -- training grids ----------------------------------------------------------------------------


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
    # The door's assignments are those of officers and schools it shows: the officers are
    # the door's here, so its schools are all the assignments need (one join less on every
    # grid, filter and home count, ADR 0019).
    schools = access_for(user).schools().filter(district=program.district_id)
    return officer_list_for(user).filter(
        # door: assignments at the door's schools, of the door's officers (the queryset's).
        pk__in=Assignment.objects.filter(school__in=schools).values("officer")
    )


def grid_officer_ids_needing(
    program: Program, officers: QuerySet[Officer], attention: str, *, today: date
) -> list[int]:
    """The ids of `officers` (grid_officers_for, filtered and sorted) whose standings
    `attention` asks for (Attention), in their order, computed in the database (ADR 0018):
    a list pages them by their ids (its count is their number) and reads one page's
    officers."""
    return standings.officer_ids_needing(program, officers, attention, today=today)


def grid_officers_needing(
    program: Program, officers: QuerySet[Officer], attention: str | None, *, today: date
) -> QuerySet[Officer]:
    """`officers` narrowed to those whose standings `attention` asks for (all of them when it
    is empty): the standings are read once, here, not again by each use of the queryset."""
    if not attention:
        return officers
    return officers.filter(
        pk__in=one_array(grid_officer_ids_needing(program, officers, attention, today=today))
    )


def training_grid(
    user,
    program: Program,
    *,
    today: date | None = None,
    officers: QuerySet[Officer] | Sequence[Officer] | None = None,
    attention: str | None = None,
) -> TrainingGrid:
    """Officers × the program's requirements in force, for a bounded set of officers (a page,
    one officer, a school's SROs). Two queries, any size of records (ADR 0018).

    `officers` are the rows, in order (grid_officers_for by default; pass a page of a large
    program); `attention` keeps the officers with something overdue, or due, or nothing
    (Attention). `today` is the program's district's (programs.clock), read if not given.
    """
    if officers is None:
        officers = grid_officers_for(user, program)
    [grid] = training_grids(
        user, [program], today=today, officers={program.pk: officers}, attention=attention
    )
    return grid


def training_grids(
    user,
    programs: list[Program],
    *,
    officers: Mapping[int, QuerySet[Officer] | Sequence[Officer]],
    today: date | None = None,
    attention: str | None = None,
) -> list[TrainingGrid]:
    """The training grids of several programs: `officers` maps a program's id to its rows
    (a bounded set: a page, an officer, a school's SROs). One query for the requirements,
    then one per program for its standings (programs/selectors/standings.py), computed in
    the database from each officer's first and latest completions. Each program's standings
    are on its own district's date unless `today` is given."""
    requirements: dict[int, list[TrainingRequirement]] = defaultdict(list)
    for r in (
        # door: requirements of programs the caller took from the door.
        TrainingRequirement.objects.filter(program__in=programs, is_active=True)
        .select_related("course", "after_course")
        .order_by("pk")
    ):
        requirements[r.program_id].append(r)
    grids = []
    for program in programs:
        on = today or program_today(program)
        rows_of = officers.get(program.pk, [])
        if isinstance(rows_of, QuerySet):
            rows_of = grid_officers_needing(program, rows_of, attention, today=on)
            attention_left = None
        else:
            attention_left = attention
        shown = list(rows_of)
        cells = {
            (c.officer_id, c.requirement_id): c
            for c in standings.cells_for(
                program, [o.pk for o in shown], today=on, requirements=requirements[program.pk]
            )
        }
        rows = [
            GridRow(
                officer=officer,
                cells=[_standing(cells[officer.pk, r.pk]) for r in requirements[program.pk]],
            )
            for officer in shown
        ]
        if attention_left:
            rows = [
                r for r in rows if needs(attention_left, overdue=r.overdue, due_soon=r.due_soon)
            ]
        grids.append(
            TrainingGrid(program=program, requirements=requirements[program.pk], rows=rows)
        )
    return grids


def _standing(cell: standings.Cell) -> Standing:
    return Standing(
        State(cell.state),
        due_on=cell.due_on,
        met_on=cell.met_on,
        late=cell.late,
        renews_on=cell.renews_on,
    )


def training_attention_counts(
    user, programs: list[Program], *, today: date | None = None
) -> dict[int, tuple[int, int]]:
    """Per program: how many of its grid's officers (as the user sees them) have training
    overdue, and how many due soon with nothing overdue. One query per program."""
    return {
        program.pk: standings.attention_counts(
            program, grid_officers_for(user, program), today=today or program_today(program)
        )
        for program in programs
    }


def training_courses_for(agencies) -> QuerySet[Course]:
    """The courses the officers of these agencies may record: the shared catalogue's and the
    courses of the programs the agencies serve, still offered (the training import's list)."""
    return (
        # door: the agencies come from access.agencies(CHANGE) (the import's own agencies).
        Course.objects.offered_to_agencies(agencies)
        .filter(is_active=True)
        .select_related("program__district")
        .distinct()
        .order_by("code", "pk")
    )


# -- a program's training requirements ---------------------------------------------------------


def program_requirements(program: Program) -> QuerySet[TrainingRequirement]:
    """The training schedule, in force or not."""
    return program.requirements.select_related("course", "after_course").order_by("pk")


def requirement_get_for(program: Program, pk: int) -> TrainingRequirement:
    return get_object_or_404(program_requirements(program), pk=pk)


def requirement_courses_for(user, program: Program) -> QuerySet[Course]:
    """The courses a program may require: the shared catalogue's and its own, still offered."""
    return (
        access_for(user).courses().offered_to(program).filter(is_active=True).order_by("name", "pk")
    )


# -- school-staff training (COPS-8, NASRO 03.01.01, 04.01.02) ----------------------------------


@dataclass(frozen=True)
class StaffTrainingRow:
    session: StaffTrainingSession
    schools: list[School]
    sros: list[Officer]  # the SROs who attended and whom the user may see
    other_sros: int  # those the user may not see (an SRO sees only their own record)

    @property
    def joint(self) -> bool:
        """COPS-8: school staff trained jointly with SROs where possible."""
        return self.session.sro_count > 0

    @property
    def administrator_with_sro(self) -> bool:
        """NASRO 03.01.01: an administrator attends the training with the SRO."""
        return self.joint and self.session.administrators_attended > 0


def staff_trainings_of(user, program: Program) -> QuerySet[StaffTrainingSession]:
    """The program's sessions, newest first, each with its SROs counted (`sro_count`), its
    schools and the SROs the user may see: three queries however many sessions. Filter and
    sort it (StaffTrainingFilter), then make rows of it (or of a page of it)."""
    return (
        program.staff_trainings.annotate(sro_count=Count("sros", distinct=True))
        .prefetch_related(
            Prefetch("schools", queryset=School.objects.order_by("name")),
            Prefetch(
                "sros",
                queryset=access_for(user).officers().order_by("last_name", "first_name"),
            ),
        )
        .order_by("-held_on", "-pk")
    )


def staff_trainings_for(user, program: Program, sessions=None) -> list[StaffTrainingRow]:
    """Rows of `sessions` (staff_trainings_of, filtered or a page of it; all by default)."""
    if sessions is None:
        sessions = staff_trainings_of(user, program)
    rows = []
    for session in sessions:
        sros = list(session.sros.all())
        rows.append(
            StaffTrainingRow(
                session=session,
                schools=list(session.schools.all()),
                sros=sros,
                other_sros=session.sro_count - len(sros),
            )
        )
    return rows


@dataclass(frozen=True)
class SchoolStaffTraining:
    school: School
    sessions: int
    last_session: date | None
    last_joint: date | None
    last_with_administrator: date | None  # joint, and an administrator attended
    this_school_year: bool


def staff_training_schools_of(user, program: Program, *, today: date | None = None):
    """The district's schools the user sees, by name, each with its sessions of the program
    counted (`session_count`), the dates of its last session, last joint one and last with an
    administrator (`last_session`, `last_joint`, `last_with_administrator`), and whether it
    had a session in the current school year (`this_year`: NASRO 03.01.01 asks for
    school-safety training every year; `today` is the program's district's, read here if not
    given). Filter, sort and page it (StaffTrainingSchoolFilter), then make rows of a page
    (staff_training_by_school); one query for a page."""
    today = today or program_today(program)
    year_start, _year_end = school_year_of(today, program.school_year_starts_month)
    own = Q(staff_trainings__program=program)
    joint = own & Q(staff_trainings__sros__isnull=False)
    return (
        access_for(user)
        .schools()
        .filter(district_id=program.district_id)
        .annotate(
            session_count=Count("staff_trainings", filter=own, distinct=True),
            last_session=Max("staff_trainings__held_on", filter=own),
            last_joint=Max("staff_trainings__held_on", filter=joint),
            last_with_administrator=Max(
                "staff_trainings__held_on",
                filter=joint & Q(staff_trainings__administrators_attended__gt=0),
            ),
        )
        .annotate(
            this_year=Case(
                When(last_session__gte=year_start, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )
        .order_by("name", "pk")
    )


def staff_training_by_school(
    user, program: Program, *, today: date | None = None, schools=None
) -> list[SchoolStaffTraining]:
    """Rows of `schools` (staff_training_schools_of, filtered, or a page of it; all the
    user sees by default): per school, how many sessions, and when the last of each sort
    was. One query."""
    if schools is None:
        schools = staff_training_schools_of(user, program, today=today)
    return [
        SchoolStaffTraining(
            school=s,
            sessions=s.session_count,
            last_session=s.last_session,
            last_joint=s.last_joint,
            last_with_administrator=s.last_with_administrator,
            this_school_year=s.this_year,
        )
        for s in schools
    ]


@dataclass(frozen=True)
class StaffTrainingSummary:
    schools: int
    this_school_year: int  # schools with a session this school year (NASRO 03.01.01)
    never: int  # schools with no session of the program yet


def staff_training_summary(
    user, program: Program, *, today: date | None = None
) -> StaffTrainingSummary:
    """How many of the schools the user sees had a session this school year, and how many
    never had one: one query, however many schools (the list page links to the rows)."""
    figures = (
        staff_training_schools_of(user, program, today=today)
        .order_by()
        .aggregate(
            n_schools=Count("pk"),
            n_this_year=Count("pk", filter=Q(this_year=True)),
            n_never=Count("pk", filter=Q(session_count=0)),
        )
    )
    return StaffTrainingSummary(
        schools=figures["n_schools"],
        this_school_year=figures["n_this_year"],
        never=figures["n_never"],
    )


def staff_training_schools_for(user, program: Program) -> QuerySet[School]:
    """Form choices: the district's schools, as the user sees them."""
    return access_for(user).schools().filter(district_id=program.district_id).order_by("name")


def staff_training_sros_for(user, program: Program) -> QuerySet[Officer]:
    """Form choices: officers the user sees, of the agencies serving the program's district."""
    return (
        access_for(user)
        .officers()
        .filter(agency__district_links__district_id=program.district_id)
        .select_related("agency")
        .order_by("last_name", "first_name")
    )


# -- training certificates ---------------------------------------------------------------------


def training_record_get_for(user, pk: int) -> TrainingRecord:
    """A training record of an officer the user sees; anyone else's is 404."""
    return get_object_or_404(
        access_for(user).training_records().select_related("officer", "course"),
        pk=pk,
    )


def training_record_is_changeable(user, record: TrainingRecord) -> bool:
    """The officer's agency supervisors keep their training records (and staff)."""
    return access_for(user).training_records(CHANGE).filter(pk=record.pk).exists()
