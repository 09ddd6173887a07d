"""The program page, the community decision record (COPS-1), school-staff training (COPS-8,
NASRO 03.01.01, 04.01.02) and training certificates. Thin: parse, call a selector or service,
render. A program is seen by whoever sees its district; its district administrators change it.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programs import selectors
from programs.files import file_response
from programs.filters.community import EngagementFilter, StaffTrainingFilter
from programs.forms.community import (
    CertificateForm,
    CourseForm,
    DecisionForm,
    EngagementForm,
    ProgramForm,
    RequirementCreateForm,
    RequirementForm,
    StaffTrainingForm,
)
from programs.listing import csv_filename, csv_response, paginated, wants_csv
from programs.models import Course, Stakeholder
from programs.selectors import community as reads
from programs.services import community as writes
from sro_admin.audit import history_for
from sro_admin.errors import RuleViolation
from sro_admin.pages import form_page, form_refused

RECENT = 5  # engagements and decisions shown on the program page


def _posted(request) -> dict:
    """A form's data and files on a POST, even an empty one (every box unticked)."""
    if request.method == "POST":
        return {"data": request.POST, "files": request.FILES}
    return {}


def _changeable_program(request, pk: int):
    program = reads.program_get_for(request.user, pk)  # 404 for another tenant's
    if not reads.program_is_changeable(request.user, program):
        raise PermissionDenied  # visible, not changeable: 403 leaks nothing
    return program


def _program_crumbs(program) -> list[tuple[str, str]]:
    return [(reverse("program-detail", args=[program.pk]), str(program))]


# -- the program page --------------------------------------------------------------------------


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
            "requirements": reads.program_requirements(program),
            "coverage": reads.stakeholder_coverage(program),
            "decisions": reads.decisions_of(program)[:RECENT],
            "engagements": reads.engagement_rows(reads.engagements_of(program)[:RECENT]),
            "can_change": reads.program_is_changeable(request.user, program),
        },
    )


