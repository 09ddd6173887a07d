"""Choosing SROs (COPS-5, NASRO 02.01.01-06), their probation (NASRO 02.01.07, 04.01.05),
opt-outs (COPS-11) and the school administrators' page of their SROs.

Thin: every rule is in programs/services/selection.py (writes) and
programs/selectors/selection.py (reads, and who may do what).
"""

import copy
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from programs import selectors
from programs.clock import district_today, officer_today, school_today, user_today
from programs.filters import chosen
from programs.filters.selection import PostingFilter, SchoolSroFilter
from programs.forms.selection import (
    AssignFromSelectionForm,
    CommitteeMemberForm,
    DecisionForm,
    InterviewForm,
    OptOutForm,
    ParticipationForm,
    PostingEditForm,
    PostingForm,
    ProbationDecisionForm,
    ProbationForm,
    ProbationReviewForm,
    RatingsForm,
    SelectionForm,
)
from programs.listing import csv_filename, csv_response, paginated, wants_csv
from programs.selectors import selection as select
from programs.services import selection as services
from sro_admin.errors import RuleViolation
from sro_admin.pages import (
    form_page,
    form_refused,
    form_submit,
    warnings_confirmed,
    warnings_context,
)


def _allowed(permitted: bool) -> None:
    # Only called on objects the user already sees: visible but not theirs to change is 403.
    if not permitted:
        raise PermissionDenied


# -- postings ------------------------------------------------------------------------------


@login_required
def posting_list(request):
    filterset = PostingFilter(
        request.GET or None,
        schools=select.posting_schools_for(request.user),
        queryset=select.posting_list_for(request.user),  # 404 for SROs
    )
    if wants_csv(request):
        return csv_response("postings.csv", POSTING_COLUMNS, map(_posting_row, filterset.qs))
    page, query = paginated(request, filterset.qs)
    return render(
        request,
        "programs/selection/posting_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "can_add": select.posting_programs_for(request.user).exists(),
        },
    )


POSTING_COLUMNS = [
    "title",
    "district",
    "school",
    "opened_on",
    "status",
    "candidates",
    "selected",
]


def _posting_row(p) -> list:
    return [
        p.title,
        p.program.district.name,
        p.school.name if p.school else None,
        p.opened_on,
        p.status,
        p.candidate_count,
        p.selected_count,
    ]


