"""Writes for enrollment by group and school profiles (NASRO 02.01.03-04).

Enrollment counts are the denominators of every rate (STATISTICS.md), so their history
matters: a save changes only the rows whose numbers changed, in place, and deletes only the
groups that were dropped. Each count then has one audit trail ("Asian, Female: 41 -> 43"),
not a delete and a re-insert of every row on every save.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.access import CHANGE, access_for, require
from programs.clock import school_today
from programs.models import Enrollment, EnrollmentCount, School, SchoolProfile
from programs.selectors.enrollment import (
    BREAKDOWN_GROUPS,
    current_school_year,
    group_label,
    school_year_label,
)
from programs.services.base import changes_save
from sro_admin.errors import RuleViolation
from sro_admin.models import User


def _check_year(school_year: int, today: date) -> None:
    latest = current_school_year(today) + 1
    if school_year > latest:
        raise RuleViolation(
            _("The school year cannot start after %(year)s.") % {"year": school_year_label(latest)},
            field="school_year",
        )


def _check_counts(total: int, counts: dict[tuple[str, str], int], breakdowns: set[str]) -> None:
    if total is None or total < 0:
        raise RuleViolation(_("The total enrollment cannot be negative."), field="total")
    for (breakdown, group), count in counts.items():
        if breakdown not in breakdowns or group not in BREAKDOWN_GROUPS[breakdown]:
            raise RuleViolation(
                _("Unknown group “%(group)s” in “%(breakdown)s”.")
                % {"group": group, "breakdown": breakdown}
            )
        if count is None or count < 0:
            raise RuleViolation(
                _("%(group)s: the number of students cannot be negative.")
                % {"group": group_label(breakdown, group)}
            )


@transaction.atomic
def enrollment_save(
    *,
    actor: User,
    school: School,
    school_year: int,
    total: int,
    counts: dict[tuple[str, str], int],
    source: str = Enrollment.Source.FORM,
    breakdowns: Iterable[str] | None = None,
    today: date | None = None,
) -> Enrollment:
    """Create or replace a school's enrollment for one year.

    `counts` maps (breakdown, group) to a number of students; a group left out is "not
    entered" and a stored count for it is deleted. `breakdowns` names the breakdowns `counts`
    covers (all by default): the stored counts of any other breakdown are kept as they are,
    so a CRDC file without grade columns does not wipe grades entered on the form.

    Breakdowns that do not add up to `total` are saved: pages report them
    (selectors.enrollment.enrollment_check). Negative numbers are refused. Saving the same
    figures again writes nothing, so it adds nothing to the audit history.

    The school's district administrators and its own administrators keep its enrollment.
    """
    require(access_for(actor).schools(CHANGE), school)
    return _enrollment_save(
        school=school,
        school_year=school_year,
        total=total,
        counts=counts,
        source=source,
        breakdowns=breakdowns,
        today=today,
    )


def _enrollment_save(
    *,
    school: School,
    school_year: int,
    total: int,
    counts: dict[tuple[str, str], int],
    source: str,
    breakdowns: Iterable[str] | None,
    today: date | None,
) -> Enrollment:
    """enrollment_save once the door has been asked: the CRDC import asks once for the
    district, not once per school."""
    covered = set(BREAKDOWN_GROUPS if breakdowns is None else breakdowns)
    _check_year(school_year, today or school_today(school))
    _check_counts(total, counts, covered)
    enrollment = (
        Enrollment.objects.select_for_update()
        .filter(school=school, school_year=school_year)
        .first()
    )
    if enrollment is None:
        enrollment = Enrollment(school=school, school_year=school_year, total=total, source=source)
        enrollment.full_clean()
        enrollment.save()
        stored: dict[tuple[str, str], EnrollmentCount] = {}
    else:
        changes_save(enrollment, {"total": total, "source": source})
        stored = {
            (c.breakdown, c.group): c
            for c in enrollment.counts.filter(breakdown__in=covered).select_for_update()
        }
    now = timezone.now()
    changed = []
    for key, count in counts.items():
        row = stored.get(key)
        if row is not None and row.count != count:
            row.count, row.updated_at = count, now
            changed.append(row)
    if changed:
        EnrollmentCount.objects.bulk_update(changed, ["count", "updated_at"])
    dropped = [row.pk for key, row in stored.items() if key not in counts]
    if dropped:
        EnrollmentCount.objects.filter(pk__in=dropped).delete()
    added = [
        EnrollmentCount(enrollment=enrollment, breakdown=b, group=g, count=n)
        for (b, g), n in counts.items()
        if (b, g) not in stored
    ]
    if added:
        EnrollmentCount.objects.bulk_create(added)
    return enrollment


PROFILE_FIELDS = (
    "grades_served",
    "address",
    "locale",
    "buildings",
    "campus_acres",
    "discipline_incidents",
    "calls_for_service",
    "non_sworn_safety_staff",
    "special_education_program",
    "esl_program",
)


@transaction.atomic
def school_profile_save(
    *, actor: User, school: School, school_year: int, today: date | None = None, **fields
) -> SchoolProfile:
    """Create or update a school's profile for one year (what NASRO 02.01.03-04 weigh). Kept
    by those who keep the school's enrollment."""
    require(access_for(actor).schools(CHANGE), school)
    _check_year(school_year, today or school_today(school))
    values = {name: fields[name] for name in PROFILE_FIELDS if name in fields}
    profile = (
        SchoolProfile.objects.select_for_update()
        .filter(school=school, school_year=school_year)
        .first()
    )
    if profile is not None:
        return changes_save(profile, values)
    profile = SchoolProfile(school=school, school_year=school_year, **values)
    profile.full_clean()
    profile.save()
    return profile
