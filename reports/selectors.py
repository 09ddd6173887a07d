"""Reads for reports: which runs a user may see, and the data step of each report."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from programs.access import OVERSEE, access_for
from programs.models import District
from reports.models import ReportRun


def report_run_list_for(user) -> QuerySet[ReportRun]:
    return ReportRun.objects.filter(
        district__in=access_for(user).districts(OVERSEE)
    ).select_related("district", "requested_by")


def report_run_get_for(user, pk: int) -> ReportRun:
    return get_object_or_404(report_run_list_for(user), pk=pk)


def district_roster_data(*, district: District) -> dict:
    """The data step of the district roster: plain values, no rendering. The run's district
    was checked through the door when the run was requested (reports.services)."""
    schools = list(district.schools.order_by("name").values("name", "nces_id"))
    agencies = [
        {"name": a.name, "kind": a.get_kind_display()} for a in district.agencies.order_by("name")
    ]
    return {
        "district": {"name": district.name, "state": district.state, "nces_id": district.nces_id},
        "schools": schools,
        "agencies": agencies,
        "generated_at": timezone.now(),
    }
