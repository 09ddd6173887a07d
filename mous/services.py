"""Writes for MOUs (COPS-2, NASRO-DISC, NASRO 04.01.02). One function per domain action.

A version's life: draft (its text, schools and supervision are edited) → in review (frozen;
the superintendent and each agency head sign) → executed (in force; never edited again: a
change is a new version) → superseded by the next executed version, or expired at the end of
its term. Every change is kept in the audit history (sro_admin.audit).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mous import selectors, text
from mous.models import (
    MAX_SECTION_CHARS,
    AnnualReview,
    CoveredSchool,
    Mou,
    MouAgency,
    MouVersion,
    Section,
    Signature,
    StakeholderInput,
)
from programs.access import CHANGE, access_for, require
from programs.clock import UTC, district_today, today_in
from programs.files import upload_check
from programs.models import Agency, District, School
from sro_admin import outbox, public_cache
from sro_admin.errors import RuleViolation

Status = MouVersion.Status
Party = Signature.Party
# A PDF asked of the worker and still missing after this long is asked for again.
PDF_RETRY_AFTER = timedelta(minutes=10)


def _require_keeper(actor, mou: Mou) -> None:
    """The district's administrators keep its MOUs: they draft, edit, submit, execute and
    review them. Asked of the door whoever calls (a page, the demo, another service)."""
    require(access_for(actor).districts(CHANGE), mou.district)


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
    *, actor, district: District, title: str, agencies, title_es: str = "", schools=()
) -> Mou:
    """A new MOU with an empty first draft covering `schools`."""
    require(access_for(actor).districts(CHANGE), district)
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
    *, actor, mou: Mou, title: str, title_es: str, agencies, publish_superseded: bool
) -> Mou:
    _require_keeper(actor, mou)
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
    _clear(mou.district_id)
    return mou


@transaction.atomic
def version_update(
    *,
    actor,
    version: MouVersion,
    change_summary: str,
    supervision: str,
    effective_from: date | None,
    effective_until: date | None,
    schools,
) -> MouVersion:
    _require_keeper(actor, version.mou)
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
    actor,
    version: MouVersion,
    section: Section | None = None,
    heading: str,
    body: str,
    heading_es: str = "",
    body_es: str = "",
    clauses=(),
) -> Section:
    """Add a section at the end of a draft, or change one of its sections."""
    _require_keeper(actor, version.mou)
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
    for field, value in (("body", body), ("body_es", body_es)):
        if len(value.strip()) > MAX_SECTION_CHARS:
            raise RuleViolation(
                _(
                    "This text has %(n)s characters; a section has at most %(max)s. Split it "
                    "into several sections."
                )
                % {"n": f"{len(value.strip()):,}", "max": f"{MAX_SECTION_CHARS:,}"},
                field=field,
            )
    if section is None:
        last = version.sections.aggregate(m=Max("position"))["m"] or 0
        section = Section(version=version, position=last + 1)
    elif section.version_id != version.pk:
        raise PermissionDenied
    section.heading, section.body = heading.strip(), body.strip()
    section.heading_es, section.body_es = heading_es.strip(), body_es.strip()
    section_render(section=section)
    section.clauses = _check_clauses(clauses)
    section.save()
    return section


def section_render(*, section: Section) -> None:
    """Render the section's Markdown to the sanitised HTML that pages and PDFs show. Done
    once, when the text is saved (here, and by the site administration for drafts)."""
    section.body_html = text.render(section.body)
    section.body_es_html = text.render(section.body_es) if section.body_es else ""


@transaction.atomic
def section_delete(*, actor, section: Section) -> None:
    _require_keeper(actor, section.version.mou)
    _require_draft(section.version)
    section.delete()


@transaction.atomic
def section_move(*, actor, section: Section, up: bool) -> None:
    """Swap a section with its neighbour above or below."""
    _require_keeper(actor, section.version.mou)
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
def version_attach_signed_copy(*, actor, version: MouVersion, upload: UploadedFile) -> MouVersion:
    """The signed paper copy, as a PDF (checked by content)."""
    _require_keeper(actor, version.mou)
    if version.status not in (Status.DRAFT, Status.IN_REVIEW):
        raise RuleViolation(
            _("The signed copy of an executed version cannot be replaced."), field="signed_copy"
        )
    _check_signed_copy(upload)
    version.signed_copy.save(f"mou-{version.mou_id}-v{version.number}.pdf", upload, save=False)
    version.save(update_fields=["signed_copy", "updated_at"])
    return version


def _check_signed_copy(upload: UploadedFile) -> None:
    """A PDF by its first bytes and size (programs.files, as for every upload), and one that
    a PDF reader can open and that has pages: a file that merely begins with "%PDF-" is not a
    signed copy."""
    from pypdf import PdfReader

    kind = upload_check(upload, field="signed_copy")
    if kind.extension != "pdf":
        raise RuleViolation(_("The signed copy must be a PDF."), field="signed_copy")
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise RuleViolation(
                _("The signed copy is password-protected. Attach a copy without a password."),
                field="signed_copy",
            )
        pages = len(reader.pages)
    except RuleViolation:
        raise
    except Exception as error:  # noqa: BLE001 - any failure to parse means "not a PDF"
        raise RuleViolation(
            _("The signed copy is not a PDF that can be read. Scan or save it again as a PDF."),
            field="signed_copy",
        ) from error
    finally:
        upload.seek(0)
    if pages == 0:
        raise RuleViolation(_("The signed copy has no pages."), field="signed_copy")


@transaction.atomic
def version_new(*, actor, mou: Mou) -> MouVersion:
    """The next draft, starting from the newest version's text, schools and supervision."""
    _require_keeper(actor, mou)
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
                    body_html=s.body_html,
                    body_es_html=s.body_es_html,
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


