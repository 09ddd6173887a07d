"""MOU pages for signed-in users (COPS-2, NASRO-DISC, NASRO 04.01.02).

District administrators draft, edit, submit, sign as superintendent, execute and record
reviews; the parties' supervisors comment and sign for their agency; school administrators and
SROs read the executed versions covering them; everyone who sees an MOU sees its checklist and
history. Views parse and present; the rules are in mous/services.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mous import clauses, selectors, services
from mous.forms import (
    ConfirmSignatureForm,
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
from programs.access import CHANGE, access_for
from programs.clock import district_today, user_today
from programs.files import file_response
from programs.listing import csv_response, paginated, wants_csv
from sro_admin.audit import history_for
from sro_admin.errors import RuleViolation
from sro_admin.pages import Submission, form_page, form_submit


def _keepers_only(request, mou) -> None:
    """A form page that changes an MOU is for its keepers (its district's administrators):
    another member who sees the MOU gets 403 (another tenant got 404 finding it). What is
    sent from the page is asked again by the service, whoever calls it."""
    if not selectors.mou_is_changeable(request.user, mou):
        raise PermissionDenied


def _keeper_mou(request, pk: int):
    mou = selectors.mou_get_for(request.user, pk)  # 404 for another tenant's
    _keepers_only(request, mou)
    return mou


def _keeper_version(request, pk: int) -> MouVersion:
    version = selectors.version_get_for(request.user, pk)
    _keepers_only(request, version.mou)
    return version


def _pressed(
    request, action: Callable[[], Any], success: str | Callable[[Any], str] | None
) -> Submission:
    """A button's POST, with no form to show a refusal on: the service's refusal, or
    `success` (as for form_submit), is said as a message on the page it goes back to. Who may
    press it is asked by the service (PermissionDenied: 403), not again here."""
    try:
        result = action()
    except RuleViolation as violation:
        messages.error(request, violation.message)
        return Submission(False)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return Submission(True, result)


def _party(version: MouVersion, slot: selectors.SignatureSlot) -> dict:
    """The party a signature slot is for, as the signing services take it."""
    agency = version.mou.agencies.get(pk=slot.agency_id) if slot.agency_id else None
    return {"party": slot.party, "agency": agency}


# -- MOUs -----------------------------------------------------------------------------------------


@login_required
def mou_list(request):
    needing = request.GET.get("needing", "")
    if needing not in selectors.Needing.values:
        needing = ""
    rows = selectors.mou_rows_for(
        request.user,
        status=request.GET.get("status", ""),
        needing=needing,
        today=user_today(request.user),  # as the home page's "what needs me" counts
    )
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
            "needing": needing,
            "needings": selectors.Needing.choices,
            "can_add": access_for(request.user).districts(CHANGE).exists(),
        },
    )


@login_required
def mou_create(request):
    access = access_for(request.user)
    districts = access.districts(CHANGE).order_by("name")
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
    done = form_submit(
        request,
        form,
        lambda **data: services.mou_create(actor=request.user, **data),
        lambda mou: _("Started %(mou)s. Write its first draft.") % {"mou": mou},
        check=_second_mou_warnings,
    )
    if done:
        return redirect("mou-version-detail", pk=done.result.versions.get().pk)
    warnings = done.warnings
    return form_page(
        request,
        form=form,
        title=_("Start an MOU"),
        crumbs=[(reverse("mou-list"), _("MOUs"))],
        submit=_("Start it anyway") if warnings else _("Start the MOU"),
        intro=_(
            "COPS-2: a fully executed MOU between the district and each agency that places SROs "
            "in its schools. You write it section by section; the checklist shows what it must "
            "cover."
        ),
        warnings=warnings,
    )


def _second_mou_warnings(*, district, agencies, **_other_fields) -> list[str]:
    """COPS-2 asks for one MOU between each agency and district: an MOU already in force
    between them is named on the form, nothing saved, so a second one is started only on
    purpose, by sending the form again (to replace it, start a new version of it instead)."""
    return [
        _(
            "COPS-2: %(mou)s is already in force between %(district)s and %(agencies)s. To "
            "change it, start a new version of it rather than a second MOU."
        )
        % {
            "mou": mou.title,
            "district": mou.district.name,
            "agencies": ", ".join(a.name for a in mou.agencies.all()),
        }
        for mou in selectors.mous_in_force_between([district.pk], [a.pk for a in agencies])
    ]


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
            "today": district_today(mou.district),
            "reviews": list(selectors.reviews_for(mou)),
            "consultation": selectors.consultation_summary(mou),
            "inputs": list(selectors.inputs_for(mou)),
            "can_change": changeable,
            "can_comment": selectors.may_comment(request.user, mou),
            "public": _public_links(mou, current),
        },
    )


def _public_links(mou, version: MouVersion | None) -> dict | None:
    """Where the public reads the version in force: its page and its PDFs (COPS-2: published
    online). Every executed version is published on its district's transparency page."""
    if version is None or version.status != MouVersion.Status.EXECUTED:
        return None
    from mous import public_selectors

    args = [mou.district.slug, mou.pk]
    pdf = reverse("transparency-mou-pdf", args=args)
    return {
        "page": reverse("transparency-mou", args=args),
        "pdf_en": f"{pdf}?lang=en",
        "pdf_es": f"{pdf}?lang=es" if public_selectors.has_spanish(version) else None,
    }


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
        lambda **data: services.mou_update(actor=request.user, mou=mou, **data),
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
    mou = selectors.mou_get_for(request.user, pk)
    if done := _pressed(
        request,
        lambda: services.version_new(actor=request.user, mou=mou),
        lambda version: (
            _("Started version %(number)s from the one before.") % {"number": version.number}
        ),
    ):
        return redirect(done.result)
    return redirect(mou)


@login_required
def input_create(request, pk: int):
    mou = selectors.mou_get_for(request.user, pk)
    if not selectors.may_comment(request.user, mou):
        raise PermissionDenied
    today = district_today(mou.district)  # the form proposes the date the service accepts
    form = StakeholderInputForm(
        request.POST or None,
        versions=selectors.version_list_for(request.user, mou),
        initial={"held_on": today},
    )
    if form_submit(
        request,
        form,
        lambda **data: services.stakeholder_input_add(
            actor=request.user, mou=mou, today=today, **data
        ),
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
    today = district_today(mou.district)  # the form proposes the date the service accepts
    form = ReviewForm(request.POST or None, initial={"reviewed_on": today})
    if done := form_submit(
        request,
        form,
        lambda **data: services.review_record(actor=request.user, mou=mou, today=today, **data),
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
                selectors.covered_officers(
                    request.user, version, on=district_today(mou.district)
                ).order_by("last_name", "first_name")
            ),
            "slots": slots,
            "my_slots": selectors.may_sign(request.user, version),
            "my_confirmations": selectors.may_confirm(request.user, version),
            "previous": selectors.previous_version(version),
            "can_change": changeable,
            "editable": changeable and version.is_editable,
            "public": _public_links(mou, version),
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
        lambda **data: services.version_update(actor=request.user, version=version, **data),
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
    version = selectors.version_get_for(request.user, pk)
    _pressed(request, lambda: action(actor=request.user, version=version), done)
    return redirect(version)


@login_required
@require_POST
def version_submit(request, pk: int):
    return _version_action(
        request, pk, services.version_submit, _("Submitted for review and signature.")
    )


@login_required
def version_return(request, pk: int):
    """GET asks (a page with one button, no JavaScript needed); POST sends it back."""
    if request.method == "POST":
        return _version_action(
            request,
            pk,
            services.version_return_to_draft,
            _("Back to draft. Its signatures were withdrawn; it must be signed again."),
        )
    version = _keeper_version(request, pk)
    if version.status != MouVersion.Status.IN_REVIEW:
        messages.error(request, _("Only a version in review can go back to draft."))
        return redirect(version)
    signed = version.signatures.count()
    return form_page(
        request,
        form=forms.Form(),
        title=_("Send %(version)s back to draft?") % {"version": version},
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Back to draft"),
        intro=ngettext(
            "Its text can then be changed. The %(n)s signature it has is withdrawn: it was "
            "given to the text as it stands, so the version must be submitted and signed again.",
            "Its text can then be changed. The %(n)s signatures it has are withdrawn: they were "
            "given to the text as it stands, so the version must be submitted and signed again.",
            signed,
        )
        % {"n": signed}
        if signed
        else _(
            "Its text can then be changed; it must then be submitted for signature again. "
            "It has no signature yet."
        ),
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

    def sign(slot: str, signer_title: str, confirm: bool) -> selectors.SignatureSlot:
        """Sign for the chosen slot (the form requires `confirm`); returns the slot."""
        chosen = form.slots[slot]
        services.version_sign(
            actor=request.user,
            version=version,
            **_party(version, chosen),
            signer_title=signer_title,
        )
        return chosen

    if form_submit(
        request, form, sign, lambda slot: _("Signed as %(party)s.") % {"party": slot.label}
    ):
        return redirect(version)
    return form_page(
        request,
        form=form,
        title=_("Sign %(version)s") % {"version": version},
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Sign"),
        intro=_(
            "Your signature is recorded with your name, whether you sign as the head or as a "
            "delegate (as recorded on the district's or agency's page) and today's date, and "
            "kept in the MOU's history (NASRO-DISC: signed by the heads of both the agency and "
            "the school system, or their delegates)."
        ),
    )


@login_required
def signature_confirm(request, pk: int, sig_pk: int):
    """The agency's head or delegate confirms, or declines, the paper signature the district
    recorded for the agency (NASRO-DISC). GET shows it; POST decides."""
    version = selectors.version_get_for(request.user, pk)
    signature = selectors.signature_get_for(request.user, version, sig_pk)
    if signature not in selectors.may_confirm(request.user, version):
        raise PermissionDenied
    form = ConfirmSignatureForm(request.POST or None)

    def decide(decision: str) -> str:
        """The service the decision calls; returns what to say once it is done."""
        if decision == "confirm":
            services.signature_confirm(actor=request.user, signature=signature)
            return _("Confirmed the signature for %(agency)s.")
        services.signature_decline(actor=request.user, signature=signature)
        return _("Declined the signature recorded for %(agency)s. It was withdrawn.")

    if form_submit(request, form, decide, lambda said: said % {"agency": signature.agency}):
        return redirect(version)
    return form_page(
        request,
        form=form,
        title=_("Confirm the signature for %(agency)s?") % {"agency": signature.agency},
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Send"),
        intro=_(
            "The district recorded this signature for %(agency)s from the signed paper copy: "
            "%(name)s, %(title)s, signed on %(date)s%(delegate)s. It counts only once the "
            "agency's head or a delegate confirms it here (NASRO-DISC). Check it against the "
            "signed copy."
        )
        % {
            "agency": signature.agency,
            "name": signature.signer_name,
            "title": signature.signer_title,
            "date": date_format(signature.signed_on, "DATE_FORMAT"),
            "delegate": (
                _(" (as a delegate: %(delegation)s)") % {"delegation": signature.delegation}
                if signature.as_delegate
                else ""
            ),
        },
    )


@login_required
def signature_record(request, pk: int):
    version = _keeper_version(request, pk)
    slots = [s for s in selectors.signature_slots(version) if s.signature is None]
    form = RecordSignatureForm(request.POST or None, slots=slots)
    if form_submit(
        request,
        form,
        lambda slot, **data: services.version_record_signature(
            actor=request.user, version=version, **_party(version, form.slots[slot]), **data
        ),
        _("Recorded the signature on the signed copy."),
    ):
        return redirect(version)
    return form_page(
        request,
        form=form,
        title=_("Record a signature from the signed copy of %(version)s") % {"version": version},
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Record signature"),
        intro=_(
            "For a paper signature: attach the signed copy first, then name who signed it and "
            "when (not before the version was submitted for signature). The superintendent's "
            "counts at once; an agency's counts once the agency's head or a delegate confirms "
            "it in the app (NASRO-DISC)."
        ),
    )


@login_required
def signed_copy_upload(request, pk: int):
    version = _keeper_version(request, pk)
    form = SignedCopyForm(request.POST or None, request.FILES or None)
    if form_submit(
        request,
        form,
        lambda signed_copy: services.version_attach_signed_copy(
            actor=request.user, version=version, upload=signed_copy
        ),
        _("Attached the signed copy."),
    ):
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
    if done := form_submit(
        request,
        form,
        lambda **data: services.section_save(
            actor=request.user, version=version, section=section, **data
        ),
        lambda saved: _("Saved the section %(heading)s.") % {"heading": saved},
    ):
        return redirect(f"{version.get_absolute_url()}#section-{done.result.pk}")
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
def section_delete(request, pk: int, s_pk: int):
    """GET asks (a page with one button, no JavaScript needed); POST removes the section."""
    version = selectors.version_get_for(request.user, pk)
    section = get_object_or_404(version.sections, pk=s_pk)
    if request.method == "POST":
        _pressed(
            request,
            lambda: services.section_delete(actor=request.user, section=section),
            _("Removed the section %(heading)s.") % {"heading": section},
        )
        return redirect(version)
    _keepers_only(request, version.mou)
    if not version.is_editable:
        messages.error(
            request, _("Only a draft can be edited. Start a new version to change this MOU.")
        )
        return redirect(version)
    covered = [clauses.get(c) for c in section.clauses if c in clauses.BY_CODE]
    intro = _(
        "The section “%(heading)s” and its Spanish text are removed from this draft. Earlier "
        "versions keep theirs."
    ) % {"heading": section.heading}
    if covered:
        intro += " " + _("The checklist will no longer count it for: %(list)s.") % {
            "list": "; ".join(f"{c.rule_id} {c.label}" for c in covered)
        }
    return form_page(
        request,
        form=forms.Form(),
        title=_("Remove the section “%(heading)s”?") % {"heading": section.heading},
        crumbs=[(version.get_absolute_url(), str(version))],
        submit=_("Remove the section"),
        back_url=f"{version.get_absolute_url()}#section-{section.pk}",
        intro=intro,
    )


@login_required
@require_POST
def section_move(request, pk: int, s_pk: int):
    version = selectors.version_get_for(request.user, pk)
    section = get_object_or_404(version.sections, pk=s_pk)
    up = request.POST.get("direction") == "up"
    _pressed(
        request, lambda: services.section_move(actor=request.user, section=section, up=up), None
    )
    return redirect(f"{version.get_absolute_url()}#section-{section.pk}")
