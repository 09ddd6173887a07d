"""Reads for choosing SROs, their probation and opt-outs.

Rules: COPS-5 (specialized hiring), COPS-11 (officers may opt out), NASRO 02.01.01-07,
04.01.03 and 04.01.05. Every query starts from the access door (programs/access.py).

Who may do what with selection (the door has no selection querysets yet, so the functions
below that take an `Access` build them from its memberships; they are meant to move onto
`Access` as methods):
- district administrators of the posting's district: see and manage postings and every
  candidate's selection (committee, interviews, ratings, decision);
- law-enforcement supervisors of an agency serving the district: create postings there, and
  see and manage the selections of their own agency's officers (another agency's officers
  stay out of sight, as they do everywhere else);
- school administrators: see the postings for their school and their candidates, and
  record their own participation (NASRO 02.01.01, 04.01.03);
- program viewers: see their district's postings and selections;
- SROs: nothing of selection (404), as for another tenant;
- site staff: everything.

Assignments (and so probation) belong to the agency: only the officer's supervisors assign
a selected candidate. Probation is kept by the officer's supervisors and the district
administrators of the school's district; the school's administrators add reviews, since
they take part (NASRO 04.01.05); anyone who sees both the officer and the school reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs.access import Access, access_for
from programs.clock import district_today, school_today
from programs.models import (
    AgencyDistrict,
    Assignment,
    CommitteeMember,
    District,
    Interview,
    Officer,
    OptOut,
    Posting,
    Probation,
    ProbationReview,
    Program,
    Rating,
    Role,
    School,
    Selection,
)
from programs.selectors import GridRow, needs, training_grid
from programs.training import State
from sro_admin.audit import HistoryEntry, history_for

MIN_EXPERIENCE_YEARS = 3  # COPS-5, NASRO 02.01.02
# What selection_gaps reads: prefetch these when listing many selections.
SELECTION_GAP_PREFETCH = ("committee", "interviews", "ratings")


# -- who may see and do what: candidates for methods on Access -------------------------------


def _ids(by_role: dict[str, frozenset[int]], *roles: str) -> frozenset[int]:
    return frozenset().union(*(by_role.get(r, frozenset()) for r in roles))


def _supervised_agencies(access: Access) -> frozenset[int]:
    return _ids(access.agency_ids, Role.LE_SUPERVISOR)


def _served_by(agency_ids: frozenset[int]):
    """District ids served by these agencies, as a subquery."""
    return AgencyDistrict.objects.filter(agency_id__in=agency_ids).values("district_id")


def sees_selection(access: Access) -> bool:
    """Whether the user has any part in selection at all. SROs do not (they get 404)."""
    return access.is_staff or access.has_role(
        Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER, Role.SCHOOL_ADMIN, Role.LE_SUPERVISOR
    )


def selection_districts_to_manage(access: Access) -> QuerySet[District]:
    """Districts whose postings the user may create and change."""
    if access.is_staff:
        return District.objects.all()
    return District.objects.filter(
        Q(pk__in=_ids(access.district_ids, Role.DISTRICT_ADMIN))
        | Q(pk__in=_served_by(_supervised_agencies(access)))
    )


def visible_postings(access: Access) -> QuerySet[Posting]:
    if access.is_staff:
        return Posting.objects.all()
    return Posting.objects.filter(
        Q(
            program__district_id__in=_ids(
                access.district_ids, Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER
            )
        )
        | Q(program__district_id__in=_served_by(_supervised_agencies(access)))
        | Q(school_id__in=_ids(access.school_ids, Role.SCHOOL_ADMIN))
    )


def visible_selections(access: Access) -> QuerySet[Selection]:
    if access.is_staff:
        return Selection.objects.all()
    supervised = _supervised_agencies(access)
    return Selection.objects.filter(
        Q(
            posting__program__district_id__in=_ids(
                access.district_ids, Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER
            )
        )
        | Q(posting__school_id__in=_ids(access.school_ids, Role.SCHOOL_ADMIN))
        | Q(
            officer__agency_id__in=supervised,
            posting__program__district_id__in=_served_by(supervised),
        )
    )


def managed_selections(access: Access) -> QuerySet[Selection]:
    """Selections whose committee, interviews, ratings and decision the user keeps."""
    if access.is_staff:
        return Selection.objects.all()
    supervised = _supervised_agencies(access)
    return Selection.objects.filter(
        Q(posting__program__district_id__in=_ids(access.district_ids, Role.DISTRICT_ADMIN))
        | Q(
            officer__agency_id__in=supervised,
            posting__program__district_id__in=_served_by(supervised),
        )
    )


def participating_selections(access: Access) -> QuerySet[Selection]:
    """Selections where the user may record the school administration's participation."""
    if access.is_staff:
        return Selection.objects.all()
    return managed_selections(access) | Selection.objects.filter(
        posting__school_id__in=_ids(access.school_ids, Role.SCHOOL_ADMIN)
    )


