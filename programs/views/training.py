"""Training: the compliance grid (officers × requirements) and the CSV import (COPS-8)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from programs.training_import import COLUMNS, MAX_BYTES, template_rows, training_record_import
from programs.uploads.pages import upload_step
from sro_admin.errors import RuleViolation
from sro_admin.request_size import upload_limit


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


@upload_limit(MAX_BYTES)
@login_required
def training_import(request):
    """Upload, see every row's result, then confirm: all rows are saved, or none."""
    agencies = _import_agencies(request)

    def run(*, agency: int, content: bytes, save: bool):
        chosen = agencies.filter(pk=agency).first()
        if chosen is None:  # the user's role in that agency ended meanwhile
            raise RuleViolation(_("You can no longer import records for that agency."))
        return training_record_import(agency=chosen, content=content, save=save)

    def done(result, params):
        messages.success(
            request,
            ngettext(
                "Imported %(n)s training record.", "Imported %(n)s training records.", result.saved
            )
            % {"n": result.saved},
        )
        return redirect("training-grid")

    step = upload_step(
        request,
        scope="training",
        make_form=lambda data, files: TrainingImportForm(data, files, agencies=agencies),
        max_bytes=MAX_BYTES,
        params_of=lambda cleaned: {"agency": cleaned["agency"].pk},
        run=run,
        done=done,
        again_url=reverse("training-import"),
    )
    if step.response is not None:
        return step.response
    return render(
        request,
        "programs/training_import.html",
        {
            "form": step.form,
            "result": step.result,
            "token": step.token,
            "columns": COLUMNS,
            "courses": selectors.training_courses_for(agencies),
        },
    )


@login_required
def training_import_template(request):
    """A CSV file with the import's header and one example row, to fill in."""
    agencies = _import_agencies(request)
    header, rows = template_rows(agencies[0])
    return csv_response("training-records-template.csv", header, rows)


def _import_agencies(request):
    """The agencies whose records the user may import: those they may change; 403 if none."""
    agencies = access_for(request.user).changeable_agencies().order_by("name")
    if not agencies:
        raise PermissionDenied
    return agencies
