"""Officers: the list, one officer's page, and the supervisor's forms (COPS-5, 8, 11)."""

import copy

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from programs import selectors, services
from programs.access import CHANGE, access_for
from programs.clock import agency_today, officer_today, user_today
from programs.filters.officers import OfficerFilter
from programs.forms.officers import AssignmentForm, OfficerForm
from programs.listing import csv_response, paginated, wants_csv
from programs.selectors.base import first_of
from programs.selectors.selection import officer_selection_summary
from sro_admin.audit import history_for
from sro_admin.pages import form_page, form_submit


@login_required
def officer_list(request):
    access = access_for(request.user)
    filterset = OfficerFilter(
        request.GET or None,
        agencies=access.agencies().order_by("name"),
        queryset=selectors.officer_list_for(request.user),
        today=user_today(request.user),  # the home page's "probations due" counts by this day
    )
    if wants_csv(request):
        todays = {}  # each officer's today is their agency's (programs.clock): one per agency

        def row(officer):
            if officer.agency_id not in todays:
                todays[officer.agency_id] = agency_today(officer.agency)
            return _officer_row(officer, today=todays[officer.agency_id])

        return csv_response("officers.csv", OFFICER_COLUMNS, map(row, filterset.qs))
    page, query = paginated(request, filterset.qs)
    return render(
        request,
        "programs/officer_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "can_add": access.agencies(CHANGE).exists(),
        },
    )


OFFICER_COLUMNS = [
    "last_name",
    "first_name",
    "badge_number",
    "rank",
    "agency",
    "status",
    "sworn_on",
    "years_of_experience",
]


def _officer_row(o, *, today) -> list:
    years = o.years_of_experience(today)
    return [
        o.last_name,
        o.first_name,
        o.badge_number,
        o.rank,
        o.agency.name,
        o.status,
        o.sworn_on,
        f"{years:.1f}" if years is not None else None,
    ]


@login_required
def officer_detail(request, pk: int):
    officer = selectors.officer_get_for(request.user, pk)
    grids = [
        selectors.training_grid(request.user, program, officers=[officer])
        for program in selectors.officer_programs(request.user, officer)
    ]
    # The training records are paged here, newest first (an officer of ten years has
    # hundreds); the assignments are a few, with a link to all of them.
    page, query = paginated(request, selectors.officer_training_records(officer))
    return render(
        request,
        "programs/officer_detail.html",
        {
            "officer": officer,
            "years": officer.years_of_experience(officer_today(officer)),
            "assignments": first_of(selectors.officer_assignments(request.user, officer)),
            "page": page,
            "query": query,
            "standings": [
                (g.program, list(zip(g.requirements, g.rows[0].cells, strict=True)))
                for g in grids
                if g.rows
            ],
            "can_change": access_for(request.user).officers(CHANGE).filter(pk=pk).exists(),
            "selection_summary": officer_selection_summary(request.user, officer),
        },
    )


@login_required
def officer_assignment_list(request, pk: int):
    officer = selectors.officer_get_for(request.user, pk)
    page, query = paginated(request, selectors.officer_assignments(request.user, officer))
    return render(
        request,
        "programs/officer_assignments.html",
        {"officer": officer, "page": page, "query": query},
    )


def changeable_officer(request, pk: int):
    """The officer of a form page: 404 for another tenant's; 403 for one the user sees but
    may not change. The services ask the door again when a form is sent."""
    officer = selectors.officer_get_for(request.user, pk)
    if not access_for(request.user).officers(CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    return officer


@login_required
def officer_create(request):
    agencies = access_for(request.user).agencies(CHANGE).order_by("name")
    if not agencies:
        raise PermissionDenied
    form = OfficerForm(request.POST or None, agencies=agencies)
    if done := form_submit(
        request,
        form,
        lambda **data: services.officer_create(actor=request.user, **data),
        lambda officer: _("Added %(officer)s.") % {"officer": officer},
    ):
        return redirect("officer-detail", pk=done.result.pk)
    return form_page(
        request,
        form=form,
        title=_("Add an officer"),
        crumbs=[(reverse("officer-list"), _("Officers"))],
        submit=_("Add officer"),
    )


@login_required
def officer_edit(request, pk: int):
    officer = changeable_officer(request, pk)
    agencies = access_for(request.user).agencies(CHANGE).order_by("name")
    form = OfficerForm(request.POST or None, instance=copy.copy(officer), agencies=agencies)
    if form_submit(
        request,
        form,
        lambda **data: services.officer_update(actor=request.user, officer=officer, **data),
        lambda saved: _("Saved %(officer)s.") % {"officer": saved},
    ):
        return redirect("officer-detail", pk=officer.pk)
    return form_page(
        request,
        form=form,
        title=_("Edit %(officer)s") % {"officer": officer},
        crumbs=[(reverse("officer-detail", args=[pk]), str(officer))],
        submit=_("Save"),
    )


@login_required
def officer_history(request, pk: int):
    officer = selectors.officer_get_for(request.user, pk)
    return render(request, "history.html", {"object": officer, "entries": history_for(officer)})


@login_required
def assignment_create(request, pk: int):
    officer = changeable_officer(request, pk)
    # Schools of the districts the officer's agency serves, as the user sees them.
    schools = (
        access_for(request.user)
        .schools()
        .filter(district__agency_links__agency=officer.agency)
        .select_related("district")
        .order_by("district__name", "name")
    )
    form = AssignmentForm(request.POST or None, schools=schools)
    # Refusals (e.g. overlapping dates at the same school) first; then the COPS-11 and COPS-2
    # warnings, shown on the form until the user sends it again.
    done = form_submit(
        request,
        form,
        lambda **data: services.assignment_create(actor=request.user, officer=officer, **data),
        _("Assigned %(officer)s.") % {"officer": officer},
        check=lambda **data: services.assignment_check(officer=officer, **data),
    )
    if done:
        return redirect("officer-detail", pk=officer.pk)
    warnings = done.warnings
    return form_page(
        request,
        form=form,
        title=_("Assign %(officer)s to a school") % {"officer": officer},
        crumbs=[(reverse("officer-detail", args=[pk]), str(officer))],
        submit=_("Assign anyway") if warnings else _("Assign"),
        warnings=warnings,
    )
