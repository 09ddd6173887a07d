"""Writes for officers and their assignments to schools (COPS-11, COPS-2). The agency's
supervisors keep its officers' records and assignments: each write takes the acting user and
asks the door first (programs.access.require)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from programs import coverage
from programs.access import CHANGE, access_for, require
from programs.clock import agency_today, school_today
from programs.models import Agency, Assignment, Officer, School
from programs.selectors.training import add_months
from programs.services.base import changes_save
from sro_admin import public_cache
from sro_admin.errors import RuleViolation
from sro_admin.models import User

# COPS-11 says "where possible": these are warnings shown to the person assigning, who goes
# ahead once they have read them (sro_admin.pages.warnings_confirmed), not errors.
MAX_SCHOOLS_AT_ONCE = 3
MIN_STAY_YEARS = 3


def coverage_date(*, starts_on: date, ends_on: date | None, today: date) -> date:
    """The day on which an assignment should be covered by an MOU in force: today while it
    runs, else its first day (one that has not started yet, or one recorded after the fact)."""
    if starts_on <= today and (ends_on is None or ends_on >= today):
        return today
    return starts_on


def assignment_warnings(
    *,
    officer: Officer,
    school: School,
    starts_on: date,
    ends_on: date | None,
    kind: str = Assignment.Kind.FIXED,
) -> list[str]:
    """What COPS-11 and COPS-2 advise against in placing `officer` at `school` for these
    dates (before the assignment is saved)."""
    warnings = []
    others = Assignment.objects.filter(officer=officer)
    if ends_on is not None and ends_on < add_months(starts_on, 12 * MIN_STAY_YEARS):
        warnings.append(
            _(
                "COPS-11: the assignment is shorter than three school years; keep SROs at a "
                "school for at least three years where possible."
            )
        )
    # COPS-11: a fixed assignment is to one school, so two at once at different schools
    # contradict each other.
    if kind == Assignment.Kind.FIXED:
        for other in (
            others.overlapping(starts_on, ends_on)
            .filter(kind=Assignment.Kind.FIXED)
            .exclude(school=school)
            .select_related("school")
            .order_by("starts_on", "pk")
        ):
            warnings.append(
                _(
                    "COPS-11: %(officer)s already has a fixed assignment at %(school)s from "
                    "%(starts_on)s for some of these dates; a fixed assignment is to one school. "
                    "End one of them, or record this one as floating."
                )
                % {
                    "officer": officer,
                    "school": other.school,
                    "starts_on": formats.date_format(other.starts_on),
                }
            )
    current = others.not_ended_by(starts_on).exclude(school=school)
    schools_at_once = current.values("school").distinct().count() + 1
    if schools_at_once > MAX_SCHOOLS_AT_ONCE:
        warnings.append(
            _(
                "COPS-11: this officer would serve %(n)s schools at once; fixed assignments to one "
                "or a few schools are preferred."
            )
            % {"n": schools_at_once}
        )
    previous = (
        others.filter(ends_on__lt=starts_on).exclude(school=school).order_by("-ends_on").first()
    )
    if (
        previous
        and (previous.ends_on - previous.starts_on).days <= 366
        and (starts_on - previous.ends_on).days <= 62
    ):
        warnings.append(
            _(
                "COPS-11: the officer's last assignment at another school lasted a year or less; "
                "avoid rotating SROs every year."
            )
        )
    # COPS-2: an SRO serves a school under a fully executed MOU between their agency and the
    # school's district that covers the school (the check is mous', programs.coverage).
    on = coverage_date(starts_on=starts_on, ends_on=ends_on, today=school_today(school))
    if coverage.uncovered([(officer.agency_id, school.pk)], on=on):
        warnings.append(
            _(
                "COPS-2, COPS-11: no executed MOU in force on %(date)s between %(agency)s and "
                "%(district)s covers %(school)s. An SRO serves a school under a fully executed "
                "MOU that names it."
            )
            % {
                "date": formats.date_format(on),
                "agency": officer.agency,
                "district": school.district,
                "school": school,
            }
        )
    return warnings


def assignment_check(
    *,
    officer: Officer,
    school: School,
    starts_on: date,
    ends_on: date | None = None,
    kind: str = Assignment.Kind.FIXED,
    notes: str = "",
) -> list[str]:
    """Check a placement without saving it: refusals raise (e.g. overlapping dates at the same
    school, the exclusion constraint), the COPS-11 and COPS-2 warnings are returned, so a
    form can show them before anything is saved."""
    Assignment(
        officer=officer, school=school, starts_on=starts_on, ends_on=ends_on, kind=kind, notes=notes
    ).full_clean()
    return assignment_warnings(
        officer=officer, school=school, starts_on=starts_on, ends_on=ends_on, kind=kind
    )


@transaction.atomic
def assignment_create(
    *,
    actor: User,
    officer: Officer,
    school: School,
    starts_on: date,
    ends_on: date | None = None,
    kind: str = Assignment.Kind.FIXED,
    notes: str = "",
) -> tuple[Assignment, list[str]]:
    """Place an officer at a school. Returns the assignment and any COPS-11/COPS-2 warnings."""
    require(access_for(actor).officers(CHANGE), officer)
    assignment = Assignment(
        officer=officer, school=school, starts_on=starts_on, ends_on=ends_on, kind=kind, notes=notes
    )
    # Refuses overlapping dates at the same school (the exclusion constraint) with a message.
    assignment.full_clean()
    warnings = assignment_warnings(
        officer=officer, school=school, starts_on=starts_on, ends_on=ends_on, kind=kind
    )
    assignment.save()
    public_cache.district_changed(school.district_id)  # the public pages count the SROs
    return assignment, warnings


OFFICER_FIELDS = (
    "agency",
    "first_name",
    "last_name",
    "badge_number",
    "rank",
    "sworn_on",
    "status",
    "volunteered",
    "youth_experience",
)


def _check_sworn_on(sworn_on: date | None, agency) -> None:
    # COPS-5 counts years of experience from this date: one in the future would count none
    # and hide a typing mistake. The officer's own records take their agency's date.
    if sworn_on is not None and agency is not None and sworn_on > agency_today(agency):
        raise RuleViolation(
            _("The sworn-in date is in the future."), rule_id="COPS-5", field="sworn_on"
        )


def officer_create(*, actor: User, agency: Agency, **fields) -> Officer:
    """Add an officer to an agency the actor supervises."""
    require(access_for(actor).agencies(CHANGE), agency)
    officer = Officer(
        agency=agency, **{name: fields[name] for name in OFFICER_FIELDS if name in fields}
    )
    _check_sworn_on(officer.sworn_on, agency)
    officer.full_clean()
    officer.save()
    return officer


def officer_update(*, actor: User, officer: Officer, **fields) -> Officer:
    """Change an officer's record; moving them to another agency needs that agency too."""
    access = access_for(actor)
    require(access.officers(CHANGE), officer)
    if fields.get("agency", officer.agency) != officer.agency:
        require(access.agencies(CHANGE), fields["agency"])
    if "sworn_on" in fields:
        _check_sworn_on(fields["sworn_on"], officer.agency)
    return changes_save(officer, {name: fields[name] for name in OFFICER_FIELDS if name in fields})