def visible_assignments(access: Access) -> QuerySet[Assignment]:
    """Assignments whose officer and school the user both sees."""
    return Assignment.objects.filter(officer__in=access.officers(), school__in=access.schools())


def probation_kept_assignments(access: Access) -> QuerySet[Assignment]:
    """The officer's supervisors and the school district's administrators keep probation."""
    if access.is_staff:
        return Assignment.objects.all()
    return Assignment.objects.filter(
        Q(officer__agency_id__in=_supervised_agencies(access))
        | Q(school__district_id__in=_ids(access.district_ids, Role.DISTRICT_ADMIN))
    )


def probation_reviewed_assignments(access: Access) -> QuerySet[Assignment]:
    """Those who keep probation, and the school's administrators (NASRO 04.01.05)."""
    if access.is_staff:
        return Assignment.objects.all()
    return probation_kept_assignments(access) | Assignment.objects.filter(
        school_id__in=_ids(access.school_ids, Role.SCHOOL_ADMIN)
    )


def opt_out_officers(access: Access) -> QuerySet[Officer]:
    """COPS-11: an officer records their own opt-out, or their supervisor does."""
    if access.is_staff:
        return Officer.objects.all()
    return Officer.objects.filter(
        Q(agency_id__in=_supervised_agencies(access))
        | Q(agency_id__in=_ids(access.agency_ids, Role.SRO), user_id=access.user_id)
    )


def school_sros_schools(access: Access) -> QuerySet[School]:
    """Schools whose SRO page the user may open: their own school, or their district's."""
    if access.is_staff:
        return School.objects.all()
    return School.objects.filter(
        Q(district_id__in=_ids(access.district_ids, Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER))
        | Q(pk__in=_ids(access.school_ids, Role.SCHOOL_ADMIN))
    )


# -- the COPS-5 gaps ---------------------------------------------------------------------


class Gap(NamedTuple):
    rule_id: str
    message: str
    # A step of the selection itself (committee, interview, the ten ratings): "Selected" is
    # recorded without it only with a written justification (services.selection_decide).
    process: bool = False

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.message}"