@login_required
def program_edit(request, pk: int):
    program = _changeable_program(request, pk)
    # The form validates into a copy; the service compares it with the stored values.
    form = ProgramForm(**_posted(request), instance=copy.copy(program))
    if request.method == "POST" and form.is_valid():
        try:
            writes.program_update(program=program, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(
                request, _("Saved the settings of %(program)s.") % {"program": program}
            )
            return redirect("program-detail", pk=program.pk)
    return form_page(
        request,
        form=form,
        title=_("Edit the program's mission and settings"),
        crumbs=_program_crumbs(program),
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


@login_required
def requirement_edit(request, pk: int, req_pk: int):
    program = _changeable_program(request, pk)
    requirement = reads.requirement_get_for(program, req_pk)
    form = RequirementForm(**_posted(request), instance=copy.copy(requirement))
    if request.method == "POST" and form.is_valid():
        try:
            writes.training_requirement_update(
                requirement=requirement,
                months=form.cleaned_data.get("months"),
                is_active=form.cleaned_data["is_active"],
            )
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(request, _("Saved %(requirement)s.") % {"requirement": requirement})
            return redirect(reverse("program-detail", args=[pk]) + "#schedule")
    return form_page(
        request,
        form=form,
        title=_("Change the requirement: %(course)s") % {"course": requirement.course},
        crumbs=_program_crumbs(program),
        back_url=reverse("program-detail", args=[pk]),
        submit=_("Save"),
    )


@login_required
def requirement_create(request, pk: int):
    program = _changeable_program(request, pk)
    form = RequirementCreateForm(
        **_posted(request),
        courses=reads.requirement_courses_for(request.user, program),
        initial={"course": request.GET.get("course")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            requirement = writes.training_requirement_create(program=program, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(request, _("Added %(requirement)s.") % {"requirement": requirement})
            return redirect(reverse("program-detail", args=[pk]) + "#schedule")
    return form_page(
        request,
        form=form,
        title=_("Add a training requirement"),
        crumbs=_program_crumbs(program),
        back_url=reverse("program-detail", args=[pk]),
        submit=_("Add the requirement"),
        intro=_(
            "A course every SRO of the program must complete, and when: for example a topic "
            "the MOU requires. It counts in every officer's standing at once."
        ),
    )


@login_required
def course_create(request, pk: int):
    program = _changeable_program(request, pk)
    form = CourseForm(**_posted(request), instance=Course(program=program))
    if request.method == "POST" and form.is_valid():
        try:
            course = writes.course_create(program=program, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(
                request,
                _("Added the course %(course)s. Now say when it is due.") % {"course": course},
            )
            return redirect(f"{reverse('requirement-create', args=[pk])}?course={course.pk}")
    return form_page(
        request,
        form=form,
        title=_("Add a course of the program's own"),
        crumbs=_program_crumbs(program),
        back_url=reverse("program-detail", args=[pk]),
        submit=_("Add the course"),
        intro=_(
            "For a topic the shared catalogue lacks. Only this program's schedule and "
            "records can use it."
        ),
    )


# -- the community decision record (COPS-1) ----------------------------------------------------


@login_required
def program_community(request, pk: int):
    program = reads.program_get_for(request.user, pk)
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
            "can_change": reads.program_is_changeable(request.user, program),
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
        *_program_crumbs(program),
        (reverse("program-community", args=[program.pk]), _("Community decision record")),
    ]


@login_required
def engagement_create(request, pk: int):
    program = _changeable_program(request, pk)
    form = EngagementForm(**_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            engagement = writes.engagement_record(program=program, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(request, _("Recorded %(title)s.") % {"title": engagement.title})
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
    program = _changeable_program(request, pk)
    form = DecisionForm(**_posted(request), engagements=reads.engagements_of(program))
    if request.method == "POST" and form.is_valid():
        try:
            decision = writes.program_decision_record(program=program, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(
                request,
                _("Recorded the decision: %(kind)s.") % {"kind": decision.get_kind_display()},
            )
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


# -- school-staff training (COPS-8, NASRO 03.01.01, 04.01.02) ----------------------------------


@login_required
def staff_training(request, pk: int):
    program = reads.program_get_for(request.user, pk)
    filterset = StaffTrainingFilter(
        request.GET or None,
        schools=reads.staff_training_schools_for(request.user, program),
        queryset=reads.staff_trainings_of(request.user, program),
    )
    if wants_csv(request):
        rows = reads.staff_trainings_for(request.user, program, filterset.qs)
        return csv_response(
            csv_filename(program.district.name, "staff-training"),
            STAFF_TRAINING_COLUMNS,
            map(_staff_training_row, rows),
        )
    page, query = paginated(request, filterset.qs)
    return render(
        request,
        "programs/community/staff_training.html",
        {
            "program": program,
            "rows": reads.staff_trainings_for(request.user, program, page.object_list),
            "by_school": reads.staff_training_by_school(request.user, program),
            "filter": filterset,
            "page": page,
            "query": query,
            "can_change": reads.program_is_changeable(request.user, program),
        },
    )


STAFF_TRAINING_COLUMNS = [
    "held_on",
    "title",
    "hours",
    "schools",
    "staff_attended",
    "administrators_attended",
    "sros",
    "other_sros",
    "joint_with_sros",
    "administrator_with_sro",
]


def _staff_training_row(row) -> list:
    s = row.session
    return [
        s.held_on,
        s.title,
        s.hours,
        "; ".join(school.name for school in row.schools),
        s.staff_attended,
        s.administrators_attended,
        # The SROs this user may see by name; the others are only counted.
        "; ".join(f"{o.last_name}, {o.first_name}" for o in row.sros),
        row.other_sros,
        row.joint,
        row.administrator_with_sro,
    ]


@login_required
def staff_training_create(request, pk: int):
    program = _changeable_program(request, pk)
    form = StaffTrainingForm(
        **_posted(request),
        schools=reads.staff_training_schools_for(request.user, program),
        sros=reads.staff_training_sros_for(request.user, program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = writes.staff_training_record(program=program, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(request, _("Recorded %(title)s.") % {"title": session.title})
            return redirect("staff-training", pk=pk)
    return form_page(
        request,
        form=form,
        title=_("Record a school-staff training session"),
        crumbs=[
            *_program_crumbs(program),
            (reverse("staff-training", args=[pk]), _("School-staff training")),
        ],
        back_url=reverse("staff-training", args=[pk]),
        submit=_("Record the session"),
    )


# -- training certificates ---------------------------------------------------------------------


@login_required
def certificate_download(request, pk: int):
    record = reads.training_record_get_for(request.user, pk)  # whoever sees the officer
    return file_response(record.certificate, filename=f"certificate-{record.pk}")


@login_required
def certificate_upload(request, pk: int):
    record = reads.training_record_get_for(request.user, pk)
    if not reads.training_record_is_changeable(request.user, record):
        raise PermissionDenied  # the officer's agency supervisors keep their training
    form = CertificateForm(**_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            writes.training_record_certificate_attach(
                record=record, certificate=form.cleaned_data["certificate"]
            )
        except RuleViolation as violation:
            form_refused(form, violation)
        else:
            messages.success(
                request,
                _("Kept the certificate for %(course)s.") % {"course": record.course.name},
            )
            return redirect("officer-detail", pk=record.officer_id)
    officer_url = reverse("officer-detail", args=[record.officer_id])
    return form_page(
        request,
        form=form,
        title=_("Upload the certificate: %(course)s, %(date)s")
        % {
            "course": record.course.name,
            "date": date_format(record.completed_on),
        },
        crumbs=[
            (reverse("officer-list"), _("Officers")),
            (officer_url, str(record.officer)),
        ],
        back_url=officer_url,
        submit=_("Upload"),
        intro=(_("A new certificate replaces the one kept now.") if record.certificate else ""),
    )
