"""Writes for MOUs (COPS-2, NASRO-DISC, NASRO 04.01.02). One function per domain action.

A version's life: draft (its text, schools and supervision are edited) → in review (frozen;
the superintendent and each agency head sign) → executed (in force; never edited again: a
change is a new version) → superseded by the next executed version, or expired at the end of
its term. Every change is kept in the audit history (sro_admin.audit).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mous import selectors
from mous.models import (
    AnnualReview,
    CoveredSchool,
    Mou,
    MouAgency,
    MouVersion,
    Section,
    Signature,
    StakeholderInput,
)
from programs.access import CHANGE, access_for
from programs.files import upload_check
from programs.models import Agency, District, Role, School
from sro_admin.errors import RuleViolation

Status = MouVersion.Status


def _require_keeper(user, mou_or_district) -> None:
    district_id = (
        mou_or_district.pk if isinstance(mou_or_district, District) else mou_or_district.district_id
    )
    if not access_for(user).changeable_districts().filter(pk=district_id).exists():
        raise PermissionDenied


def _require_draft(version: MouVersion) -> None:
    if version.status != Status.DRAFT:
        # COPS-2: an executed MOU is the record of what was agreed; a change is a new version.
        raise RuleViolation(
            _("Only a draft can be edited. Start a new version to change this MOU."),
            rule_id="COPS-2",
        )


def _check_agencies(district: District, agencies) -> list[Agency]:
    agencies = list(agencies)
    if not agencies:
        raise RuleViolation(_("Choose at least one agency."), field="agencies")
    serving = set(district.agencies.values_list("pk", flat=True))
    for agency in agencies:
        if agency.pk not in serving:
            raise RuleViolation(
                _("%(agency)s does not serve %(district)s.")
                % {"agency": agency, "district": district},
                field="agencies",
            )
    return agencies


def _check_schools(district: District, schools) -> list[School]:
    schools = list(schools)
    for school in schools:
        if school.district_id != district.pk:
            raise RuleViolation(
                _("%(school)s is not a school of %(district)s.")
                % {"school": school, "district": district},
                field="schools",
            )
    return schools


# -- the MOU and its drafts -------------------------------------------------------------------


@transaction.atomic
def mou_create(
    *, user, district: District, title: str, agencies, title_es: str = "", schools=()
) -> Mou:
    """A new MOU with an empty first draft covering `schools`."""
    _require_keeper(user, district)
    agencies = _check_agencies(district, agencies)
    schools = _check_schools(district, schools)
    mou = Mou(district=district, title=title.strip(), title_es=title_es.strip())
    mou.full_clean()
    mou.save()
    MouAgency.objects.bulk_create([MouAgency(mou=mou, agency=a) for a in agencies])
    version = MouVersion.objects.create(mou=mou, number=1)
    CoveredSchool.objects.bulk_create([CoveredSchool(version=version, school=s) for s in schools])
    return mou


@transaction.atomic
def mou_update(
    *, user, mou: Mou, title: str, title_es: str, agencies, publish_superseded: bool
) -> Mou:
    _require_keeper(user, mou)
    agencies = _check_agencies(mou.district, agencies)
    current = set(mou.agencies.values_list("pk", flat=True))
    wanted = {a.pk for a in agencies}
    # The parties are part of what was signed: one who signed a version stays a party.
    if current - wanted and mou.versions.exclude(status=Status.DRAFT).exists():
        raise RuleViolation(
            _("An agency that has signed a version stays a party to this MOU."),
            field="agencies",
        )
    mou.title, mou.title_es, mou.publish_superseded = (
        title.strip(),
        title_es.strip(),
        publish_superseded,
    )
    mou.full_clean()
    mou.save(update_fields=["title", "title_es", "publish_superseded", "updated_at"])
    MouAgency.objects.filter(mou=mou).exclude(agency_id__in=wanted).delete()
    MouAgency.objects.bulk_create([MouAgency(mou=mou, agency_id=pk) for pk in wanted - current])
    # The public pages show the title, the parties and (if chosen) superseded versions.
    transaction.on_commit(lambda: _clear(mou.district_id))
    return mou


@transaction.atomic
def version_update(
    *,
    user,
    version: MouVersion,
    change_summary: str,
    supervision: str,
    effective_from: date | None,
    effective_until: date | None,
    schools,
) -> MouVersion:
    _require_keeper(user, version.mou)
    _require_draft(version)
    schools = _check_schools(version.mou.district, schools)
    if effective_from and effective_until and effective_until < effective_from:
        raise RuleViolation(
            _("The end of the term comes before its start."), field="effective_until"
        )
    version.change_summary = change_summary.strip()
    version.supervision = supervision.strip()
    version.effective_from, version.effective_until = effective_from, effective_until
    version.save(
        update_fields=[
            "change_summary",
            "supervision",
            "effective_from",
            "effective_until",
            "updated_at",
        ]
    )
    wanted = {s.pk for s in schools}
    current = set(version.school_links.values_list("school_id", flat=True))
    CoveredSchool.objects.filter(version=version).exclude(school_id__in=wanted).delete()
    CoveredSchool.objects.bulk_create(
        [CoveredSchool(version=version, school_id=pk) for pk in wanted - current]
    )
    return version


def _check_clauses(codes) -> list[str]:
    from mous import clauses

    codes = list(dict.fromkeys(codes))  # keep the order, drop repeats
    unknown = [c for c in codes if c not in clauses.BY_CODE]
    if unknown:
        raise RuleViolation(_("Unknown checklist element."), field="clauses")
    return codes


@transaction.atomic
def section_save(
    *,
    user,
    version: MouVersion,
    section: Section | None = None,
    heading: str,
    body: str,
    heading_es: str = "",
    body_es: str = "",
    clauses=(),
) -> Section:
    """Add a section at the end of a draft, or change one of its sections."""
    _require_keeper(user, version.mou)
    _require_draft(version)
    if not heading.strip():
        raise RuleViolation(_("A section needs a heading."), field="heading")
    if not body.strip():
        raise RuleViolation(_("A section needs some text."), field="body")
    if bool(heading_es.strip()) != bool(body_es.strip()):
        raise RuleViolation(
            _("Give both the Spanish heading and the Spanish text, or neither."),
            field="body_es" if heading_es.strip() else "heading_es",
        )
    if section is None:
        last = version.sections.aggregate(m=Max("position"))["m"] or 0
        section = Section(version=version, position=last + 1)
    elif section.version_id != version.pk:
        raise PermissionDenied
    section.heading, section.body = heading.strip(), body.strip()
    section.heading_es, section.body_es = heading_es.strip(), body_es.strip()
    section.clauses = _check_clauses(clauses)
    section.save()
    return section


@transaction.atomic
def section_delete(*, user, section: Section) -> None:
    _require_keeper(user, section.version.mou)
    _require_draft(section.version)
    section.delete()


@transaction.atomic
def section_move(*, user, section: Section, up: bool) -> None:
    """Swap a section with its neighbour above or below."""
    _require_keeper(user, section.version.mou)
    _require_draft(section.version)
    siblings = section.version.sections.order_by("position")
    neighbour = (
        siblings.filter(position__lt=section.position).last()
        if up
        else siblings.filter(position__gt=section.position).first()
    )
    if neighbour is None:
        return
    a, b = section.position, neighbour.position
    # Through a free position, since (version, position) is unique.
    free = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    Section.objects.filter(pk=section.pk).update(position=free)
    Section.objects.filter(pk=neighbour.pk).update(position=a)
    Section.objects.filter(pk=section.pk).update(position=b)


@transaction.atomic
def version_attach_signed_copy(*, user, version: MouVersion, upload: UploadedFile) -> MouVersion:
    """The signed paper copy, as a PDF (checked by content)."""
    _require_keeper(user, version.mou)
    if version.status not in (Status.DRAFT, Status.IN_REVIEW):
        raise RuleViolation(
            _("The signed copy of an executed version cannot be replaced."), field="signed_copy"
        )
    kind = upload_check(upload, field="signed_copy")
    if kind.extension != "pdf":
        raise RuleViolation(_("The signed copy must be a PDF."), field="signed_copy")
    version.signed_copy.save(f"mou-{version.mou_id}-v{version.number}.pdf", upload, save=False)
    version.save(update_fields=["signed_copy", "updated_at"])
    return version


@transaction.atomic
def version_new(*, user, mou: Mou) -> MouVersion:
    """The next draft, starting from the newest version's text, schools and supervision."""
    _require_keeper(user, mou)
    Mou.objects.select_for_update().get(pk=mou.pk)
    if mou.versions.filter(status__in=[Status.DRAFT, Status.IN_REVIEW]).exists():
        raise RuleViolation(
            _("This MOU already has a version in progress. Finish or change that one.")
        )
    base = mou.versions.order_by("-number").first()
    version = MouVersion.objects.create(
        mou=mou,
        number=(base.number + 1) if base else 1,
        supervision=base.supervision if base else "",
        effective_until=None,
    )
    if base is not None:
        Section.objects.bulk_create(
            [
                Section(
                    version=version,
                    position=s.position,
                    heading=s.heading,
                    body=s.body,
                    heading_es=s.heading_es,
                    body_es=s.body_es,
                    clauses=list(s.clauses),
                )
                for s in base.sections.all()
            ]
        )
        CoveredSchool.objects.bulk_create(
            [
                CoveredSchool(version=version, school_id=pk)
                for pk in base.school_links.values_list("school_id", flat=True)
            ]
        )
    return version


