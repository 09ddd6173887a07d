"""Reads for choosing SROs, their probation and opt-outs.

Rules: COPS-5 (specialized hiring), COPS-11 (officers may opt out), NASRO 02.01.01-07,
04.01.03 and 04.01.05. Every query starts from the access door (programs/access.py).

Who may do what with selection (the door's `postings()`, `selections()` and
`assignments()` querysets, by ability):
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

from programs.access import (
    CHANGE,
    KEEP_PROBATION,
    OPT_OUT,
    OVERSEE,
    PARTICIPATE,
    REVIEW_PROBATION,
    SELECT,
    Access,
    access_for,
)
from programs.clock import district_today, school_today
from programs.models import (
    Assignment,
    CommitteeMember,
    Interview,
    Officer,
    OptOut,
    Posting,
    Probation,
    ProbationReview,
    Program,
    Rating,
    School,
    Selection,
)
from programs.selectors.training import GridRow, State, needs, training_grid
from sro_admin.audit import HistoryEntry, history_for

MIN_EXPERIENCE_YEARS = 3  # COPS-5, NASRO 02.01.02
# What selection_gaps reads: prefetch these when listing many selections.
SELECTION_GAP_PREFETCH = ("committee", "interviews", "ratings")


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
    if not access.takes_part_in_selection:
        raise Http404


def selection_role_required(user) -> None:
    """SROs and people without a role have no part in selection: "not found", like another
    tenant's object."""
    _require_selection_role(access_for(user))


def posting_list_for(user) -> QuerySet[Posting]:
    """Postings of the programs the user takes part in, each with its candidates counted."""
    access = access_for(user)
    _require_selection_role(access)
    visible = access.selections().values("pk")
    return (
        access.postings()
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


def postings_awaiting_school(postings: QuerySet[Posting]) -> QuerySet[Posting]:
    """Those of `postings` with a candidate still undecided whose interview the school's
    administration has not recorded taking part in (NASRO 02.01.01, 04.01.03)."""
    return postings.filter(
        Exists(
            Selection.objects.filter(  # door: the candidates of postings the caller scoped
                posting=OuterRef("pk"),
                decision=Selection.Decision.PENDING,
                school_administrator_took_part=False,
            )
        )
    )


def posting_get_for(user, pk: int) -> Posting:
    access = access_for(user)
    _require_selection_role(access)
    return get_object_or_404(access.postings().select_related("program__district", "school"), pk=pk)


def posting_programs_for(user) -> QuerySet[Program]:
    """Programs the user may post SRO positions in."""
    return access_for(user).programs(SELECT).select_related("district").order_by("district__name")


def posting_schools_for(user) -> QuerySet[School]:
    """Schools for the postings filter: those of the postings the user may see."""
    access = access_for(user)
    return (
        access.schools()
        .filter(pk__in=access.postings().values("school_id"))
        .select_related("district")
        .order_by("district__name", "name")
    )


def posting_form_schools_for(user) -> QuerySet[School]:
    """Schools a new or changed posting may be for."""
    access = access_for(user)
    return (
        access.schools()
        .filter(district__in=access.districts(SELECT))
        .select_related("district")
        .order_by("district__name", "name")
    )


def posting_may_manage(user, posting: Posting) -> bool:
    access = access_for(user)
    return access.districts(SELECT).filter(pk=posting.program.district_id).exists()


@dataclass
class Candidate:
    selection: Selection
    gaps: list[Gap]


def posting_candidates(user, posting: Posting) -> list[Candidate]:
    """The candidates the user may see, each with its COPS-5 gaps. Five queries."""
    today = district_today(posting.program.district)  # experience of the undecided, until today
    selections = (
        access_for(user)
        .selections()
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
        access.selections().select_related(
            "officer__agency", "posting__program__district", "posting__school"
        ),
        pk=pk,
    )


def selection_may_manage(user, selection: Selection) -> bool:
    return access_for(user).selections(CHANGE).filter(pk=selection.pk).exists()


def selection_may_participate(user, selection: Selection) -> bool:
    return access_for(user).selections(PARTICIPATE).filter(pk=selection.pk).exists()


def selection_may_assign(user, selection: Selection) -> bool:
    """Assignments are the agency's: the officer's supervisors place a selected candidate."""
    return access_for(user).officers(CHANGE).filter(pk=selection.officer_id).exists()


def selection_candidate_officers(user, posting: Posting) -> QuerySet[Officer]:
    """Officers the user may put forward: of agencies serving the posting's district (COPS-5).

    District administrators put forward any such officer they see; supervisors their own.
    """
    access = access_for(user)
    district_id = posting.program.district_id
    officers = access.officers()
    if not access.districts(CHANGE).filter(pk=district_id).exists():
        officers = access.officers(CHANGE)
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
            access.assignments()
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
        access_for(user)
        .assignments()
        .select_related("officer__agency", "school__district", "selection__posting"),
        pk=pk,
    )


def probation_may_keep(user, assignment: Assignment) -> bool:
    return access_for(user).assignments(KEEP_PROBATION).filter(pk=assignment.pk).exists()


def probation_may_review(user, assignment: Assignment) -> bool:
    return access_for(user).assignments(REVIEW_PROBATION).filter(pk=assignment.pk).exists()


def probation_of(assignment: Assignment) -> Probation | None:
    return Probation.objects.filter(assignment=assignment).first()


def probation_reviews(probation: Probation) -> QuerySet[ProbationReview]:
    return probation.reviews.order_by("held_on", "pk")


# -- opt-outs ------------------------------------------------------------------------------


def opt_out_may_record(user, officer: Officer) -> bool:
    return access_for(user).officers(OPT_OUT).filter(pk=officer.pk).exists()


# -- a school's SROs -----------------------------------------------------------------------


def school_sros_may_see(user, school: School) -> bool:
    return access_for(user).schools(OVERSEE).filter(pk=school.pk).exists()


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
        access_for(user)
        .assignments()
        .filter(school=school)
        .not_ended_by(today)
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
    program = access_for(user).programs().filter(district_id=school.district_id).first()
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
    if access.takes_part_in_selection:
        selections = (
            access.selections()
            .filter(officer=officer)
            .select_related("posting__school", "posting__program__district", "officer")
            .prefetch_related(*SELECTION_GAP_PREFETCH)
            .order_by("-created_at")
        )
        candidacies = [Candidate(selection=s, gaps=selection_gaps(s)) for s in selections]
    kept = set(
        access.assignments(KEEP_PROBATION).filter(officer=officer).values_list("pk", flat=True)
    )
    assignments = (
        access.assignments()
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
        may_record_opt_out=access.officers(OPT_OUT).filter(pk=officer.pk).exists(),
    )
