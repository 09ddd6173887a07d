"""Every list filters, sorts, pages by 25 and downloads what it lists as CSV (issue 4).

The world (conftest.py): North High School, where Sam Sample (North Police Department) is
placed, and North Middle School. Officers placed here for a test are named for their
training standing: Olive Overdue (placed 400 days ago, nothing done: her basic course is
overdue) and Nia New (placed 30 days ago: nothing is due yet).
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.clock import district_today
from programs.models import Assignment, Enrollment, Officer
from programs.selectors.training import add_months
from programs.services import program_create
from programs.services import selection as selection_services
from programs.services.community import engagement_record
from programs.services.enrollment import enrollment_save
from programs.services.training import staff_training_record
from programs.tests.factories import OfficerFactory, SchoolFactory


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8"))))


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def placed(world, *, first: str, last: str, agency, days_ago: int, school=None) -> Officer:
    officer = OfficerFactory(agency=agency, first_name=first, last_name=last)
    Assignment.objects.create(
        officer=officer,
        school=school or world.school,
        starts_on=district_today(world.district) - timedelta(days=days_ago),
    )
    return officer


@pytest.fixture
def olive_and_nia(world):
    olive = placed(world, first="Olive", last="Overdue", agency=world.agency, days_ago=400)
    nia = placed(world, first="Nia", last="New", agency=world.second_agency, days_ago=30)
    return olive, nia


# -- postings ------------------------------------------------------------------------------


@pytest.fixture
def postings(world):
    def post(title, school, opened_on, candidates):
        posting = selection_services.posting_create(
            actor=world.users["district_admin"],
            program=world.program,
            school=school,
            title=title,
            opened_on=opened_on,
        )
        for _ in range(candidates):
            selection_services.selection_create(
                actor=world.users["district_admin"],
                posting=posting,
                officer=OfficerFactory(agency=world.agency),
            )
        return posting

    return [
        post("Alpha post", world.school, date(2025, 9, 1), 2),
        post("Bravo post", world.other_school, date(2025, 10, 1), 0),
        post("Charlie post", world.school, date(2025, 8, 1), 1),
    ]


def test_postings_sort_by_candidates_and_download_what_the_filter_lists(client, world, postings):
    client.force_login(world.users["district_admin"])
    url = reverse("posting-list")
    body = client.get(url, {"ordering": "-candidates"}).content.decode()
    assert body.index("Alpha post") < body.index("Charlie post") < body.index("Bravo post")
    rows = csv_rows(client.get(url, {"school": world.school.pk, "format": "csv"}))
    assert rows[0] == [
        "title",
        "district",
        "school",
        "opened_on",
        "status",
        "candidates",
        "selected",
    ]
    assert rows[1:] == [
        ["Alpha post", "North District", "North High School", "2025-09-01", "open", "2", "0"],
        ["Charlie post", "North District", "North High School", "2025-08-01", "open", "1", "0"],
    ]
    assert [r[0] for r in csv_rows(client.get(url, {"q": "bravo", "format": "csv"}))[1:]] == [
        "Bravo post"
    ]


def test_the_posting_list_pages_by_25_and_its_links_keep_the_filters(client, world):
    for n in range(30):
        selection_services.posting_create(
            actor=world.users["district_admin"],
            program=world.program,
            school=world.school,
            title=f"Post {n:02d}",
            opened_on=district_today(world.district),
        )
    client.force_login(world.users["district_admin"])
    body = client.get(reverse("posting-list"), {"status": "open", "ordering": "title"}).content
    body = body.decode()
    assert "Post 24" in body and "Post 25" not in body and "Page 1 of 2" in body
    assert 'aria-label="Pages of postings"' in body
    assert "?status=open&amp;ordering=title&amp;page=2" in body
    assert "?status=open&amp;ordering=title&amp;format=csv" in body
    # The CSV is not paginated: every posting the filters let through.
    rows = csv_rows(client.get(reverse("posting-list"), {"status": "open", "format": "csv"}))
    assert len(rows) == 31


# -- staffing ------------------------------------------------------------------------------


@pytest.fixture
def staffing_world(world):
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts={},
    )
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.other_school,
        school_year=2025,
        total=700,
        counts={},
    )
    return world


def test_staffing_filters_schools_without_an_sro_and_sorts_empty_figures_last(
    client, staffing_world
):
    world = staffing_world
    SchoolFactory(district=world.district, name="North Annex")  # no enrollment, no SRO
    client.force_login(world.users["district_admin"])
    url = reverse("district-staffing", args=[world.district.pk])
    body = client.get(url, {"sros": "none"}).content.decode()
    assert "North Middle School" in body and "North Annex" in body
    assert "North High School</a></th>" not in body
    assert "Of the schools the filters let through:" in body

    def order(ordering):
        rows = csv_rows(client.get(url, {"ordering": ordering, "format": "csv"}))
        return [r[0] for r in rows[1:]]

    assert order("-enrollment") == ["North Middle School", "North High School", "North Annex"]
    assert order("enrollment") == ["North High School", "North Middle School", "North Annex"]
    # Students per SRO: only North High has an SRO; the others have no ratio, last both ways.
    assert order("students_per_sro")[0] == order("-students_per_sro")[0] == "North High School"


def test_the_staffing_csv_has_a_row_per_school_with_its_sros_and_profile(client, staffing_world):
    world = staffing_world
    client.force_login(world.users["district_admin"])
    rows = csv_rows(
        client.get(reverse("district-staffing", args=[world.district.pk]), {"format": "csv"})
    )
    header, by_school = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert header[:7] == [
        "school",
        "nces_id",
        "enrollment_year",
        "enrollment",
        "sros_assigned_today",
        "sro_names",
        "students_per_sro",
    ]
    high = by_school["North High School"]
    assert high["enrollment"] == "520" and high["enrollment_year"] == "2025-26"
    assert high["sros_assigned_today"] == "1" and high["sro_names"] == "Sample, Sam"
    assert high["students_per_sro"] == "520" and high["buildings"] == ""
    assert by_school["North Middle School"]["sros_assigned_today"] == "0"


def test_the_staffing_page_pages_by_25_in_the_same_queries(client, world):
    client.force_login(world.users["district_admin"])
    client.get(reverse("home"))
    url = reverse("district-staffing", args=[world.district.pk])
    for _ in range(30):
        SchoolFactory(district=world.district)
    body = client.get(url, {"ordering": "school", "page": 2}).content.decode()
    assert "Page 2 of 2" in body and 'aria-label="Pages of schools"' in body
    assert body.count('<th scope="row">') == 7 and "32 schools" in body
    # The database sorts and cuts the page; its rows are built for its 25 schools only. As
    # the unfiltered first page (test_enrollment pins it), less what a page without an SRO
    # does not ask: which of its officers the user may see.
    assert count_queries(client, url, {"ordering": "-enrollment", "page": 2}) == 16
    assert count_queries(client, url, {"ordering": "-sros", "sros": "some"}) == 17


# -- a school's SROs -------------------------------------------------------------------------


def test_a_schools_sros_filter_by_training_standing_and_agency(client, world, olive_and_nia):
    client.force_login(world.users["school_admin"])
    url = reverse("school-sros", args=[world.school.pk])

    def names(params):
        body = client.get(url, params).content.decode()
        return {n for n in ("Olive Overdue", "Nia New") if n in body}

    assert names({}) == {"Olive Overdue", "Nia New"}
    assert names({"training": "overdue"}) == {"Olive Overdue"}
    assert names({"training": "clear"}) == {"Nia New"}
    assert names({"agency": world.second_agency.pk}) == {"Nia New"}


def test_a_schools_sros_csv_says_what_is_overdue(client, world, olive_and_nia):
    client.force_login(world.users["school_admin"])
    rows = csv_rows(
        client.get(
            reverse("school-sros", args=[world.school.pk]),
            {"ordering": "officer", "format": "csv"},
        )
    )
    assert rows[0][:3] == ["last_name", "first_name", "agency"]
    by_name = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert list(by_name)[:2] == ["New", "Overdue"]  # sorted by surname
    assert "Basic SRO course (40 hours)" in by_name["Overdue"]["training_overdue"]
    assert by_name["New"]["training_overdue"] == "" and by_name["New"]["agency"] == (
        "Pine County Sheriff"
    )
    assert by_name["New"]["school_took_part_in_interviews"] == ""  # no selection recorded


# -- school-staff training ----------------------------------------------------------------


@pytest.fixture
def sessions(world):
    def session(title, held_on, schools, sros=(), **extra):
        return staff_training_record(
            actor=world.users["district_admin"],
            program=world.program,
            held_on=held_on,
            title=title,
            hours=Decimal("1.5"),
            schools=schools,
            sros=sros,
            **extra,
        )

    session("Joint at High", date(2025, 9, 15), [world.school], [world.officer], staff_attended=30)
    session("Staff only at Middle", date(2025, 10, 1), [world.other_school], staff_attended=12)
    session("Old joint", date(2024, 5, 1), [world.school, world.other_school], [world.officer])


def test_staff_training_filters_by_school_joint_and_dates(client, world, sessions):
    client.force_login(world.users["district_admin"])
    url = reverse("staff-training", args=[world.program.pk])

    def titles(params):
        rows = csv_rows(client.get(url, {**params, "format": "csv"}))
        return [r[1] for r in rows[1:]]

    assert titles({}) == ["Staff only at Middle", "Joint at High", "Old joint"]  # newest first
    assert titles({"school": world.school.pk}) == ["Joint at High", "Old joint"]
    assert titles({"joint": "staff_only"}) == ["Staff only at Middle"]
    assert titles({"held_after": "2025-01-01", "ordering": "title"}) == [
        "Joint at High",
        "Staff only at Middle",
    ]
    body = client.get(url, {"joint": "joint"}).content.decode()
    assert "Joint at High" in body and "Staff only at Middle" not in body


def test_the_staff_training_csv_names_schools_and_sros(client, world, sessions):
    client.force_login(world.users["district_admin"])
    rows = csv_rows(
        client.get(
            reverse("staff-training", args=[world.program.pk]), {"q": "old", "format": "csv"}
        )
    )
    assert rows == [
        [
            "held_on",
            "title",
            "hours",
            "schools",
            "staff_attended",
            "administrators_attended",
            "sros",
            "other_sros",
            "joint_with_sros",
            "administrator_with_sro",
        ],
        [
            "2024-05-01",
            "Old joint",
            "1.5",
            "North High School; North Middle School",
            "0",
            "0",
            "Sample, Sam",
            "0",
            "true",
            "false",
        ],
    ]


# -- the community decision record's engagements --------------------------------------------


@pytest.fixture
def engagements(world):
    def engagement(title, kind, held_on, who, participants=None):
        return engagement_record(
            actor=world.users["district_admin"],
            program=world.program,
            kind=kind,
            held_on=held_on,
            title=title,
            stakeholders=who,
            participants=participants,
            summary=f"What was heard at {title}.",
        )

    engagement("Forum A", "forum", date(2025, 3, 4), ["students", "families"], 40)
    engagement("Survey B", "survey", date(2025, 5, 1), ["teachers"], 120)
    engagement("Board C", "board", date(2024, 11, 1), ["community"])


def test_engagements_filter_by_kind_who_took_part_and_dates(client, world, engagements):
    client.force_login(world.users["program_viewer"])
    url = reverse("program-community", args=[world.program.pk])

    def titles(params):
        return [r[1] for r in csv_rows(client.get(url, {**params, "format": "csv"}))[1:]]

    assert titles({}) == ["Survey B", "Forum A", "Board C"]
    assert titles({"kind": "survey"}) == ["Survey B"]
    assert titles({"stakeholder": "students"}) == ["Forum A"]
    assert titles({"held_after": "2025-01-01", "held_before": "2025-04-30"}) == ["Forum A"]
    assert titles({"ordering": "-participants"}) == ["Survey B", "Forum A", "Board C"]
    assert titles({"q": "heard at board"}) == ["Board C"]
    body = client.get(url, {"kind": "board"}).content.decode()
    assert "Board C" in body and "Forum A</th>" not in body
    assert "1 engagement" in body


def test_the_engagements_csv_keeps_codes_and_who_took_part(client, world, engagements):
    client.force_login(world.users["program_viewer"])
    rows = csv_rows(
        client.get(
            reverse("program-community", args=[world.program.pk]),
            {"kind": "forum", "format": "csv"},
        )
    )
    assert rows == [
        [
            "held_on",
            "title",
            "kind",
            "stakeholders",
            "participants",
            "summary",
            "has_attachment",
        ],
        [
            "2025-03-04",
            "Forum A",
            "forum",
            "students; families",
            "40",
            "What was heard at Forum A.",
            "false",
        ],
    ]


# -- a school's enrollment years ---------------------------------------------------------------


def test_enrollment_years_filter_sort_and_download_the_counts_by_group(client, world):
    counts = {("race_sex", "hispanic:female"): 60, ("disability", "idea"): 70}
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2023,
        total=500,
        counts=counts,
    )
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2024,
        total=540,
        counts={},
    )
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=520,
        counts=counts,
    )
    Enrollment.objects.filter(school_year=2024).update(source=Enrollment.Source.CRDC_IMPORT)
    client.force_login(world.users["school_admin"])
    url = reverse("school-enrollment", args=[world.school.pk])
    body = client.get(url, {"since": "2024", "ordering": "-total"}).content.decode()
    table = body[body.index("<tbody>") :]
    assert table.index(">2024-25<") < table.index(">2025-26<") and ">2023-24<" not in table
    rows = csv_rows(client.get(url, {"source": "form", "format": "csv"}))
    header = rows[0]
    assert header[:4] == ["school_year", "total", "source", "race_sex_hispanic_female"]
    assert {"race_sex_two_or_more_nonbinary", "disability_idea", "grade_09"} <= set(header)
    assert [r[0] for r in rows[1:]] == ["2025-26", "2023-24"]
    latest = dict(zip(header, rows[1], strict=True))
    assert latest["total"] == "520" and latest["source"] == "form"
    assert latest["race_sex_hispanic_female"] == "60" and latest["disability_idea"] == "70"
    assert latest["grade_09"] == ""  # not entered, which is not zero
    assert "Filter the years" in client.get(url).content.decode()


# -- the training grid -----------------------------------------------------------------------


def test_the_grid_filters_by_standing_agency_and_name(client, world, olive_and_nia):
    client.force_login(world.users["district_admin"])
    url = reverse("training-grid")

    def names(params):
        body = client.get(url, params).content.decode()
        return {n for n in ("Olive Overdue", "Nia New") if n in body}

    assert names({}) == {"Olive Overdue", "Nia New"}
    assert names({"standing": "overdue"}) == {"Olive Overdue"}
    assert names({"standing": "due"}) == {"Olive Overdue"}
    assert names({"standing": "clear"}) == {"Nia New"}
    assert names({"agency": world.second_agency.pk}) == {"Nia New"}
    assert names({"q": "olive"}) == {"Olive Overdue"}


def test_the_grid_csv_has_a_line_per_officer_and_requirement(client, world, olive_and_nia):
    olive, _nia = olive_and_nia
    client.force_login(world.users["district_admin"])
    rows = csv_rows(client.get(reverse("training-grid"), {"q": "Olive", "format": "csv"}))
    header = rows[0]
    assert header == [
        "last_name",
        "first_name",
        "badge_number",
        "agency",
        "course",
        "course_code",
        "requirement",
        "months",
        "rules",
        "standing",
        "due_on",
        "met_on",
        "met_late",
    ]
    lines = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert len(lines) == world.program.requirements.filter(is_active=True).count() == 5
    basic = next(line for line in lines if line["course_code"] == "basic-sro")
    placed_on = olive.assignments.get().starts_on
    assert basic["standing"] == "overdue" and basic["months"] == "9"
    assert basic["due_on"] == add_months(placed_on, 9).isoformat() and basic["met_on"] == ""
    assert basic["requirement"] == "within_months_of_placement"


def test_the_grid_offers_a_choice_of_program_only_to_who_has_several(client, world):
    south = program_create(actor=world.users["other_district_admin"], district=world.south)
    placed(world, first="Sol", last="South", agency=world.south_agency, days_ago=30, school=None)
    client.force_login(world.users["district_admin"])
    assert 'name="program"' not in client.get(reverse("training-grid")).content.decode()
    client.force_login(world.users["staff"])
    body = client.get(reverse("training-grid"), {"program": south.pk}).content.decode()
    assert 'name="program"' in body and "SRO program of South District" in body


def test_the_grid_pages_by_25_in_the_same_queries_however_many_officers(client, world):
    client.force_login(world.users["district_admin"])
    client.get(reverse("home"))
    url = reverse("training-grid")
    before = count_queries(client, url)
    filtered_before = count_queries(client, url, {"standing": "due", "page": 2})
    for n in range(30):
        placed(world, first="Officer", last=f"Number{n:02d}", agency=world.agency, days_ago=n)
    assert count_queries(client, url) == before
    # Filtered: the requirements and the officers the filter keeps, in order (their number
    # is the count), instead of the count.
    assert count_queries(client, url, {"standing": "due", "page": 2}) == filtered_before
    assert filtered_before == before + 1
    body = client.get(url, {"ordering": "name", "page": 2}).content.decode()
    assert "Page 2 of 2" in body and 'aria-label="Pages of officers"' in body
    # Pinned: session, user, memberships (the door), the programs, the requirements, the
    # officers, their first placements and their completions, the agencies offered by the
    # filter, and the idle-timeout session save (savepoint, update, release). "May import"
    # and the navigation's "may request reports" ask nothing of a district administrator.
    assert before == 12


@pytest.mark.parametrize(
    "name",
    ["officer-list", "posting-list", "staff-training", "program-community", "school-enrollment"],
)
def test_an_unknown_filter_value_is_shown_as_an_error_not_a_crash(client, world, name):
    client.force_login(world.users["district_admin"])
    args = {
        "staff-training": [world.program.pk],
        "program-community": [world.program.pk],
        "school-enrollment": [world.school.pk],
    }.get(name, [])
    response = client.get(reverse(name, args=args), {"ordering": "nonsense", "page": "x"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