# -- review and signatures (NASRO-DISC) ----------------------------------------------------------


@transaction.atomic
def version_submit(*, user, version: MouVersion) -> MouVersion:
    """Freeze a draft for signing."""
    _require_keeper(user, version.mou)
    _require_draft(version)
    if not version.sections.exists() and not version.signed_copy:
        raise RuleViolation(_("Write the MOU's sections or attach its signed copy first."))
    version.status = Status.IN_REVIEW
    version.submitted_at = timezone.now()
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    return version


@transaction.atomic
def version_return_to_draft(*, user, version: MouVersion) -> MouVersion:
    """Reopen a version in review for changes. Its signatures are withdrawn: they were
    given to the text as it stood."""
    _require_keeper(user, version.mou)
    if version.status != Status.IN_REVIEW:
        raise RuleViolation(_("Only a version in review can go back to draft."))
    version.signatures.all().delete()
    version.status = Status.DRAFT
    version.submitted_at = None
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    return version


def _slot_role(user, version: MouVersion, party: str, agency: Agency | None) -> str:
    """The role that lets `user` sign for `party`, or PermissionDenied."""
    access = access_for(user)
    if party == Signature.Party.SUPERINTENDENT:
        if access.districts_to_sign_for().filter(pk=version.mou.district_id).exists():
            return Role.DISTRICT_ADMIN
    elif (
        agency is not None
        and access.agencies_to_sign_for().filter(pk=agency.pk).exists()
        and version.mou.agencies.filter(pk=agency.pk).exists()
    ):
        return Role.LE_SUPERVISOR
    raise PermissionDenied


