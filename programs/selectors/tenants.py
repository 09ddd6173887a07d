"""Reads for districts, schools, agencies and memberships, and what the signed-in home page
lists. Every query starts from the access door.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from programs.access import access_for
from programs.models import Agency, District, Membership, Officer, School


def district_get_for(user, pk: int) -> District:
    return get_object_or_404(access_for(user).districts(), pk=pk)


def school_get_for(user, pk: int) -> School:
    return get_object_or_404(access_for(user).schools().select_related("district"), pk=pk)


def agency_get_for(user, pk: int) -> Agency:
    return get_object_or_404(access_for(user).agencies(), pk=pk)


def district_schools_for(user, district: District) -> QuerySet[School]:
    return access_for(user).schools().filter(district=district).order_by("name")


def district_agencies_for(user, district: District) -> QuerySet[Agency]:
    return access_for(user).agencies().filter(district_links__district=district).order_by("name")


def agency_districts_for(user, agency: Agency) -> QuerySet[District]:
    return access_for(user).districts().filter(agency_links__agency=agency).order_by("name")


def agency_officers_for(user, agency: Agency) -> QuerySet[Officer]:
    return access_for(user).officers().filter(agency=agency).select_related("user")


@dataclass
class Home:
    memberships: list[Membership]
    districts: list[District]
    schools: list[School]
    agencies: list[Agency]
    officer: Officer | None


def home_for(user) -> Home:
    """What the signed-in home page lists for `user`. A fixed number of queries."""
    access = access_for(user)
    memberships = list(
        access.memberships()
        .select_related("district", "school__district", "agency")
        .order_by("role", "pk")
    )
    districts = list(
        access.districts().annotate(school_count=Count("schools", distinct=True)).order_by("name")
    )
    schools = list(access.schools().select_related("district").order_by("district__name", "name"))
    agencies = list(access.agencies().order_by("name"))
    officer = access.own_officer_record().select_related("agency").first()
    return Home(
        memberships=memberships,
        districts=districts,
        schools=schools,
        agencies=agencies,
        officer=officer,
    )
