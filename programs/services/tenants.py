"""Writes for districts, schools, agencies and memberships."""

from __future__ import annotations

from django.db import transaction

from programs.models import Agency, District, Membership, School
from programs.services.base import _update


def district_update(
    *,
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
    # The feedback contact is published on the district's feedback page (COPS-2, COPS-9).
    return _update(
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


def school_update(*, school: School, name: str, nces_id: str) -> School:
    return _update(school, {"name": name, "nces_id": nces_id})


def agency_update(*, agency: Agency, name: str, kind: str) -> Agency:
    return _update(agency, {"name": name, "kind": kind})


@transaction.atomic
def membership_grant(
    *,
    user,
    role: str,
    district: District | None = None,
    school: School | None = None,
    agency: Agency | None = None,
) -> Membership:
    """Give `user` a role in a scope. Granting the same role twice changes nothing."""
    existing = Membership.objects.filter(
        user=user, role=role, district=district, school=school, agency=agency
    ).first()
    if existing:
        return existing
    membership = Membership(user=user, role=role, district=district, school=school, agency=agency)
    membership.full_clean()  # the scope must fit the role; an SRO needs an officer record
    membership.save()
    return membership