def _check_slot(version: MouVersion, party: str, agency: Agency | None) -> None:
    if version.status != Status.IN_REVIEW:
        raise RuleViolation(_("Only a version in review can be signed."))
    if party == Signature.Party.AGENCY_HEAD:
        if agency is None or not version.mou.agencies.filter(pk=agency.pk).exists():
            raise RuleViolation(_("That agency is not a party to this MOU."), field="agency")
    elif agency is not None:
        raise RuleViolation(_("The superintendent signs for the district, not an agency."))
    if Signature.objects.filter(version=version, party=party, agency=agency).exists():
        raise RuleViolation(_("This party has already signed this version."))


@transaction.atomic
def version_sign(
    *,
    user,
    version: MouVersion,
    party: str,
    agency: Agency | None = None,
    signer_title: str,
    as_delegate: bool = False,
    delegation: str = "",
    today: date | None = None,
) -> Signature:
    """The signed-in user signs: an audited act with their name and role (NASRO-DISC)."""
    version = MouVersion.objects.select_for_update().select_related("mou").get(pk=version.pk)
    role = _slot_role(user, version, party, agency)
    _check_slot(version, party, agency)
    if not signer_title.strip():
        raise RuleViolation(
            _("Give your title, as it should appear on the MOU."), field="signer_title"
        )
    if as_delegate and not delegation.strip():
        raise RuleViolation(
            _("Say who delegated the signature to you, and by what act."), field="delegation"
        )
    return Signature.objects.create(
        version=version,
        party=party,
        agency=agency,
        method=Signature.Method.IN_APP,
        signer=user,
        signer_role=role,
        signer_name=user.full_name or user.email,
        signer_title=signer_title.strip(),
        as_delegate=as_delegate,
        delegation=delegation.strip() if as_delegate else "",
        signed_on=today or timezone.localdate(),
        recorded_by=user,
    )


