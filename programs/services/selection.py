"""Writes for choosing SROs, their probation and opt-outs.

Rules: COPS-5 (specialized hiring), COPS-11 (duty assignments; officers may opt out),
NASRO 02.01.01-07, 04.01.03 and 04.01.05. Each service asks the door (programs/access.py)
whether the acting user may do what it does, with the abilities the pages ask about
(programs/selectors/selection.py): postings and selections are kept by those who run
selection in the district (SELECT) and the supervisors of their own candidates, the school
administration records its own part (PARTICIPATE), assignments are the agency's, probation
is kept (KEEP_PROBATION) and reviewed (REVIEW_PROBATION) as NASRO 02.01.07 and 04.01.05 say,
and an opt-out is the officer's or their supervisor's (COPS-11).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from programs.access import (
    CHANGE,
    KEEP_PROBATION,
    OPT_OUT,
    PARTICIPATE,
    REVIEW_PROBATION,
    SELECT,
    access_for,
    require,
)
from programs.clock import district_today, officer_today
from programs.models import (
    AgencyDistrict,
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
from programs.selectors.selection import Gap, selection_gaps
from programs.services.base import changes_save
from programs.services.officers import assignment_check, assignment_create
from sro_admin.errors import RuleViolation
from sro_admin.models import User

# -- postings ------------------------------------------------------------------------------


def _check_school_in_program(school: School | None, program: Program) -> None:
    if school is not None and school.district_id != program.district_id:
        raise RuleViolation(
            _("The school is not in the program's district."),
            field="school",
        )


def posting_create(
    *, actor: User, program: Program, title: str, opened_on: date, school: School | None = None
) -> Posting:
    require(access_for(actor).programs(SELECT), program)
    _check_school_in_program(school, program)
    posting = Posting(program=program, school=school, title=title, opened_on=opened_on)
    posting.full_clean()
    posting.save()
    return posting


def posting_update(
    *,
    actor: User,
    posting: Posting,
    title: str,
    opened_on: date,
    school: School | None,
    status: str,
) -> Posting:
    require(access_for(actor).postings(CHANGE), posting)
    _check_school_in_program(school, posting.program)
    return changes_save(
        posting, {"title": title, "opened_on": opened_on, "school": school, "status": status}
    )


# -- selections ----------------------------------------------------------------------------


def _selection_today(selection: Selection) -> date:
    return district_today(selection.posting.program.district)


def selection_create(
    *,
    actor: User,
    posting: Posting,
    officer: Officer,
    volunteered: bool | None = None,
    notes: str = "",
) -> Selection:
    """Put an officer forward for a posting.

    The candidate is an officer of an agency serving the program's district; whether they
    volunteered (COPS-5) defaults to what their officer record says.
    """
    require(access_for(actor).postings(CHANGE), posting)
    if posting.status != Posting.Status.OPEN:
        raise RuleViolation(_("Candidates can be added to open postings only."))
    if not AgencyDistrict.objects.filter(
        agency_id=officer.agency_id, district_id=posting.program.district_id
    ).exists():
        raise RuleViolation(
            _("The candidate must be an officer of an agency serving %(district)s.")
            % {"district": posting.program.district},
            field="officer",
        )
    selection = Selection(
        posting=posting,
        officer=officer,
        volunteered=officer.volunteered if volunteered is None else volunteered,
        notes=notes,
    )
    selection.full_clean()  # also refuses the same candidate twice for one posting
    selection.save()
    return selection


def committee_member_add(
    *,
    actor: User,
    selection: Selection,
    name: str,
    category: str,
    will_work_with_sro: bool = False,
) -> CommitteeMember:
    """COPS-5: a school representative and an agency supervisor who will work with the SRO,
    ideally also teachers, counselors, students, families and community members."""
    require(access_for(actor).selections(CHANGE), selection)
    return _committee_member_add(
        selection=selection, name=name, category=category, will_work_with_sro=will_work_with_sro
    )


def _committee_member_add(
    *, selection: Selection, name: str, category: str, will_work_with_sro: bool = False
) -> CommitteeMember:
    member = CommitteeMember(
        selection=selection, name=name, category=category, will_work_with_sro=will_work_with_sro
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def interview_add(
    *,
    actor: User,
    selection: Selection,
    held_on: date,
    participants: str = "",
    notes: str = "",
    school_administrator_took_part: bool = False,
    today: date | None = None,
) -> Interview:
    """Record an interview that was held. When the school administration took part in it, the
    selection says so (NASRO 02.01.01, 04.01.03; ORGS: principals take part in interviews).
    `today` is the program's district's (programs.clock), read here if not given."""
    require(access_for(actor).selections(CHANGE), selection)
    if held_on > (today or _selection_today(selection)):
        raise RuleViolation(_("The interview date is in the future."), field="held_on")
    interview = Interview(
        selection=selection, held_on=held_on, participants=participants, notes=notes
    )
    interview.full_clean()
    interview.save()
    if school_administrator_took_part:
        changes_save(selection, {"school_administrator_took_part": True})
    return interview


def rating_set(
    *, actor: User, selection: Selection, criterion: str, score: int, note: str = ""
) -> Rating:
    """The committee's rating on one of COPS-5's ten criteria, 1 to 5; a second rating on the
    same criterion replaces the first."""
    require(access_for(actor).selections(CHANGE), selection)
    return _rating_set(selection=selection, criterion=criterion, score=score, note=note)


def _rating_set(*, selection: Selection, criterion: str, score: int, note: str = "") -> Rating:
    rating = Rating.objects.filter(selection=selection, criterion=criterion).first()
    if rating is not None:
        return changes_save(rating, {"score": score, "note": note})
    rating = Rating(selection=selection, criterion=criterion, score=score, note=note)
    rating.full_clean()  # an unknown criterion or a score outside 1-5 is refused here
    rating.save()
    return rating


@transaction.atomic
def ratings_set(
    *, actor: User, selection: Selection, scores: dict[str, int | None]
) -> list[Rating]:
    """Several criteria at once, all or nothing. A criterion without a score is left as is."""
    require(access_for(actor).selections(CHANGE), selection)
    return [
        _rating_set(selection=selection, criterion=criterion, score=score)
        for criterion, score in scores.items()
        if score is not None
    ]


@transaction.atomic
def selection_participation_record(
    *, actor: User, selection: Selection, took_part: bool, representative_name: str = ""
) -> Selection:
    """The school administration says it took part in the interviews (NASRO 02.01.01) and,
    with a name, joins the committee as its school representative (COPS-5). Those who keep
    the selection may record it too."""
    require(access_for(actor).selections(PARTICIPATE), selection)
    changes_save(selection, {"school_administrator_took_part": took_part})
    name = representative_name.strip()
    if (
        name
        and not selection.committee.filter(
            name__iexact=name, category=CommitteeMember.Category.SCHOOL_REPRESENTATIVE
        ).exists()
    ):
        _committee_member_add(
            selection=selection,
            name=name,
            category=CommitteeMember.Category.SCHOOL_REPRESENTATIVE,
        )
    return selection


DECISIONS = (
    Selection.Decision.SELECTED,
    Selection.Decision.NOT_SELECTED,
    Selection.Decision.WITHDREW,
)


def selection_decide(
    *,
    actor: User,
    selection: Selection,
    decision: str,
    decided_on: date,
    notes: str | None = None,
    justification: str | None = None,
    today: date | None = None,
) -> Selection:
    """Record the decision. "Selected" needs the committee, an interview and the ten ratings
    (COPS-5), or a written justification for going without them, which the selection keeps.
    `notes` and `justification` left as None keep what is recorded."""
    require(access_for(actor).selections(CHANGE), selection)
    if decision not in DECISIONS:
        raise RuleViolation(_("Choose selected, not selected or withdrew."), field="decision")
    if decided_on > (today or _selection_today(selection)):
        raise RuleViolation(_("The decision date is in the future."), field="decided_on")
    if decision != Selection.Decision.SELECTED and selection.assignments.exists():
        raise RuleViolation(
            _("The candidate has already been assigned from this selection."), field="decision"
        )
    if justification is None:
        justification = selection.justification
    if decision == Selection.Decision.SELECTED:
        _require_justification(
            [gap for gap in selection_gaps(selection, today=decided_on) if gap.process],
            justification,
            _(
                "The selection process is not complete; record the missing steps or write a "
                "justification to select the candidate anyway."
            ),
        )
    changes = {
        "decision": decision,
        "decided_on": decided_on,
        "justification": justification.strip(),
    }
    if notes is not None:
        changes["notes"] = notes
    return changes_save(selection, changes)


# -- assigning a selected candidate ---------------------------------------------------------


def _check_assignable(*, selection: Selection, school: School, justification: str) -> None:
    if selection.decision != Selection.Decision.SELECTED:
        raise RuleViolation(_("Only a selected candidate can be assigned."))
    if school.district_id != selection.posting.program.district_id:
        raise RuleViolation(_("The school is not in the program's district."), field="school")
    # COPS-5 and NASRO 02.01.01-02 are recommendations here: departing from them is allowed,
    # but only with a written reason, which the assignment keeps (and the scorecard shows).
    _require_justification(
        selection_gaps(selection),
        justification,
        _(
            "This selection departs from the hiring recommendations; write a justification "
            "to assign the candidate anyway."
        ),
    )


def _require_justification(gaps: list[Gap], justification: str, refusal: str) -> None:
    """Going against the selection gaps `gaps` needs a written reason: refuse without one,
    naming each gap with its rule ID (COPS-5, NASRO 02.01.01)."""
    if gaps and not justification.strip():
        raise RuleViolation(
            f"{refusal} {' '.join(str(gap) for gap in gaps)}",
            rule_id=", ".join(dict.fromkeys(gap.rule_id for gap in gaps)),
            field="justification",
        )


def _mark_filled(posting: Posting) -> None:
    if posting.status == Posting.Status.OPEN:
        changes_save(posting, {"status": Posting.Status.FILLED})


@transaction.atomic
def assignment_link_selection(
    *, actor: User, assignment: Assignment, selection: Selection, justification: str = ""
) -> Assignment:
    """Record that an existing assignment came from a selection (e.g. one made before the
    selection was entered), with the same checks as assigning from it. Assignments are the
    agency's: its supervisors keep them."""
    require(access_for(actor).assignments(CHANGE), assignment)
    if assignment.officer_id != selection.officer_id:
        raise RuleViolation(_("The assignment is another officer's."))
    _check_assignable(selection=selection, school=assignment.school, justification=justification)
    changes_save(assignment, {"selection": selection, "justification": justification.strip()})
    _mark_filled(selection.posting)
    return assignment


