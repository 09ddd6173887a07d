"""Training: the compliance grid (officers × requirements) and the CSV import (COPS-8)."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs import filters, selectors
from programs.access import access_for
from programs.filters.training import TrainingGridFilter
from programs.forms import TrainingImportForm
from programs.listing import csv_filename, csv_response, paginated, wants_csv
from programs.training_import import MAX_BYTES, training_record_import
from sro_admin.errors import RuleViolation


@login_required
def training_grid(request):
    all_programs = selectors.programs_for(request.user)
    programs = list(all_programs)
    chosen = next(
        (p for p in programs if str(p.pk) == request.GET.get("program")),
        programs[0] if programs else None,
    )
    context = {
        "chosen": chosen,
        "can_import": access_for(request.user).changeable_agencies().exists(),
    }
    if chosen is not None:
        filterset = TrainingGridFilter(
            request.GET or None,
            programs=all_programs if len(programs) > 1 else None,
            agencies=selectors.district_agencies_for(request.user, chosen.district),
            queryset=selectors.grid_officers_for(request.user, chosen),
        )
        grid = selectors.training_grid(
            request.user,
            chosen,
            officers=filterset.qs,
            attention=filters.chosen(filterset, "standing"),
        )
        if wants_csv(request):
            return csv_response(
                csv_filename(chosen.district.name, "training"),
                GRID_COLUMNS,
                _grid_rows(grid),
            )
        page, query = paginated(request, grid.rows)
        context.update(
            grid=grid,
            filter=filterset,
            page=page,
            query=query,
            clear_url=f"{reverse('training-grid')}?program={chosen.pk}",
        )
    return render(request, "programs/training_grid.html", context)


GRID_COLUMNS = [
    "last_name",
    "first_name",
    "badge_number",
    "agency",
    "course",
    "course_code",
    "requirement",
    "months",
    "rules",
    "standing",
    "due_on",
    "met_on",
    "met_late",
]


def _grid_rows(grid):
    """One line per officer and requirement: where the officer stands, and since when."""
    for row in grid.rows:
        o = row.officer
        for requirement, cell in zip(grid.requirements, row.cells, strict=True):
            yield [
                o.last_name,
                o.first_name,
                o.badge_number,
                o.agency.name,
                requirement.course.name,
                requirement.course.code,
                requirement.kind,
                requirement.months,
                requirement.rule_ids,
                cell.state,
                cell.due_on,
                cell.met_on,
                cell.late if cell.met_on else None,
            ]


IMPORT_TTL = 30 * 60  # a checked upload waits this long for its confirmation


@login_required
def training_import(request):
    """Upload, see every row's result, then confirm: all rows are saved, or none."""
    agencies = access_for(request.user).changeable_agencies().order_by("name")
    if not agencies:
        raise PermissionDenied
    form = TrainingImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    result = token = None
    if request.method == "POST" and "confirm" in request.POST:
        pending = cache.get(_cache_key(request, request.POST["confirm"]))
        if pending is None:
            messages.error(request, _("That upload has expired. Please upload the file again."))
            return redirect("training-import")
        agency = agencies.get(pk=pending["agency"])
        try:
            result = training_record_import(agency=agency, content=pending["content"], save=True)
        except RuleViolation as violation:
            messages.error(request, violation.message)
            return redirect("training-import")
        cache.delete(_cache_key(request, request.POST["confirm"]))
        if result.saved:
            messages.success(
                request,
                ngettext(
                    "Imported %(n)s training record.",
                    "Imported %(n)s training records.",
                    result.saved,
                )
                % {"n": result.saved},
            )
            return redirect("training-grid")
        form = TrainingImportForm(agencies=agencies)  # something changed since the preview
    elif request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read(MAX_BYTES + 1)
        try:
            result = training_record_import(
                agency=form.cleaned_data["agency"], content=content, save=False
            )
        except RuleViolation as violation:
            form.add_error(violation.field, violation.message)
        else:
            if result.ok:
                token = secrets.token_urlsafe(16)
                cache.set(
                    _cache_key(request, token),
                    {"agency": form.cleaned_data["agency"].pk, "content": content},
                    IMPORT_TTL,
                )
    return render(
        request, "programs/training_import.html", {"form": form, "result": result, "token": token}
    )


def _cache_key(request, token: str) -> str:
    # Bound to the user, so a token is useless to anyone else.
    return f"training-import:{request.user.pk}:{token}"
