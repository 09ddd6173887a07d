"""Reads for districts, schools, agencies and memberships, and what the signed-in home page
lists. Every query starts from the access door.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from programs.access import access_for
from programs.models import Agency, District, Membership, Officer, School
from programs.selectors.base import FirstOf, first_of


def district_get_for(user, pk: int) -> District:
    return get_object_or_404(access_for(user).districts(), pk=pk)


def school_get_for(user, pk: int) -> School:
    return get_object_or_404(access_for(user).schools().select_related("district"), pk=pk)


def agency_get_for(user, pk: int) -> Agency:
    return get_object_or_404(access_for(user).agencies(), pk=pk)


def district_list_for(user) -> QuerySet[District]:
    """The districts the user sees, by name, each with its number of schools."""
    return (
        access_for(user)
        .districts()
        .annotate(school_count=Count("schools", distinct=True))
        .order_by("name", "pk")
    )


def agency_list_for(user) -> QuerySet[Agency]:
    return access_for(user).agencies().order_by("name", "pk")


def district_schools_for(user, district: District) -> QuerySet[School]:
    # The primary key breaks no tie (names are unique in a district) but keeps pages stable.
    return access_for(user).schools().filter(district=district).order_by("name", "pk")


def district_agencies_for(user, district: District) -> QuerySet[Agency]:
    return access_for(user).agencies().filter(district_links__district=district).order_by("name")


def agency_districts_for(user, agency: Agency) -> QuerySet[District]:
    return access_for(user).districts().filter(agency_links__agency=agency).order_by("name", "pk")


def agency_officers_for(user, agency: Agency) -> QuerySet[Officer]:
    """As the officer list orders them (its index, programs/models/officers.py)."""
    return (
        access_for(user).officers().filter(agency=agency).order_by("last_name", "first_name", "pk")
    )


@dataclass
class Home:
    memberships: list[Membership]
    # The first few of each, with how many there are: the lists are paged on their own pages.
    districts: FirstOf
    schools: FirstOf
    agencies: FirstOf
    officer: Officer | None

    @property
    def only_district(self) -> District | None:
        """The one district the user sees, whose page lists all their schools; else None."""
        return self.districts.items[0] if self.districts.total == 1 else None


def home_for(user) -> Home:
    """What the signed-in home page lists for `user`: the first few districts, schools and
    agencies, with their counts. A fixed number of queries, however many there are."""
    access = access_for(user)
    memberships = list(
        access.memberships()
        .select_related("district", "school__district", "agency")
        .order_by("role", "pk")
    )
    districts = first_of(district_list_for(user))
    schools = first_of(
        access.schools().select_related("district").order_by("district__name", "name", "pk")
    )
    agencies = first_of(agency_list_for(user))
    officer = access.own_officer_record().select_related("agency").first()
    return Home(
        memberships=memberships,
        districts=districts,
        schools=schools,
        agencies=agencies,
        officer=officer,
    )
