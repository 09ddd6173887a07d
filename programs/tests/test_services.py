import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programs import services
from programs.models import Membership, Role
from programs.tests.factories import UserFactory
from sro_admin.audit import audit_context, history_for


def test_a_membership_needs_the_scope_its_role_names(world):
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.membership_grant(
            actor=world.users["staff"], user=user, role=Role.SCHOOL_ADMIN, district=world.district
        )
    # The database refuses it too, whatever path the row takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.LE_SUPERVISOR, district=world.district)


def test_granting_the_same_membership_twice_changes_nothing(world):
    user = UserFactory()
    first = services.membership_grant(
        actor=world.users["staff"], user=user, role=Role.DISTRICT_ADMIN, district=world.district
    )
    second = services.membership_grant(
        actor=world.users["staff"], user=user, role=Role.DISTRICT_ADMIN, district=world.district
    )
    assert first.pk == second.pk
    assert Membership.objects.filter(user=user).count() == 1


def test_an_sro_membership_needs_an_officer_record_in_that_agency(world):
    with pytest.raises(ValidationError, match="officer record"):
        services.membership_grant(
            actor=world.users["staff"], user=UserFactory(), role=Role.SRO, agency=world.agency
        )


def test_school_update_saves_and_audits_only_real_changes(world):
    editor = world.users["district_admin"]
    with audit_context(source="test", user=editor):
        services.school_update(
            actor=editor, school=world.school, name="North Senior High", nces_id=""
        )
        services.school_update(
            actor=editor, school=world.school, name="North Senior High", nces_id=""
        )
    world.school.refresh_from_db()
    assert world.school.name == "North Senior High"
    entries = history_for(world.school)
    assert [e.kind for e in entries] == ["update", "insert"]
    change = entries[0].changes[0]
    assert (change.field, change.old, change.new) == (
        "Name",
        "North High School",
        "North Senior High",
    )
    assert entries[0].actor == "North district_admin"
    created = {c.field: c.new for c in entries[1].changes}
    assert created["District"] == "North District"  # a foreign key is shown by name
    assert created["NCES school ID"] is None or created["NCES school ID"] == ""


def test_school_update_refuses_a_malformed_nces_id(world):
    with pytest.raises(ValidationError) as error:
        services.school_update(
            actor=world.users["district_admin"],
            school=world.school,
            name="North High School",
            nces_id="12",
        )
    assert "nces_id" in error.value.message_dict


def test_bulk_updates_are_audited_too(world):
    from programs.models import School

    School.objects.filter(pk=world.school.pk).update(name="Renamed in bulk")
    entries = history_for(world.school)
    assert entries[0].kind == "update"
    assert entries[0].changes[0].new == "Renamed in bulk"
    assert entries[0].actor == ""  # no request, no context: shown as a direct database change