@transaction.atomic
def version_record_signature(
    *,
    user,
    version: MouVersion,
    party: str,
    agency: Agency | None = None,
    signer_name: str,
    signer_title: str,
    signed_on: date,
    as_delegate: bool = False,
    delegation: str = "",
    today: date | None = None,
) -> Signature:
    """A signature on the uploaded signed copy, entered by a district administrator."""
    _require_keeper(user, version.mou)
    version = MouVersion.objects.select_for_update().select_related("mou").get(pk=version.pk)
    _check_slot(version, party, agency)
    if not version.signed_copy:
        raise RuleViolation(
            _("Attach the signed copy before recording the signatures on it."),
            field="signed_on",
        )
    if signed_on > (today or timezone.localdate()):
        raise RuleViolation(_("The signing date is in the future."), field="signed_on")
    if not signer_name.strip():
        raise RuleViolation(_("Name who signed."), field="signer_name")
    if as_delegate and not delegation.strip():
        raise RuleViolation(
            _("Say who delegated the signature, and by what act."), field="delegation"
        )
    return Signature.objects.create(
        version=version,
        party=party,
        agency=agency,
        method=Signature.Method.UPLOADED,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        as_delegate=as_delegate,
        delegation=delegation.strip() if as_delegate else "",
        signed_on=signed_on,
        recorded_by=user,
    )


@transaction.atomic
def version_execute(*, user, version: MouVersion) -> MouVersion:
    """Put a version in force. Refused while a mandatory checklist element is uncovered
    (COPS-2 (a)-(g), NASRO MOU topics) or a party has not signed (NASRO-DISC). The version
    it replaces is superseded; the public pages show the new one at once."""
    _require_keeper(user, version.mou)
    version = MouVersion.objects.select_for_update().select_related("mou").get(pk=version.pk)
    if version.status != Status.IN_REVIEW:
        raise RuleViolation(_("Only a version in review, signed by every party, can be executed."))
    missing = selectors.checklist(version).missing_mandatory
    if missing:
        raise RuleViolation(
            _("These mandatory elements are not covered by any section: %(list)s.")
            % {"list": "; ".join(f"{c.rule_id} {c.label}" for c in missing)},
            rule_id=", ".join(dict.fromkeys(c.rule_id for c in missing)),
        )
    unsigned = [s.label for s in selectors.signature_slots(version) if s.signature is None]
    if unsigned:
        raise RuleViolation(
            _("Executed means signed by both heads. Still to sign: %(list)s.")
            % {"list": "; ".join(unsigned)},
            rule_id="NASRO-DISC",
        )
    executed_on = max(s.signed_on for s in version.signatures.all())
    previous = MouVersion.objects.select_for_update().filter(
        mou=version.mou, status=Status.EXECUTED
    )
    for old in previous:
        old.status, old.ended_on = Status.SUPERSEDED, executed_on
        old.save(update_fields=["status", "ended_on", "updated_at"])
    version.status = Status.EXECUTED
    version.executed_on = executed_on
    if version.effective_from is None:
        version.effective_from = executed_on
    version.save(update_fields=["status", "executed_on", "effective_from", "updated_at"])
    transaction.on_commit(lambda: _published(version))
    return version


