"""Another tenant's ids, sent where a page reads ids: query-string filters and form choices.

And the officer a county sheriff shares between two districts: each district sees its own
part of the deputy's record (their assignments there, their program's standings), never the
other district's schools or requirements (programs/access.py).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from programs.models import Assignment, Course, Posting, TrainingRequirement
from programs.services import program_create


@pytest.fixture
def south_program(world):
    """South runs a program with a requirement of its own, and a course only South offers."""
    program = program_create(
        actor=world.users["other_district_admin"], district=world.south, mission="South's own"
    )
    course = Course.objects.create(code="SOUTH-ONLY", name="South bus safety", program=program)
    TrainingRequirement.objects.create(
        program=program, course=course, kind="every_n_months", months=12, rule_ids="MOU 7"
    )
    return program


def _body(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.getvalue().decode()


# -- the officer two districts share -------------------------------------------------------


def test_north_sees_only_its_own_part_of_the_deputy_s_record(client, world, south_program):
    client.force_login(world.users["district_admin"])
    body = _body(client, reverse("officer-detail", args=[world.deputy.pk]))
    assert "North Middle School" in body
    assert "South High School" not in body
    assert "South bus safety" not in body and "South District" not in body
    body = _body(client, reverse("officer-assignments", args=[world.deputy.pk]))
    assert "North Middle School" in body and "South High School" not in body
    # The training grid and its CSV: North's program only.
    grid = _body(client, reverse("training-grid"), program=south_program.pk, format="csv")
    assert "South" not in grid


def test_south_sees_only_its_own_part_of_the_deputy_s_record(client, world, south_program):
    client.force_login(world.users["other_district_admin"])
    body = _body(client, reverse("officer-detail", args=[world.deputy.pk]))
    assert "South High School" in body and "South bus safety" in body
    assert "North Middle School" not in body and "North District" not in body
    assert "North" not in _body(client, reverse("officer-list"), format="csv")
    # Nor through the history or the selection section of the same page.
    assert "North Middle School" not in _body(
        client, reverse("officer-history", args=[world.deputy.pk])
    )


def test_the_sheriff_s_supervisor_sees_the_whole_record(client, world, south_program):
    from programs.tests.factories import MembershipFactory, UserFactory

    supervisor = UserFactory(email="sheriff@pine.example")
    MembershipFactory(user=supervisor, role="le_supervisor", agency=world.second_agency)
    client.force_login(supervisor)
    body = _body(client, reverse("officer-detail", args=[world.deputy.pk]))
    assert "North Middle School" in body and "South High School" in body


def test_an_officer_who_left_a_district_shows_nothing_of_it_there(client, world):
    """Sam once served a South school (his agency no longer serves South): North's people see
    his North assignment only; South's people do not see Sam at all."""
    Assignment.objects.create(
        officer=world.officer,
        school=world.south_school,
        starts_on=date(2020, 8, 1),
        ends_on=date(2021, 6, 30),
    )
    client.force_login(world.users["district_admin"])
    body = _body(client, reverse("officer-detail", args=[world.officer.pk]))
    assert "North High School" in body and "South High School" not in body
    client.force_login(world.users["other_district_admin"])
    assert client.get(reverse("officer-detail", args=[world.officer.pk])).status_code == 404


# -- another tenant's ids in query strings ------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "param", "south_value"),
    [
        ("officer-list", "agency", lambda w, p: w.south_agency.pk),
        ("posting-list", "school", lambda w, p: w.south_school.pk),
        ("training-grid", "program", lambda w, p: p.pk),
        ("training-grid", "agency", lambda w, p: w.south_agency.pk),
        ("district-list", "agency", lambda w, p: w.south_agency.pk),
        ("agency-list", "district", lambda w, p: w.south.pk),
    ],
)
def test_a_filter_with_south_s_id_shows_nothing_of_south(
    client, world, south_program, url_name, param, south_value
):
    from programs.tests.factories import OfficerFactory

    OfficerFactory(agency=world.south_agency, first_name="Sol", last_name="Southerly")
    Posting.objects.create(
        program=south_program,
        school=world.south_school,
        title="SRO, South High",
        opened_on=date(2026, 1, 5),
    )
    client.force_login(world.users["district_admin"])
    value = south_value(world, south_program)
    for fmt in ("", "csv"):
        body = _body(client, reverse(url_name), **{param: value, "format": fmt})
        assert "South" not in body and "Southerly" not in body, (url_name, fmt)


# -- another tenant's ids in form choices -------------------------------------------------


def test_a_posting_for_south_s_school_is_refused_and_nothing_is_saved(client, world, south_program):
    client.force_login(world.users["district_admin"])
    response = client.post(
        reverse("posting-create"),
        {
            "program": world.program.pk,
            "school": world.south_school.pk,
            "title": "SRO",
            "opened_on": "2026-01-05",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("posting-create"),
        {"program": south_program.pk, "title": "SRO", "opened_on": "2026-01-05"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Posting.objects.exists()


def test_sam_cannot_be_assigned_to_a_school_his_agency_does_not_serve(client, world):
    client.force_login(world.users["le_supervisor"])
    response = client.post(
        reverse("assignment-create", args=[world.officer.pk]),
        {"school": world.south_school.pk, "starts_on": "2026-01-05", "kind": "fixed"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not world.officer.assignments.filter(school=world.south_school).exists()


def test_an_officer_cannot_be_added_to_another_agency(client, world):
    from programs.models import Officer

    client.force_login(world.users["le_supervisor"])
    response = client.post(
        reverse("officer-create"),
        {"agency": world.south_agency.pk, "first_name": "Sly", "last_name": "Slipper"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Officer.objects.filter(last_name="Slipper").exists()


def test_an_mou_cannot_name_another_district_or_its_agency(client, world):
    from mous.models import Mou

    client.force_login(world.users["district_admin"])
    for data in (
        {"district": world.south.pk, "title": "X", "agencies": [world.agency.pk]},
        {"district": world.district.pk, "title": "X", "agencies": [world.south_agency.pk]},
    ):
        response = client.post(reverse("mou-create"), data)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not Mou.objects.exists()


def test_a_report_on_another_district_cannot_be_requested(client, world):
    from reports.models import ReportRun

    client.force_login(world.users["district_admin"])
    response = client.post(
        reverse("report-list"), {"kind": "district_roster", "district": world.south.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ReportRun.objects.exists()
