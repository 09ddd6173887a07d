"""Who signs for a district or an agency (NASRO-DISC): its head (superintendent, chief,
sheriff) and the head's delegates, with dates, recorded by the organisation's administrators;
the door answers "may this user sign for it on this date?" from them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from programs.access import access_for
from programs.models import Role, SigningAuthority
from programs.services.heads import signing_authority_add, signing_authority_update
from programs.tests.factories import MembershipFactory, UserFactory
from sro_admin.errors import RuleViolation
from tests.access_rows import ROLES
from tests.access_rows.heads import AGENCY_HEAD_EDIT

pytestmark = pytest.mark.django_db
Kind = SigningAuthority.Kind


def superintendent(world, **kwargs) -> SigningAuthority:
    admin = world.users["district_admin"]
    return signing_authority_add(
        district=world.district,
        **{
            "actor": admin,
            "person": admin,
            "kind": Kind.SUPERINTENDENT,
            "title": "Superintendent",
            "starts_on": date(2024, 7, 1),
            **kwargs,
        },
    )


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_the_door_says_who_may_sign_for_which_district_and_agency_on_which_date(world):
    superintendent(world, ends_on=date(2026, 6, 30))
    chief = world.users["le_supervisor"]
    signing_authority_add(
        actor=chief,
        agency=world.agency,
        person=chief,
        kind=Kind.CHIEF,
        title="Chief of Police",
        starts_on=date(2025, 1, 1),
    )
    admin = access_for(world.users["district_admin"])
    assert ids(admin.head_districts(date(2024, 6, 30))) == set()
    assert ids(admin.head_districts(date(2024, 7, 1))) == {world.district.pk}
    assert ids(admin.head_districts(date(2026, 6, 30))) == {world.district.pk}
    assert ids(admin.head_districts(date(2026, 7, 1))) == set()
    assert ids(admin.head_agencies(date(2025, 6, 1))) == set()
    supervisor = access_for(chief)
    assert ids(supervisor.head_agencies(date(2025, 6, 1))) == {world.agency.pk}
    assert ids(supervisor.head_districts(date(2025, 6, 1))) == set()
    # Site staff see everything, and head nothing; anonymous visitors neither.
    assert not access_for(world.users["staff"]).head_districts(date(2025, 6, 1)).exists()
    assert not access_for(None).head_agencies(date(2025, 6, 1)).exists()


def test_one_head_at_a_time_in_the_service_and_the_database(world):
    first = superintendent(world, ends_on=date(2026, 6, 30))
    viewer = world.users["program_viewer"]
    with pytest.raises(ValidationError, match="already has a head for some of these dates"):
        superintendent(world, person=viewer, starts_on=date(2026, 6, 30))
    with pytest.raises(IntegrityError), transaction.atomic():
        SigningAuthority.objects.create(
            district=world.district,
            user=viewer,
            kind=Kind.SUPERINTENDENT,
            title="Superintendent",
            starts_on=date(2025, 1, 1),
        )
    # The next superintendent starts the day after; delegates may overlap the head.
    nxt = superintendent(world, person=viewer, starts_on=date(2026, 7, 1))
    delegate = signing_authority_add(
        actor=world.users["district_admin"],
        district=world.district,
        person=viewer,
        kind=Kind.DELEGATE,
        title="Deputy Superintendent",
        delegation="Board resolution 2025-12",
        starts_on=date(2025, 1, 1),
    )
    assert {first.pk, nxt.pk, delegate.pk} == ids(SigningAuthority.objects.all())


def test_the_records_rules(world):
    admin = world.users["district_admin"]
    with pytest.raises(RuleViolation, match="by what act") as refused:
        superintendent(world, kind=Kind.DELEGATE)
    assert refused.value.rule_id == "NASRO-DISC"
    with pytest.raises(RuleViolation, match="a chief or sheriff heads an agency"):
        superintendent(world, kind=Kind.CHIEF)
    with pytest.raises(RuleViolation, match="end comes before the start"):
        superintendent(world, ends_on=date(2024, 6, 30))
    with pytest.raises(RuleViolation, match="no role in North District"):
        superintendent(world, person=world.users["sro"])  # cannot read the district's MOUs
    with pytest.raises(IntegrityError), transaction.atomic():
        SigningAuthority.objects.create(
            district=world.district,
            agency=world.agency,
            user=admin,
            kind=Kind.DELEGATE,
            title="Both",
            delegation="x",
            starts_on=date(2025, 1, 1),
        )


def test_only_the_organisations_administrators_record_its_heads(world):
    with pytest.raises(PermissionDenied):  # a supervisor does not name the superintendent
        superintendent(world, actor=world.users["le_supervisor"])
    with pytest.raises(PermissionDenied):  # nor the district its agency's chief
        signing_authority_add(
            actor=world.users["district_admin"],
            agency=world.agency,
            person=world.users["le_supervisor"],
            kind=Kind.CHIEF,
            title="Chief",
            starts_on=date(2025, 1, 1),
        )
    record = superintendent(world)
    with pytest.raises(PermissionDenied):
        signing_authority_update(
            actor=world.users["other_district_admin"],
            authority=record,
            title="Taken over",
            ends_on=None,
        )


def test_ending_a_head_is_kept_in_the_districts_history(client, world):
    record = superintendent(world)
    client.force_login(world.users["district_admin"])
    response = client.post(
        reverse("head-edit", args=[record.pk]), {"title": "Superintendent", "ends_on": "2026-06-30"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.ends_on == date(2026, 6, 30)
    history = client.get(reverse("district-history", args=[world.district.pk])).content.decode()
    assert "Head or delegate: Superintendent" in history


def test_the_district_page_lists_who_signs_and_its_administrator_records_them(client, world):
    client.force_login(world.users["district_admin"])
    url = reverse("district-head-create", args=[world.district.pk])
    page = client.get(url).content.decode()
    # The people offered are the district's own who read its MOUs: not the SRO, not South's.
    assert "North district_admin" in page and "North program_viewer" in page
    assert "North sro" not in page and "South Administrator" not in page
    response = client.post(
        url,
        {
            "person": world.users["district_admin"].pk,
            "kind": Kind.SUPERINTENDENT,
            "title": "Superintendent",
            "starts_on": "2024-07-01",
        },
    )
    assert response.status_code == 302
    client.force_login(world.users["school_admin"])  # sees the district, changes nothing
    page = client.get(reverse("district-detail", args=[world.district.pk])).content.decode()
    assert "Who signs MOUs" in page and "North district_admin" in page
    assert "Record the head or a delegate" not in page


def test_the_agencys_supervisor_records_its_chief_and_a_deputy_cannot_be_forced(client, world):
    supervisor = world.users["le_supervisor"]
    deputy = UserFactory(full_name="Dana Deputy")
    MembershipFactory(user=deputy, role=Role.LE_SUPERVISOR, agency=world.agency)
    client.force_login(supervisor)
    url = reverse("agency-head-create", args=[world.agency.pk])
    response = client.post(
        url,
        {
            "person": deputy.pk,
            "kind": Kind.DELEGATE,
            "title": "Deputy Chief",
            "starts_on": "2025-01-01",
        },
    )
    assert "Say who delegated the signature" in response.content.decode()
    assert not SigningAuthority.objects.exists()
    client.post(
        url,
        {
            "person": deputy.pk,
            "kind": Kind.DELEGATE,
            "title": "Deputy Chief",
            "starts_on": "2025-01-01",
            "delegation": "General order 2025-07",
        },
    )
    assert SigningAuthority.objects.get().user == deputy


def test_the_agency_record_edit_page_is_for_the_agencys_supervisor(client, world):
    """The access matrix walks head-edit with the district's record; this is the agency's."""
    kwargs_for, expected = AGENCY_HEAD_EDIT
    url = reverse("head-edit", kwargs=kwargs_for(world))
    actual = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        actual[role] = client.get(url).status_code
    assert actual == expected


def test_posting_a_head_for_another_tenant_is_refused(client, world):
    form = {
        "person": world.users["other_district_admin"].pk,
        "kind": Kind.SUPERINTENDENT,
        "title": "Superintendent",
        "starts_on": "2024-07-01",
    }
    client.force_login(world.users["other_district_admin"])
    assert (
        client.post(reverse("district-head-create", args=[world.district.pk]), form).status_code
        == 404
    )
    client.force_login(world.users["le_supervisor"])  # sees North, does not keep it
    assert (
        client.post(reverse("district-head-create", args=[world.district.pk]), form).status_code
        == 403
    )
    assert not SigningAuthority.objects.exists()