def selection_gaps(selection: Selection, *, today: date | None = None) -> list[Gap]:
    """Where a selection departs from COPS-5 and NASRO 02.01.01, in words, with rule IDs.

    These are recommendations: a candidate may be selected without the process steps
    (`process` gaps) with a written justification (services.selection.selection_decide), and
    assigned despite any gap with another (assignment_create_from_selection). Reads the
    committee, interviews and ratings through `selection.<name>.all()`, so prefetch them when
    listing many (SELECTION_GAP_PREFETCH). Experience counts until the decision, or until
    `today` (the program's district's, read from its program's district if not given) while
    undecided.
    """
    committee = list(selection.committee.all())
    gaps = []
    if not committee:
        # COPS-5: a selection committee, with a school representative and an agency
        # supervisor who will work with the SRO.
        gaps.append(
            Gap(
                "COPS-5",
                _(
                    "No selection committee is recorded (COPS-5 asks for one with a school "
                    "representative and an agency supervisor who will work with the SRO)."
                ),
                process=True,
            )
        )
    # COPS-5: the committee has at least one school representative ...
    elif not any(m.category == CommitteeMember.Category.SCHOOL_REPRESENTATIVE for m in committee):
        gaps.append(Gap("COPS-5", _("No school representative on the selection committee.")))
    # ... and one agency supervisor who will work with the SRO.
    if committee and not any(
        m.category == CommitteeMember.Category.AGENCY_SUPERVISOR and m.will_work_with_sro
        for m in committee
    ):
        gaps.append(
            Gap(
                "COPS-5",
                _("No agency supervisor who will work with the SRO on the selection committee."),
            )
        )
    # COPS-5 (NASRO 02.01.01): the committee interviews the candidate ...
    if not list(selection.interviews.all()):
        gaps.append(Gap("COPS-5", _("No interview is recorded."), process=True))
    # ... and rates them on the ten hiring criteria.
    rated = {r.criterion for r in selection.ratings.all()}
    unrated = [label for code, label in Rating.Criterion.choices if code not in rated]
    if unrated:
        gaps.append(
            Gap(
                "COPS-5",
                ngettext(
                    "Not rated on %(n)s of the ten hiring criteria: %(criteria)s.",
                    "Not rated on %(n)s of the ten hiring criteria: %(criteria)s.",
                    len(unrated),
                )
                % {"n": len(unrated), "criteria": "; ".join(str(label) for label in unrated)},
                process=True,
            )
        )
    # COPS-5 (and NASRO 02.01.02): at least three years of law-enforcement experience.
    on = selection.decided_on or today or district_today(selection.posting.program.district)
    years = selection.officer.years_of_experience(on)
    if years is None:
        gaps.append(
            Gap(
                "COPS-5",
                _(
                    "The candidate's sworn-in date is not recorded, so three years of "
                    "law-enforcement experience cannot be confirmed."
                ),
            )
        )
    elif years < MIN_EXPERIENCE_YEARS:
        gaps.append(
            Gap(
                "COPS-5",
                _(
                    "The candidate has %(years)s years of law-enforcement experience; at least "
                    "three are recommended (also NASRO 02.01.02)."
                )
                % {"years": formats.number_format(round(years, 1), 1)},
            )
        )
    # NASRO 02.01.01 (mandatory): the school administration takes part in the interviews.
    if not selection.school_administrator_took_part:
        gaps.append(
            Gap(
                "NASRO 02.01.01",
                _("The school administration did not take part in the interviews."),
            )
        )
    # COPS-5: SROs are volunteers.
    if selection.volunteered is None:
        gaps.append(
            Gap("COPS-5", _("It is not recorded whether the candidate volunteered for SRO duty."))
        )
    elif not selection.volunteered:
        gaps.append(Gap("COPS-5", _("The candidate did not volunteer for SRO duty.")))
    return gaps


# -- postings ------------------------------------------------------------------------------


def _require_selection_role(access: Access) -> None:
    if not sees_selection(access):
        raise Http404


def selection_role_required(user) -> None:
    """SROs and people without a role have no part in selection: "not found", like another
    tenant's object."""
    _require_selection_role(access_for(user))


def posting_list_for(user) -> QuerySet[Posting]:
    """Postings of the programs the user takes part in, each with its candidates counted."""
    access = access_for(user)
    _require_selection_role(access)
    visible = visible_selections(access).values("pk")
    return (
        visible_postings(access)
        .select_related("program__district", "school")
        .annotate(
            candidate_count=Count("selections", filter=Q(selections__pk__in=visible)),
            selected_count=Count(
                "selections",
                filter=Q(
                    selections__pk__in=visible,
                    selections__decision=Selection.Decision.SELECTED,
                ),
            ),
        )
        .order_by("-opened_on", "pk")
    )


def posting_get_for(user, pk: int) -> Posting:
    access = access_for(user)
    _require_selection_role(access)
    return get_object_or_404(
        visible_postings(access).select_related("program__district", "school"), pk=pk
    )


def posting_programs_for(user) -> QuerySet[Program]:
    """Programs the user may post SRO positions in."""
    return (
        Program.objects.filter(district__in=selection_districts_to_manage(access_for(user)))
        .select_related("district")
        .order_by("district__name")
    )


