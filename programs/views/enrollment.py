"""Enrollment by group, school profiles, the CRDC import and the staffing view.

NASRO 02.01.03-04 (staffing sized by enrollment and the school's profile); the enrollment
counts are the denominators of every rate (STATISTICS.md). Thin: parse, call a selector or
service, render.
"""

from __future__ import annotations

import copy
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs.access import CHANGE, access_for
from programs.clock import district_today, school_today
from programs.filters.enrollment import EnrollmentYearFilter, StaffingFilter
from programs.forms.enrollment import CrdcImportForm, EnrollmentForm, SchoolProfileForm
from programs.listing import csv_filename, csv_response, paginated, wants_csv
from programs.models import Enrollment, School, SchoolProfile
from programs.selectors import district_get_for, school_get_for
from programs.selectors.enrollment import (
    current_school_year,
    district_staffing_for,
    district_staffing_rows,
    enrollment_check,
    enrollment_count_rows,
    enrollment_counts,
    enrollment_history,
    enrollment_tables,
    school_enrollment_get,
    school_enrollment_years,
    school_enrollments,
    school_profile_before,
    school_profiles,
    school_year_choices,
    school_year_label,
    staffing_own_schools,
    staffing_schools_for,
    staffing_summary_for,
    staffing_title,
)
from programs.services.enrollment import PROFILE_FIELDS, enrollment_save, school_profile_save
from programs.services.enrollment_import import MAX_BYTES, enrollment_import
from programs.uploads.pages import upload_step
from sro_admin.pages import form_page, form_submit
from sro_admin.request_size import upload_limit


def _may_change(request, school: School) -> bool:
    return access_for(request.user).schools(CHANGE).filter(pk=school.pk).exists()


def _changeable_school(request, pk: int) -> School:
    # District administrators of its district and the school's own administrator.
    school = school_get_for(request.user, pk)  # 404 for another tenant's school
    if not _may_change(request, school):
        raise PermissionDenied  # visible, not changeable
    return school


# -- enrollment by group ---------------------------------------------------------------------


@login_required
def school_enrollment(request, pk: int):
    school = school_get_for(request.user, pk)
    filterset = EnrollmentYearFilter(
        request.GET or None,
        years=school_year_choices(school_today(school), back=30),
        queryset=school_enrollments(school),
    )
    if wants_csv(request):
        header, rows = enrollment_count_rows(filterset.qs)
        return csv_response(csv_filename(school.name, "enrollment"), header, rows)
    page, query = paginated(request, filterset.qs)
    return render(
        request,
        "programs/enrollment/school_enrollment.html",
        {
            "school": school,
            "years": school_enrollment_years(school, page.object_list),
            "filter": filterset,
            "page": page,
            "query": query,
            "can_change": _may_change(request, school),
        },
    )


@login_required
def school_enrollment_year(request, pk: int, year: int):
    school = school_get_for(request.user, pk)
    enrollment = school_enrollment_get(school, year)
    tables = enrollment_tables(enrollment)
    return render(
        request,
        "programs/enrollment/enrollment_year.html",
        {
            "school": school,
            "enrollment": enrollment,
            "year_label": school_year_label(year),
            "tables": tables,
            "checks": [t.check for t in tables],
            "can_change": _may_change(request, school),
        },
    )


@login_required
def school_enrollment_history(request, pk: int, year: int):
    school = school_get_for(request.user, pk)  # as the year's page
    enrollment = school_enrollment_get(school, year)
    return render(
        request,
        "history.html",
        {
            "object": enrollment,
            "entries": enrollment_history(enrollment),
            "back_url": reverse("school-enrollment-year", args=[pk, year]),
            "crumbs": [
                (school.get_absolute_url(), school.name),
                (reverse("school-enrollment", args=[pk]), _("Enrollment")),
            ],
        },
    )


def _save_enrollment(
    request, *, school: School, form: EnrollmentForm, year: int | None, today: date
):
    """Save a valid POST of the form through the service (a refusal goes back on the form):
    for the year the form names when adding one, else for the page's `year`. Returns the
    redirect, or None."""

    def save(*, total: int, **data):
        return enrollment_save(
            actor=request.user,
            school=school,
            school_year=data.get("school_year", year),
            total=total,
            counts=form.counts(),  # the group boxes of `data`, by (breakdown, group)
            source=Enrollment.Source.FORM,
            today=today,
        )

    done = form_submit(
        request,
        form,
        save,
        lambda enrollment: (
            _("Saved the enrollment for %(year)s.")
            % {"year": school_year_label(enrollment.school_year)}
        ),
    )
    if not done:
        return None
    if any(c.differs for c in enrollment_check(done.result)):
        messages.warning(
            request, _("Some breakdowns do not add up to the total. The page says which.")
        )
    return redirect("school-enrollment-year", pk=school.pk, year=done.result.school_year)


