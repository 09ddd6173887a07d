"""MOU pages for signed-in users (COPS-2, NASRO-DISC, NASRO 04.01.02).

District administrators draft, edit, submit, sign as superintendent, execute and record
reviews; the parties' supervisors comment and sign for their agency; school administrators and
SROs read the executed versions covering them; everyone who sees an MOU sees its checklist and
history. Views parse and present; the rules are in mous/services.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mous import selectors, services
from mous.forms import (
    MouEditForm,
    MouForm,
    RecordSignatureForm,
    ReviewForm,
    SectionForm,
    SignedCopyForm,
    SignForm,
    StakeholderInputForm,
    VersionForm,
)
from mous.models import CoveredSchool, MouVersion, Section, Signature
from programs.access import access_for
from programs.files import file_response
from programs.listing import csv_response, paginated, wants_csv
from sro_admin.audit import history_for
from sro_admin.errors import RuleViolation
from sro_admin.pages import form_page, form_refused, form_submit


def _keeper_mou(request, pk: int):
    mou = selectors.mou_get_for(request.user, pk)  # 404 for another tenant's
    if not selectors.mou_is_changeable(request.user, mou):
        raise PermissionDenied
    return mou


def _keeper_version(request, pk: int) -> MouVersion:
    version = selectors.version_get_for(request.user, pk)
    if not selectors.mou_is_changeable(request.user, version.mou):
        raise PermissionDenied
    return version


# -- MOUs -----------------------------------------------------------------------------------------


@login_required
def mou_list(request):
    rows = selectors.mou_rows_for(request.user, status=request.GET.get("status", ""))
    if wants_csv(request):
        return csv_response(
            "mous.csv",
            ["district", "title", "agencies", "version", "status", "executed_on", "review_due_on"],
            (
                [
                    row.mou.district.name,
                    row.mou.title,
                    "; ".join(a.name for a in row.mou.agencies.all()),
                    row.shown.number if row.shown else None,
                    row.shown.status if row.shown else None,
                    row.current.executed_on if row.current else None,
                    row.review_due_on,
                ]
                for row in rows
            ),
        )
    page, query = paginated(request, rows)
    return render(
        request,
        "mous/mou_list.html",
        {
            "page": page,
            "query": query,
            "status": request.GET.get("status", ""),
            "statuses": MouVersion.Status.choices,
            "today": timezone.localdate(),
            "can_add": access_for(request.user).changeable_districts().exists(),
        },
    )


@login_required
def mou_create(request):
    access = access_for(request.user)
    districts = access.changeable_districts().order_by("name")
    if not districts.exists():
        raise PermissionDenied
    form = MouForm(
        request.POST or None,
        districts=districts,
        agencies=access.agencies()
        .filter(district_links__district__in=districts)
        .distinct()
        .order_by("name"),
        schools=access.schools().filter(district__in=districts).order_by("name"),
    )
    if done := form_submit(
        request,
        form,
        lambda **data: services.mou_create(user=request.user, **data),
        lambda mou: _("Started %(mou)s. Write its first draft.") % {"mou": mou},
    ):
        return redirect("mou-version-detail", pk=done.result.versions.get().pk)
    return form_page(
        request,
        form=form,
        title=_("Start an MOU"),
        crumbs=[(reverse("mou-list"), _("MOUs"))],
        submit=_("Start the MOU"),
        intro=_(
            "COPS-2: a fully executed MOU between the district and each agency that places SROs "
            "in its schools. You write it section by section; the checklist shows what it must "
            "cover."
        ),
    )


@login_required
def mou_detail(request, pk: int):
    mou = selectors.mou_get_for(request.user, pk)
    versions = list(selectors.version_list_for(request.user, mou))
    current = next((v for v in versions if v.status == MouVersion.Status.EXECUTED), None)
    changeable = selectors.mou_is_changeable(request.user, mou)
    return render(
        request,
        "mous/mou_detail.html",
        {
            "mou": mou,
            "agencies": list(mou.agencies.all()),
            "versions": versions,
            "current": current,
            "in_progress": next((v for v in versions if v.status in ("draft", "in_review")), None),
            "review_due_on": selectors.review_due_on(mou, current) if current else None,
            "today": timezone.localdate(),
            "reviews": list(selectors.reviews_for(mou)),
            "consultation": selectors.consultation_summary(mou),
            "inputs": list(selectors.inputs_for(mou)),
            "can_change": changeable,
            "can_comment": selectors.may_comment(request.user, mou),
        },
    )


@login_required
def mou_edit(request, pk: int):
    mou = _keeper_mou(request, pk)
    form = MouEditForm(
        request.POST or None,
        agencies=access_for(request.user)
        .agencies()
        .filter(district_links__district=mou.district)
        .order_by("name"),
        initial={
            "title": mou.title,
            "title_es": mou.title_es,
            "agencies": list(mou.agencies.all()),
            "publish_superseded": mou.publish_superseded,
        },
    )
    if form_submit(
        request,
        form,
        lambda **data: services.mou_update(user=request.user, mou=mou, **data),
        _("Saved %(mou)s.") % {"mou": mou},
    ):
        return redirect(mou)
    return form_page(
        request,
        form=form,
        title=_("Edit %(mou)s") % {"mou": mou},
        crumbs=[(mou.get_absolute_url(), str(mou))],
        submit=_("Save"),
    )


@login_required
def mou_history(request, pk: int):
    mou = selectors.mou_get_for(request.user, pk)
    return render(request, "history.html", {"object": mou, "entries": history_for(mou)})


@login_required
@require_POST
def version_new(request, pk: int):
    mou = _keeper_mou(request, pk)
    try:
        version = services.version_new(user=request.user, mou=mou)
    except RuleViolation as violation:
        messages.error(request, violation.message)
        return redirect(mou)
    messages.success(
        request, _("Started version %(number)s from the one before.") % {"number": version.number}
    )
    return redirect(version)


@login_required
def input_create(request, pk: int):
    mou = selectors.mou_get_for(request.user, pk)
    if not selectors.may_comment(request.user, mou):
        raise PermissionDenied
    form = StakeholderInputForm(
        request.POST or None,
        versions=selectors.version_list_for(request.user, mou),
        initial={"held_on": timezone.localdate()},
    )
    if form_submit(
        request,
        form,
        lambda **data: services.stakeholder_input_add(user=request.user, mou=mou, **data),
        _("Recorded the input."),
    ):
        return redirect(mou)
    return form_page(
        request,
        form=form,
        title=_("Record stakeholder input on %(mou)s") % {"mou": mou},
        crumbs=[(mou.get_absolute_url(), str(mou))],
        submit=_("Record input"),
        intro=_(
            "COPS-2: the MOU is drafted with input from SROs, school officials, agency "
            "leadership, counselors, students, families and community members. Record each "
            "comment, meeting or survey with who it came from."
        ),
    )


@login_required
def review_create(request, pk: int):
    mou = _keeper_mou(request, pk)
    form = ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if done := form_submit(
        request,
        form,
        lambda **data: services.review_record(user=request.user, mou=mou, **data),
        _("Recorded the annual review."),
    ):
        return redirect(done.result.resulting_version or mou)
    return form_page(
        request,
        form=form,
        title=_("Record the annual review of %(mou)s") % {"mou": mou},
        crumbs=[(mou.get_absolute_url(), str(mou))],
        submit=_("Record review"),
        intro=_(
            "COPS-2 and NASRO 04.01.02: the district and the agency review the MOU every "
            "year. The next review falls due a year after this one."
        ),
    )


# -- versions --------------------------------------------------------------------------------------


@login_required
def version_detail(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    mou = version.mou
    sections = list(version.sections.all())
    changeable = selectors.mou_is_changeable(request.user, mou)
    slots = selectors.signature_slots(version)
    return render(
        request,
        "mous/version_detail.html",
        {
            "version": version,
            "mou": mou,
            "sections": sections,
            "checklist": selectors.checklist(version, sections),
            "schools": list(version.schools.order_by("name")),
            "officers": list(
                selectors.covered_officers(request.user, version, on=timezone.localdate()).order_by(
                    "last_name", "first_name"
                )
            ),
            "slots": slots,
            "my_slots": selectors.may_sign(request.user, version),
            "previous": selectors.previous_version(version),
            "can_change": changeable,
            "editable": changeable and version.is_editable,
        },
    )


@login_required
def version_edit(request, pk: int):
    version = _keeper_version(request, pk)
    schools = access_for(request.user).schools().filter(district=version.mou.district)
    form = VersionForm(
        request.POST or None,
        schools=schools.order_by("name"),
        initial={
            "change_summary": version.change_summary,
            "supervision": version.supervision,
            "effective_from": version.effective_from,
            "effective_until": version.effective_until,
            "schools": list(version.schools.all()),
        },
    )
    if form_submit(
        request,
        form,
        lambda **data: services.version_update(user=request.user, version=version, **data),
        _("Saved %(version)s.") % {"version": version},
    ):
        return redirect(version)
    return form_page(
        request,
        form=form,
        title=_("Edit the terms of %(version)s") % {"version": version},
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Save"),
    )


@login_required
def version_history(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    # The version with its sections, signatures and schools: what was agreed, by whom, when.
    entries = history_for(
        version,
        children={
            Section: lambda data: _("Section “%(heading)s”") % {"heading": data.get("heading")},
            Signature: lambda data: _("Signature of %(name)s") % {"name": data.get("signer_name")},
            CoveredSchool: lambda data: _("Covered school"),
        },
    )
    return render(request, "history.html", {"object": version, "entries": entries})


@login_required
def version_diff(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    versions = list(selectors.version_list_for(request.user, version.mou).exclude(pk=version.pk))
    chosen = request.GET.get("from")
    base = next((v for v in versions if str(v.number) == chosen), None)
    if base is None:
        base = next((v for v in versions if v.number < version.number), None)
    return render(
        request,
        "mous/version_diff.html",
        {
            "version": version,
            "mou": version.mou,
            "base": base,
            "versions": versions,
            "changes": selectors.version_diff(base, version) if base else [],
        },
    )


def _version_action(request, pk: int, action, done: str):
    version = _keeper_version(request, pk)
    try:
        action(user=request.user, version=version)
    except RuleViolation as violation:
        messages.error(request, violation.message)
    else:
        messages.success(request, done)
    return redirect(version)


@login_required
@require_POST
def version_submit(request, pk: int):
    return _version_action(
        request, pk, services.version_submit, _("Submitted for review and signature.")
    )


@login_required
@require_POST
def version_return(request, pk: int):
    return _version_action(
        request,
        pk,
        services.version_return_to_draft,
        _("Back to draft. Its signatures were withdrawn; it must be signed again."),
    )


@login_required
@require_POST
def version_execute(request, pk: int):
    return _version_action(
        request,
        pk,
        services.version_execute,
        _("Executed. It is now the MOU in force and is published on the transparency page."),
    )


@login_required
def version_sign(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    slots = selectors.may_sign(request.user, version)
    if not slots:
        raise PermissionDenied
    form = SignForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        slot = form.slots[form.cleaned_data["slot"]]
        agency = version.mou.agencies.get(pk=slot.agency_id) if slot.agency_id else None
        try:
            services.version_sign(
                user=request.user,
                version=version,
                party=slot.party,
                agency=agency,
                signer_title=form.cleaned_data["signer_title"],
                as_delegate=form.cleaned_data["as_delegate"],
                delegation=form.cleaned_data["delegation"],
            )
        except RuleViolation as violation:
            form_refused(form, violation)
        else:
            messages.success(request, _("Signed as %(party)s.") % {"party": slot.label})
            return redirect(version)
    return form_page(
        request,
        form=form,
        title=_("Sign %(version)s") % {"version": version},
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Sign"),
        intro=_(
            "Your signature is recorded with your name, your role in this app and today's "
            "date, and kept in the MOU's history (NASRO-DISC: signed by the heads of both the "
            "agency and the school system, or their delegates)."
        ),
    )


@login_required
def signature_record(request, pk: int):
    version = _keeper_version(request, pk)
    slots = [s for s in selectors.signature_slots(version) if s.signature is None]
    form = RecordSignatureForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        slot = form.slots[form.cleaned_data.pop("slot")]
        agency = version.mou.agencies.get(pk=slot.agency_id) if slot.agency_id else None
        try:
            services.version_record_signature(
                user=request.user,
                version=version,
                party=slot.party,
                agency=agency,
                **form.cleaned_data,
            )
        except RuleViolation as violation:
            form_refused(form, violation)
        else:
            messages.success(request, _("Recorded the signature on the signed copy."))
            return redirect(version)
    return form_page(
        request,
        form=form,
        title=_("Record a signature from the signed copy of %(version)s") % {"version": version},
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Record signature"),
        intro=_("For a paper signature: attach the signed copy first, then name who signed it."),
    )


@login_required
def signed_copy_upload(request, pk: int):
    version = _keeper_version(request, pk)
    form = SignedCopyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_attach_signed_copy(
                user=request.user, version=version, upload=form.cleaned_data["signed_copy"]
            )
        except RuleViolation as violation:
            form_refused(form, violation)
        else:
            messages.success(request, _("Attached the signed copy."))
            return redirect(version)
    return form_page(
        request,
        form=form,
        title=_("Attach the signed copy of %(version)s") % {"version": version},
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Attach"),
    )


@login_required
def signed_copy_download(request, pk: int):
    version = selectors.version_get_for(request.user, pk)
    return file_response(version.signed_copy, filename=f"mou-{version.mou_id}-v{version.number}")


# -- sections --------------------------------------------------------------------------------------


def _section_page(request, version: MouVersion, section: Section | None):
    initial = (
        {
            "heading": section.heading,
            "body": section.body,
            "heading_es": section.heading_es,
            "body_es": section.body_es,
            "clauses": section.clauses,
        }
        if section
        else {"clauses": request.GET.getlist("clause")}
    )
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.section_save(
                user=request.user, version=version, section=section, **form.cleaned_data
            )
        except RuleViolation as violation:
            form_refused(form, violation)
        else:
            messages.success(request, _("Saved the section %(heading)s.") % {"heading": saved})
            return redirect(f"{version.get_absolute_url()}#section-{saved.pk}")
    return form_page(
        request,
        form=form,
        title=(
            _("Edit the section %(heading)s") % {"heading": section}
            if section
            else _("Add a section to %(version)s") % {"version": version}
        ),
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Save section"),
    )


@login_required
def section_create(request, pk: int):
    version = _keeper_version(request, pk)
    return _section_page(request, version, None)


@login_required
def section_edit(request, pk: int, s_pk: int):
    version = _keeper_version(request, pk)
    return _section_page(request, version, get_object_or_404(version.sections, pk=s_pk))


@login_required
@require_POST
def section_delete(request, pk: int, s_pk: int):
    version = _keeper_version(request, pk)
    section = get_object_or_404(version.sections, pk=s_pk)
    try:
        services.section_delete(user=request.user, section=section)
    except RuleViolation as violation:
        messages.error(request, violation.message)
    else:
        messages.success(request, _("Removed the section %(heading)s.") % {"heading": section})
    return redirect(version)


@login_required
@require_POST
def section_move(request, pk: int, s_pk: int):
    version = _keeper_version(request, pk)
    section = get_object_or_404(version.sections, pk=s_pk)
    try:
        services.section_move(
            user=request.user, section=section, up=request.POST.get("direction") == "up"
        )
    except RuleViolation as violation:
        messages.error(request, violation.message)
    return redirect(f"{version.get_absolute_url()}#section-{section.pk}")