def _require_checklist(version: MouVersion) -> None:
    """COPS-2 (a)-(g) and the NASRO MOU topics: every mandatory element covered."""
    missing = selectors.checklist(version).missing_mandatory
    if missing:
        raise RuleViolation(
            _("These mandatory elements are not covered by any section: %(list)s.")
            % {"list": "; ".join(f"{c.rule_id} {c.label}" for c in missing)},
            rule_id=", ".join(dict.fromkeys(c.rule_id for c in missing)),
        )


@transaction.atomic
def version_submit(*, actor, version: MouVersion, now: datetime | None = None) -> MouVersion:
    """Freeze a draft for signing. Refused while a mandatory element is uncovered: both heads
    would sign a text that could not be executed.

    `now` records a submission made earlier (loading past records, tests); pages never give
    it."""
    _require_keeper(actor, version.mou)
    _require_draft(version)
    if not version.sections.exists() and not version.signed_copy:
        raise RuleViolation(_("Write the MOU's sections or attach its signed copy first."))
    _require_checklist(version)
    version.status = Status.IN_REVIEW
    version.submitted_at = now or timezone.now()
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    return version


@transaction.atomic
def version_return_to_draft(*, actor, version: MouVersion) -> MouVersion:
    """Reopen a version in review for changes. Its signatures are withdrawn: they were
    given to the text as it stood."""
    _require_keeper(actor, version.mou)
    if version.status != Status.IN_REVIEW:
        raise RuleViolation(_("Only a version in review can go back to draft."))
    version.signatures.all().delete()
    version.status = Status.DRAFT
    version.submitted_at = None
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    return version


def _check_slot(version: MouVersion, party: str, agency: Agency | None) -> None:
    if version.status != Status.IN_REVIEW:
        raise RuleViolation(_("Only a version in review can be signed."))
    if party == Party.AGENCY_HEAD:
        if agency is None or not version.mou.agencies.filter(pk=agency.pk).exists():
            raise RuleViolation(_("That agency is not a party to this MOU."), field="agency")
    elif agency is not None:
        raise RuleViolation(_("The superintendent signs for the district, not an agency."))
    if Signature.objects.filter(version=version, party=party, agency=agency).exists():
        raise RuleViolation(_("This party has already signed this version."))


