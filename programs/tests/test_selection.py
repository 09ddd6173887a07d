"""Choosing SROs, probation and opt-outs: the rules (services, selectors), the pages, the
query counts and the demo. COPS-5, COPS-11, NASRO 02.01.01-07, 04.01.03, 04.01.05."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import north_today
from programs.clock import district_today
from programs.models import (
    Assignment,
    CommitteeMember,
    OptOut,
    Posting,
    Probation,
    Rating,
    Selection,
    TrainingRecord,
)
from programs.selectors import selection as select
from programs.selectors.training import add_months
from programs.services import selection as services
from programs.tests.factories import OfficerFactory
from sro_admin.errors import RuleViolation


def years_ago(years: float) -> date:
    return north_today() - timedelta(days=round(years * 365.25))


@pytest.fixture
def posting(world):
    return services.posting_create(
        actor=world.users["district_admin"],
        program=world.program,
        school=world.school,
        title="SRO, North High School",
        opened_on=north_today(),
    )


ALL_FOURS = {code: 4 for code, _label in Rating.Criterion.choices}


def complete(selection: Selection, *, actor) -> Selection:
    """Give a selection everything COPS-5 and NASRO 02.01.01 ask for: a committee with the
    school and a supervisor who will work with the SRO, an interview the school took part
    in, and the ten ratings, recorded by `actor`."""
    services.committee_member_add(
        actor=actor,
        selection=selection,
        name="Pat Principal",
        category="school_representative",
    )
    services.committee_member_add(
        actor=actor,
        selection=selection,
        name="Sgt. Reyes",
        category="agency_supervisor",
        will_work_with_sro=True,
    )
    services.interview_add(
        actor=actor,
        selection=selection,
        held_on=north_today(),
        participants="Pat Principal, Sgt. Reyes",
        school_administrator_took_part=True,
    )
    services.ratings_set(actor=actor, selection=selection, scores=ALL_FOURS)
    return selection


@pytest.fixture
def candidate(world, posting):
    """Lee, ten years sworn, volunteered, with a complete committee: no gaps."""
    world.colleague.sworn_on = years_ago(10)
    world.colleague.volunteered = True
    world.colleague.save()
    return complete(
        services.selection_create(
            actor=world.users["district_admin"], posting=posting, officer=world.colleague
        ),
        actor=world.users["district_admin"],
    )


def warnings_seen(body: str) -> dict[str, str]:
    """The field a form with warnings sends back to go ahead (sro_admin.pages)."""
    return {"warnings_seen": body.split('name="warnings_seen" value="')[1].split('"')[0]}


def gap_rules(selection) -> list[tuple[str, str]]:
    selection = Selection.objects.get(pk=selection.pk)
    return [(g.rule_id, g.message) for g in select.selection_gaps(selection)]


# -- the COPS-5 gaps ---------------------------------------------------------------------


def test_a_complete_selection_has_no_gaps(candidate):
    assert gap_rules(candidate) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda s: s.committee.filter(category="school_representative").delete(),
            ("COPS-5", "No school representative on the selection committee."),
        ),
        (
            lambda s: s.committee.filter(category="agency_supervisor").update(
                will_work_with_sro=False
            ),
            (
                "COPS-5",
                "No agency supervisor who will work with the SRO on the selection committee.",
            ),
        ),
        (
            lambda s: Selection.objects.filter(pk=s.pk).update(
                school_administrator_took_part=False
            ),
            ("NASRO 02.01.01", "The school administration did not take part in the interviews."),
        ),
        (
            lambda s: Selection.objects.filter(pk=s.pk).update(volunteered=False),
            ("COPS-5", "The candidate did not volunteer for SRO duty."),
        ),
        (
            lambda s: Selection.objects.filter(pk=s.pk).update(volunteered=None),
            ("COPS-5", "It is not recorded whether the candidate volunteered for SRO duty."),
        ),
        (
            lambda s: type(s.officer).objects.filter(pk=s.officer_id).update(sworn_on=None),
            (
                "COPS-5",
                "The candidate's sworn-in date is not recorded, so three years of "
                "law-enforcement experience cannot be confirmed.",
            ),
        ),
        (
            lambda s: type(s.officer).objects.filter(pk=s.officer_id).update(sworn_on=years_ago(2)),
            (
                "COPS-5",
                "The candidate has 2.0 years of law-enforcement experience; at least three are "
                "recommended (also NASRO 02.01.02).",
            ),
        ),
    ],
)
def test_each_gap_is_named_with_its_rule(candidate, change, expected):
    change(candidate)
    assert gap_rules(candidate) == [expected]


def test_experience_is_counted_on_the_decision_date(world, candidate):
    type(candidate.officer).objects.filter(pk=candidate.officer_id).update(sworn_on=years_ago(3.5))
    assert gap_rules(candidate) == []  # pending: counted today, 3.5 years
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=candidate,
        decision="selected",
        decided_on=years_ago(1),
    )
    assert [rule for rule, _message in gap_rules(candidate)] == ["COPS-5"]  # 2.5 years then


# -- selection records -------------------------------------------------------------------


def test_a_candidate_must_be_an_officer_of_an_agency_serving_the_district(world, posting):
    south_officer = OfficerFactory(agency=world.south_agency)
    with pytest.raises(RuleViolation) as refused:
        services.selection_create(
            actor=world.users["district_admin"], posting=posting, officer=south_officer
        )
    assert refused.value.field == "officer"
    assert "agency serving North District" in refused.value.message
    # The second agency serving North is fine: COPS-5 asks for a diverse pool.
    sheriff = OfficerFactory(agency=world.second_agency, volunteered=True)
    selection = services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=sheriff
    )
    assert selection.volunteered is True  # from the officer record
    with pytest.raises(ValidationError):  # the same candidate twice
        services.selection_create(
            actor=world.users["district_admin"], posting=posting, officer=sheriff
        )


def test_candidates_are_added_to_open_postings_only(world, posting):
    services.posting_update(
        actor=world.users["district_admin"],
        posting=posting,
        title=posting.title,
        opened_on=posting.opened_on,
        school=None,
        status="closed",
    )
    with pytest.raises(RuleViolation):
        services.selection_create(
            actor=world.users["district_admin"], posting=posting, officer=world.colleague
        )


def test_a_posting_is_for_a_school_of_its_own_district(world):
    with pytest.raises(RuleViolation) as refused:
        services.posting_create(
            actor=world.users["district_admin"],
            program=world.program,
            school=world.south_school,
            title="X",
            opened_on=north_today(),
        )
    assert refused.value.field == "school"


def test_one_rating_per_criterion_from_1_to_5(world, candidate):
    services.rating_set(
        actor=world.users["district_admin"], selection=candidate, criterion="diversion", score=3
    )
    services.rating_set(
        actor=world.users["district_admin"],
        selection=candidate,
        criterion="diversion",
        score=5,
        note="Strong",
    )
    assert list(
        candidate.ratings.filter(criterion="diversion").values_list("criterion", "score", "note")
    ) == [("diversion", 5, "Strong")]
    for criterion, score in [("diversion", 6), ("teaching", 0), ("not_a_criterion", 3)]:
        with pytest.raises(ValidationError):
            services.rating_set(
                actor=world.users["district_admin"],
                selection=candidate,
                criterion=criterion,
                score=score,
            )
    services.ratings_set(
        actor=world.users["district_admin"],
        selection=candidate,
        scores={code: 4 for code, _label in Rating.Criterion.choices},
    )
    assert candidate.ratings.count() == 10


def test_interviews_with_the_school_administration_close_the_nasro_gap(
    frozen_clock, world, posting
):
    selection = services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.colleague
    )
    with pytest.raises(RuleViolation, match="The interview date is in the future."):
        services.interview_add(
            actor=world.users["district_admin"],
            selection=selection,
            held_on=north_today() + timedelta(days=1),
        )
    services.interview_add(
        actor=world.users["district_admin"],
        selection=selection,
        held_on=north_today(),
        participants="Panel",
    )
    assert ("NASRO 02.01.01", "The school administration did not take part in the interviews.") in (
        gap_rules(selection)
    )
    services.interview_add(
        actor=world.users["district_admin"],
        selection=selection,
        held_on=north_today(),
        school_administrator_took_part=True,
    )
    assert "NASRO 02.01.01" not in [rule for rule, _m in gap_rules(selection)]


def test_selected_needs_a_committee_an_interview_and_ten_ratings_or_a_justification(world, posting):
    selection = services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.colleague
    )
    for justification in ({}, {"justification": ""}, {"justification": "   "}):
        with pytest.raises(RuleViolation) as refused:
            services.selection_decide(
                actor=world.users["district_admin"],
                selection=selection,
                decision="selected",
                decided_on=north_today(),
                **justification,
            )
        assert (refused.value.field, refused.value.rule_id) == ("justification", "COPS-5")
    message = refused.value.message
    assert "No selection committee is recorded" in message
    assert "COPS-5: No interview is recorded." in message
    assert "Not rated on 10 of the ten hiring criteria: Works well with students" in message
    selection.refresh_from_db()
    assert selection.decision == "pending"
    # "Not selected" and "withdrew" need none of it.
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=selection,
        decision="not_selected",
        decided_on=north_today(),
    )

    # Each step closes its gap; the refusal names what is still missing.
    services.committee_member_add(
        actor=world.users["district_admin"],
        selection=selection,
        name="Sgt. Reyes",
        category="agency_supervisor",
    )
    services.interview_add(
        actor=world.users["district_admin"],
        selection=selection,
        held_on=north_today(),
        participants="Sgt. Reyes",
    )
    services.ratings_set(
        actor=world.users["district_admin"],
        selection=selection,
        scores={**ALL_FOURS, "public_speaking": None, "local_needs": None},
    )
    with pytest.raises(RuleViolation) as refused:
        services.selection_decide(
            actor=world.users["district_admin"],
            selection=selection,
            decision="selected",
            decided_on=north_today(),
        )
    assert refused.value.message.endswith(
        "COPS-5: Not rated on 2 of the ten hiring criteria: Public speaking; Knows local needs."
    )
    assert "committee" not in refused.value.message and "interview" not in refused.value.message

    # With a written reason the decision is recorded, and the reason kept with it.
    reason = "The panel ran out of time on two criteria; both are covered in probation."
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=selection,
        decision="selected",
        decided_on=north_today(),
        justification=reason,
    )
    selection.refresh_from_db()
    assert (selection.decision, selection.justification) == ("selected", reason)
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=selection,
        decision="selected",
        decided_on=north_today(),
    )
    selection.refresh_from_db()
    assert selection.justification == reason  # not given: kept


def test_a_decision_is_selected_not_selected_or_withdrew_and_not_in_the_future(
    frozen_clock, world, candidate
):
    with pytest.raises(RuleViolation):
        services.selection_decide(
            actor=world.users["district_admin"],
            selection=candidate,
            decision="pending",
            decided_on=north_today(),
        )
    with pytest.raises(RuleViolation):
        services.selection_decide(
            actor=world.users["district_admin"],
            selection=candidate,
            decision="selected",
            decided_on=north_today() + timedelta(days=1),
        )
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=candidate,
        decision="withdrew",
        decided_on=north_today(),
    )
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.decided_on) == ("withdrew", north_today())


# -- assigning from a selection ---------------------------------------------------------


def assign(selection, world, **extra):
    return services.assignment_create_from_selection(
        actor=world.users["le_supervisor"],
        selection=selection,
        school=world.other_school,
        starts_on=date(2026, 8, 1),
        kind="fixed",
        **extra,
    )


@pytest.mark.parametrize("decision", ["pending", "not_selected", "withdrew"])
def test_only_a_selected_candidate_can_be_assigned(candidate, world, decision):
    if decision != "pending":
        services.selection_decide(
            actor=world.users["district_admin"],
            selection=candidate,
            decision=decision,
            decided_on=north_today(),
        )
    with pytest.raises(RuleViolation) as refused:
        assign(candidate, world, justification="Anyway")
    assert refused.value.message == "Only a selected candidate can be assigned."
    assert not Assignment.objects.filter(officer=world.colleague).exists()


def test_a_selection_without_gaps_is_assigned_without_justification(candidate, world, posting):
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=candidate,
        decision="selected",
        decided_on=north_today(),
    )
    assignment, warnings = assign(candidate, world, ends_on=date(2027, 6, 30))
    assert (assignment.selection, assignment.justification) == (candidate, "")
    assert assignment.school == world.other_school
    # assignment_create's COPS-11 warnings come through.
    assert warnings and warnings[0].startswith("COPS-11: the assignment is shorter")
    posting.refresh_from_db()
    assert posting.status == Posting.Status.FILLED


def test_gaps_need_a_written_justification_naming_each_one(world, posting):
    # Lee: no sworn-in date, volunteering not recorded, no committee, no school interviews.
    selection = services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.colleague
    )
    services.committee_member_add(
        actor=world.users["district_admin"],
        selection=selection,
        name="Sgt. Reyes",
        category="agency_supervisor",
        will_work_with_sro=True,
    )
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=selection,
        decision="selected",
        decided_on=north_today(),
        justification="Selected before the interview panel met.",
    )
    for blank in ("", "   "):
        with pytest.raises(RuleViolation) as refused:
            assign(selection, world, justification=blank)
        assert refused.value.field == "justification"
    message = refused.value.message
    assert refused.value.rule_id == "COPS-5, NASRO 02.01.01"
    for gap in select.selection_gaps(selection):
        assert f"{gap.rule_id}: {gap.message}" in message
    assert "No school representative" in message and "did not take part" in message
    assert not Assignment.objects.filter(officer=world.colleague).exists()

    assignment, _warnings = assign(selection, world, justification="Only volunteer available.")
    assignment.refresh_from_db()
    assert assignment.selection == selection
    assert assignment.justification == "Only volunteer available."


def test_an_assignment_is_at_a_school_of_the_postings_district(candidate, world):
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=candidate,
        decision="selected",
        decided_on=north_today(),
    )
    with pytest.raises(RuleViolation) as refused:
        services.assignment_create_from_selection(
            actor=world.users["le_supervisor"],
            selection=candidate,
            school=world.south_school,
            starts_on=date(2026, 8, 1),
            kind="fixed",
        )
    assert refused.value.field == "school"


def test_an_assigned_selection_keeps_its_decision(candidate, world):
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=candidate,
        decision="selected",
        decided_on=north_today(),
    )
    assign(candidate, world)
    with pytest.raises(RuleViolation):
        services.selection_decide(
            actor=world.users["district_admin"],
            selection=candidate,
            decision="withdrew",
            decided_on=north_today(),
        )


def test_linking_an_existing_assignment_checks_the_same_rules(world, posting):
    selection = services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.officer
    )
    other = services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.colleague
    )
    services.selection_decide(
        actor=world.users["district_admin"],
        selection=selection,
        decision="selected",
        decided_on=north_today(),
        justification="Placed.",
    )
    assignment = world.officer.assignments.get()
    with pytest.raises(RuleViolation):
        services.assignment_link_selection(
            actor=world.users["le_supervisor"], assignment=assignment, selection=selection
        )
    services.assignment_link_selection(
        actor=world.users["le_supervisor"],
        assignment=assignment,
        selection=selection,
        justification="Placed before the program.",
    )
    assignment.refresh_from_db()
    assert assignment.selection == selection
    posting.refresh_from_db()
    assert posting.status == Posting.Status.FILLED
    with pytest.raises(RuleViolation):  # not Lee's assignment
        services.assignment_link_selection(
            actor=world.users["le_supervisor"], assignment=assignment, selection=other
        )


# -- probation ---------------------------------------------------------------------------


@pytest.fixture
def probation(world):
    assignment = world.officer.assignments.get()
    return services.probation_start(
        actor=world.users["le_supervisor"],
        assignment=assignment,
        starts_on=assignment.starts_on,
        ends_on=date(2026, 2, 1),
    )


def test_probation_dates_are_checked(world, probation):
    assignment = world.officer.assignments.get()
    with pytest.raises(RuleViolation):  # already started
        services.probation_start(
            actor=world.users["le_supervisor"],
            assignment=assignment,
            starts_on=assignment.starts_on,
            ends_on=date(2026, 2, 1),
        )
    lee = Assignment.objects.create(
        officer=world.colleague, school=world.other_school, starts_on=date(2025, 9, 1)
    )
    with pytest.raises(RuleViolation) as refused:
        services.probation_start(
            actor=world.users["le_supervisor"],
            assignment=lee,
            starts_on=date(2025, 8, 1),
            ends_on=date(2026, 2, 1),
        )
    assert refused.value.field == "starts_on"
    with pytest.raises(RuleViolation) as refused:
        services.probation_start(
            actor=world.users["le_supervisor"],
            assignment=lee,
            starts_on=date(2025, 9, 1),
            ends_on=date(2025, 8, 31),
        )
    assert refused.value.field == "ends_on"


def test_a_probation_passes_only_after_a_review_with_the_school_administration(
    frozen_clock, world, probation
):
    services.probation_review_add(
        actor=world.users["le_supervisor"],
        probation=probation,
        held_on=date(2025, 11, 1),
        school_administrator_took_part=False,
        participants="Sgt. Reyes",
        findings="Fine.",
    )
    with pytest.raises(RuleViolation) as refused:
        services.probation_decide(
            actor=world.users["le_supervisor"],
            probation=probation,
            outcome="passed",
            outcome_on=north_today(),
        )
    assert refused.value.rule_id == "NASRO 04.01.05"
    assert refused.value.field == "outcome"
    assert "NASRO 04.01.05" in refused.value.message
    # Extending it needs no such review.
    services.probation_decide(
        actor=world.users["le_supervisor"],
        probation=probation,
        outcome="extended",
        outcome_on=north_today(),
    )
    services.probation_review_add(
        actor=world.users["le_supervisor"],
        probation=probation,
        held_on=date(2026, 1, 15),
        school_administrator_took_part=True,
        participants="Pat Principal, Sgt. Reyes",
        findings="Ready.",
    )
    services.probation_decide(
        actor=world.users["le_supervisor"],
        probation=probation,
        outcome="passed",
        outcome_on=north_today(),
    )
    probation.refresh_from_db()
    assert (probation.outcome, probation.outcome_on) == ("passed", north_today())


# -- opt-outs ----------------------------------------------------------------------------


def test_an_opt_out_is_recorded_and_not_dated_in_the_future(frozen_clock, world):
    with pytest.raises(RuleViolation):
        services.opt_out_record(
            actor=world.users["le_supervisor"],
            officer=world.officer,
            recorded_on=north_today() + timedelta(days=1),
            effective_on=north_today() + timedelta(days=30),
        )
    opt_out = services.opt_out_record(
        actor=world.users["le_supervisor"],
        officer=world.officer,
        recorded_on=north_today(),
        effective_on=north_today() + timedelta(days=30),
        reason="Returning to patrol.",
    )
    assert list(world.officer.opt_outs.all()) == [opt_out]


def opt_out_post(client, officer):
    return client.post(
        reverse("opt-out-create", args=[officer.pk]),
        {
            "recorded_on": north_today().isoformat(),
            "effective_on": north_today().isoformat(),
            "reason": "x",
        },
    )


@pytest.mark.parametrize(
    "role, status",
    [
        ("sro", 302),  # Sam himself
        ("le_supervisor", 302),  # his supervisor
        ("district_admin", 403),
        ("school_admin", 403),
        ("program_viewer", 403),
        ("other_supervisor", 404),
    ],
)
def test_an_officer_or_their_supervisor_records_an_opt_out_nobody_else(
    frozen_clock, client, world, role, status
):
    client.force_login(world.users[role])
    assert opt_out_post(client, world.officer).status_code == status
    assert OptOut.objects.filter(officer=world.officer).count() == (1 if status == 302 else 0)


def test_an_sro_cannot_opt_a_colleague_out(client, world):
    client.force_login(world.users["sro"])
    assert opt_out_post(client, world.colleague).status_code == 404  # Sam does not see Lee
    assert not OptOut.objects.exists()


# -- who sees what -----------------------------------------------------------------------


def test_who_sees_a_selection_but_does_not_keep_it_is_refused_by_the_services(world, candidate):
    """Each service asks the door, whoever calls it (ADR 0015)."""
    posting = candidate.posting
    viewer, school_admin = world.users["program_viewer"], world.users["school_admin"]
    with pytest.raises(PermissionDenied):  # the viewer reads the district's postings only
        services.posting_update(
            actor=viewer,
            posting=posting,
            title="X",
            opened_on=posting.opened_on,
            school=None,
            status="closed",
        )
    with pytest.raises(PermissionDenied):
        services.selection_create(actor=viewer, posting=posting, officer=world.officer)
    with pytest.raises(PermissionDenied):  # the school records its own part, not the decision
        services.selection_decide(
            actor=school_admin, selection=candidate, decision="selected", decided_on=north_today()
        )
    with pytest.raises(PermissionDenied):
        services.committee_member_add(
            actor=school_admin, selection=candidate, name="X", category="teacher"
        )
    with pytest.raises(PermissionDenied):  # assignments are the agency's (COPS-11)
        services.assignment_create_from_selection(
            actor=world.users["district_admin"],
            selection=candidate,
            school=world.school,
            starts_on=date(2026, 8, 1),
            justification="Anyway",
        )
    with pytest.raises(PermissionDenied):  # Sam reads his probation; others keep it
        services.probation_start(
            actor=world.users["sro"],
            assignment=world.officer.assignments.get(),
            starts_on=date(2025, 8, 1),
            ends_on=date(2026, 2, 1),
        )
    with pytest.raises(PermissionDenied):  # the officer or their supervisor only (COPS-11)
        services.opt_out_record(
            actor=world.users["district_admin"],
            officer=world.officer,
            recorded_on=north_today(),
            effective_on=north_today(),
        )
    posting.refresh_from_db()
    candidate.refresh_from_db()
    assert (posting.title, posting.status, candidate.decision) == (
        "SRO, North High School",
        "open",
        "pending",
    )
    assert candidate.committee.count() == 2 and not posting.selections.exclude(pk=candidate.pk)
    assert not Assignment.objects.filter(selection=candidate).exists()
    assert not Probation.objects.exists() and not OptOut.objects.exists()


def test_a_supervisor_sees_and_keeps_only_their_own_agencys_candidates(client, world, posting):
    sheriff = OfficerFactory(agency=world.second_agency, last_name="Deputy")
    theirs = services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=sheriff
    )
    ours = services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.colleague
    )
    client.force_login(world.users["le_supervisor"])
    assert client.get(reverse("selection-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("selection-detail", args=[ours.pk])).status_code == 200
    body = client.get(reverse("posting-detail", args=[posting.pk])).content.decode()
    assert "Lee Colleague" in body and "Deputy" not in body
    client.force_login(world.users["district_admin"])  # the district sees every candidate
    body = client.get(reverse("posting-detail", args=[posting.pk])).content.decode()
    assert "Lee Colleague" in body and "Deputy" in body


def test_a_school_administrator_sees_their_schools_postings_only(client, world, posting):
    elsewhere = services.posting_create(
        actor=world.users["district_admin"],
        program=world.program,
        school=world.other_school,
        title="SRO, Middle",
        opened_on=north_today(),
    )
    client.force_login(world.users["school_admin"])
    body = client.get(reverse("posting-list")).content.decode()
    assert "SRO, North High School" in body and "SRO, Middle" not in body
    assert client.get(reverse("posting-detail", args=[elsewhere.pk])).status_code == 404


def test_candidate_choices_come_from_the_door(client, world, posting):
    sheriff = OfficerFactory(agency=world.second_agency, last_name="Deputy")
    south = OfficerFactory(agency=world.south_agency, last_name="Southerner")
    url = reverse("selection-create", args=[posting.pk])
    client.force_login(world.users["le_supervisor"])
    body = client.get(url).content.decode()
    assert "Lee Colleague" in body and "Deputy" not in body and "Southerner" not in body
    response = client.post(url, {"officer": sheriff.pk, "volunteered": "unknown"})
    assert "Select a valid choice" in response.content.decode()
    client.force_login(world.users["district_admin"])
    assert "Deputy" in client.get(url).content.decode()
    response = client.post(url, {"officer": south.pk, "volunteered": "unknown"})
    assert "Select a valid choice" in response.content.decode()
    response = client.post(url, {"officer": sheriff.pk, "volunteered": "true"})
    selection = Selection.objects.get(officer=sheriff)
    assert response["Location"] == reverse("selection-detail", args=[selection.pk])
    assert selection.volunteered is True


# -- the pages ---------------------------------------------------------------------------


def test_a_supervisor_runs_a_selection_through_the_pages(frozen_clock, client, world):
    client.force_login(world.users["le_supervisor"])
    response = client.post(
        reverse("posting-create"),
        {
            "program": world.program.pk,
            "school": world.school.pk,
            "title": "SRO, North High School",
            "opened_on": "2026-01-05",
        },
    )
    posting = Posting.objects.get()
    assert response["Location"] == reverse("posting-detail", args=[posting.pk])
    client.post(
        reverse("selection-create", args=[posting.pk]),
        {"officer": world.colleague.pk, "volunteered": "true"},
    )
    selection = Selection.objects.get()
    url = reverse("selection-detail", args=[selection.pk])
    client.post(
        reverse("committee-member-add", args=[selection.pk]),
        {"name": "Sgt. Reyes", "category": "agency_supervisor", "will_work_with_sro": "on"},
    )
    client.post(
        reverse("interview-add", args=[selection.pk]),
        {"held_on": "2026-01-20", "participants": "Sgt. Reyes", "notes": ""},
    )
    client.post(reverse("rating-set", args=[selection.pk]), {"diversion": "5", "teaching": "4"})
    assert dict(selection.ratings.values_list("criterion", "score")) == {
        "diversion": 5,
        "teaching": 4,
    }
    decide_url = reverse("selection-decide", args=[selection.pk])
    decision = {"decision": "selected", "decided_on": north_today().isoformat(), "notes": ""}
    refused = client.post(decide_url, decision).content.decode()
    assert "Not rated on 8 of the ten hiring criteria" in refused  # next to the justification
    assert 'id="error_1_id_justification"' in refused
    selection.refresh_from_db()
    assert selection.decision == "pending"
    client.post(decide_url, {**decision, "justification": "Panel short of time."})
    body = client.get(url).content.decode()
    assert "Selected" in body and "Panel short of time." in body
    assert "<strong>COPS-5</strong>: No school representative on the selection committee." in body
    assert "<strong>NASRO 02.01.01</strong>: The school administration did not take part" in body
    assert f'action="{reverse("selection-assign", args=[selection.pk])}"' in body

    assign_url = reverse("selection-assign", args=[selection.pk])
    data = {"school": world.school.pk, "starts_on": "2026-02-01", "kind": "fixed"}
    refused = client.post(assign_url, {**data, "justification": ""}).content.decode()
    assert "write a justification" in refused and "No school representative" in refused
    assert not Assignment.objects.filter(officer=world.colleague).exists()
    data["justification"] = "Principal on leave."
    # COPS-2: no MOU covers North High School: shown on the form, nothing saved yet.
    warned = client.post(assign_url, data).content.decode()
    assert "no executed MOU in force" in warned and "Assign anyway" in warned
    assert not Assignment.objects.filter(officer=world.colleague).exists()
    done = client.post(assign_url, {**data, **warnings_seen(warned)}, follow=True)
    assert "Assigned Lee Colleague." in done.content.decode()
    assert Assignment.objects.get(officer=world.colleague).justification == "Principal on leave."


def test_the_decision_form_is_not_for_school_administrators(client, world, candidate):
    client.force_login(world.users["school_admin"])
    body = client.get(reverse("selection-detail", args=[candidate.pk])).content.decode()
    assert "Record the decision" not in body and "Save the school's part" in body
    response = client.post(
        reverse("selection-decide", args=[candidate.pk]),
        {"decision": "selected", "decided_on": north_today().isoformat()},
    )
    assert response.status_code == 403


def test_the_school_administrator_records_their_part(client, world, posting):
    selection = services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.colleague
    )
    client.force_login(world.users["school_admin"])
    response = client.post(
        reverse("selection-participation", args=[selection.pk]),
        {"took_part": "on", "representative_name": "Pat Principal"},
    )
    assert response.status_code == 302
    selection.refresh_from_db()
    assert selection.school_administrator_took_part is True
    assert list(selection.committee.values_list("name", "category")) == [
        ("Pat Principal", "school_representative")
    ]
    rules = [rule for rule, message in gap_rules(selection)]
    assert "NASRO 02.01.01" not in rules


def test_passing_a_probation_on_the_page_cites_nasro_04_01_05(
    frozen_clock, client, world, probation
):
    assignment = probation.assignment
    client.force_login(world.users["school_admin"])  # the school's administrator adds reviews
    response = client.post(
        reverse("probation-review-add", args=[assignment.pk]),
        {"held_on": "2025-11-01", "participants": "", "findings": "Going well."},
    )
    assert response.status_code == 302
    assert client.post(reverse("probation-decide", args=[assignment.pk])).status_code == 403
    client.force_login(world.users["district_admin"])
    body = client.post(
        reverse("probation-decide", args=[assignment.pk]),
        {"outcome": "passed", "outcome_on": north_today().isoformat(), "notes": ""},
    ).content.decode()
    assert "NASRO 04.01.05" in body
    probation.refresh_from_db()
    assert probation.outcome == "pending"
    client.force_login(world.users["sro"])  # Sam reads his own probation
    body = client.get(reverse("probation-detail", args=[assignment.pk])).content.decode()
    assert "Going well." in body and "Record the outcome" not in body


def test_the_probation_start_page_refuses_a_reversed_period_in_words(client, world):
    assignment = world.officer.assignments.get()
    client.force_login(world.users["le_supervisor"])
    body = client.post(
        reverse("probation-start", args=[assignment.pk]),
        {"starts_on": "2025-09-01", "ends_on": "2025-08-01"},
    ).content.decode()
    assert "The probation cannot end before it starts." in body
    assert not Probation.objects.exists()


def test_the_school_sros_page_shows_training_selection_and_probation(client, world, probation):
    services.probation_review_add(
        actor=world.users["le_supervisor"],
        probation=probation,
        held_on=date(2025, 11, 1),
        school_administrator_took_part=True,
        findings="Fine.",
    )
    services.opt_out_record(
        actor=world.users["le_supervisor"],
        officer=world.officer,
        recorded_on=north_today(),
        effective_on=date(2027, 1, 1),
    )
    client.force_login(world.users["school_admin"])
    body = client.get(reverse("school-sros", args=[world.school.pk])).content.decode()
    assert "Sam Sample" in body
    assert "Basic SRO course (40 hours)" in body  # overdue or due: not taken yet
    assert "No selection recorded" in body
    assert "School in a review: yes" in body
    assert "Opted out, effective Jan 1, 2027 (COPS-11)" in body
    client.force_login(world.users["le_supervisor"])
    assert client.get(reverse("school-sros", args=[world.school.pk])).status_code == 403


def test_the_posting_list_filters_by_status_and_school(client, world, posting):
    services.posting_create(
        actor=world.users["district_admin"],
        program=world.program,
        school=world.other_school,
        title="SRO, Middle",
        opened_on=north_today(),
    )
    closed = services.posting_create(
        actor=world.users["district_admin"],
        program=world.program,
        school=world.other_school,
        title="Old post",
        opened_on=north_today(),
    )
    services.posting_update(
        actor=world.users["district_admin"],
        posting=closed,
        title=closed.title,
        opened_on=closed.opened_on,
        school=world.other_school,
        status="closed",
    )
    client.force_login(world.users["district_admin"])
    body = client.get(reverse("posting-list"), {"status": "open"}).content.decode()
    assert "SRO, North High School" in body and "SRO, Middle" in body and "Old post" not in body
    body = client.get(reverse("posting-list"), {"school": world.school.pk}).content.decode()
    assert "SRO, North High School" in body and "SRO, Middle" not in body


# -- query counts ------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_posting_list_takes_the_same_queries_however_many_postings(client, world):
    client.force_login(world.users["district_admin"])
    client.get(reverse("home"))
    url = reverse("posting-list")

    def add_posting(n):
        posting = services.posting_create(
            actor=world.users["district_admin"],
            program=world.program,
            school=world.school,
            title=f"Post {n}",
            opened_on=north_today(),
        )
        officer = OfficerFactory(agency=world.agency)
        complete(
            services.selection_create(
                actor=world.users["district_admin"], posting=posting, officer=officer
            ),
            actor=world.users["district_admin"],
        )

    add_posting(0)
    before = count_queries(client, url)
    for n in range(1, 31):
        add_posting(n)
    assert count_queries(client, url) == before
    # Pinned: session, user, memberships (the door), the count of postings, "may post", the
    # filter's schools, the page of postings with their candidates counted in the database,
    # and the idle-timeout session save (savepoint, update, release); the navigation's "may
    # request reports" is answered by the memberships.
    assert before == 10


def test_the_school_sros_page_takes_the_same_queries_however_many_sros(client, world):
    client.force_login(world.users["school_admin"])
    client.get(reverse("home"))
    url = reverse("school-sros", args=[world.school.pk])
    before = count_queries(client, url)
    basic = world.program.requirements.get(course__code="basic-sro").course
    for n in range(20):
        posting = services.posting_create(
            actor=world.users["district_admin"],
            program=world.program,
            school=world.school,
            title=f"Post {n}",
            opened_on=north_today(),
        )
        officer = OfficerFactory(agency=world.agency, sworn_on=years_ago(5), volunteered=True)
        selection = complete(
            services.selection_create(
                actor=world.users["district_admin"], posting=posting, officer=officer
            ),
            actor=world.users["district_admin"],
        )
        services.selection_decide(
            actor=world.users["district_admin"],
            selection=selection,
            decision="selected",
            decided_on=north_today(),
        )
        assignment, _warnings = services.assignment_create_from_selection(
            actor=world.users["le_supervisor"],
            selection=selection,
            school=world.school,
            starts_on=date(2025, 1, 2),
            kind="fixed",
        )
        probation = services.probation_start(
            actor=world.users["le_supervisor"],
            assignment=assignment,
            starts_on=date(2025, 1, 2),
            ends_on=date(2025, 7, 1),
        )
        services.probation_review_add(
            actor=world.users["le_supervisor"],
            probation=probation,
            held_on=date(2025, 3, 1),
            school_administrator_took_part=True,
            findings="Fine.",
        )
        services.opt_out_record(
            actor=world.users["le_supervisor"],
            officer=officer,
            recorded_on=north_today(),
            effective_on=north_today(),
        )
        TrainingRecord.objects.create(
            officer=officer, course=basic, completed_on=date(2025, 3, 1), hours=40
        )
    body_after = client.get(url).content.decode()
    assert body_after.count("School in a review: yes") == 20
    assert count_queries(client, url) == before
    # Pinned: session, user, memberships (the door), the school, "may open this page", the
    # assignments with their selection, probation, school participation and opt-out in one
    # query, the program, the training requirements and the standings (one query, in SQL), the
    # filter's agencies, and the idle-timeout session save (savepoint, update, release). A
    # school administrator's "may request reports" needs no query.
    assert before == 13


# -- the officer page's section ----------------------------------------------------------


def test_the_officer_summary_lists_candidacies_probation_and_opt_outs(world, candidate, probation):
    services.opt_out_record(
        actor=world.users["le_supervisor"],
        officer=world.officer,
        recorded_on=north_today(),
        effective_on=north_today(),
    )
    admin = world.users["district_admin"]
    summary = select.officer_selection_summary(admin, world.colleague)
    assert [c.selection for c in summary.candidacies] == [candidate]
    assert summary.may_record_opt_out is False
    sam = select.officer_selection_summary(world.users["sro"], world.officer)
    assert sam.candidacies == []  # SROs have no part in selection
    assert [(a.probation, a.may_keep) for a in sam.assignments] == [(probation, False)]
    assert sam.may_record_opt_out is True
    html = render_to_string(
        "programs/selection/officer_summary.html",
        {"officer": world.officer, "selection_summary": sam},
    )
    assert "Selection and probation" in html and "Under way" in html
    assert reverse("opt-out-create", args=[world.officer.pk]) in html


# -- the demo ----------------------------------------------------------------------------


def load_demo_selection():
    from programs.demo import DISTRICTS, OFFICERS, STAFF_EMAIL
    from programs.demo_selection import demo_selection
    from programs.models import Agency, District, Officer, School
    from sro_admin.models import User

    staff = User.objects.get(email=STAFF_EMAIL)

    created = []
    for d in DISTRICTS:
        district = District.objects.get(slug=d["slug"])
        schools = [School.objects.get(district=district, name=name) for name in d["schools"]]
        agencies = [Agency.objects.get(name=name) for name, _kind in d["agencies"]]
        officers = [
            Officer.objects.get(agency=agencies[row[3]], badge_number=row[2])
            for row in OFFICERS[d["slug"]]
        ]
        created.append(
            demo_selection(
                district=district,
                schools=schools,
                agencies=agencies,
                officers=officers,
                today=district_today(district),
                actor=staff,
            )
        )
    return created


def test_the_demo_selection_content_is_realistic_and_added_once(db):
    from pghistory.models import Events

    call_command("load_demo")  # which includes the selection demo
    counts = [m.objects.count() for m in (Posting, Selection, CommitteeMember, Probation)]
    events = Events.objects.count()
    assert load_demo_selection() == [False, False]
    assert [m.objects.count() for m in (Posting, Selection, CommitteeMember, Probation)] == counts
    assert Events.objects.count() == events
    assert counts[0] == 6 and Posting.objects.filter(status="open").count() == 2

    riverbend = Posting.objects.get(title="SRO, Oak Hollow Elementary School")
    gapped = riverbend.selections.get()
    assignment = gapped.assignments.get()
    assert assignment.officer.last_name == "Testcase"
    # the demo's own assignment, dated from the demo district's today
    assert assignment.starts_on == add_months(district_today(riverbend.program.district), -14)
    assert "vacant" in assignment.justification
    rules = [(g.rule_id, g.message) for g in select.selection_gaps(gapped)]
    assert ("COPS-5", "No school representative on the selection committee.") in rules
    assert any("years of law-enforcement experience" in m for _r, m in rules)

    for first in Posting.objects.filter(
        title__in=["SRO, Riverbend High School", "SRO, Cedar Valley High School"]
    ):
        selection = first.selections.get()
        assert select.selection_gaps(selection) == []
        probation = selection.assignments.get().probation
        assert probation.outcome == "passed"
        assert probation.reviews.filter(school_administrator_took_part=True).exists()
    pending = Selection.objects.filter(decision="pending")
    assert sorted(s.officer.last_name for s in pending) == ["Mockridge", "Notreal"]
    assert Assignment.objects.filter(selection__isnull=False).count() == 4
    assert Assignment.objects.count() == 10  # no new assignments: the demo's own are linked
