"""Reads for the community decision record (COPS-1). Every query starts from the door: a
program is seen by whoever sees its district, and changed by its district administrators.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from programs.models import Engagement, Program, ProgramDecision, Stakeholder
from programs.selectors.program import programs_for


def engagements_of(program: Program) -> QuerySet[Engagement]:
    return program.engagements.order_by("-held_on", "-pk")


@dataclass(frozen=True)
class EngagementRow:
    engagement: Engagement
    who: list[str]  # the stakeholder categories that took part, by name


def engagement_rows(engagements: QuerySet[Engagement]) -> list[EngagementRow]:
    """Engagements with their stakeholder categories named, in Stakeholder's order."""
    return [
        EngagementRow(e, [str(s.label) for s in Stakeholder if s.value in e.stakeholders])
        for e in engagements
    ]


def decisions_of(program: Program) -> QuerySet[ProgramDecision]:
    """Decisions, newest first, each with the engagements it drew on: two queries."""
    return program.decisions.prefetch_related(
        Prefetch("engagements", queryset=Engagement.objects.order_by("held_on", "pk"))
    ).order_by("-decided_on", "-pk")


def engagement_get_for(user, program_pk: int, pk: int) -> Engagement:
    return get_object_or_404(
        Engagement.objects.filter(program__in=programs_for(user), program_id=program_pk), pk=pk
    )


def decision_get_for(user, program_pk: int, pk: int) -> ProgramDecision:
    return get_object_or_404(
        ProgramDecision.objects.filter(program__in=programs_for(user), program_id=program_pk),
        pk=pk,
    )


@dataclass(frozen=True)
class Heard:
    stakeholder: Stakeholder
    engagements: int
    last_heard_on: date


@dataclass(frozen=True)
class Coverage:
    """Which stakeholder categories COPS-1 names the program has heard, and which never."""

    heard: list[Heard]
    not_heard: list[Stakeholder]

    @property
    def not_heard_labels(self) -> str:
        return ", ".join(str(s.label) for s in self.not_heard)


def stakeholder_coverage(program: Program) -> Coverage:
    """One aggregate query, however many engagements: a count and a last date per category."""
    totals = program.engagements.aggregate(
        **{
            f"n_{s.value}": Count("pk", filter=Q(stakeholders__contains=[s.value]))
            for s in Stakeholder
        },
        **{
            f"last_{s.value}": Max("held_on", filter=Q(stakeholders__contains=[s.value]))
            for s in Stakeholder
        },
    )
    heard = [
        Heard(s, totals[f"n_{s.value}"], totals[f"last_{s.value}"])
        for s in Stakeholder
        if totals[f"n_{s.value}"]
    ]
    return Coverage(heard=heard, not_heard=[s for s in Stakeholder if not totals[f"n_{s.value}"]])
