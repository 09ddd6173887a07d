"""Writes for the program and its settings. Every model written here is audited by database
triggers (sro_admin.audit): the services need not write history themselves.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from programs.access import CHANGE, access_for, require
from programs.catalogue import DEFAULT_REQUIREMENTS, seed_catalogue
from programs.clock import program_today
from programs.models import Course, District, Program, TrainingRequirement
from programs.services.base import changes_save
from sro_admin.errors import RuleViolation
from sro_admin.models import User


@transaction.atomic
def program_create(*, actor: User, district: District, mission: str = "") -> Program:
    """Start a district's program with the default training schedule (catalogue.py). The
    district's administrators (or site staff) start it."""
    require(access_for(actor).districts(CHANGE), district)
    seed_catalogue(Course)
    program = Program(district=district, mission=mission)
    program.full_clean()
    program.save()
    courses = {c.code: c for c in Course.objects.filter(program=None)}
    TrainingRequirement.objects.bulk_create(
        TrainingRequirement(
            program=program,
            course=courses[code],
            kind=kind,
            months=months,
            after_course=courses.get(after),
            rule_ids=rules,
        )
        for code, kind, months, after, rules in DEFAULT_REQUIREMENTS
    )
    return program


def program_update(
    *,
    actor: User,
    program: Program,
    mission: str,
    school_year_starts_month: int,
    due_soon_days: int,
    min_outcome_count: int,
    min_group_size: int,
    disparity_ratio: Decimal,
    watch_ratio: Decimal,
    public_suppression_below: int,
    earliest_record_year: int,
) -> Program:
    """Change the program's mission and settings. Saves only what changed (STATISTICS.md:
    thresholds are settings, and every change is kept in the audit history). The district's
    administrators change them."""
    require(access_for(actor).programs(CHANGE), program)
    if not 1900 <= earliest_record_year <= program_today(program).year:
        raise RuleViolation(_("Enter a year from 1900 to this year."), field="earliest_record_year")
    if disparity_ratio <= 1:
        raise RuleViolation(
            _("A risk ratio of 1.00 or less means no difference; flag disparities above 1.00."),
            field="disparity_ratio",
        )
    if watch_ratio > disparity_ratio:
        raise RuleViolation(
            _("The ratio to watch cannot be higher than the ratio flagged as a disparity."),
            field="watch_ratio",
        )
    for name, value in (
        ("min_outcome_count", min_outcome_count),
        ("min_group_size", min_group_size),
        ("public_suppression_below", public_suppression_below),
    ):
        if value < 1:
            raise RuleViolation(_("Enter at least 1."), field=name)
    return changes_save(
        program,
        {
            "mission": mission,
            "school_year_starts_month": school_year_starts_month,
            "due_soon_days": due_soon_days,
            "min_outcome_count": min_outcome_count,
            "min_group_size": min_group_size,
            "disparity_ratio": disparity_ratio,
            "watch_ratio": watch_ratio,
            "public_suppression_below": public_suppression_below,
            "earliest_record_year": earliest_record_year,
        },
    )