@login_required
def posting_create(request):
    select.selection_role_required(request.user)
    programs = select.posting_programs_for(request.user)
    _allowed(programs.exists())
    form = PostingForm(
        request.POST or None,
        programs=programs,
        schools=select.posting_form_schools_for(request.user),
        # No rule checks this date; the programs may be in several districts: the user's today.
        initial={"opened_on": user_today(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.posting_create(**form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(request, _("Posted %(posting)s.") % {"posting": posting})
            return redirect("posting-detail", pk=posting.pk)
    return form_page(
        request,
        form=form,
        title=_("Post an SRO position"),
        crumbs=[(reverse("posting-list"), _("SRO postings"))],
        submit=_("Post"),
    )


@login_required
def posting_detail(request, pk: int):
    posting = select.posting_get_for(request.user, pk)
    return render(
        request,
        "programs/selection/posting_detail.html",
        {
            "posting": posting,
            "candidates": select.posting_candidates(request.user, posting),
            "can_manage": select.posting_may_manage(request.user, posting),
        },
    )


@login_required
def posting_history(request, pk: int):
    posting = select.posting_get_for(request.user, pk)  # as its page: 404 for SROs, outsiders
    return render(
        request,
        "history.html",
        {
            "object": posting,
            "entries": select.posting_history(posting),
            "back_url": reverse("posting-detail", args=[pk]),
            "crumbs": [(reverse("posting-list"), _("SRO postings"))],
        },
    )


@login_required
def posting_edit(request, pk: int):
    posting = select.posting_get_for(request.user, pk)
    _allowed(select.posting_may_manage(request.user, posting))
    form = PostingEditForm(
        request.POST or None,
        instance=copy.copy(posting),
        schools=select.posting_form_schools_for(request.user).filter(
            district_id=posting.program.district_id
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.posting_update(posting=posting, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(request, _("Saved %(posting)s.") % {"posting": posting})
            return redirect("posting-detail", pk=posting.pk)
    return form_page(
        request,
        form=form,
        title=_("Edit %(posting)s") % {"posting": posting},
        crumbs=[(reverse("posting-detail", args=[pk]), str(posting))],
        submit=_("Save"),
    )


# -- selections ----------------------------------------------------------------------------


@login_required
def selection_create(request, pk: int):
    posting = select.posting_get_for(request.user, pk)
    _allowed(select.posting_may_manage(request.user, posting))
    form = SelectionForm(
        request.POST or None, officers=select.selection_candidate_officers(request.user, posting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.selection_create(posting=posting, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(
                request, _("Added %(officer)s as a candidate.") % {"officer": selection.officer}
            )
            return redirect("selection-detail", pk=selection.pk)
    return form_page(
        request,
        form=form,
        title=_("Add a candidate for %(posting)s") % {"posting": posting},
        crumbs=[(reverse("posting-detail", args=[pk]), str(posting))],
        submit=_("Add candidate"),
    )


@login_required
def selection_detail(request, pk: int):
    selection = select.selection_get_for(request.user, pk)
    page = select.selection_page(request.user, selection)
    context = {"page": page, "selection": selection}
    if page.may_manage:
        context["ratings_form"] = RatingsForm(ratings=page.ratings, auto_id="rating_%s")
        context["decision_form"] = DecisionForm(
            instance=copy.copy(selection),
            initial={"decided_on": selection.decided_on or _selection_today(selection)},
            auto_id="decide_%s",
        )
    if page.may_participate:
        context["participation_form"] = ParticipationForm(
            initial={"took_part": selection.school_administrator_took_part},
            auto_id="participation_%s",
        )
    if page.may_assign and selection.decision == selection.Decision.SELECTED:
        context["assign_form"] = AssignFromSelectionForm(
            schools=select.selection_assign_schools(request.user, selection),
            initial={"school": selection.posting.school},
            auto_id="assign_%s",
        )
    return render(request, "programs/selection/selection_detail.html", context)


@login_required
def selection_history(request, pk: int):
    selection = select.selection_get_for(request.user, pk)  # as its page
    return render(
        request,
        "history.html",
        {
            "object": selection,
            "entries": select.selection_history(selection),
            "back_url": reverse("selection-detail", args=[pk]),
            "crumbs": [
                (reverse("posting-list"), _("SRO postings")),
                (reverse("posting-detail", args=[selection.posting_id]), selection.posting.title),
            ],
        },
    )


def _selection_today(selection) -> date:
    # What the date rules of services.selection check against: the program's district's.
    return district_today(selection.posting.program.district)


def _managed_selection(request, pk: int):
    selection = select.selection_get_for(request.user, pk)  # 404 for another tenant's
    _allowed(select.selection_may_manage(request.user, selection))
    return selection


def _selectionform_page(request, selection, *, form, title, submit):
    return form_page(
        request,
        form=form,
        title=title,
        crumbs=[(reverse("selection-detail", args=[selection.pk]), str(selection))],
        submit=submit,
    )


def _saved(request, selection, message: str):
    messages.success(request, message)
    return redirect("selection-detail", pk=selection.pk)


@login_required
def committee_member_add(request, pk: int):
    selection = _managed_selection(request, pk)
    form = CommitteeMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.committee_member_add(selection=selection, **form.cleaned_data)
        except ValidationError as error:
            form_refused(form, error)
        else:
            return _saved(request, selection, _("Added %(member)s.") % {"member": member})
    return _selectionform_page(
        request,
        selection,
        form=form,
        title=_("Add a committee member"),
        submit=_("Add member"),
    )


@login_required
def interview_add(request, pk: int):
    selection = _managed_selection(request, pk)
    today = _selection_today(selection)
    form = InterviewForm(request.POST or None, initial={"held_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_add(selection=selection, today=today, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            return _saved(request, selection, _("Recorded the interview."))
    return _selectionform_page(
        request, selection, form=form, title=_("Record an interview"), submit=_("Record")
    )


@login_required
def rating_set(request, pk: int):
    selection = _managed_selection(request, pk)
    form = RatingsForm(request.POST or None, ratings=select.selection_ratings(selection))
    if request.method == "POST" and form.is_valid():
        try:
            services.ratings_set(selection=selection, scores=form.scores())
        except ValidationError as error:
            form_refused(form, error)
        else:
            return _saved(request, selection, _("Saved the ratings."))
    return _selectionform_page(
        request,
        selection,
        form=form,
        title=_("Rate %(officer)s on COPS-5's ten criteria") % {"officer": selection.officer},
        submit=_("Save ratings"),
    )


@login_required
def selection_participation(request, pk: int):
    selection = select.selection_get_for(request.user, pk)
    _allowed(select.selection_may_participate(request.user, selection))
    form = ParticipationForm(
        request.POST or None, initial={"took_part": selection.school_administrator_took_part}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.selection_participation_record(selection=selection, **form.cleaned_data)
        except ValidationError as error:
            form_refused(form, error)
        else:
            return _saved(request, selection, _("Recorded the school's participation."))
    return _selectionform_page(
        request,
        selection,
        form=form,
        title=_("The school's part in selecting %(officer)s") % {"officer": selection.officer},
        submit=_("Save"),
    )


@login_required
def selection_decide(request, pk: int):
    selection = _managed_selection(request, pk)
    today = _selection_today(selection)
    form = DecisionForm(
        request.POST or None,
        instance=copy.copy(selection),
        initial={"decided_on": selection.decided_on or today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.selection_decide(selection=selection, today=today, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            return _saved(
                request,
                selection,
                _("Recorded the decision: %(decision)s.")
                % {"decision": selection.get_decision_display()},
            )
    return _selectionform_page(
        request,
        selection,
        form=form,
        title=_("Decide on %(officer)s") % {"officer": selection.officer},
        submit=_("Record the decision"),
    )


@login_required
def selection_assign(request, pk: int):
    selection = select.selection_get_for(request.user, pk)
    _allowed(select.selection_may_assign(request.user, selection))
    form = AssignFromSelectionForm(
        request.POST or None,
        schools=select.selection_assign_schools(request.user, selection),
        initial={"school": selection.posting.school},
    )
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            # Refusals first (COPS-5 gaps without a justification), then the COPS-11 and
            # COPS-2 warnings, shown on the form until the user sends it again.
            warnings = services.assignment_check_from_selection(
                selection=selection, **form.cleaned_data
            )
            if warnings_confirmed(request, warnings):
                services.assignment_create_from_selection(
                    actor=request.user, selection=selection, **form.cleaned_data
                )
                messages.success(
                    request, _("Assigned %(officer)s.") % {"officer": selection.officer}
                )
                return redirect("selection-detail", pk=selection.pk)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
    return render(
        request,
        "programs/selection/assign.html",
        {
            "selection": selection,
            "gaps": select.selection_gaps(selection),
            "form": form,
            **warnings_context(warnings),
        },
    )


# -- probation -----------------------------------------------------------------------------


@login_required
def probation_detail(request, pk: int):
    assignment = select.assignment_get_for(request.user, pk)
    probation = select.probation_of(assignment)
    return render(
        request,
        "programs/selection/probation_detail.html",
        {
            "assignment": assignment,
            "probation": probation,
            "reviews": select.probation_reviews(probation) if probation else [],
            "can_keep": select.probation_may_keep(request.user, assignment),
            "can_review": select.probation_may_review(request.user, assignment),
        },
    )


def _probationform_page(request, assignment, *, form, title, submit):
    return form_page(
        request,
        form=form,
        title=title,
        crumbs=[
            (
                reverse("probation-detail", args=[assignment.pk]),
                _("Probation of %(officer)s") % {"officer": assignment.officer},
            )
        ],
        submit=submit,
    )


def _started_probation(assignment):
    probation = select.probation_of(assignment)
    if probation is None:
        raise Http404
    return probation


@login_required
def probation_start(request, pk: int):
    assignment = select.assignment_get_for(request.user, pk)
    _allowed(select.probation_may_keep(request.user, assignment))
    if select.probation_of(assignment) is not None:
        messages.info(request, _("This assignment's probation has already been started."))
        return redirect("probation-detail", pk=assignment.pk)
    form = ProbationForm(request.POST or None, initial={"starts_on": assignment.starts_on})
    if form_submit(
        request,
        form,
        lambda **data: services.probation_start(assignment=assignment, **data),
        _("Started the probationary period."),
    ):
        return redirect("probation-detail", pk=assignment.pk)
    return _probationform_page(
        request,
        assignment,
        form=form,
        title=_("Start the probation of %(officer)s") % {"officer": assignment.officer},
        submit=_("Start probation"),
    )


@login_required
def probation_review_add(request, pk: int):
    assignment = select.assignment_get_for(request.user, pk)
    probation = _started_probation(assignment)
    _allowed(select.probation_may_review(request.user, assignment))
    today = school_today(assignment.school)  # what services.selection checks against
    form = ProbationReviewForm(request.POST or None, initial={"held_on": today})
    if form_submit(
        request,
        form,
        lambda **data: services.probation_review_add(probation=probation, today=today, **data),
        _("Recorded the probation review."),
    ):
        return redirect("probation-detail", pk=assignment.pk)
    return _probationform_page(
        request,
        assignment,
        form=form,
        title=_("Record a probation review of %(officer)s") % {"officer": assignment.officer},
        submit=_("Record review"),
    )


@login_required
def probation_decide(request, pk: int):
    assignment = select.assignment_get_for(request.user, pk)
    probation = _started_probation(assignment)
    _allowed(select.probation_may_keep(request.user, assignment))
    today = school_today(assignment.school)  # what services.selection checks against
    form = ProbationDecisionForm(
        request.POST or None,
        instance=copy.copy(probation),
        initial={"outcome_on": probation.outcome_on or today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.probation_decide(probation=probation, today=today, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(
                request,
                _("Recorded the outcome: %(outcome)s.")
                % {"outcome": probation.get_outcome_display()},
            )
            return redirect("probation-detail", pk=assignment.pk)
    return _probationform_page(
        request,
        assignment,
        form=form,
        title=_("Decide the probation of %(officer)s") % {"officer": assignment.officer},
        submit=_("Record the outcome"),
    )


# -- opt-outs ------------------------------------------------------------------------------


@login_required
def opt_out_create(request, pk: int):
    officer = selectors.officer_get_for(request.user, pk)  # 404 for another tenant's
    _allowed(select.opt_out_may_record(request.user, officer))
    today = officer_today(officer)  # what services.selection.opt_out_record checks against
    form = OptOutForm(request.POST or None, initial={"recorded_on": today, "effective_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.opt_out_record(officer=officer, today=today, **form.cleaned_data)
        except (RuleViolation, ValidationError) as error:
            form_refused(form, error)
        else:
            messages.success(
                request, _("Recorded the opt-out of %(officer)s.") % {"officer": officer}
            )
            return redirect("officer-detail", pk=officer.pk)
    return form_page(
        request,
        form=form,
        title=_("Record that %(officer)s opts out of SRO duty") % {"officer": officer},
        crumbs=[(reverse("officer-detail", args=[pk]), str(officer))],
        submit=_("Record the opt-out"),
    )


# -- a school's SROs -----------------------------------------------------------------------


@login_required
def school_sros(request, pk: int):
    school = selectors.school_get_for(request.user, pk)  # 404 for another tenant's
    _allowed(select.school_sros_may_see(request.user, school))
    today = school_today(school)
    filterset = SchoolSroFilter(
        request.GET or None,
        agencies=selectors.district_agencies_for(request.user, school.district),
        queryset=select.school_sro_assignments(request.user, school, today=today),
    )
    sros = select.school_sros(
        request.user,
        school,
        today=today,
        assignments=filterset.qs,
        attention=chosen(filterset, "training"),
    )
    if wants_csv(request):
        return csv_response(
            csv_filename(school.name, "sros"), SCHOOL_SRO_COLUMNS, map(_school_sro_row, sros.rows)
        )
    page, query = paginated(request, sros.rows)
    return render(
        request,
        "programs/selection/school_sros.html",
        {"sros": sros, "school": school, "filter": filterset, "page": page, "query": query},
    )


SCHOOL_SRO_COLUMNS = [
    "last_name",
    "first_name",
    "agency",
    "assigned_from",
    "assigned_until",
    "assignment_kind",
    "opted_out_on",
    "training_overdue",
    "training_due_soon",
    "school_took_part_in_interviews",
    "school_representative_on_committee",
    "probation_outcome",
    "school_took_part_in_probation_review",
]


def _school_sro_row(row) -> list:
    a = row.assignment
    return [
        row.officer.last_name,
        row.officer.first_name,
        row.officer.agency.name,
        a.starts_on,
        a.ends_on,
        a.kind,
        row.opted_out_on,
        "; ".join(row.overdue),
        "; ".join(row.due_soon),
        row.school_interviewed,
        row.school_on_committee,
        row.probation.outcome if row.probation else None,
        row.school_reviewed,
    ]