def _enrollment_form_page(request, *, school, form, title, year_label=None, cancel_url):
    return render(
        request,
        "programs/enrollment/enrollment_form.html",
        {
            "school": school,
            "form": form,
            "title": title,
            "year_label": year_label,
            "cancel_url": cancel_url,
        },
    )


@login_required
def school_enrollment_create(request, pk: int):
    school = _changeable_school(request, pk)
    taken = set(school.enrollments.values_list("school_year", flat=True))
    today = school_today(school)  # the years offered are the years the service accepts
    choices = [(y, label) for y, label in school_year_choices(today) if y not in taken]
    current = current_school_year(today)
    form = EnrollmentForm(
        request.POST or None,
        year_choices=choices,
        initial={"school_year": current if current not in taken else None},
    )
    if done := _save_enrollment(request, school=school, form=form, year=None, today=today):
        return done
    return _enrollment_form_page(
        request,
        school=school,
        form=form,
        title=_("Add a year of enrollment"),
        cancel_url=reverse("school-enrollment", args=[pk]),
    )


@login_required
def school_enrollment_edit(request, pk: int, year: int):
    school = _changeable_school(request, pk)
    enrollment = school_enrollment_get(school, year)
    form = EnrollmentForm(
        request.POST or None,
        initial=EnrollmentForm.initial_for(enrollment.total, enrollment_counts(enrollment)),
    )
    if done := _save_enrollment(
        request, school=school, form=form, year=year, today=school_today(school)
    ):
        return done
    label = school_year_label(year)
    return _enrollment_form_page(
        request,
        school=school,
        form=form,
        title=_("Edit the enrollment for %(year)s") % {"year": label},
        year_label=label,
        cancel_url=reverse("school-enrollment-year", args=[pk, year]),
    )


# -- the CRDC import -------------------------------------------------------------------------


@upload_limit(MAX_BYTES)
@login_required
def district_enrollment_import(request, pk: int):
    """Upload a CRDC file, see the check's summary, then confirm: all rows are saved, or none."""
    district = district_get_for(request.user, pk)  # 404 for another tenant's district
    if not access_for(request.user).districts(CHANGE).filter(pk=pk).exists():
        raise PermissionDenied
    today = district_today(district)  # the years offered are the years the service accepts
    choices = school_year_choices(today)

    def make_form(data, files):
        return CrdcImportForm(
            data,
            files,
            year_choices=choices,
            initial={"school_year": current_school_year(today)},
        )

    def run(*, school_year: int, content: bytes, save: bool):
        return enrollment_import(
            actor=request.user,
            district=district,
            school_year=school_year,
            content=content,
            save=save,
        )

    def done(result, params):
        label = school_year_label(params["school_year"])
        if result.saved:
            messages.success(
                request,
                ngettext(
                    "Imported the %(year)s enrollment of %(n)s school.",
                    "Imported the %(year)s enrollment of %(n)s schools.",
                    result.saved,
                )
                % {"n": result.saved, "year": label},
            )
        else:
            messages.info(
                request, _("Nothing changed: the file matches the enrollment already stored.")
            )
        return redirect("district-staffing", pk=pk)

    step = upload_step(
        request,
        scope=f"enrollment:{district.pk}",  # a token is good for this district's page only
        make_form=make_form,
        max_bytes=MAX_BYTES,
        params_of=lambda cleaned: {"school_year": cleaned["school_year"]},
        run=run,
        done=done,
        again_url=reverse("district-enrollment-import", args=[pk]),
    )
    if step.response is not None:
        return step.response
    school_year = step.params.get("school_year")
    return render(
        request,
        "programs/enrollment/import.html",
        {
            "district": district,
            "form": step.form,
            "result": step.result,
            "token": step.token,
            "year_label": school_year_label(school_year) if school_year else "",
        },
    )


# -- school profiles -------------------------------------------------------------------------


