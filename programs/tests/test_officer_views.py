"""Officer pages and the training grid, through the client."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.clock import officer_today
from programs.models import Assignment, Course, TrainingRecord
from programs.tests.factories import OfficerFactory


def grid_row(body: str, name: str) -> str:
    start = body.index(f">{name}</a>")
    return body[start : body.index("</tr>", start)]


def test_a_supervisor_records_training_and_the_grid_shows_it_met(client, world):
    client.force_login(world.users["le_supervisor"])
    before = client.get(reverse("training-grid")).content.decode()
    assert "Overdue" not in grid_row(before, "Sam Sample") or "Met" not in grid_row(
        before, "Sam Sample"
    )
    basic = Course.objects.get(program=None, code="basic-sro")
    response = client.post(
        reverse("training-record-create", args=[world.officer.pk]),
        {"course": basic.pk, "completed_on": "2025-10-01", "hours": "40", "provider": "NASRO"},
    )
    assert response.status_code == 302
    after = client.get(reverse("training-grid")).content.decode()
    row = grid_row(after, "Sam Sample")
    assert "Met" in row and "Oct 1, 2025" in row


def test_training_form_errors_show_next_to_the_field(client, world):
    client.force_login(world.users["le_supervisor"])
    basic = Course.objects.get(program=None, code="basic-sro")
    url = reverse("training-record-create", args=[world.officer.pk])
    future = (officer_today(world.officer) + timedelta(days=1)).isoformat()
    body = client.post(
        url, {"course": basic.pk, "completed_on": future, "hours": "0"}
    ).content.decode()
    assert "The completion date is in the future." in body or "greater than or equal" in body
    client.post(url, {"course": basic.pk, "completed_on": "2025-10-01", "hours": "40"})
    again = client.post(url, {"course": basic.pk, "completed_on": "2025-10-01", "hours": "40"})
    assert "already exists" in again.content.decode()
    assert TrainingRecord.objects.filter(officer=world.officer).count() == 1


def test_an_assignment_shows_its_cops_11_warnings_and_refuses_overlaps(client, world):
    client.force_login(world.users["le_supervisor"])
    url = reverse("assignment-create", args=[world.colleague.pk])
    response = client.post(
        url,
        {
            "school": world.other_school.pk,
            "starts_on": "2026-01-05",
            "ends_on": "2026-06-30",
            "kind": "fixed",
        },
        follow=True,
    )
    assert "shorter than three school years" in response.content.decode()
    overlap = client.post(
        url, {"school": world.other_school.pk, "starts_on": "2026-03-01", "kind": "fixed"}
    )
    assert "already assigned to this school" in overlap.content.decode()
    assert Assignment.objects.filter(officer=world.colleague).count() == 1


def test_a_supervisor_cannot_assign_to_a_school_their_agency_does_not_serve(client, world):
    client.force_login(world.users["le_supervisor"])
    response = client.post(
        reverse("assignment-create", args=[world.colleague.pk]),
        {"school": world.south_school.pk, "starts_on": "2026-01-05", "kind": "fixed"},
    )
    assert "Select a valid choice" in response.content.decode()


def test_the_sro_sees_their_own_standing_and_what_is_due(client, world):
    client.force_login(world.users["sro"])
    body = client.get(reverse("officer-detail", args=[world.officer.pk])).content.decode()
    assert "Basic SRO course (40 hours)" in body and "COPS-8" in body
    assert "Record training" not in body  # the supervisor records it


def test_officer_list_filters_sorts_and_downloads_what_is_listed(client, world):
    client.force_login(world.users["le_supervisor"])
    body = client.get(reverse("officer-list"), {"q": "Colleague"}).content.decode()
    assert "Colleague, Lee" in body and "Sample, Sam" not in body
    csv = client.get(reverse("officer-list"), {"q": "Sample", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().strip().splitlines()
    assert lines[0].startswith("last_name,first_name") and len(lines) == 2
    assert lines[1].startswith("Sample,Sam")


def test_the_grid_and_the_list_take_the_same_queries_however_many_officers(client, world):
    client.force_login(world.users["le_supervisor"])
    client.get(reverse("home"))

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [reverse("training-grid"), reverse("officer-list")]
    before = [count(u) for u in urls]
    basic = Course.objects.get(program=None, code="basic-sro")
    for _ in range(20):
        officer = OfficerFactory(agency=world.agency)
        Assignment.objects.create(officer=officer, school=world.school, starts_on=date(2025, 1, 2))
        TrainingRecord.objects.create(
            officer=officer, course=basic, completed_on=date(2025, 3, 1), hours=40
        )
    assert [count(u) for u in urls] == before
