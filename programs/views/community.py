"""The community decision record (COPS-1): the engagements at which the community was heard
and the decisions about the program. Thin: parse, call a selector or service, render. A
program is seen by whoever sees its district; its district administrators change it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from programs.files import file_response
from programs.filters.community import EngagementFilter
from programs.forms.community import DecisionForm, EngagementForm
from programs.listing import csv_filename, csv_response, paginated, wants_csv
from programs.models import Stakeholder
from programs.selectors import community as reads
from programs.selectors.program import program_get_for, program_is_changeable
from programs.services import community as writes
from programs.views.program import changeable_program, posted, program_crumbs
from sro_admin.pages import form_page, form_submit


@login_required
def program_community(request, pk: int):
    program = program_get_for(request.user, pk)
    filterset = EngagementFilter(request.GET or None, queryset=reads.engagements_of(program))
    if wants_csv(request):
        return csv_response(
            csv_filename(program.district.name, "engagements"),
            ENGAGEMENT_COLUMNS,
            map(_engagement_row, filterset.qs),
        )
    page, query = paginated(request, filterset.qs)
    return render(
        request,
        "programs/community/community.html",
        {
            "program": program,
            "coverage": reads.stakeholder_coverage(program),
            "decisions": reads.decisions_of(program),
            "engagements": reads.engagement_rows(page.object_list),
            "filter": filterset,
            "page": page,
            "query": query,
            "can_change": program_is_changeable(request.user, program),
        },
    )


ENGAGEMENT_COLUMNS = [
    "held_on",
    "title",
    "kind",
    "stakeholders",
    "participants",
    "summary",
    "has_attachment",
]


def _engagement_row(e) -> list:
    return [
        e.held_on,
        e.title,
        e.kind,
        "; ".join(s for s in Stakeholder.values if s in e.stakeholders),  # the page's order
        e.participants,
        e.summary,
        bool(e.attachment),
    ]


def _community_crumbs(program) -> list[tuple[str, str]]:
    return [
        *program_crumbs(program),
        (reverse("program-community", args=[program.pk]), _("Community decision record")),
    ]


@login_required
def engagement_create(request, pk: int):
    program = changeable_program(request, pk)
    form = EngagementForm(**posted(request))
    if form_submit(
        request,
        form,
        lambda **data: writes.engagement_record(actor=request.user, program=program, **data),
        lambda engagement: _("Recorded %(title)s.") % {"title": engagement.title},
    ):
        return redirect("program-community", pk=pk)
    return form_page(
        request,
        form=form,
        title=_("Record a community engagement"),
        crumbs=_community_crumbs(program),
        back_url=reverse("program-community", args=[pk]),
        submit=_("Record the engagement"),
        intro=_(
            "COPS-1: a meeting, survey, forum or board hearing at which the community was heard "
            "about the SRO program."
        ),
    )


@login_required
def decision_create(request, pk: int):
    program = changeable_program(request, pk)
    form = DecisionForm(**posted(request), engagements=reads.engagements_of(program))
    if form_submit(
        request,
        form,
        lambda **data: writes.program_decision_record(actor=request.user, program=program, **data),
        lambda decision: (
            _("Recorded the decision: %(kind)s.") % {"kind": decision.get_kind_display()}
        ),
    ):
        return redirect("program-community", pk=pk)
    return form_page(
        request,
        form=form,
        title=_("Record a decision about the program"),
        crumbs=_community_crumbs(program),
        back_url=reverse("program-community", args=[pk]),
        submit=_("Record the decision"),
        intro=_(
            "COPS-1: having an SRO program is a local decision made with broad community input. "
            "Record who decided, and the engagements the decision drew on."
        ),
    )


@login_required
def engagement_attachment(request, pk: int, e_pk: int):
    engagement = reads.engagement_get_for(request.user, pk, e_pk)
    return file_response(engagement.attachment, filename=f"engagement-{engagement.pk}")


@login_required
def decision_attachment(request, pk: int, d_pk: int):
    decision = reads.decision_get_for(request.user, pk, d_pk)
    return file_response(decision.attachment, filename=f"decision-{decision.pk}")
