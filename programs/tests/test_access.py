"""The door: each role sees exactly its own tenant, in one query."""

import pytest
from django.contrib.auth.models import AnonymousUser

from programs.access import access_for


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_district_admin_sees_their_district_its_schools_and_agencies(world):
    access = access_for(world.users["district_admin"])
    assert ids(access.districts()) == {world.district.pk}
    assert ids(access.schools()) == {world.school.pk, world.other_school.pk}
    assert ids(access.agencies()) == {world.agency.pk, world.second_agency.pk}
    assert ids(access.officers()) == {world.officer.pk, world.colleague.pk}
    assert ids(access.changeable_districts()) == {world.district.pk}
    assert ids(access.changeable_schools()) == {world.school.pk, world.other_school.pk}
    assert ids(access.changeable_agencies()) == set()
    assert ids(access.reportable_districts()) == {world.district.pk}


def test_program_viewer_sees_like_the_administrator_but_changes_nothing(world):
    access = access_for(world.users["program_viewer"])
    assert ids(access.schools()) == {world.school.pk, world.other_school.pk}
    assert ids(access.changeable_districts()) == set()
    assert ids(access.changeable_schools()) == set()
    assert ids(access.reportable_districts()) == {world.district.pk}


def test_school_admin_sees_only_their_school_and_the_sros_serving_it(world):
    access = access_for(world.users["school_admin"])
    assert ids(access.schools()) == {world.school.pk}
    assert ids(access.officers()) == {world.officer.pk}  # not Lee, who serves elsewhere
    assert ids(access.changeable_officers()) == set()
    assert ids(access.districts()) == {world.district.pk}
    assert ids(access.changeable_schools()) == {world.school.pk}
    assert ids(access.changeable_districts()) == set()
    assert ids(access.reportable_districts()) == set()


def test_supervisor_sees_their_agency_its_officers_and_the_districts_it_serves(world):
    access = access_for(world.users["le_supervisor"])
    assert ids(access.agencies()) == {world.agency.pk}
    assert ids(access.officers()) == {world.officer.pk, world.colleague.pk}
    assert ids(access.districts()) == {world.district.pk}
    assert ids(access.schools()) == {world.school.pk, world.other_school.pk}
    assert ids(access.changeable_agencies()) == {world.agency.pk}
    assert ids(access.changeable_schools()) == set()
    assert ids(access.changeable_officers()) == {world.officer.pk, world.colleague.pk}


def test_sro_sees_their_own_officer_record_not_their_colleagues(world):
    access = access_for(world.users["sro"])
    assert ids(access.officers()) == {world.officer.pk}
    assert ids(access.agencies()) == {world.agency.pk}
    assert ids(access.changeable_agencies()) == set()
    assert ids(access.reportable_districts()) == set()


@pytest.mark.parametrize("outsider", ["other_district_admin", "other_supervisor"])
def test_outsiders_see_nothing_of_north(world, outsider):
    access = access_for(world.users[outsider])
    assert world.district.pk not in ids(access.districts())
    assert not ids(access.schools()) & {world.school.pk, world.other_school.pk}
    assert not ids(access.agencies()) & {world.agency.pk, world.second_agency.pk}
    assert not ids(access.officers()) & {world.officer.pk, world.colleague.pk}


def test_staff_see_everything(world):
    access = access_for(world.users["staff"])
    assert {world.district.pk, world.south.pk} <= ids(access.districts())


def test_anonymous_and_inactive_users_see_nothing(world):
    assert ids(access_for(AnonymousUser()).districts()) == set()
    admin = world.users["district_admin"]
    admin.is_active = False
    assert ids(access_for(admin).districts()) == set()


def test_access_costs_one_query_per_request(world, django_assert_num_queries):
    user = world.users["district_admin"]
    with django_assert_num_queries(1):  # the memberships
        access_for(user)
        access_for(user)
    with django_assert_num_queries(1):  # then each list is one query
        list(access_for(user).schools())
