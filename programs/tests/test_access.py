"""The door: each role sees exactly its own tenant, in one query."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from programs.access import CHANGE, OVERSEE, SERVE, access_for


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_district_admin_sees_their_district_its_schools_and_agencies(world):
    access = access_for(world.users["district_admin"])
    assert ids(access.districts()) == {world.district.pk}
    assert ids(access.schools()) == {world.school.pk, world.other_school.pk}
    assert ids(access.agencies()) == {world.agency.pk, world.second_agency.pk}
    assert ids(access.officers()) == {world.officer.pk, world.colleague.pk, world.deputy.pk}
    assert ids(access.districts(CHANGE)) == {world.district.pk}
    assert ids(access.schools(CHANGE)) == {world.school.pk, world.other_school.pk}
    assert ids(access.agencies(CHANGE)) == set()
    assert ids(access.districts(OVERSEE)) == {world.district.pk}


def test_program_viewer_sees_like_the_administrator_but_changes_nothing(world):
    access = access_for(world.users["program_viewer"])
    assert ids(access.schools()) == {world.school.pk, world.other_school.pk}
    assert ids(access.districts(CHANGE)) == set()
    assert ids(access.schools(CHANGE)) == set()
    assert ids(access.districts(OVERSEE)) == {world.district.pk}


def test_school_admin_sees_only_their_school_and_the_sros_serving_it(world):
    access = access_for(world.users["school_admin"])
    assert ids(access.schools()) == {world.school.pk}
    assert ids(access.officers()) == {world.officer.pk}  # not Lee, who serves elsewhere
    assert ids(access.officers(CHANGE)) == set()
    assert ids(access.districts()) == {world.district.pk}
    assert ids(access.schools(CHANGE)) == {world.school.pk}
    assert ids(access.districts(CHANGE)) == set()
    assert ids(access.districts(OVERSEE)) == set()


def test_supervisor_sees_their_agency_its_officers_and_the_districts_it_serves(world):
    access = access_for(world.users["le_supervisor"])
    assert ids(access.agencies()) == {world.agency.pk}
    assert ids(access.officers()) == {world.officer.pk, world.colleague.pk}
    assert ids(access.districts()) == {world.district.pk}
    assert ids(access.schools()) == {world.school.pk, world.other_school.pk}
    assert ids(access.agencies(CHANGE)) == {world.agency.pk}
    assert ids(access.schools(CHANGE)) == set()
    assert ids(access.officers(CHANGE)) == {world.officer.pk, world.colleague.pk}


def test_sro_sees_their_own_officer_record_not_their_colleagues(world):
    access = access_for(world.users["sro"])
    assert ids(access.officers()) == {world.officer.pk}
    assert ids(access.agencies()) == {world.agency.pk}
    assert ids(access.agencies(CHANGE)) == set()
    assert ids(access.districts(OVERSEE)) == set()


@pytest.mark.parametrize("outsider", ["other_district_admin", "other_supervisor"])
def test_outsiders_see_nothing_of_north(world, outsider):
    access = access_for(world.users[outsider])
    assert world.district.pk not in ids(access.districts())
    assert not ids(access.schools()) & {world.school.pk, world.other_school.pk}
    assert world.agency.pk not in ids(access.agencies())
    assert not ids(access.officers()) & {world.officer.pk, world.colleague.pk}
    # The sheriff serves South too: South sees the deputy, but none of North's part of the
    # deputy's record.
    assert world.deputy.pk in ids(access.officers()) or outsider == "other_supervisor"
    assert not ids(access.assignments()) & set(
        world.deputy.assignments.filter(school__district=world.district).values_list(
            "pk", flat=True
        )
    )


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


def test_holds_any_says_what_the_querysets_hold_without_a_query(world, django_assert_num_queries):
    abilities = [("districts", CHANGE), ("districts", OVERSEE)]
    abilities += [("agencies", CHANGE), ("agencies", SERVE)]
    users = [*world.users.values(), AnonymousUser()]
    for user in users:
        access = access_for(user)
        expected = [getattr(access, noun)(can).exists() for noun, can in abilities]
        if access.is_staff:
            assert [access.holds_any(noun, can) for noun, can in abilities] == expected
            continue
        with django_assert_num_queries(0):
            assert [access.holds_any(noun, can) for noun, can in abilities] == expected, user
    with pytest.raises(ValueError, match="no ability"):
        access_for(world.users["sro"]).holds_any("officers", CHANGE)


def test_each_ability_is_its_own_queryset(world):
    admin, viewer = (
        access_for(world.users["district_admin"]),
        access_for(world.users["program_viewer"]),
    )
    principal, supervisor = (
        access_for(world.users["school_admin"]),
        access_for(world.users["le_supervisor"]),
    )
    sro = access_for(world.users["sro"])
    assert (
        ids(admin.districts("oversee")) == ids(viewer.districts("oversee")) == {world.district.pk}
    )
    assert ids(viewer.districts("change")) == set()
    assert ids(supervisor.districts("select")) == {world.district.pk}  # its agency serves it
    assert ids(principal.schools("administer")) == {world.school.pk}
    assert ids(admin.schools("administer")) == set()
    assert ids(sro.agencies("serve")) == ids(supervisor.agencies("serve")) == {world.agency.pk}
    assert ids(sro.officers("opt_out")) == {world.officer.pk}  # COPS-11: their own
    assert ids(supervisor.officers("opt_out")) == {world.officer.pk, world.colleague.pk}
    assert ids(admin.assignments("keep_probation")) == set(
        world.district.schools.values_list("assignments", flat=True)
    ) - {None}
    assert ids(principal.assignments("review_probation")) == set(
        world.school.assignments.values_list("pk", flat=True)
    )
    assert ids(sro.own_officer_record()) == {world.officer.pk}
    with pytest.raises(ValueError, match="no ability"):
        admin.districts("sign")


def test_site_staff_sign_for_nobody(world):
    from programs.models import SigningAuthority
    from programs.services.heads import signing_authority_add

    signing_authority_add(
        actor=world.users["district_admin"],
        district=world.district,
        person=world.users["district_admin"],
        kind=SigningAuthority.Kind.SUPERINTENDENT,
        title="Superintendent",
        starts_on=date(2020, 1, 1),
    )
    on = date(2026, 9, 1)
    staff = access_for(world.users["staff"])
    assert ids(staff.districts("change")) >= {world.district.pk}
    assert ids(staff.head_districts(on)) == set() and ids(staff.head_agencies(on)) == set()
    # Nor does an administrator as such: the superintendent on record does (NASRO-DISC).
    assert ids(access_for(world.users["district_admin"]).head_districts(on)) == {world.district.pk}
    assert ids(access_for(world.users["program_viewer"]).head_districts(on)) == set()


def test_memberships_are_read_only_by_the_door(world):
    """Reminders ask the door who holds a role; nothing else reads Membership."""
    from programs.access import role_holders
    from programs.models import Role

    admins = role_holders(Role.DISTRICT_ADMIN, districts=[world.district.pk])
    assert list(admins.values_list("email", flat=True)) == ["district_admin@north.example"]
    supervisors = role_holders(Role.LE_SUPERVISOR, agencies=[world.agency.pk])
    assert list(supervisors.values_list("email", flat=True)) == ["le_supervisor@north.example"]
    assert not role_holders(Role.LE_SUPERVISOR).exists()  # no scope, no one