def _authority(actor, version: MouVersion, party: str, agency: Agency | None, *, on: date):
    """The head's or delegate's record that lets `actor` sign for `party` on `on`, asked of
    the door; refused otherwise (NASRO-DISC: the heads of both sign)."""
    records = access_for(actor).signing_authorities(on)
    if party == Party.SUPERINTENDENT:
        records = records.filter(district_id=version.mou.district_id)
    else:
        records = records.filter(agency=agency)
    # Someone recorded both as head and as a delegate signs as the head.
    found = sorted(records, key=lambda record: record.is_delegate)
    if found:
        return found[0]
    if party == Party.SUPERINTENDENT:
        message = _(
            "Only the superintendent of %(organisation)s, or a delegate recorded on the "
            "district's page, signs for the district (NASRO-DISC)."
        ) % {"organisation": version.mou.district}
    else:
        message = _(
            "Only the chief or sheriff of %(organisation)s, or a delegate recorded on the "
            "agency's page, signs for the agency (NASRO-DISC)."
        ) % {"organisation": agency}
    raise RuleViolation(message, rule_id="NASRO-DISC")


def _check_signing_date(version: MouVersion, signed_on: date, *, today: date) -> None:
    """A signature is dated between the day the text was frozen for signing and today.

    The text is last edited before it is submitted (only drafts are edited, in the services
    and in the database, and going back to draft withdraws the signatures and the
    submission), so the day of submission is also the earliest day after the last edit."""
    frozen_on = timezone.localtime(version.submitted_at, version.mou.district.time_zone).date()
    if signed_on < frozen_on:
        raise RuleViolation(
            _(
                "A signature cannot be dated before %(date)s: the text of this version was "
                "last changed and submitted for signature that day."
            )
            % {"date": date_format(frozen_on, "DATE_FORMAT")},
            field="signed_on",
            rule_id="NASRO-DISC",
        )
    if signed_on > today:
        raise RuleViolation(_("The signing date is in the future."), field="signed_on")


def _today(version: MouVersion, today: date | None) -> date:
    return today or district_today(version.mou.district)


@transaction.atomic
def version_sign(
    *,
    actor,
    version: MouVersion,
    party: str,
    agency: Agency | None = None,
    signer_title: str = "",
    today: date | None = None,
) -> Signature:
    """The signed-in head (or delegate) signs: an audited act with their name, the record
    they sign under and today's date in the district (NASRO-DISC)."""
    version = (
        MouVersion.objects.select_for_update().select_related("mou__district").get(pk=version.pk)
    )
    today = _today(version, today)
    _check_slot(version, party, agency)
    authority = _authority(actor, version, party, agency, on=today)
    _check_signing_date(version, today, today=today)
    return Signature.objects.create(
        version=version,
        party=party,
        agency=agency,
        method=Signature.Method.IN_APP,
        signer=actor,
        signer_role=authority.kind,
        signer_name=actor.full_name or actor.email,
        signer_title=signer_title.strip() or authority.title,
        as_delegate=authority.is_delegate,
        delegation=authority.delegation,
        signed_on=today,
        recorded_by=actor,
        authority=authority,
        confirmed_at=timezone.now(),
        confirmed_by=actor,
    )


