"""Writes for the heads of districts and agencies and their delegates (NASRO-DISC).

A district's administrators record its superintendent and the superintendent's delegates; an
agency's supervisors record its chief or sheriff and their delegates. Only those people can
then sign an MOU for it in the app (mous.services). Every record is audited
(sro_admin.audit); a head's term is ended by giving it an end date, never by deleting it.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from programs.access import CHANGE, access_for, require
from programs.models import Agency, District, SigningAuthority
from programs.selectors.heads import signing_candidates
from sro_admin.errors import RuleViolation
from sro_admin.models import User

Kind = SigningAuthority.Kind


def _require_keeper(actor: User, *, district: District | None, agency: Agency | None) -> None:
    """A district's administrators keep its heads; an agency's supervisors keep its own."""
    access = access_for(actor)
    if district is not None:
        require(access.districts(CHANGE), district)
    else:
        require(access.agencies(CHANGE), agency)


def _check_dates(starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise RuleViolation(_("The end comes before the start."), field="ends_on")


def _check_delegation(kind: str, delegation: str) -> None:
    if kind == Kind.DELEGATE and not delegation.strip():
        # NASRO-DISC: the heads sign, or someone they delegated to by a named act.
        raise RuleViolation(
            _("Say who delegated the signature, and by what act."),
            field="delegation",
            rule_id="NASRO-DISC",
        )


@transaction.atomic
def signing_authority_add(
    *,
    actor: User,
    district: District | None = None,
    agency: Agency | None = None,
    person,
    kind: str,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    delegation: str = "",
) -> SigningAuthority:
    """Record the head of a district or an agency, or a delegate of the head."""
    if (district is None) == (agency is None):
        raise ValueError("Give a district or an agency.")
    _require_keeper(actor, district=district, agency=agency)
    allowed = (
        (Kind.SUPERINTENDENT, Kind.DELEGATE)
        if district is not None
        else (Kind.CHIEF, Kind.SHERIFF, Kind.DELEGATE)
    )
    if kind not in allowed:
        raise RuleViolation(
            _("A superintendent heads a district; a chief or sheriff heads an agency."),
            field="kind",
        )
    if not signing_candidates(district=district, agency=agency).filter(pk=person.pk).exists():
        # They must be able to read the MOUs they sign: the district's people, or the
        # agency's supervisors.
        raise RuleViolation(
            _("%(person)s has no role in %(organisation)s that lets them read its MOUs.")
            % {"person": person, "organisation": district or agency},
            field="person",
        )
    if not title.strip():
        raise RuleViolation(_("Give the title, as it appears on an MOU."), field="title")
    _check_dates(starts_on, ends_on)
    _check_delegation(kind, delegation)
    authority = SigningAuthority(
        district=district,
        agency=agency,
        user=person,
        kind=kind,
        title=title.strip(),
        delegation=delegation.strip() if kind == Kind.DELEGATE else "",
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=actor,
    )
    authority.full_clean()  # one head at a time: the exclusion constraint, with its message
    authority.save()
    return authority


@transaction.atomic
def signing_authority_update(
    *,
    actor: User,
    authority: SigningAuthority,
    title: str,
    ends_on: date | None,
    delegation: str = "",
) -> SigningAuthority:
    """Change a record's title, delegation or end (the end of a head's term, or of a
    delegation). Who and from when stay: a different person is a new record."""
    _require_keeper(actor, district=authority.district, agency=authority.agency)
    if not title.strip():
        raise RuleViolation(_("Give the title, as it appears on an MOU."), field="title")
    _check_dates(authority.starts_on, ends_on)
    _check_delegation(authority.kind, delegation)
    authority.title = title.strip()
    authority.ends_on = ends_on
    authority.delegation = delegation.strip() if authority.is_delegate else ""
    authority.full_clean()
    authority.save(update_fields=["title", "ends_on", "delegation", "updated_at"])
    return authority
