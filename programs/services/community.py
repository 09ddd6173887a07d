"""Writes for the community decision record (COPS-1): the engagements at which the community
was heard, and the program decisions that drew on them.

Every model written here is audited by database triggers (sro_admin.audit): the services need
not write history themselves. The program's district administrators keep its record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from programs.access import CHANGE, access_for, require
from programs.files import upload_store
from programs.models import Engagement, Program, ProgramDecision
from programs.services.base import check_not_in_future
from sro_admin.errors import RuleViolation
from sro_admin.models import User


def _attach(obj, upload: File | None, *, field: str = "attachment") -> None:
    if upload:
        upload_store(getattr(obj, field), upload, field=field)


@transaction.atomic
def engagement_record(
    *,
    actor: User,
    program: Program,
    kind: str,
    held_on: date,
    title: str,
    stakeholders: Iterable[str],
    participants: int | None,
    summary: str,
    attachment: File | None = None,
    today: date | None = None,
) -> Engagement:
    """Record a meeting, survey, forum or hearing at which the community was heard (COPS-1)."""
    require(access_for(actor).programs(CHANGE), program)
    check_not_in_future(held_on, program=program, today=today, field="held_on")
    engagement = Engagement(
        program=program,
        kind=kind,
        held_on=held_on,
        title=title,
        stakeholders=sorted(set(stakeholders)),
        participants=participants,
        summary=summary,
    )
    engagement.full_clean()
    _attach(engagement, attachment)  # after the checks: a refused row leaves no file behind
    engagement.save()
    return engagement


@transaction.atomic
def program_decision_record(
    *,
    actor: User,
    program: Program,
    kind: str,
    decided_on: date,
    decided_by: str,
    summary: str,
    engagements: Iterable[Engagement] = (),
    attachment: File | None = None,
    today: date | None = None,
) -> ProgramDecision:
    """Record the local decision to have, keep, change or end the program (COPS-1), with the
    engagements it drew on: the program's own, held on or before the day of the decision."""
    require(access_for(actor).programs(CHANGE), program)
    check_not_in_future(decided_on, program=program, today=today, field="decided_on")
    engagements = list(engagements)
    if any(e.program_id != program.pk for e in engagements):
        raise RuleViolation(
            _("A decision can only draw on this program's engagements."), field="engagements"
        )
    later = [e for e in engagements if e.held_on > decided_on]
    if later:
        raise RuleViolation(
            _("A decision cannot draw on an engagement held after it: %(titles)s.")
            % {"titles": ", ".join(e.title for e in later)},
            rule_id="COPS-1",
            field="engagements",
        )
    decision = ProgramDecision(
        program=program, kind=kind, decided_on=decided_on, decided_by=decided_by, summary=summary
    )
    decision.full_clean()
    _attach(decision, attachment)
    decision.save()
    decision.engagements.set(engagements)
    return decision
