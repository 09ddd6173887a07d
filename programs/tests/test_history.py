"""History pages of postings, selections and a school's year of enrollment, and the merged
history (`history_for(obj, children=...)`) the last two are built on."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from programs.models import CommitteeMember, EnrollmentCount, Interview, Rating
from programs.selectors.enrollment import enrollment_history
from programs.selectors.selection import selection_history
from programs.services import selection as selection_services
from programs.services.enrollment import enrollment_save
from programs.tests.factories import OfficerFactory
from sro_admin.audit import audit_context

RS = "race_sex"


@pytest.fixture
def posting(world):
    return selection_services.posting_create(
        actor=world.users["district_admin"],
        program=world.program,
        school=world.school,
        title="SRO, North High School",
        opened_on=date(2026, 1, 5),
    )


@pytest.fixture
def selection(world, posting):
    selection = selection_services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.colleague
    )
    selection_services.committee_member_add(
        actor=world.users["district_admin"],
        selection=selection,
        name="Pat Principal",
        category="school_representative",
    )
    selection_services.ratings_set(
        actor=world.users["district_admin"], selection=selection, scores={"teaching": 4}
    )
    return selection


# -- the merged history ----------------------------------------------------------------------


def test_a_years_history_names_each_count_by_its_group_even_once_deleted(world):
    with audit_context(source="test", user=world.users["school_admin"]):
        enrollment = enrollment_save(
            actor=world.users["district_admin"],
            school=world.school,
            school_year=2025,
            total=520,
            counts={(RS, "asian:female"): 41, (RS, "white:male"): 200},
        )
        enrollment_save(
            actor=world.users["district_admin"],
            school=world.school,
            school_year=2025,
            total=521,
            counts={(RS, "asian:female"): 43},
        )
    entries = enrollment_history(enrollment)
    # Newest first: the second save changed the total and a count and deleted a group.
    described = {
        (e.action, e.subject, tuple((c.field, c.old, c.new) for c in e.changes)) for e in entries
    }
    assert ("Changed", "", (("Total enrollment", 520, 521),)) in described
    assert ("Changed", "Enrollment count: Asian, Female", (("Students", 41, 43),)) in described
    assert any(
        action == "Deleted" and subject == "Enrollment count: White, Male"
        for action, subject, _changes in described
    )
    created = [e for e in entries if e.subject == "Enrollment count: Asian, Female"][-1]
    assert created.action == "Created"
    # The key back to the year is left out: every count of the page belongs to it.
    assert [c.field for c in created.changes] == ["Breakdown", "Group", "Students"]  # in order
    assert {e.actor for e in entries} == {"North school_admin"}
    assert len(entries) == 2 + 3 + 1  # the year twice; two counts in, one changed, one out


def test_a_merged_history_keeps_to_its_own_object(world, posting, selection):
    other = selection_services.selection_create(
        actor=world.users["district_admin"],
        posting=posting,
        officer=OfficerFactory(agency=world.agency),
    )
    selection_services.committee_member_add(
        actor=world.users["district_admin"],
        selection=other,
        name="Someone Else",
        category="teacher",
    )
    subjects = {e.subject for e in selection_history(selection)}
    assert subjects == {"", "Committee member: Pat Principal", "Rating: Teaching skill"}
    assert {e.subject for e in selection_history(other)} == {
        "",
        "Committee member: Someone Else",
    }


def test_a_merged_history_takes_the_same_queries_however_long(world, selection):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selection_history(selection)
        return len(captured)

    with audit_context(source="test", user=world.users["district_admin"]):
        selection_services.interview_add(
            actor=world.users["district_admin"], selection=selection, held_on=date(2025, 3, 1)
        )
    few = queries()
    with audit_context(source="test", user=world.users["le_supervisor"]):
        for n in range(10):
            selection_services.committee_member_add(
                actor=world.users["district_admin"],
                selection=selection,
                name=f"Member {n}",
                category="teacher",
            )
            selection_services.interview_add(
                actor=world.users["district_admin"],
                selection=selection,
                held_on=date(2025, 4, n + 1),
            )
    assert Interview.objects.filter(selection=selection).count() == 11
    # The events, the users who acted, then each model's foreign keys other than the one
    # back to the selection: the selection's posting and officer.
    assert queries() == few == 4


def test_the_selection_history_says_which_row_of_the_selection_changed(world, selection):
    rating = Rating.objects.get(selection=selection)
    selection_services.ratings_set(
        actor=world.users["district_admin"], selection=selection, scores={"teaching": 5}
    )
    CommitteeMember.objects.filter(selection=selection).delete()
    entries = selection_history(selection)
    # Both changes happen in the test's one transaction: each event keeps the moment of its
    # own change (PGHISTORY_CREATED_AT_FUNCTION), so the newest, the deletion, comes first.
    deleted, changed = entries[:2]
    assert (deleted.action, deleted.subject) == ("Deleted", "Committee member: Pat Principal")
    assert (changed.action, changed.subject) == ("Changed", "Rating: Teaching skill")
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("Score", 4, 5)]
    assert Rating.objects.get(pk=rating.pk).score == 5  # changed in place, not replaced


# -- the pages ------------------------------------------------------------------------------


def test_the_posting_page_links_its_history_which_says_who_changed_what(client, world, posting):
    client.force_login(world.users["district_admin"])
    detail = client.get(reverse("posting-detail", args=[posting.pk])).content.decode()
    url = reverse("posting-history", args=[posting.pk])
    assert f'href="{url}"' in detail
    client.post(
        reverse("posting-edit", args=[posting.pk]),
        {
            "school": world.school.pk,
            "title": "SRO, North High School",
            "opened_on": "2026-01-05",
            "status": "closed",
        },
    )
    body = client.get(url).content.decode()
    assert "History of SRO, North High School" in body
    assert "Closed without filling" in body and "North district_admin" in body
    assert f'href="{reverse("posting-detail", args=[posting.pk])}"' in body  # breadcrumb


def test_the_selection_page_links_its_history_of_committee_and_ratings(client, world, selection):
    client.force_login(world.users["school_admin"])
    detail = client.get(reverse("selection-detail", args=[selection.pk])).content.decode()
    url = reverse("selection-history", args=[selection.pk])
    assert f'href="{url}"' in detail
    body = client.get(url).content.decode()
    assert "Committee member: Pat Principal" in body and "Rating: Teaching skill" in body
    assert f'href="{reverse("selection-detail", args=[selection.pk])}"' in body


def test_the_year_page_links_the_history_of_the_year_and_its_counts(client, world):
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts={(RS, "asian:female"): 41},
    )
    client.force_login(world.users["program_viewer"])
    year_url = reverse("school-enrollment-year", args=[world.school.pk, 2025])
    url = reverse("school-enrollment-history", args=[world.school.pk, 2025])
    assert f'href="{url}"' in client.get(year_url).content.decode()
    body = client.get(url).content.decode()
    assert "History of North High School · 2025-26" in body
    assert "Enrollment count: Asian, Female" in body and f'href="{year_url}"' in body
    assert EnrollmentCount.objects.count() == 1
    assert (
        client.get(reverse("school-enrollment-history", args=[world.school.pk, 2019])).status_code
        == 404
    )  # a year not entered