def posting_schools_for(user) -> QuerySet[School]:
    """Schools for the postings filter: those of the postings the user may see."""
    access = access_for(user)
    return (
        access.schools()
        .filter(pk__in=visible_postings(access).values("school_id"))
        .select_related("district")
        .order_by("district__name", "name")
    )


def posting_form_schools_for(user) -> QuerySet[School]:
    """Schools a new or changed posting may be for."""
    access = access_for(user)
    return (
        access.schools()
        .filter(district__in=selection_districts_to_manage(access))
        .select_related("district")
        .order_by("district__name", "name")
    )


def posting_may_manage(user, posting: Posting) -> bool:
    access = access_for(user)
    return selection_districts_to_manage(access).filter(pk=posting.program.district_id).exists()


@dataclass
class Candidate:
    selection: Selection
    gaps: list[Gap]


def posting_candidates(user, posting: Posting) -> list[Candidate]:
    """The candidates the user may see, each with its COPS-5 gaps. Five queries."""
    today = district_today(posting.program.district)  # experience of the undecided, until today
    selections = (
        visible_selections(access_for(user))
        .filter(posting=posting)
        .select_related("officer__agency")
        .prefetch_related(*SELECTION_GAP_PREFETCH)
        .order_by("officer__last_name", "officer__first_name")
    )
    return [Candidate(selection=s, gaps=selection_gaps(s, today=today)) for s in selections]


def posting_history(posting: Posting) -> list[HistoryEntry]:
    return history_for(posting)


# -- selections ----------------------------------------------------------------------------


def selection_history(selection: Selection) -> list[HistoryEntry]:
    """The selection's own changes with those of its committee, interviews and ratings: the
    record of how the candidate was chosen (COPS-5). A fixed number of queries."""
    return history_for(
        selection,
        children={
            CommitteeMember: lambda data: data.get("name", ""),
            Interview: lambda data: _iso_date(data.get("held_on")),
            Rating: lambda data: str(Rating.Criterion(data["criterion"]).label),
        },
    )


def _iso_date(value) -> str:
    """An event keeps a date as ISO text; show it as the pages show dates."""
    try:
        return formats.date_format(date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value or "")


def selection_get_for(user, pk: int) -> Selection:
    access = access_for(user)
    _require_selection_role(access)
    return get_object_or_404(
        visible_selections(access).select_related(
            "officer__agency", "posting__program__district", "posting__school"
        ),
        pk=pk,
    )


def selection_may_manage(user, selection: Selection) -> bool:
    return managed_selections(access_for(user)).filter(pk=selection.pk).exists()


def selection_may_participate(user, selection: Selection) -> bool:
    return participating_selections(access_for(user)).filter(pk=selection.pk).exists()


def selection_may_assign(user, selection: Selection) -> bool:
    """Assignments are the agency's: the officer's supervisors place a selected candidate."""
    return access_for(user).changeable_officers().filter(pk=selection.officer_id).exists()


def selection_candidate_officers(user, posting: Posting) -> QuerySet[Officer]:
    """Officers the user may put forward: of agencies serving the posting's district (COPS-5).

    District administrators put forward any such officer they see; supervisors their own.
    """
    access = access_for(user)
    district_id = posting.program.district_id
    officers = access.officers()
    if not access.is_staff and district_id not in _ids(access.district_ids, Role.DISTRICT_ADMIN):
        officers = access.changeable_officers()
    return (
        officers.filter(agency__district_links__district_id=district_id)
        .exclude(status=Officer.Status.INACTIVE)
        .exclude(selections__posting=posting)
        .select_related("agency")
        .order_by("last_name", "first_name")
    )


def selection_assign_schools(user, selection: Selection) -> QuerySet[School]:
    """Schools of the posting's district that the user sees."""
    return (
        access_for(user)
        .schools()
        .filter(district_id=selection.posting.program.district_id)
        .order_by("name")
    )


def selection_ratings(selection: Selection) -> dict[str, Rating]:
    """The committee's ratings by criterion code."""
    return {r.criterion: r for r in selection.ratings.all()}


