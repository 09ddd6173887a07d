"""Training: the compliance grid (officers × requirements) and the CSV import (COPS-8), an
officer's training records and certificates, a program's requirements and courses, and
school-staff training (COPS-8, NASRO 03.01.01, 04.01.02). Thin: parse, call a selector or
service, render.
"""

from __future__ import annotations

import copy
from itertools import islice

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs import filters, selectors
from programs.access import CHANGE, access_for
from programs.clock import officer_today, program_today
from programs.files import file_response
from programs.filters.training import (
    StaffTrainingFilter,
    StaffTrainingSchoolFilter,
    TrainingGridFilter,
)
from programs.forms.training import (
    CertificateForm,
    CourseForm,
    RequirementCreateForm,
    RequirementForm,
    StaffTrainingForm,
    TrainingImportForm,
    TrainingRecordForm,
)
from programs.listing import csv_filename, csv_response, paginated, wants_csv
from programs.models import Course
from programs.selectors import training as reads
from programs.selectors.program import program_get_for, program_is_changeable
from programs.services import training as writes
from programs.services.training_import import (
    COLUMNS,
    MAX_BYTES,
    template_rows,
    training_record_import,
)
from programs.uploads.pages import upload_step
from programs.views.officers import changeable_officer
from programs.views.program import changeable_program, posted, program_crumbs
from sro_admin.errors import RuleViolation
from sro_admin.pages import form_page, form_submit
from sro_admin.request_size import upload_limit
from sro_admin.sql import one_array


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
        "can_import": access_for(request.user).agencies(CHANGE).exists(),
    }
    if chosen is not None:
        filterset = TrainingGridFilter(
            request.GET or None,
            programs=all_programs if len(programs) > 1 else None,
            agencies=selectors.district_agencies_for(request.user, chosen.district),
            queryset=selectors.grid_officers_for(request.user, chosen),
        )
        today = program_today(chosen)
        # The standing filter is answered in SQL, once (ADR 0018): the ids of the officers
        # it keeps, in order, are paged, and only the shown page's officers get their cells.
        officers = filterset.qs.select_related("agency")
        attention = filters.chosen(filterset, "standing")
        needing = attention and selectors.grid_officer_ids_needing(
            chosen, officers, attention, today=today
        )
        if wants_csv(request):
            return csv_response(
                csv_filename(chosen.district.name, "training"),
                GRID_COLUMNS,
                _grid_rows(
                    request.user,
                    chosen,
                    officers.filter(pk__in=one_array(needing)) if attention else officers,
                    today=today,
                ),
            )
        if attention:
            page, query = paginated(request, needing)
            page.object_list = list(officers.filter(pk__in=page.object_list))
        else:
            page, query = paginated(request, officers)
        context.update(
            grid=selectors.training_grid(
                request.user, chosen, officers=page.object_list, today=today
            ),
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
CSV_OFFICERS_AT_ONCE = 500  # the grid's CSV computes this many officers' standings a query


def _grid_rows(user, program, officers, *, today):
    """One line per officer and requirement: where the officer stands, and since when. Read
    a few hundred officers at a time, so the download starts at once and memory stays flat."""
    found = officers.iterator(chunk_size=CSV_OFFICERS_AT_ONCE)
    while batch := list(islice(found, CSV_OFFICERS_AT_ONCE)):
        grid = selectors.training_grid(user, program, officers=batch, today=today)
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
    """Upload, see the check's summary, then confirm: all rows are saved, or none."""
    agencies = _import_agencies(request)

    def run(*, agency: int, content: bytes, save: bool):
        chosen = agencies.filter(pk=agency).first()
        if chosen is None:  # the user's role in that agency ended meanwhile
            raise RuleViolation(_("You can no longer import records for that agency."))
        return training_record_import(actor=request.user, agency=chosen, content=content, save=save)

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
    agencies = access_for(request.user).agencies(CHANGE).order_by("name")
    if not agencies:
        raise PermissionDenied
    return agencies


# -- an officer's training records and certificates --------------------------------------------


@login_required
def training_record_create(request, pk: int):
    officer = changeable_officer(request, pk)
    today = officer_today(officer)  # the form proposes the date the service accepts
    form = TrainingRecordForm(
        request.POST or None,
        courses=selectors.officer_courses(request.user, officer),
        initial={"completed_on": today},
    )
    # Refused, e.g. the same course already recorded that day: shown on the form.
    if form_submit(
        request,
        form,
        lambda **data: writes.training_record_create(
            actor=request.user, officer=officer, today=today, **data
        ),
        lambda record: (
            _("Recorded %(course)s for %(officer)s.")
            % {"course": record.course, "officer": officer}
        ),
    ):
        return redirect("officer-detail", pk=officer.pk)
    return form_page(
        request,
        form=form,
        title=_("Record training for %(officer)s") % {"officer": officer},
        crumbs=[(reverse("officer-detail", args=[pk]), str(officer))],
        submit=_("Record training"),
    )


@login_required
def certificate_download(request, pk: int):
    record = reads.training_record_get_for(request.user, pk)  # whoever sees the officer
    return file_response(record.certificate, filename=f"certificate-{record.pk}")


@login_required
def certificate_upload(request, pk: int):
    record = reads.training_record_get_for(request.user, pk)
    if not reads.training_record_is_changeable(request.user, record):
        raise PermissionDenied  # the officer's agency supervisors keep their training
    form = CertificateForm(**posted(request))
    if form_submit(
        request,
        form,
        lambda certificate: writes.training_record_certificate_attach(
            actor=request.user, record=record, certificate=certificate
        ),
        _("Kept the certificate for %(course)s.") % {"course": record.course.name},
    ):
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


# -- a program's training requirements and courses ---------------------------------------------


@login_required
def requirement_edit(request, pk: int, req_pk: int):
    program = changeable_program(request, pk)
    requirement = reads.requirement_get_for(program, req_pk)
    form = RequirementForm(**posted(request), instance=copy.copy(requirement))
    # A requirement counted per school year has no months field (RequirementForm).
    if form_submit(
        request,
        form,
        lambda is_active, months=None: writes.training_requirement_update(
            actor=request.user, requirement=requirement, months=months, is_active=is_active
        ),
        lambda saved: _("Saved %(requirement)s.") % {"requirement": saved},
    ):
        return redirect(reverse("program-detail", args=[pk]) + "#schedule")
    return form_page(
        request,
        form=form,
        title=_("Change the requirement: %(course)s") % {"course": requirement.course},
        crumbs=program_crumbs(program),
        back_url=reverse("program-detail", args=[pk]),
        submit=_("Save"),
    )


@login_required
def requirement_create(request, pk: int):
    program = changeable_program(request, pk)
    form = RequirementCreateForm(
        **posted(request),
        courses=reads.requirement_courses_for(request.user, program),
        initial={"course": request.GET.get("course")},
    )
    if form_submit(
        request,
        form,
        lambda **data: writes.training_requirement_create(
            actor=request.user, program=program, **data
        ),
        lambda requirement: _("Added %(requirement)s.") % {"requirement": requirement},
    ):
        return redirect(reverse("program-detail", args=[pk]) + "#schedule")
    return form_page(
        request,
        form=form,
        title=_("Add a training requirement"),
        crumbs=program_crumbs(program),
        back_url=reverse("program-detail", args=[pk]),
        submit=_("Add the requirement"),
        intro=_(
            "A course every SRO of the program must complete, and when: for example a topic "
            "the MOU requires. It counts in every officer's standing at once."
        ),
    )


@login_required
def course_create(request, pk: int):
    program = changeable_program(request, pk)
    form = CourseForm(**posted(request), instance=Course(program=program))
    if done := form_submit(
        request,
        form,
        lambda **data: writes.course_create(actor=request.user, program=program, **data),
        lambda course: (
            _("Added the course %(course)s. Now say when it is due.") % {"course": course}
        ),
    ):
        return redirect(f"{reverse('requirement-create', args=[pk])}?course={done.result.pk}")
    return form_page(
        request,
        form=form,
        title=_("Add a course of the program's own"),
        crumbs=program_crumbs(program),
        back_url=reverse("program-detail", args=[pk]),
        submit=_("Add the course"),
        intro=_(
            "For a topic the shared catalogue lacks. Only this program's schedule and "
            "records can use it."
        ),
    )


# -- school-staff training (COPS-8, NASRO 03.01.01, 04.01.02) ----------------------------------


@login_required
def staff_training(request, pk: int):
    program = program_get_for(request.user, pk)
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
            # Counted over every school; the schools themselves are paged on their own page.
            "summary": reads.staff_training_summary(request.user, program),
            "filter": filterset,
            "page": page,
            "query": query,
            "can_change": program_is_changeable(request.user, program),
        },
    )


