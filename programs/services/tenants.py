"""Writes for districts, schools, agencies and memberships. Each takes the acting user and
asks the door first (programs.access.require)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from programs.access import CHANGE, access_for, require
from programs.models import Agency, District, Membership, School
from programs.services.base import changes_save
from sro_admin import public_cache
from sro_admin.models import User


@transaction.atomic
def district_update(
    *,
    actor: User,
    district: District,
    name: str,
    state: str,
    nces_id: str,
    time_zone,
    feedback_contact: str,
    feedback_email: str,
    feedback_phone: str,
    feedback_address: str,
) -> District:
    """A district's administrators keep its record."""
    require(access_for(actor).districts(CHANGE), district)
    # The name and the feedback contact are on the district's public pages (COPS-2, COPS-9),
    # refreshed once this commits (the outbox row is written with the change).
    public_cache.district_changed(district.pk)
    return changes_save(
        district,
        {
            "name": name,
            "state": state.upper(),
            "nces_id": nces_id,
            "time_zone": time_zone,
            "feedback_contact": feedback_contact.strip(),
            "feedback_email": feedback_email.strip(),
            "feedback_phone": feedback_phone.strip(),
            "feedback_address": feedback_address.strip(),
        },
    )


@transaction.atomic
def school_update(*, actor: User, school: School, name: str, nces_id: str) -> School:
    """The district's administrators and the school's own administrators keep its record."""
    require(access_for(actor).schools(CHANGE), school)
    public_cache.district_changed(school.district_id)  # the public pages name its schools
    return changes_save(school, {"name": name, "nces_id": nces_id})


@transaction.atomic
def agency_update(*, actor: User, agency: Agency, name: str, kind: str) -> Agency:
    """The agency's supervisors keep its record."""
    require(access_for(actor).agencies(CHANGE), agency)
    for district_id in agency.district_links.values_list("district_id", flat=True):
        public_cache.district_changed(district_id)  # the MOUs name their agencies
    return changes_save(agency, {"name": name, "kind": kind})


@transaction.atomic
def membership_grant(
    *,
    actor: User,
    user,
    role: str,
    district: District | None = None,
    school: School | None = None,
    agency: Agency | None = None,
) -> Membership:
    """Give `user` a role in a scope. Granting the same role twice changes nothing.

    Site staff grant roles (docs/operations.md: the admin's Memberships): a role is access to
    a tenant's records, so no tenant's own people hand it out."""
    if not access_for(actor).is_staff:
        raise PermissionDenied
    existing = Membership.objects.filter(
        user=user, role=role, district=district, school=school, agency=agency
    ).first()
    if existing:
        return existing
    membership = Membership(user=user, role=role, district=district, school=school, agency=agency)
    membership.full_clean()  # the scope must fit the role; an SRO needs an officer record
    membership.save()
    return membership
