"""Officer pages and the training grid, through the client."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from programs import services
from programs.clock import officer_today
from programs.models import Agency, Assignment, Course, Officer, TrainingRecord
from programs.selectors.training import add_months, school_year_of
from programs.tests.factories import OfficerFactory
from sro_admin.errors import RuleViolation


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


def warnings_seen(body: str) -> dict[str, str]:
    return {"warnings_seen": body.split('name="warnings_seen" value="')[1].split('"')[0]}


def test_an_assignment_shows_its_cops_11_warnings_on_the_form_and_refuses_overlaps(client, world):
    client.force_login(world.users["le_supervisor"])
    url = reverse("assignment-create", args=[world.colleague.pk])
    data = {
        "school": world.other_school.pk,
        "starts_on": "2026-01-05",
        "ends_on": "2026-06-30",
        "kind": "fixed",
    }
    warned = client.post(url, data).content.decode()
    assert "shorter than three school years" in warned and "Assign anyway" in warned
    assert not Assignment.objects.filter(officer=world.colleague).exists()  # not yet
    # Sent again with other dates, other warnings are shown rather than passed over.
    changed = client.post(url, {**data, "ends_on": "", **warnings_seen(warned)}).content.decode()
    assert "Assign anyway" in changed and "shorter than three school years" not in changed
    assert not Assignment.objects.filter(officer=world.colleague).exists()
    done = client.post(url, {**data, **warnings_seen(warned)}, follow=True)
    assert "Assigned Lee Colleague." in done.content.decode()
    assert Assignment.objects.filter(officer=world.colleague).count() == 1
    overlap = client.post(
        url, {"school": world.other_school.pk, "starts_on": "2026-03-01", "kind": "fixed"}
    )
    assert "already assigned to this school" in overlap.content.decode()
    assert "Assign anyway" not in overlap.content.decode()  # refused, not warned
    assert Assignment.objects.filter(officer=world.colleague).count() == 1


def test_the_sworn_in_date_cannot_be_in_the_future(client, world):
    client.force_login(world.users["le_supervisor"])
    tomorrow = officer_today(world.colleague) + timedelta(days=1)
    data = {
        "agency": world.agency.pk,
        "first_name": "Ari",
        "last_name": "Later",
        "badge_number": "B-77",
        "sworn_on": tomorrow.isoformat(),
        "status": "active",
        "volunteered": "unknown",
    }
    body = client.post(reverse("officer-create"), data).content.decode()
    assert 'id="error_1_id_sworn_on"' in body and "The sworn-in date is in the future." in body
    assert not Officer.objects.filter(badge_number="B-77").exists()
    edit = client.post(
        reverse("officer-edit", args=[world.colleague.pk]),
        {**data, "badge_number": world.colleague.badge_number},
    ).content.decode()
    assert "The sworn-in date is in the future." in edit
    world.colleague.refresh_from_db()
    assert world.colleague.sworn_on != tomorrow
    with pytest.raises(RuleViolation) as refused:
        services.officer_update(
            actor=world.users["le_supervisor"], officer=world.colleague, sworn_on=tomorrow
        )
    assert (refused.value.field, refused.value.rule_id) == ("sworn_on", "COPS-5")
    today = officer_today(world.colleague)
    # Today is fine.
    services.officer_update(
        actor=world.users["le_supervisor"], officer=world.colleague, sworn_on=today
    )
    world.colleague.refresh_from_db()
    assert world.colleague.sworn_on == today


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


def requirement_row(body: str, name: str) -> str:
    start = body.index(f'<th scope="row">{name}</th>')
    return body[start : body.index("</tr>", start)]


def test_the_sros_page_shows_the_next_due_date_of_every_requirement_met_ones_included(
    client, world
):
    today = officer_today(world.officer)
    courses = {c.code: c for c in Course.objects.filter(program=None)}
    this_year_starts, this_year_ends = school_year_of(today, world.program.school_year_starts_month)
    # Sam, placed on Aug 1, 2025: the basic course within nine months, the safety training
    # last school year and this one, and rapid deployment (every 24 months) 100 days ago.
    rapid_on = today - timedelta(days=100)
    for code, completed_on in [
        ("basic-sro", date(2025, 10, 1)),
        ("annual-school-safety", this_year_starts - timedelta(days=30)),
        ("annual-school-safety", max(this_year_starts, today - timedelta(days=2))),
        ("rapid-deployment", rapid_on),
    ]:
        TrainingRecord.objects.create(
            officer=world.officer, course=courses[code], completed_on=completed_on, hours=8
        )
    client.force_login(world.users["sro"])
    body = client.get(reverse("officer-detail", args=[world.officer.pk])).content.decode()
    assert '<th scope="col">Next due</th>' in body

    def next_due(name: str) -> str:
        return requirement_row(body, name).split('<td data-label="Next due">')[1].split("</td>")[0]

    annual = Course.objects.get(code="annual-school-safety").name
    assert "Met" in requirement_row(body, annual)
    assert next_due(annual) == date_format(add_months(this_year_ends, 12))
    assert "Met" in requirement_row(body, "Single-officer rapid deployment")
    assert next_due("Single-officer rapid deployment") == date_format(add_months(rapid_on, 24))
    assert "Met" in requirement_row(body, "Basic SRO course (40 hours)")
    assert next_due("Basic SRO course (40 hours)") == "Not due again"
    # Not met yet: their due dates (the advanced course a year after the basic one).
    assert next_due("Advanced SRO course") == "Oct 1, 2026"
    assert next_due("Special needs and IEPs") == "Aug 1, 2026"
    # The "Selection and probation" section is on the page, not in its title.
    assert "<title>Sam Sample ·" in body
    assert body.index('id="selection-probation-heading"') > body.index("<main")


def test_the_officer_page_pages_training_and_bounds_assignments_in_the_same_queries(
    client, world, django_assert_num_queries
):
    client.force_login(world.users["le_supervisor"])
    client.get(reverse("home"))
    url = reverse("officer-detail", args=[world.officer.pk])

    def get(params=None):
        # Session, user, memberships (the door), the officer, the programs whose schedules
        # apply and the grid's two queries (requirements, standings), the count and the page of
        # training records, the first assignments (and their count, once there are more than
        # it shows), "may change", the selection summary and the idle-timeout session save.
        with django_assert_num_queries(pinned):
            return client.get(url, params or {}).content.decode()

    course = Course.objects.get(program=None, code="annual-school-safety")

    def add(records: int, assignments: int, *, start: int) -> None:
        for n in range(start, start + records):
            TrainingRecord.objects.create(
                officer=world.officer,
                course=course,
                completed_on=date(2024, 1, 1) - timedelta(days=30 * n),
                hours=1 + n,
            )
        for n in range(start, start + assignments):  # years long, one after another (COPS-11)
            Assignment.objects.create(
                officer=world.officer,
                school=world.other_school,
                starts_on=date(2000 + n, 8, 1),
                ends_on=date(2000 + n, 12, 1),
            )

    add(1, 1, start=0)
    pinned = 20
    get()
    add(29, 11, start=1)  # 30 records and 13 assignments in all
    pinned = 21  # more assignments than it shows: now they are counted (first_of)
    body = get()
    training = body[body.index('id="training-heading"') :]
    assert training.count('<td data-label="Hours">') == 25 and "Page 1 of 2" in training
    assert "Records 1 to 25 of 30, newest first." in training
    assert ">Jan 1, 2024<" in training and date_format(date(2024, 1, 1)) in training
    assert training.index(date_format(date(2024, 1, 1))) < training.index(
        date_format(date(2023, 12, 2))
    )
    last = get({"page": 2})
    assert last[last.index('id="training-heading"') :].count('<td data-label="Hours">') == 5
    assignments = body[body.index('id="assignments-heading"') : body.index('id="training-heading"')]
    assert (
        assignments.count('<tr><th scope="row"') == 10
        and "The newest 10 of 13 assignments." in assignments
    )
    assert ">Aug 1, 2025<" in assignments  # the newest first
    listed = client.get(reverse("officer-assignments", args=[world.officer.pk])).content.decode()
    assert listed.count('<tr><th scope="row"') == 13 and "13 assignments, newest first" in listed


def test_officer_list_filters_sorts_and_downloads_what_is_listed(client, world):
    client.force_login(world.users["le_supervisor"])
    body = client.get(reverse("officer-list"), {"q": "Colleague"}).content.decode()
    assert "Colleague, Lee" in body and "Sample, Sam" not in body
    csv = client.get(reverse("officer-list"), {"q": "Sample", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.getvalue().decode().strip().splitlines()
    assert lines[0].startswith("last_name,first_name") and len(lines) == 2
    assert lines[1].startswith("Sample,Sam")


def test_the_officer_search_finds_part_of_a_name_or_badge_in_any_case(client, world):
    client.force_login(world.users["district_admin"])

    def names(q):
        csv = client.get(reverse("officer-list"), {"q": q, "format": "csv"}).getvalue().decode()
        return [line.split(",")[0] for line in csv.splitlines()[1:]]

    assert names("olleag") == ["Colleague"] and names("SAM") == ["Sample"]
    assert names(world.deputy.badge_number.lower()) == ["Marsh"]
    assert names("nobody") == []


def test_the_officer_search_and_order_are_read_from_indexes(world):
    from django.db import connection

    from programs.filters.officers import OfficerFilter
    from programs.selectors import officer_list_for

    def filtered(queryset):
        return OfficerFilter(
            {"q": "sampl"}, agencies=Agency.objects.none(), queryset=queryset, today=None
        ).qs

    with connection.cursor() as cursor:
        # A handful of rows: without this the planner rightly reads the table instead.
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The search's expressions are those the trigram index holds (over every officer,
        # unordered, so no other index can answer).
        assert "officer_search_trgm" in filtered(Officer.objects.order_by()).explain()
        # The list's order is the name index's, so a page is read from it.
        order = officer_list_for(world.users["le_supervisor"]).query.order_by
        assert "officer_name_order" in Officer.objects.order_by(*order)[:25].explain()


def test_the_officer_list_pages_by_25_in_the_same_queries(client, world, django_assert_num_queries):
    client.force_login(world.users["le_supervisor"])
    client.get(reverse("home"))
    for n in range(30):
        OfficerFactory(agency=world.agency, first_name="Pat", last_name=f"Paged{n:02d}")
    # Session, user, memberships (the door), the agencies the filter offers, the count and
    # the page, "may add" and the idle-timeout session save (savepoint, update, release).
    for params in ({}, {"q": "paged", "page": 2}, {"ordering": "-badge"}):
        with django_assert_num_queries(11):
            body = client.get(reverse("officer-list"), params).content.decode()
        rows = body.count('<tr>\n      <td><a href="/officers/')
        assert rows == (5 if "page" in params else 25)
    assert "32 officers" in body  # Sam and Lee too


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
