"""Reads for the heads of districts and agencies and their delegates (NASRO-DISC)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from programs.access import CHANGE, access_for, role_holders
from programs.models import Agency, District, Role, SigningAuthority
from sro_admin.models import User


def signing_authorities_of(
    *, district: District | None = None, agency: Agency | None = None
) -> QuerySet[SigningAuthority]:
    """A district's or an agency's heads and delegates, current and past, newest first."""
    if district is not None:
        rows = SigningAuthority.objects.filter(district=district)
    else:
        rows = SigningAuthority.objects.filter(agency=agency)
    return rows.select_related("user").order_by("-starts_on", "pk")


def signing_authority_get_for(user, pk: int) -> SigningAuthority:
    """A record of a district or an agency the user sees; else 404."""
    access = access_for(user)
    return get_object_or_404(
        SigningAuthority.objects.select_related("district", "agency", "user").filter(
            Q(district__in=access.districts()) | Q(agency__in=access.agencies())
        ),
        pk=pk,
    )


def signing_authority_is_changeable(user, authority: SigningAuthority) -> bool:
    access = access_for(user)
    if authority.district_id is not None:
        return access.districts(CHANGE).filter(pk=authority.district_id).exists()
    return access.agencies(CHANGE).filter(pk=authority.agency_id).exists()


def signing_candidates(
    *, district: District | None = None, agency: Agency | None = None
) -> QuerySet[User]:
    """Who may be recorded as head or delegate: people who read the organisation's MOUs,
    drafts included (mous.selectors): a district's administrators and program viewers, or an
    agency's supervisors."""
    if district is not None:
        people = role_holders(Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER, districts=[district.pk])
    else:
        people = role_holders(Role.LE_SUPERVISOR, agencies=[agency.pk])
    return people.order_by("full_name", "email")