@transaction.atomic
def version_record_signature(
    *,
    actor,
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
    """A signature on the uploaded signed copy, entered by a district administrator.

    The district's own (the superintendent's) counts at once. An agency's waits for the
    agency's head or delegate to confirm it in the app (`signature_confirm`): the district
    does not sign for the agency (NASRO-DISC)."""
    _require_keeper(actor, version.mou)
    version = (
        MouVersion.objects.select_for_update().select_related("mou__district").get(pk=version.pk)
    )
    _check_slot(version, party, agency)
    if not version.signed_copy:
        raise RuleViolation(
            _("Attach the signed copy before recording the signatures on it."),
            field="signed_on",
        )
    _check_signing_date(version, signed_on, today=_today(version, today))
    if not signer_name.strip():
        raise RuleViolation(_("Name who signed."), field="signer_name")
    if as_delegate and not delegation.strip():
        raise RuleViolation(
            _("Say who delegated the signature, and by what act."), field="delegation"
        )
    own = party == Party.SUPERINTENDENT
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
        recorded_by=actor,
        confirmed_at=timezone.now() if own else None,
        confirmed_by=actor if own else None,
    )


def _awaiting(actor, signature: Signature, *, today: date | None):
    """The version (locked) and the record under which `actor` may confirm or decline an
    agency's paper signature that awaits them."""
    version = (
        MouVersion.objects.select_for_update()
        .select_related("mou__district")
        .get(pk=signature.version_id)
    )
    signature = Signature.objects.select_related("agency").get(pk=signature.pk)
    if version.status != Status.IN_REVIEW:
        raise RuleViolation(_("Only a version in review can be signed."))
    if signature.is_confirmed or signature.party != Party.AGENCY_HEAD:
        raise RuleViolation(_("This signature does not await confirmation."))
    authority = _authority(
        actor, version, signature.party, signature.agency, on=_today(version, today)
    )
    return version, signature, authority


@transaction.atomic
def signature_confirm(*, actor, signature: Signature, today: date | None = None) -> Signature:
    """The agency's head or delegate confirms the paper signature the district recorded for
    the agency: from now on it counts (NASRO-DISC)."""
    _version, signature, authority = _awaiting(actor, signature, today=today)
    signature.authority = authority
    signature.confirmed_at = timezone.now()
    signature.confirmed_by = actor
    signature.save(update_fields=["authority", "confirmed_at", "confirmed_by", "updated_at"])
    return signature


@transaction.atomic
def signature_decline(*, actor, signature: Signature, today: date | None = None) -> None:
    """The agency's head or delegate says the recorded paper signature is not the agency's:
    it is withdrawn (kept in the history), and the agency's slot is open again."""
    _version, signature, _authority_record = _awaiting(actor, signature, today=today)
    signature.delete()


@transaction.atomic
def version_execute(*, actor, version: MouVersion) -> MouVersion:
    """Put a version in force. Refused while a mandatory checklist element is uncovered
    (COPS-2 (a)-(g), NASRO MOU topics) or a party's signature is missing or unconfirmed
    (NASRO-DISC). It is in force from the start of its term, or from the last signature if
    that is later; the version it replaces is superseded; the public pages show it at once."""
    _require_keeper(actor, version.mou)
    version = (
        MouVersion.objects.select_for_update().select_related("mou__district").get(pk=version.pk)
    )
    if version.status != Status.IN_REVIEW:
        raise RuleViolation(_("Only a version in review, signed by every party, can be executed."))
    _require_checklist(version)
    slots = selectors.signature_slots(version)
    unsigned = [s.label for s in slots if s.signature is None]
    unconfirmed = [s.label for s in slots if s.signature and not s.signature.is_confirmed]
    if unsigned or unconfirmed:
        parts = []
        if unsigned:
            parts.append(_("Still to sign: %(list)s.") % {"list": "; ".join(unsigned)})
        if unconfirmed:
            parts.append(
                _("Awaiting confirmation by the agency's head: %(list)s.")
                % {"list": "; ".join(unconfirmed)}
            )
        raise RuleViolation(
            _("Executed means signed by both heads.") + " " + " ".join(parts),
            rule_id="NASRO-DISC",
        )
    executed_on = max(s.signature.signed_on for s in slots)
    starts = max(version.effective_from or executed_on, executed_on)
    if version.effective_until is not None and version.effective_until < starts:
        raise RuleViolation(
            _(
                "The term ends on %(end)s, before the version could be in force (signed on "
                "%(signed)s). Send it back to draft and correct the term."
            )
            % {
                "end": date_format(version.effective_until, "DATE_FORMAT"),
                "signed": date_format(executed_on, "DATE_FORMAT"),
            },
            field="effective_until",
        )
    previous = MouVersion.objects.select_for_update().in_force().filter(mou=version.mou)
    for old in previous:
        # Never ends before it started (a version superseded before its term began).
        old.status, old.ended_on = Status.SUPERSEDED, max(executed_on, old.effective_from)
        old.save(update_fields=["status", "ended_on", "updated_at"])
    version.status = Status.EXECUTED
    version.executed_on = executed_on
    version.effective_from = starts
    version.save(update_fields=["status", "executed_on", "effective_from", "updated_at"])
    version_pdfs_request(version=version)
    _clear(version.mou.district_id)
    return version