def assignment_check_from_selection(
    *,
    actor: User,
    selection: Selection,
    school: School,
    starts_on: date,
    ends_on: date | None = None,
    kind: str = Assignment.Kind.FIXED,
    justification: str = "",
) -> list[str]:
    """Check placing a selected candidate without saving: refusals raise, the COPS-11 and
    COPS-2 warnings are returned (services.assignment_check). Asks the door as
    assignment_create_from_selection does, so the page refuses before it warns."""
    require(access_for(actor).officers(CHANGE), selection.officer)
    _check_assignable(selection=selection, school=school, justification=justification)
    return assignment_check(
        officer=selection.officer, school=school, starts_on=starts_on, ends_on=ends_on, kind=kind
    )


@transaction.atomic
def assignment_create_from_selection(
    *,
    actor: User,
    selection: Selection,
    school: School,
    starts_on: date,
    ends_on: date | None = None,
    kind: str = Assignment.Kind.FIXED,
    justification: str = "",
) -> tuple[Assignment, list[str]]:
    """Place a selected candidate at a school. Returns the assignment and its COPS-11
    warnings. Refused when the selection has COPS-5 gaps and no justification is written.
    Assignments are the agency's: the officer's supervisors place a selected candidate."""
    require(access_for(actor).officers(CHANGE), selection.officer)
    _check_assignable(selection=selection, school=school, justification=justification)
    assignment, warnings = assignment_create(
        actor=actor,
        officer=selection.officer,
        school=school,
        starts_on=starts_on,
        ends_on=ends_on,
        kind=kind,
    )
    changes_save(assignment, {"selection": selection, "justification": justification.strip()})
    _mark_filled(selection.posting)
    return assignment, warnings