@login_required
def school_profile(request, pk: int):
    school = school_get_for(request.user, pk)
    profiles = list(school_profiles(school))
    chosen = profiles[0] if profiles else None
    if "year" in request.GET:
        chosen = next((p for p in profiles if str(p.school_year) == request.GET["year"]), None)
        if chosen is None:
            raise Http404
    current = current_school_year(school_today(school))
    return render(
        request,
        "programs/enrollment/profile.html",
        {
            "school": school,
            "profile": chosen,
            "year_label": school_year_label(chosen.school_year) if chosen else "",
            "others": [(p, school_year_label(p.school_year)) for p in profiles if p != chosen],
            "can_change": _may_change(request, school),
            "current_year": current,
            "current_label": school_year_label(current),
            "has_current": any(p.school_year == current for p in profiles),
        },
    )


@login_required
def school_profile_edit(request, pk: int, year: int):
    school = _changeable_school(request, pk)
    today = school_today(school)  # the years offered are the years the service accepts
    if year not in dict(school_year_choices(today, back=30)):
        raise Http404
    profile = school.profiles.filter(school_year=year).first()
    label = school_year_label(year)
    initial = {}
    if profile is None:
        # A new year starts from the year before: most of a school's profile stays the same.
        before = school_profile_before(school, year)
        if before is not None:
            initial = {name: getattr(before, name) for name in PROFILE_FIELDS}
            if request.method == "GET":
                messages.info(
                    request,
                    _("Filled in from %(year)s. Check each value before saving.")
                    % {"year": school_year_label(before.school_year)},
                )
    form = SchoolProfileForm(
        request.POST or None,
        instance=copy.copy(profile) if profile else SchoolProfile(school=school, school_year=year),
        initial=initial,
    )
    if form_submit(
        request,
        form,
        lambda **data: school_profile_save(
            actor=request.user, school=school, school_year=year, today=today, **data
        ),
        _("Saved the profile for %(year)s.") % {"year": label},
    ):
        return redirect(f"{reverse('school-profile', args=[pk])}?year={year}")
    return form_page(
        request,
        form=form,
        title=_("Profile of %(school)s, %(year)s") % {"school": school, "year": label},
        crumbs=[
            (reverse("school-profile", args=[pk]), _("Profile of %(school)s") % {"school": school})
        ],
        submit=_("Save"),
    )


# -- staffing (NASRO 02.01.03-04) --------------------------------------------------------------


@login_required
def district_staffing(request, pk: int):
    district = district_get_for(request.user, pk)  # 404 for another tenant's district
    access = access_for(request.user)
    today = district_today(district)  # "assigned today" in the district
    filterset = StaffingFilter(
        request.GET or None,
        queryset=staffing_schools_for(request.user, district, today=today),
        school_year=current_school_year(today),
    )
    if wants_csv(request):
        rows = district_staffing_rows(request.user, district, today=today, schools=filterset.qs)
        return csv_response(
            csv_filename(district.name, "staffing"), STAFFING_COLUMNS, map(_staffing_row, rows)
        )
    # Filtered, sorted and cut to a page in the database; rows are built for that page only.
    page, query = paginated(request, filterset.qs)
    summary = staffing_summary_for(filterset.qs, today=today)
    own_schools = staffing_own_schools(request.user, district)
    return render(
        request,
        "programs/enrollment/staffing.html",
        {
            "district": district,
            "title": staffing_title(district, own_schools),
            "own_schools": own_schools,
            "today": today,
            "staffing": district_staffing_for(
                request.user, district, today=today, schools=page.object_list, summary=summary
            ),
            "summary": summary,
            "filter": filterset,
            "page": page,
            "query": query,
            "can_import": access.districts(CHANGE).filter(pk=pk).exists(),
        },
    )


STAFFING_COLUMNS = [
    "school",
    "nces_id",
    "enrollment_year",
    "enrollment",
    "sros_assigned_today",
    "sro_names",
    "students_per_sro",
    "students_with_disabilities_idea",
    "english_learners",
    "profile_year",
    "buildings",
    "campus_acres",
    "discipline_incidents",
    "calls_for_service",
    "non_sworn_safety_staff",
    "locale",
    "special_education_program",
    "esl_program",
]


def _staffing_row(row) -> list:
    p = row.profile
    return [
        row.school.name,
        row.school.nces_id,
        row.enrollment_year,
        row.enrollment.total if row.enrollment else None,
        row.sro_count,
        # Only the officers the door shows this user; the count includes the others.
        "; ".join(f"{o.last_name}, {o.first_name}" for o in row.officers),
        row.students_per_sro,
        row.idea,
        row.english_learners,
        row.profile_year,
        *(
            (
                p.buildings,
                p.campus_acres,
                p.discipline_incidents,
                p.calls_for_service,
                p.non_sworn_safety_staff,
                p.locale,
                p.special_education_program,
                p.esl_program,
            )
            if p
            else (None,) * 8
        ),
    ]
