"""Demo selection, probation and opt-out content for one district (COPS-5, NASRO 02.01.07).

Called by programs/demo.py for each district, after its officers and their assignments exist:

    demo_selection(district=district, schools=schools, agencies=agencies,
                   officers=officers, today=today, actor=staff)

Three postings, each named after its school so that loading twice adds nothing:
- the first officer's post: a full committee, the school in the interviews, assigned, and a
  probation passed after a review the school administration took part in;
- officer index 3's post: interviewed and rated on the ten criteria (COPS-5), selected with no
  school representative on the committee, and assigned with a written justification (the
  demo's "assignment with a missing committee member"; in Riverbend the officer also has under
  three years' experience);
- a second position at the first school, open, with officer index 5 (not placed) pending.
Every change goes through the services, so the demo obeys the same rules as the pages.
"""

from __future__ import annotations

from datetime import date

from programs.selectors.training import add_months

CRITERIA_SCORES = {
    "works_with_school": 5,
    "communication": 4,
    "public_speaking": 4,
    "teaching": 3,
    "diversion": 5,
    "trauma_informed": 4,
    "respect": 5,
    "harms": 4,
    "local_needs": 4,
    "enrich_lives": 5,
}

GAPPED_SCORES = {**CRITERIA_SCORES, "public_speaking": 3, "teaching": 4, "local_needs": 5}


def demo_selection(*, district, schools, agencies, officers, today: date, actor) -> bool:
    """Add the demo postings for one district, as `actor` (site staff). Returns True if
    anything was created."""
    from programs.models import CommitteeMember, Posting
    from programs.services import selection as services

    program = district.program
    short = district.name.split(" ")[0]
    created = False

    def posting(title: str, school, opened_on: date):
        nonlocal created
        if Posting.objects.filter(program=program, title=title).exists():
            return None
        created = True
        return services.posting_create(
            actor=actor, program=program, school=school, title=title, opened_on=opened_on
        )

    def committee(selection, members):
        for name, category, works_with in members:
            services.committee_member_add(
                actor=actor,
                selection=selection,
                name=name,
                category=category,
                will_work_with_sro=works_with,
            )

    cat = CommitteeMember.Category

    # 1. The first officer: by the book, probation passed with the school taking part.
    first = officers[0]
    assignment = first.assignments.order_by("starts_on").first()
    filled = posting(f"SRO, {schools[0].name}", schools[0], add_months(assignment.starts_on, -3))
    if filled is not None:
        selection = services.selection_create(
            actor=actor, posting=filled, officer=first, volunteered=True
        )
        committee(
            selection,
            [
                (f"Quinn {short}", cat.SCHOOL_REPRESENTATIVE, False),
                (f"Blake {short}", cat.AGENCY_SUPERVISOR, True),
                (f"Rowan {short}", cat.TEACHER, False),
                (f"Sasha {short}", cat.COUNSELOR, False),
                (f"Student council representative, {schools[0].name}", cat.STUDENT, False),
                (f"Parent-teacher association chair, {short}", cat.FAMILY, False),
            ],
        )
        services.interview_add(
            actor=actor,
            selection=selection,
            held_on=add_months(assignment.starts_on, -2),
            participants=f"Quinn {short} (principal), Blake {short}, Rowan {short}, Sasha {short}",
            notes="Panel interview with scenario questions on de-escalation and diversion.",
            school_administrator_took_part=True,
        )
        services.ratings_set(actor=actor, selection=selection, scores=CRITERIA_SCORES)
        services.selection_decide(
            actor=actor,
            selection=selection,
            decision="selected",
            decided_on=add_months(assignment.starts_on, -1),
        )
        services.assignment_link_selection(actor=actor, assignment=assignment, selection=selection)
        probation = services.probation_start(
            actor=actor,
            assignment=assignment,
            starts_on=assignment.starts_on,
            ends_on=add_months(assignment.starts_on, 6),
        )
        services.probation_review_add(
            actor=actor,
            probation=probation,
            held_on=add_months(assignment.starts_on, 3),
            school_administrator_took_part=True,
            participants=f"Quinn {short} (principal), Blake {short}, {first}",
            findings="Settling in well; built early trust with students and staff.",
        )
        services.probation_review_add(
            actor=actor,
            probation=probation,
            held_on=add_months(assignment.starts_on, 6),
            school_administrator_took_part=True,
            participants=f"Quinn {short} (principal), Blake {short}, {first}",
            findings="Meets the program's expectations; no discipline involvement reported.",
        )
        services.probation_decide(
            actor=actor,
            probation=probation,
            outcome="passed",
            outcome_on=add_months(assignment.starts_on, 6),
            notes="Completed successfully with the principal's agreement.",
        )

    # 2. Officer index 3: no school representative on the committee; assigned with a reason.
    candidate = officers[3]
    assignment = candidate.assignments.order_by("starts_on").first()
    school = assignment.school
    gapped = posting(f"SRO, {school.name}", school, add_months(assignment.starts_on, -2))
    if gapped is not None:
        selection = services.selection_create(actor=actor, posting=gapped, officer=candidate)
        committee(
            selection,
            [
                (f"Blake {short}", cat.AGENCY_SUPERVISOR, True),
                (f"Tatum {short}", cat.TEACHER, False),
                (f"Community advisory board member, {short}", cat.COMMUNITY, False),
            ],
        )
        services.interview_add(
            actor=actor,
            selection=selection,
            held_on=add_months(assignment.starts_on, -1),
            participants=f"Blake {short}, Tatum {short}",
            notes="The school's principal post was vacant at the time.",
        )
        services.ratings_set(actor=actor, selection=selection, scores=GAPPED_SCORES)
        services.selection_decide(
            actor=actor,
            selection=selection,
            decision="selected",
            decided_on=add_months(assignment.starts_on, -1),
        )
        services.assignment_link_selection(
            actor=actor,
            assignment=assignment,
            selection=selection,
            justification=(
                f"The principal post at {school.name} was vacant during selection, so no "
                "school representative sat on the committee or in the interview. "
                f"{candidate} was the only applicant who had coached youth sports locally "
                "and agreed to take the post when asked. The new principal joins every "
                "probation review."
            ),
        )

    # 3. An open second position at the first school, with a pending candidate.
    unplaced = officers[5]
    second = posting(f"Second SRO, {schools[0].name}", schools[0], add_months(today, -1))
    if second is not None:
        selection = services.selection_create(
            actor=actor, posting=second, officer=unplaced, volunteered=True
        )
        committee(selection, [(f"Blake {short}", cat.AGENCY_SUPERVISOR, True)])
    return created
