"""The program page: the program's record and its settings. Thin: parse, call a selector or
service, render. A program is seen by whoever sees its district; its district administrators
change it.
"""

from __future__ import annotations

import copy

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from programs import selectors
from programs.forms.program import ProgramForm
from programs.selectors import program as reads
from programs.selectors.community import (
    decisions_of,
    engagement_rows,
    engagements_of,
    stakeholder_coverage,
)
from programs.selectors.training import program_requirements
from programs.services import program as writes
from sro_admin.audit import history_for
from sro_admin.pages import form_page, form_submit

RECENT = 5  # engagements and decisions shown on the program page


def posted(request) -> dict:
    """A form's data and files on a POST, even an empty one (every box unticked)."""
    if request.method == "POST":
        return {"data": request.POST, "files": request.FILES}
    return {}


def changeable_program(request, pk: int):
    """The program of a form page: 404 for another tenant's; 403 for one the user sees but
    may not change (leaks nothing). The services ask the door again when a form is sent."""
    program = reads.program_get_for(request.user, pk)
    if not reads.program_is_changeable(request.user, program):
        raise PermissionDenied
    return program


def program_crumbs(program) -> list[tuple[str, str]]:
    return [(reverse("program-detail", args=[program.pk]), str(program))]


@login_required
def program_detail(request, pk: int):
    program = reads.program_get_for(request.user, pk)
    return render(
        request,
        "programs/community/program_detail.html",
        {
            "program": program,
            "school_year_month": MONTHS[program.school_year_starts_month],
            "agencies": selectors.district_agencies_for(request.user, program.district),
            "requirements": program_requirements(program),
            "coverage": stakeholder_coverage(program),
            "decisions": decisions_of(program)[:RECENT],
            "engagements": engagement_rows(engagements_of(program)[:RECENT]),
            "can_change": reads.program_is_changeable(request.user, program),
        },
    )


@login_required
def program_edit(request, pk: int):
    program = changeable_program(request, pk)
    # The form validates into a copy; the service compares it with the stored values.
    form = ProgramForm(**posted(request), instance=copy.copy(program))
    if form_submit(
        request,
        form,
        lambda **data: writes.program_update(actor=request.user, program=program, **data),
        lambda saved: _("Saved the settings of %(program)s.") % {"program": saved},
    ):
        return redirect("program-detail", pk=program.pk)
    return form_page(
        request,
        form=form,
        title=_("Edit the program's mission and settings"),
        crumbs=program_crumbs(program),
        back_url=reverse("program-detail", args=[pk]),
        submit=_("Save"),
    )


@login_required
def program_history(request, pk: int):
    program = reads.program_get_for(request.user, pk)
    return render(
        request,
        "history.html",
        {
            "object": program,
            "entries": history_for(program),
        },
    )
