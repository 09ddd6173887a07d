"""Reads for officers and their assignments, as the door lets the user see them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from programs.access import access_for
from programs.models import Assignment, Course, Officer, Program, TrainingRecord


def officer_list_for(user) -> QuerySet[Officer]:
    """By name, as the index officer_name_order reads them (the key ends in the pk, so a
    page is cut from the index rather than from a sort of every officer)."""
    return (
        access_for(user)
        .officers()
        .select_related("agency")
        .order_by("last_name", "first_name", "pk")
    )


def officer_get_for(user, pk: int) -> Officer:
    return get_object_or_404(officer_list_for(user), pk=pk)


def officer_assignments(user, officer: Officer) -> QuerySet[Assignment]:
    """The officer's assignments at schools the user sees: a district sees its own part of an
    officer's record, not the schools of another district the agency serves."""
    return (
        access_for(user)
        .assignments()
        .filter(officer=officer)
        .select_related("school__district")
        .order_by("-starts_on", "-pk")
    )


def officer_training_records(officer: Officer) -> QuerySet[TrainingRecord]:
    """Newest first; the officer page shows them a page at a time."""
    return officer.training_records.select_related("course").order_by("-completed_on", "-pk")


def officer_programs(user, officer: Officer) -> QuerySet[Program]:
    """The programs whose schedules apply to an officer (where they have been assigned), among
    those the user sees: another district's requirements and standings stay out of sight."""
    return (
        access_for(user)
        .programs()
        .filter(
            district__in=access_for(user)
            .assignments()
            .filter(officer=officer)
            .values("school__district")
        )
        .select_related("district")
    )


def officer_courses(user, officer: Officer) -> QuerySet[Course]:
    """Courses a training record of the officer may name: the catalogue's, and those of the
    programs whose schedules apply to the officer, still offered."""
    return (
        access_for(user)
        .courses()
        .offered_to(officer_programs(user, officer))
        .filter(is_active=True)
        .order_by("name")
    )