@login_required
def staff_training_schools(request, pk: int):
    program = program_get_for(request.user, pk)
    filterset = StaffTrainingSchoolFilter(
        request.GET or None, queryset=reads.staff_training_schools_of(request.user, program)
    )
    if wants_csv(request):
        return csv_response(
            csv_filename(program.district.name, "staff-training-by-school"),
            STAFF_TRAINING_SCHOOL_COLUMNS,
            map(
                _staff_training_school_row,
                reads.staff_training_by_school(request.user, program, schools=filterset.qs),
            ),
        )
    page, query = paginated(request, filterset.qs)
    return render(
        request,
        "programs/community/staff_training_schools.html",
        {
            "program": program,
            "rows": reads.staff_training_by_school(request.user, program, schools=page.object_list),
            "filter": filterset,
            "page": page,
            "query": query,
        },
    )


STAFF_TRAINING_SCHOOL_COLUMNS = [
    "school",
    "nces_id",
    "sessions",
    "last_session",
    "last_joint_session",
    "last_with_administrator_and_sro",
    "session_this_school_year",
]


def _staff_training_school_row(row) -> list:
    return [
        row.school.name,
        row.school.nces_id,
        row.sessions,
        row.last_session,
        row.last_joint,
        row.last_with_administrator,
        row.this_school_year,
    ]


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
    program = changeable_program(request, pk)
    # The schools and SROs listed are bounded; the form's Find buttons narrow them by name.
    form = StaffTrainingForm(
        **posted(request),
        **StaffTrainingForm.choices(
            data=request.POST,
            schools=reads.staff_training_schools_for(request.user, program),
            sros=reads.staff_training_sros_for(request.user, program),
        ),
    )
    if form_submit(
        request,
        form,
        lambda **data: writes.staff_training_record(actor=request.user, program=program, **data),
        lambda session: _("Recorded %(title)s.") % {"title": session.title},
    ):
        return redirect("staff-training", pk=pk)
    return form_page(
        request,
        form=form,
        title=_("Record a school-staff training session"),
        crumbs=[
            *program_crumbs(program),
            (reverse("staff-training", args=[pk]), _("School-staff training")),
        ],
        back_url=reverse("staff-training", args=[pk]),
        submit=_("Record the session"),
    )