@dataclass
class SelectionPage:
    selection: Selection
    committee: list[CommitteeMember]
    interviews: list[Interview]
    ratings: dict[str, Rating]
    criteria: list[tuple[str, str, Rating | None]]  # (code, label, rating)
    gaps: list[Gap]
    assignments: list[Assignment]
    officer_visible: bool
    may_manage: bool
    may_participate: bool
    may_assign: bool


def selection_page(user, selection: Selection) -> SelectionPage:
    """Everything the selection page shows. A fixed number of queries."""
    # Read here and by selection_gaps.
    prefetch_related_objects([selection], *SELECTION_GAP_PREFETCH)
    committee = list(selection.committee.all())
    ratings = selection_ratings(selection)
    access = access_for(user)
    return SelectionPage(
        selection=selection,
        committee=committee,
        interviews=list(selection.interviews.all()),
        ratings=ratings,
        criteria=[(code, label, ratings.get(code)) for code, label in Rating.Criterion.choices],
        gaps=selection_gaps(selection),
        assignments=list(
            visible_assignments(access)
            .filter(selection=selection)
            .select_related("school", "probation")
            .order_by("-starts_on")
        ),
        officer_visible=access.officers().filter(pk=selection.officer_id).exists(),
        may_manage=selection_may_manage(user, selection),
        may_participate=selection_may_participate(user, selection),
        may_assign=selection_may_assign(user, selection),
    )


# -- probation -----------------------------------------------------------------------------


def assignment_get_for(user, pk: int) -> Assignment:
    """An assignment whose officer and school the user sees; 404 otherwise."""
    return get_object_or_404(
        visible_assignments(access_for(user)).select_related(
            "officer__agency", "school__district", "selection__posting"
        ),
        pk=pk,
    )


def probation_may_keep(user, assignment: Assignment) -> bool:
    return probation_kept_assignments(access_for(user)).filter(pk=assignment.pk).exists()


def probation_may_review(user, assignment: Assignment) -> bool:
    return probation_reviewed_assignments(access_for(user)).filter(pk=assignment.pk).exists()


def probation_of(assignment: Assignment) -> Probation | None:
    return Probation.objects.filter(assignment=assignment).first()


def probation_reviews(probation: Probation) -> QuerySet[ProbationReview]:
    return probation.reviews.order_by("held_on", "pk")


# -- opt-outs ------------------------------------------------------------------------------


def opt_out_may_record(user, officer: Officer) -> bool:
    return opt_out_officers(access_for(user)).filter(pk=officer.pk).exists()


# -- a school's SROs -----------------------------------------------------------------------


def school_sros_may_see(user, school: School) -> bool:
    return school_sros_schools(access_for(user)).filter(pk=school.pk).exists()


@dataclass
class SchoolSroRow:
    assignment: Assignment
    training: GridRow | None
    overdue: list[str]  # names of the courses overdue
    due_soon: list[str]
    # Selection: None when the assignment was not made from a recorded selection.
    school_interviewed: bool | None
    school_on_committee: bool | None
    # Probation: None when none was recorded.
    probation: Probation | None
    school_reviewed: bool | None
    opted_out_on: date | None

    @property
    def officer(self) -> Officer:
        return self.assignment.officer


@dataclass
class SchoolSros:
    school: School
    program: Program | None
    rows: list[SchoolSroRow]


def school_sro_assignments(user, school: School, *, today: date) -> QuerySet[Assignment]:
    """The assignments of the SROs serving a school on `today` or from a later date, with
    the school's part in their selection and probation and their latest opt-out, ordered by
    officer. One query; filter and sort it (SchoolSroFilter), then pass it to school_sros."""
    return (
        visible_assignments(access_for(user))
        .filter(school=school)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("officer__agency", "selection", "probation")
        .annotate(
            school_on_committee=Exists(
                CommitteeMember.objects.filter(
                    selection_id=OuterRef("selection_id"),
                    category=CommitteeMember.Category.SCHOOL_REPRESENTATIVE,
                )
            ),
            school_reviewed=Exists(
                ProbationReview.objects.filter(
                    probation__assignment=OuterRef("pk"), school_administrator_took_part=True
                )
            ),
            opted_out_on=Subquery(
                OptOut.objects.filter(officer_id=OuterRef("officer_id"))
                .order_by("-effective_on")
                .values("effective_on")[:1]
            ),
        )
        .order_by("officer__last_name", "officer__first_name", "starts_on")
    )


