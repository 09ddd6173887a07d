"""Pages for the heads of districts and agencies and their delegates (NASRO-DISC): who may sign
an MOU for the organisation. Shown on the district's and agency's pages; recorded and ended by
their administrators (district administrator; the agency's supervisor)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programs import selectors
from programs.access import CHANGE, access_for
from programs.clock import agency_today, district_today
from programs.forms.heads import SigningAuthorityEditForm, SigningAuthorityForm
from programs.models import District, SigningAuthority
from programs.selectors import heads as reads
from programs.services import heads as writes
from sro_admin.pages import form_page, form_submit

Kind = SigningAuthority.Kind
INTRO = _(
    "NASRO-DISC: an MOU is signed by the heads of both the agency and the school system. "
    "Only the head and the head's delegates recorded here can sign for it in the app, on the "
    "dates given."
)


def today_for(organisation) -> date:
    if isinstance(organisation, District):
        return district_today(organisation)
    return agency_today(organisation)


def _add_page(request, *, organisation, kinds, **where):
    form = SigningAuthorityForm(
        request.POST or None,
        people=reads.signing_candidates(**where),
        kinds=kinds,
        # The form proposes the organisation's own date.
        initial={"starts_on": today_for(organisation), "kind": kinds[0]},
    )
    if form_submit(
        request,
        form,
        lambda **data: writes.signing_authority_add(actor=request.user, **where, **data),
        _("Recorded who signs for %(organisation)s.") % {"organisation": organisation},
    ):
        return redirect(f"{organisation.get_absolute_url()}#heads")
    return form_page(
        request,
        form=form,
        title=_("Record the head or a delegate of %(organisation)s")
        % {"organisation": organisation},
        crumbs=[(organisation.get_absolute_url(), str(organisation))],
        submit=_("Record"),
        intro=INTRO,
    )


@login_required
def district_head_create(request, pk: int):
    district = selectors.district_get_for(request.user, pk)  # 404 for another tenant's
    if not access_for(request.user).districts(CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    return _add_page(
        request,
        organisation=district,
        kinds=(Kind.SUPERINTENDENT, Kind.DELEGATE),
        district=district,
    )


@login_required
def agency_head_create(request, pk: int):
    agency = selectors.agency_get_for(request.user, pk)
    if not access_for(request.user).agencies(CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    kinds = (
        (Kind.SHERIFF, Kind.CHIEF, Kind.DELEGATE)
        if agency.kind == agency.Kind.SHERIFFS_OFFICE
        else (Kind.CHIEF, Kind.SHERIFF, Kind.DELEGATE)
    )
    return _add_page(request, organisation=agency, kinds=kinds, agency=agency)


@login_required
def head_edit(request, pk: int):
    authority = reads.signing_authority_get_for(request.user, pk)
    if not reads.signing_authority_is_changeable(request.user, authority):
        raise PermissionDenied
    organisation = authority.organisation
    form = SigningAuthorityEditForm(
        request.POST or None,
        delegate=authority.is_delegate,
        initial={
            "title": authority.title,
            "ends_on": authority.ends_on,
            "delegation": authority.delegation,
        },
    )
    if form_submit(
        request,
        form,
        lambda **data: writes.signing_authority_update(
            actor=request.user, authority=authority, **data
        ),
        _("Saved."),
    ):
        return redirect(f"{organisation.get_absolute_url()}#heads")
    return form_page(
        request,
        form=form,
        title=_("%(person)s signs for %(organisation)s")
        % {
            "person": authority.user.full_name or authority.user.email,
            "organisation": organisation,
        },
        crumbs=[(organisation.get_absolute_url(), str(organisation))],
        submit=_("Save"),
        intro=_(
            "From %(date)s. To end this person's authority to sign, give the last day. A "
            "different person is a new record."
        )
        % {"date": date_format(authority.starts_on)},
    )