def _published(version: MouVersion) -> None:
    # Late imports: the public pages' cache and the PDF task are side effects, run on commit.
    from mous import public_cache, tasks

    public_cache.clear_district(version.mou.district_id)
    tasks.mou_version_render_pdfs.delay(version.pk)


@transaction.atomic
def versions_expire(*, today: date) -> int:
    """Executed versions whose term has ended become expired (run daily by beat)."""
    ended = list(
        MouVersion.objects.select_for_update().filter(
            status=Status.EXECUTED, effective_until__lt=today
        )
    )
    for version in ended:
        version.status, version.ended_on = Status.EXPIRED, version.effective_until
        version.save(update_fields=["status", "ended_on", "updated_at"])
        district_id = version.mou.district_id
        transaction.on_commit(lambda d=district_id: _clear(d))
    return len(ended)


def _clear(district_id: int) -> None:
    from mous import public_cache

    public_cache.clear_district(district_id)


# -- stakeholder input (COPS-2) and annual reviews (NASRO 04.01.02) ------------------------------


def stakeholder_input_add(
    *,
    user,
    mou: Mou,
    category: str,
    kind: str,
    held_on: date,
    summary: str,
    participants: int | None = None,
    version: MouVersion | None = None,
    today: date | None = None,
) -> StakeholderInput:
    """District administrators record meetings and comments; the parties' supervisors
    comment (COPS-2: drafted with input from agency leadership and SROs)."""
    access = access_for(user)
    keeper = access.changeable_districts().filter(pk=mou.district_id).exists()
    party_supervisor = mou.agencies.filter(pk__in=access.agencies(CHANGE)).exists()
    if not (keeper or party_supervisor):
        raise PermissionDenied
    if held_on > (today or timezone.localdate()):
        raise RuleViolation(_("The date is in the future."), field="held_on")
    if version is not None and version.mou_id != mou.pk:
        raise RuleViolation(_("That version belongs to another MOU."), field="version")
    item = StakeholderInput(
        mou=mou,
        version=version,
        category=category,
        kind=kind,
        held_on=held_on,
        summary=summary.strip(),
        participants=participants,
        recorded_by=user,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def review_record(
    *,
    user,
    mou: Mou,
    reviewed_on: date,
    participants: str,
    findings: str,
    meets_expectations: bool,
    start_new_version: bool = False,
    today: date | None = None,
) -> AnnualReview:
    """The annual review of the MOU in force; it may start the next version."""
    _require_keeper(user, mou)
    version = mou.versions.filter(status=Status.EXECUTED).first()
    if version is None:
        raise RuleViolation(_("Only an MOU in force can be reviewed."))
    if reviewed_on > (today or timezone.localdate()):
        raise RuleViolation(_("The review date is in the future."), field="reviewed_on")
    if reviewed_on < version.executed_on:
        raise RuleViolation(
            _("The review date is before the version in force was executed."),
            field="reviewed_on",
        )
    review = AnnualReview(
        mou=mou,
        version=version,
        reviewed_on=reviewed_on,
        participants=participants.strip(),
        findings=findings.strip(),
        meets_expectations=meets_expectations,
        recorded_by=user,
    )
    review.full_clean()
    review.save()
    if start_new_version:
        review.resulting_version = version_new(user=user, mou=mou)
        review.save(update_fields=["resulting_version", "updated_at"])
    transaction.on_commit(lambda: _clear(mou.district_id))  # the public page shows the last review
    return review