# -- probation (NASRO 02.01.07, 04.01.05) ---------------------------------------------------


def _probation_today(probation: Probation) -> date:
    """Today in the district of the school the officer is on probation at."""
    return district_today(probation.assignment.school.district)


def probation_start(
    *, actor: User, assignment: Assignment, starts_on: date, ends_on: date
) -> Probation:
    """NASRO 02.01.07: kept by the officer's supervisors and the district's administrators."""
    require(access_for(actor).assignments(KEEP_PROBATION), assignment)
    if Probation.objects.filter(assignment=assignment).exists():
        raise RuleViolation(_("This assignment's probation has already been started."))
    if starts_on < assignment.starts_on:
        raise RuleViolation(
            _("The probation cannot start before the assignment does."), field="starts_on"
        )
    if ends_on < starts_on:
        raise RuleViolation(_("The probation cannot end before it starts."), field="ends_on")
    probation = Probation(assignment=assignment, starts_on=starts_on, ends_on=ends_on)
    probation.full_clean()
    probation.save()
    return probation


def probation_review_add(
    *,
    actor: User,
    probation: Probation,
    held_on: date,
    school_administrator_took_part: bool,
    participants: str = "",
    findings: str,
    today: date | None = None,
) -> ProbationReview:
    """NASRO 04.01.05: the school's administrators take part in the review, and add it too."""
    require(access_for(actor).assignments(REVIEW_PROBATION), probation.assignment)
    if held_on > (today or _probation_today(probation)):
        raise RuleViolation(_("The review date is in the future."), field="held_on")
    if held_on < probation.starts_on:
        raise RuleViolation(
            _("The review cannot be held before the probation starts."), field="held_on"
        )
    review = ProbationReview(
        probation=probation,
        held_on=held_on,
        school_administrator_took_part=school_administrator_took_part,
        participants=participants,
        findings=findings,
    )
    review.full_clean()
    review.save()
    return review


