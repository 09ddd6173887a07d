"""Reads for the program page, the community decision record (COPS-1), school-staff training
(COPS-8, NASRO 03.01.01, 04.01.02) and training certificates. Every query starts from the door:
a program is seen by whoever sees its district, and changed by its district administrators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from programs.access import CHANGE, access_for
from programs.clock import program_today
from programs.models import (
    Course,
    Engagement,
    Officer,
    Program,
    ProgramDecision,
    School,
    StaffTrainingSession,
    Stakeholder,
    TrainingRecord,
    TrainingRequirement,
)
from programs.selectors import programs_for
from programs.training import school_year_of

# -- the program ---------------------------------------------------------------------------


def program_get_for(user, pk: int) -> Program:
    """A program the user sees (through its district); another tenant's is 404."""
    return get_object_or_404(programs_for(user), pk=pk)


def program_is_changeable(user, program: Program) -> bool:
    return access_for(user).changeable_districts().filter(pk=program.district_id).exists()


def program_requirements(program: Program) -> QuerySet[TrainingRequirement]:
    """The training schedule, in force or not."""
    return program.requirements.select_related("course", "after_course").order_by("pk")


def requirement_get_for(program: Program, pk: int) -> TrainingRequirement:
    return get_object_or_404(program_requirements(program), pk=pk)


def requirement_courses_for(user, program: Program) -> QuerySet[Course]:
    """The courses a program may require: the shared catalogue's and its own, still offered."""
    return (
        access_for(user)
        .courses()
        .filter(Q(program__isnull=True) | Q(program=program), is_active=True)
        .order_by("name", "pk")
    )


# -- the community decision record (COPS-1) ----------------------------------------------------


def engagements_of(program: Program) -> QuerySet[Engagement]:
    return program.engagements.order_by("-held_on", "-pk")


@dataclass(frozen=True)
class EngagementRow:
    engagement: Engagement
    who: list[str]  # the stakeholder categories that took part, by name


def engagement_rows(engagements: QuerySet[Engagement]) -> list[EngagementRow]:
    """Engagements with their stakeholder categories named, in Stakeholder's order."""
    return [
        EngagementRow(e, [str(s.label) for s in Stakeholder if s.value in e.stakeholders])
        for e in engagements
    ]


def decisions_of(program: Program) -> QuerySet[ProgramDecision]:
    """Decisions, newest first, each with the engagements it drew on: two queries."""
    return program.decisions.prefetch_related(
        Prefetch("engagements", queryset=Engagement.objects.order_by("held_on", "pk"))
    ).order_by("-decided_on", "-pk")


def engagement_get_for(user, program_pk: int, pk: int) -> Engagement:
    return get_object_or_404(
        Engagement.objects.filter(program__in=programs_for(user), program_id=program_pk), pk=pk
    )


def decision_get_for(user, program_pk: int, pk: int) -> ProgramDecision:
    return get_object_or_404(
        ProgramDecision.objects.filter(program__in=programs_for(user), program_id=program_pk),
        pk=pk,
    )


@dataclass(frozen=True)
class Heard:
    stakeholder: Stakeholder
    engagements: int
    last_heard_on: date


@dataclass(frozen=True)
class Coverage:
    """Which stakeholder categories COPS-1 names the program has heard, and which never."""

    heard: list[Heard]
    not_heard: list[Stakeholder]

    @property
    def not_heard_labels(self) -> str:
        return ", ".join(str(s.label) for s in self.not_heard)


def stakeholder_coverage(program: Program) -> Coverage:
    """One aggregate query, however many engagements: a count and a last date per category."""
    totals = program.engagements.aggregate(
        **{
            f"n_{s.value}": Count("pk", filter=Q(stakeholders__contains=[s.value]))
            for s in Stakeholder
        },
        **{
            f"last_{s.value}": Max("held_on", filter=Q(stakeholders__contains=[s.value]))
            for s in Stakeholder
        },
    )
    heard = [
        Heard(s, totals[f"n_{s.value}"], totals[f"last_{s.value}"])
        for s in Stakeholder
        if totals[f"n_{s.value}"]
    ]
    return Coverage(heard=heard, not_heard=[s for s in Stakeholder if not totals[f"n_{s.value}"]])


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


def staff_training_by_school(
    user, program: Program, *, today: date | None = None
) -> list[SchoolStaffTraining]:
    """Per school the user sees: how many sessions, and when the last of each sort was. One
    query. NASRO 03.01.01 asks for school-safety training every year, so each school says
    whether it had a session in the current school year (`today`: the program's district's,
    read here if not given)."""
    today = today or program_today(program)
    year_start, _year_end = school_year_of(today, program.school_year_starts_month)
    own = Q(staff_trainings__program=program)
    joint = own & Q(staff_trainings__sros__isnull=False)
    schools = (
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
        .order_by("name")
    )
    return [
        SchoolStaffTraining(
            school=s,
            sessions=s.session_count,
            last_session=s.last_session,
            last_joint=s.last_joint,
            last_with_administrator=s.last_with_administrator,
            this_school_year=bool(s.last_session and s.last_session >= year_start),
        )
        for s in schools
    ]


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
