"""Writes for programs: one function per domain action."""

from __future__ import annotations

from django.db import transaction

from programs.models import Agency, District, Membership, School


def _apply(obj, changes: dict) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, changes[name])
    return changed


def _update(obj, changes: dict):
    changed = _apply(obj, changes)
    if changed:
        obj.full_clean()
        obj.save(update_fields=[*changed, "updated_at"])
    return obj


def district_update(
    *, district: District, name: str, state: str, nces_id: str, time_zone
) -> District:
    return _update(
        district, {"name": name, "state": state.upper(), "nces_id": nces_id, "time_zone": time_zone}
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