def school_sros(
    user,
    school: School,
    *,
    today: date | None = None,
    assignments: QuerySet[Assignment] | None = None,
    attention: str | None = None,
) -> SchoolSros:
    """The SROs serving a school now or from a future date, with their training standing,
    their selection and their probation, and whether the school took part in each
    (NASRO 02.01.01, 04.01.03, 04.01.05). Five queries, however many SROs.

    `assignments` is school_sro_assignments, filtered and sorted; `attention` keeps the SROs
    with something overdue, or due, or nothing (Attention), from their computed standing.
    `today` is the school's district's (programs.clock), read here if not given."""
    today = today or school_today(school)
    if assignments is None:
        assignments = school_sro_assignments(user, school, today=today)
    assignments = list(assignments)
    program = Program.objects.filter(district_id=school.district_id).first()
    grid = None
    if program is not None:
        officers = list({a.officer_id: a.officer for a in assignments}.values())
        grid = training_grid(user, program, today=today, officers=officers)
    training = {row.officer.pk: row for row in grid.rows} if grid else {}
    requirements = grid.requirements if grid else []

    def courses(row: GridRow | None, state: State) -> list[str]:
        if row is None:
            return []
        return [
            r.course.name for r, c in zip(requirements, row.cells, strict=True) if c.state == state
        ]

    rows = []
    for a in assignments:
        selected = a.selection_id is not None
        probation = getattr(a, "probation", None)  # the reverse one-to-one, selected above
        row = training.get(a.officer_id)
        overdue, due_soon = courses(row, State.OVERDUE), courses(row, State.DUE_SOON)
        if not needs(attention, overdue=len(overdue), due_soon=len(due_soon)):
            continue
        rows.append(
            SchoolSroRow(
                assignment=a,
                training=row,
                overdue=overdue,
                due_soon=due_soon,
                school_interviewed=a.selection.school_administrator_took_part if selected else None,
                school_on_committee=a.school_on_committee if selected else None,
                probation=probation,
                school_reviewed=a.school_reviewed if probation is not None else None,
                opted_out_on=a.opted_out_on,
            )
        )
    return SchoolSros(school=school, program=program, rows=rows)


# -- the officer page's "Selection and probation" section ----------------------------------


@dataclass
class AssignmentProbation:
    assignment: Assignment
    probation: Probation | None
    may_keep: bool  # may start or decide it


@dataclass
class OfficerSelectionSummary:
    candidacies: list[Candidate]  # the selections the user may see, with their gaps
    assignments: list[AssignmentProbation]
    opt_outs: list[OptOut]
    may_record_opt_out: bool


def officer_selection_summary(user, officer: Officer) -> OfficerSelectionSummary:
    """For the officer page (programs/officer_detail.html). Eight queries at most, any size."""
    access = access_for(user)
    candidacies = []
    if sees_selection(access):
        selections = (
            visible_selections(access)
            .filter(officer=officer)
            .select_related("posting__school", "posting__program__district", "officer")
            .prefetch_related(*SELECTION_GAP_PREFETCH)
            .order_by("-created_at")
        )
        candidacies = [Candidate(selection=s, gaps=selection_gaps(s)) for s in selections]
    kept = set(
        probation_kept_assignments(access).filter(officer=officer).values_list("pk", flat=True)
    )
    assignments = (
        visible_assignments(access)
        .filter(officer=officer)
        .select_related("school", "probation")
        .order_by("-starts_on")
    )
    return OfficerSelectionSummary(
        candidacies=candidacies,
        assignments=[
            AssignmentProbation(
                assignment=a, probation=getattr(a, "probation", None), may_keep=a.pk in kept
            )
            for a in assignments
        ],
        opt_outs=list(officer.opt_outs.order_by("-recorded_on", "-pk")),
        may_record_opt_out=opt_out_officers(access).filter(pk=officer.pk).exists(),
    )
