"""Which SRO placements an executed MOU in force covers (COPS-2), and the warnings programs
shows from it without importing mous (programs/coverage.py): on the assignment form and on
the staffing page (COPS-11 places SROs at schools)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils.formats import date_format

from mous import services
from mous.selectors import covered_placements
from mous.tests.builders import draft, executed, sign_all, submit
from programs import coverage
from programs import services as program_services
from programs.clock import district_today
from programs.models import Assignment
from programs.tests.factories import OfficerFactory


def test_mous_answers_programs_question_from_its_app_config():
    assert covered_placements in coverage._checks


def test_an_executed_mou_covers_its_agencies_at_the_schools_it_names_in_one_query(
    world, django_assert_num_queries
):
    executed(world)  # North Police Department, North High School
    north_high = (world.agency.pk, world.school.pk)
    pairs = {
        north_high,
        (world.agency.pk, world.other_school.pk),  # a school the MOU does not name
        (world.second_agency.pk, world.school.pk),  # an agency that is not a party
        (world.south_agency.pk, world.south_school.pk),  # another district
    }
    with django_assert_num_queries(1):
        assert covered_placements(pairs, district_today(world.district)) == {north_high}
    assert coverage.uncovered(pairs, on=district_today(world.district)) == pairs - {north_high}


def test_only_a_version_executed_and_in_force_on_the_day_covers(world):
    north_high = {(world.agency.pk, world.school.pk)}
    mou = draft(world)
    version = mou.versions.get()
    assert covered_placements(north_high, date(2026, 9, 1)) == set()  # a draft covers nothing
    services.version_update(
        actor=world.users["district_admin"],
        version=version,
        change_summary="First MOU.",
        supervision="Sgt. Pat Doe.",
        effective_from=date(2026, 9, 1),
        effective_until=date(2027, 8, 31),
        schools=[world.school],
    )
    submit(world, version, on=date(2026, 8, 1))
    sign_all(world, version)
    assert covered_placements(north_high, date(2026, 9, 1)) == set()  # in review
    services.version_execute(actor=world.users["district_admin"], version=version)
    assert covered_placements(north_high, date(2026, 8, 31)) == set()  # not yet in force
    assert covered_placements(north_high, date(2026, 9, 1)) == north_high
    assert covered_placements(north_high, date(2027, 8, 31)) == north_high
    assert covered_placements(north_high, date(2027, 9, 1)) == set()  # its term has ended


def warnings_about_mous(**placement) -> list[str]:
    return [
        w
        for w in program_services.assignment_check(**placement)
        if w.startswith("COPS-2, COPS-11: no executed MOU")
    ]


def test_the_assignment_form_warns_where_no_mou_covers_the_placement(client, world):
    today = district_today(world.district)
    lee_at_high = {"officer": world.colleague, "school": world.school, "starts_on": today}
    assert warnings_about_mous(**lee_at_high) == [
        f"COPS-2, COPS-11: no executed MOU in force on {date_format(today)} between North Police "
        "Department and North District covers North High School. An SRO serves a school "
        "under a fully executed MOU that names it."
    ]
    executed(world)
    assert warnings_about_mous(**lee_at_high) == []
    assert warnings_about_mous(officer=world.colleague, school=world.other_school, starts_on=today)
    deputy = OfficerFactory(agency=world.second_agency)
    assert warnings_about_mous(officer=deputy, school=world.school, starts_on=today)

    # On the form: shown before anything is saved.
    client.force_login(world.users["le_supervisor"])
    body = client.post(
        reverse("assignment-create", args=[world.colleague.pk]),
        {"school": world.other_school.pk, "starts_on": today.isoformat(), "kind": "floating"},
    ).content.decode()
    assert "no executed MOU in force" in body and "North Middle School" in body
    assert not Assignment.objects.filter(officer=world.colleague).exists()


def test_the_staffing_page_marks_sros_no_mou_covers(client, world):
    today = district_today(world.district)
    # Sam (North Police Department) serves North High; a sheriff's deputy joins him there.
    Assignment.objects.create(
        officer=OfficerFactory(agency=world.second_agency, first_name="Dana", last_name="Deputy"),
        school=world.school,
        starts_on=today - timedelta(days=30),
    )
    url = reverse("district-staffing", args=[world.district.pk])
    client.force_login(world.users["district_admin"])
    body = client.get(url).content.decode()
    assert body.count("No MOU in force (COPS-2)") == 2
    assert "2 SRO assignments today are not covered by an executed MOU in force" in body

    executed(world)  # covers North Police Department at North High School only
    body = client.get(url).content.decode()
    assert body.count("No MOU in force (COPS-2)") == 1
    deputy = body.index("Dana Deputy")
    assert body.index("No MOU in force (COPS-2)") > deputy
    assert "1 SRO assignment today is not covered by an executed MOU in force" in body

    # Sam sees that the deputy serves there, and that no MOU covers them, without a name.
    client.force_login(world.users["sro"])
    body = client.get(url).content.decode()
    assert "Dana Deputy" not in body and "1 without an MOU in force (COPS-2)" in body