OUTCOMES = (Probation.Outcome.PASSED, Probation.Outcome.EXTENDED, Probation.Outcome.ENDED)


def probation_decide(
    *,
    actor: User,
    probation: Probation,
    outcome: str,
    outcome_on: date,
    notes: str = "",
    today: date | None = None,
) -> Probation:
    require(access_for(actor).assignments(KEEP_PROBATION), probation.assignment)
    if outcome not in OUTCOMES:
        raise RuleViolation(_("Choose an outcome."), field="outcome")
    if outcome_on > (today or _probation_today(probation)):
        raise RuleViolation(_("The decision date is in the future."), field="outcome_on")
    # NASRO 04.01.05 is mandatory: the school administration takes part in the probationary
    # review, so a probation is not passed without a review it took part in.
    if (
        outcome == Probation.Outcome.PASSED
        and not probation.reviews.filter(school_administrator_took_part=True).exists()
    ):
        raise RuleViolation(
            _(
                "A probation can be completed successfully only after a review in which the "
                "school administration took part (NASRO 04.01.05, mandatory)."
            ),
            rule_id="NASRO 04.01.05",
            field="outcome",
        )
    return changes_save(probation, {"outcome": outcome, "outcome_on": outcome_on, "notes": notes})


# -- opt-outs (COPS-11) -------------------------------------------------------------------


def opt_out_record(
    *,
    actor: User,
    officer: Officer,
    recorded_on: date,
    effective_on: date,
    reason: str = "",
    today: date | None = None,
) -> OptOut:
    """COPS-11: officers may opt out of SRO duty. The officer or their supervisor records it;
    the agency then plans the handover. `today` is the officer's
    (programs.clock.officer_today), read here if not given."""
    require(access_for(actor).officers(OPT_OUT), officer)
    if recorded_on > (today or officer_today(officer)):
        raise RuleViolation(_("The date recorded is in the future."), field="recorded_on")
    opt_out = OptOut(
        officer=officer, recorded_on=recorded_on, effective_on=effective_on, reason=reason
    )
    opt_out.full_clean()
    opt_out.save()
    return opt_out
