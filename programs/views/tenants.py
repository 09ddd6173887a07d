"""Pages for districts, schools and agencies. Thin: parse, call a selector or service, render."""

import copy

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from programs import selectors, services
from programs.access import CHANGE, access_for
from programs.filters.tenants import AgencyFilter, DistrictFilter
from programs.forms.tenants import AgencyForm, DistrictForm, SchoolForm
from programs.listing import csv_response, paginated, wants_csv
from programs.models import SigningAuthority
from programs.needs import needs_for
from programs.selectors.base import first_of
from programs.selectors.enrollment import staffing_own_schools, staffing_title
from programs.selectors.heads import signing_authorities_of
from programs.selectors.selection import school_sros_may_see
from sro_admin.audit import history_for
from sro_admin.pages import form_submit


@login_required
def home(request):
    access = access_for(request.user)
    return render(
        request,
        "programs/home.html",
        {
            "home": selectors.home_for(request.user),
            "needs": needs_for(request.user),
            "can_request_reports": access.may_request_reports,
        },
    )


def _edit(request, *, obj, form_class, service, keyword, changeable, template_title):
    # Visible (found through the door by the caller) but not changeable: the form page is
    # refused (403 leaks nothing); the service asks the door again when the form is sent.
    if not changeable.filter(pk=obj.pk).exists():
        raise PermissionDenied
    # The form gets a copy: ModelForm validation writes into its instance, and the service
    # compares the stored values with the new ones to save only what changed.
    form = form_class(request.POST or None, instance=copy.copy(obj))
    if form_submit(
        request,
        form,
        lambda **data: service(actor=request.user, **{keyword: obj}, **data),
        lambda saved: _("Saved %(name)s.") % {"name": saved},
    ):
        return redirect(obj.get_absolute_url())
    return render(
        request, "programs/edit.html", {"form": form, "object": obj, "title": template_title}
    )


def _history(request, obj):
    return render(request, "history.html", {"object": obj, "entries": history_for(obj)})


def _with_heads_history(request, obj):
    """A district's or agency's history with its heads and delegates (NASRO-DISC)."""
    entries = history_for(
        obj,
        children={
            SigningAuthority: lambda data: (
                _("Head or delegate: %(title)s") % {"title": data.get("title")}
            )
        },
    )
    return render(request, "history.html", {"object": obj, "entries": entries})


@login_required
def district_list(request):
    access = access_for(request.user)
    filterset = DistrictFilter(
        request.GET or None,
        agencies=access.agencies().order_by("name"),
        queryset=selectors.district_list_for(request.user),
    )
    if wants_csv(request):
        return csv_response(
            "districts.csv",
            ["name", "short_name", "state", "nces_id", "schools"],
            ([d.name, d.slug, d.state, d.nces_id, d.school_count] for d in filterset.qs),
        )
    page, query = paginated(request, filterset.qs)
    return render(
        request,
        "programs/district_list.html",
        {"filter": filterset, "page": page, "query": query},
    )


@login_required
def agency_list(request):
    access = access_for(request.user)
    filterset = AgencyFilter(
        request.GET or None,
        districts=access.districts().order_by("name"),
        queryset=selectors.agency_list_for(request.user),
    )
    if wants_csv(request):
        return csv_response(
            "agencies.csv", ["name", "kind"], ([a.name, a.kind] for a in filterset.qs)
        )
    page, query = paginated(request, filterset.qs)
    return render(
        request,
        "programs/agency_list.html",
        {"filter": filterset, "page": page, "query": query},
    )


@login_required
def district_detail(request, pk: int):
    district = selectors.district_get_for(request.user, pk)
    access = access_for(request.user)
    # The schools are paged here (a big district has thousands); the agencies, a few with a
    # link to the agency list.
    page, query = paginated(request, selectors.district_schools_for(request.user, district))
    return render(
        request,
        "programs/district_detail.html",
        {
            "district": district,
            "page": page,
            "query": query,
            "agencies": first_of(selectors.district_agencies_for(request.user, district)),
            "can_change": access.districts(CHANGE).filter(pk=pk).exists(),
            "program": access.programs().filter(district=district).first(),
            "heads": signing_authorities_of(district=district),
            "staffing_title": staffing_title(
                district, staffing_own_schools(request.user, district)
            ),
        },
    )


@login_required
def district_edit(request, pk: int):
    district = selectors.district_get_for(request.user, pk)
    return _edit(
        request,
        obj=district,
        form_class=DistrictForm,
        service=services.district_update,
        keyword="district",
        changeable=access_for(request.user).districts(CHANGE),
        template_title=_("Edit district"),
    )


@login_required
def district_history(request, pk: int):
    return _with_heads_history(request, selectors.district_get_for(request.user, pk))


@login_required
def school_detail(request, pk: int):
    school = selectors.school_get_for(request.user, pk)
    access = access_for(request.user)
    return render(
        request,
        "programs/school_detail.html",
        {
            "school": school,
            "district_visible": access.districts().filter(pk=school.district_id).exists(),
            "can_change": access.schools(CHANGE).filter(pk=pk).exists(),
            "can_see_sros": school_sros_may_see(request.user, school),
        },
    )


@login_required
def school_edit(request, pk: int):
    school = selectors.school_get_for(request.user, pk)
    return _edit(
        request,
        obj=school,
        form_class=SchoolForm,
        service=services.school_update,
        keyword="school",
        changeable=access_for(request.user).schools(CHANGE),
        template_title=_("Edit school"),
    )


@login_required
def school_history(request, pk: int):
    return _history(request, selectors.school_get_for(request.user, pk))


@login_required
def agency_detail(request, pk: int):
    agency = selectors.agency_get_for(request.user, pk)
    access = access_for(request.user)
    return render(
        request,
        "programs/agency_detail.html",
        {
            "agency": agency,
            # A few of each, with the count and a link to the paged list.
            "districts": first_of(selectors.agency_districts_for(request.user, agency)),
            "officers": first_of(selectors.agency_officers_for(request.user, agency)),
            "can_change": access.agencies(CHANGE).filter(pk=pk).exists(),
            "heads": signing_authorities_of(agency=agency),
        },
    )


@login_required
def agency_edit(request, pk: int):
    agency = selectors.agency_get_for(request.user, pk)
    return _edit(
        request,
        obj=agency,
        form_class=AgencyForm,
        service=services.agency_update,
        keyword="agency",
        changeable=access_for(request.user).agencies(CHANGE),
        template_title=_("Edit agency"),
    )


@login_required
def agency_history(request, pk: int):
    return _with_heads_history(request, selectors.agency_get_for(request.user, pk))
