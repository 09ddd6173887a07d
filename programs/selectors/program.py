"""Reads for the program record: a program is seen by whoever sees its district, and changed
by its district administrators.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from programs.access import CHANGE, access_for
from programs.models import Program


def programs_for(user) -> QuerySet[Program]:
    """Programs whose training grid the user may see: those of the districts they see."""
    return access_for(user).programs().select_related("district").order_by("district__name")


def program_get_for(user, pk: int) -> Program:
    """A program the user sees (through its district); another tenant's is 404."""
    return get_object_or_404(programs_for(user), pk=pk)


def program_is_changeable(user, program: Program) -> bool:
    return access_for(user).districts(CHANGE).filter(pk=program.district_id).exists()