def version_pdfs_request(*, version: MouVersion) -> bool:
    """Ask the worker for a published version's PDFs (mous.tasks), once: the first caller
    sets the version's request time and enqueues on commit; others asking while it is being
    made enqueue nothing. A request still unanswered after PDF_RETRY_AFTER is made again
    (a lost message). Returns whether this call enqueued."""
    now = timezone.now()
    claimed = (
        MouVersion.objects.published()
        .filter(pk=version.pk)
        .filter(Q(pdfs_requested_at__isnull=True) | Q(pdfs_requested_at__lt=now - PDF_RETRY_AFTER))
        .update(pdfs_requested_at=now)
    )
    if claimed:
        _enqueue_pdfs(version.pk)
    return bool(claimed)


def _enqueue_pdfs(version_id: int) -> None:
    # Through the outbox: kept with the change, sent once it commits (or later by the relay).
    outbox.send(task="mous.tasks.mou_version_render_pdfs", args=[version_id])


@transaction.atomic
def versions_expire(*, today: date | None = None) -> int:
    """Executed versions whose term has ended become expired (beat runs it hourly): the day
    after their last day, in their district's time zone (programs.clock). `today`, if given,
    is the date for every district (a test, a catch-up run)."""
    # No district's date is more than a day after UTC's: a first cut in the query.
    latest = today or today_in(UTC) + timedelta(days=1)
    candidates = (
        MouVersion.objects.select_for_update(of=("self",))
        .in_force()
        .filter(effective_until__lt=latest)
        .select_related("mou__district")
    )
    ended = [v for v in candidates if v.effective_until < (today or district_today(v.mou.district))]
    for version in ended:
        version.status, version.ended_on = Status.EXPIRED, version.effective_until
        version.save(update_fields=["status", "ended_on", "updated_at"])
        district_id = version.mou.district_id
        _clear(district_id)
    return len(ended)


def _clear(district_id: int) -> None:
    public_cache.district_changed(district_id)


# -- stakeholder input (COPS-2) and annual reviews (NASRO 04.01.02) ------------------------------


def stakeholder_input_add(
    *,
    actor,
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
    require(selectors.mous_open_to_input_from(actor), mou)
    if held_on > (today or district_today(mou.district)):
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
        recorded_by=actor,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def review_record(
    *,
    actor,
    mou: Mou,
    reviewed_on: date,
    participants: str,
    findings: str,
    meets_expectations: bool,
    start_new_version: bool = False,
    today: date | None = None,
) -> AnnualReview:
    """The annual review of the MOU in force; it may start the next version."""
    _require_keeper(actor, mou)
    version = mou.versions.in_force().first()
    if version is None:
        raise RuleViolation(_("Only an MOU in force can be reviewed."))
    if reviewed_on > (today or district_today(mou.district)):
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
        recorded_by=actor,
    )
    review.full_clean()
    review.save()
    if start_new_version:
        review.resulting_version = version_new(actor=actor, mou=mou)
        review.save(update_fields=["resulting_version", "updated_at"])
    _clear(mou.district_id)  # the public page shows the last review
    return review
