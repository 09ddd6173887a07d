"""MOUs between a district and its agencies (COPS-2): versions, sections and the clauses they
cover, the schools covered, stakeholder input, signatures, annual reviews and their reminders.

The rules that move a version through its life (draft → in review → executed → superseded or
expired) live in mous/services.py; the database keeps what must never be false: one executed
version per MOU at a time, one signature per party, one reminder per threshold.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mous import clauses
from programs.models import Agency, District, School, SigningAuthority
from sro_admin.audit import audited
from sro_admin.models import BaseModel

# A section's text, in each language, is at most this long: it is rendered to HTML when it is
# saved, and a bound keeps that (and the page and PDF that show it) quick.
MAX_SECTION_CHARS = 100_000
PUBLISHED = ("executed", "superseded", "expired")


def _sql_list(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _frozen_with_version(*, name: str, columns: list[str], frozen: tuple[str, ...], what: str):
    """A trigger on a version's child rows (sections, covered schools, signatures): none is
    added, changed in `columns` or deleted while its version's status is one of `frozen`.
    COPS-2: what was signed and executed is the record; a change is a new version."""
    statuses = _sql_list(frozen)
    old = ", ".join(f"OLD.{c}" for c in columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    message = f"COPS-2: the {what} of MOU version % cannot change once it is %"
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        declare=[("frozen_status", "varchar")],
        func=f"""
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                SELECT status INTO frozen_status FROM mous_mouversion
                    WHERE id = OLD.version_id AND status IN ({statuses});
                IF FOUND AND (TG_OP = 'DELETE' OR ({old}) IS DISTINCT FROM ({new})) THEN
                    RAISE EXCEPTION '{message}', OLD.version_id, frozen_status
                        USING ERRCODE = 'restrict_violation';
                END IF;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                SELECT status INTO frozen_status FROM mous_mouversion
                    WHERE id = NEW.version_id AND status IN ({statuses});
                IF FOUND AND (TG_OP = 'INSERT' OR ({old}) IS DISTINCT FROM ({new})) THEN
                    RAISE EXCEPTION '{message}', NEW.version_id, frozen_status
                        USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN NEW;
            END IF;
            RETURN OLD;
        """,  # noqa: S608 - built from this module's constants only, never from input
    )


@audited()
class Mou(BaseModel):
    """One memorandum of understanding between a district and one or more agencies."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="mous", verbose_name=_("district")
    )
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(
        _("title in Spanish"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the Spanish public page. Leave empty if there is no translation."),
    )
    agencies = models.ManyToManyField(
        Agency, through="MouAgency", related_name="mous", verbose_name=_("agencies")
    )
    publish_superseded = models.BooleanField(
        _("link superseded versions on the public page"),
        default=False,
        help_text=_("Superseded versions are always listed by date; this also links their text."),
    )

    class Meta:
        ordering = ["district__name", "title"]
        verbose_name = _("MOU")
        verbose_name_plural = _("MOUs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mou-detail", args=[self.pk])


@audited()
class MouAgency(BaseModel):
    """An agency that is a party to an MOU; its head signs for it (NASRO-DISC)."""

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="party_links")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="mou_links")

    class Meta:
        verbose_name = _("agency party to an MOU")
        verbose_name_plural = _("agencies party to MOUs")
        constraints = [
            models.UniqueConstraint(fields=["mou", "agency"], name="mou_agency_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.mou} – {self.agency}"


class MouVersionQuerySet(models.QuerySet):
    """The filters on versions that reads and writes share (STYLE.md: reusable filters go on
    the model's QuerySet)."""

    def published(self) -> MouVersionQuerySet:
        """The versions that were executed: in force, or superseded or expired and kept for
        the record. The only ones the public pages, school administrators and SROs ever read;
        never a draft or a version in review (COPS-2: what was signed is the record)."""
        return self.filter(status__in=PUBLISHED)

    def in_force(self) -> MouVersionQuerySet:
        """The executed version: at most one per MOU (mou_one_executed_version), until it is
        superseded or expires."""
        return self.filter(status=MouVersion.Status.EXECUTED)


# The PDF request flag is bookkeeping for the worker, not part of the record.
@audited(exclude=["pdfs_requested_at"])
class MouVersion(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        EXECUTED = "executed", _("Executed")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded")

    mou = models.ForeignKey(
        Mou, on_delete=models.CASCADE, related_name="versions", verbose_name=_("MOU")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    change_summary = models.TextField(
        _("what this version changes"),
        blank=True,
        help_text=_("A sentence or two for readers comparing it with the version before."),
    )
    # COPS-2(g): the supervision the MOU names.
    supervision = models.TextField(
        _("supervision of the SROs"),
        blank=True,
        help_text=_("Who supervises the SROs this MOU covers: rank, unit and contact."),
    )
    schools = models.ManyToManyField(
        School, through="CoveredSchool", related_name="mou_versions", verbose_name=_("schools")
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_until = models.DateField(
        _("effective until"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the MOU runs until it is replaced."),
    )
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    executed_on = models.DateField(_("executed on"), null=True, blank=True)
    ended_on = models.DateField(_("superseded or expired on"), null=True, blank=True)
    signed_copy = models.FileField(
        _("signed copy (PDF)"), upload_to="mous/signed/%Y/", blank=True, max_length=300
    )
    # The tagged PDFs of the text, made when the version is executed (mous.tasks).
    pdf_en = models.FileField(upload_to="mous/text/%Y/", blank=True, max_length=300)
    pdf_es = models.FileField(upload_to="mous/text/%Y/", blank=True, max_length=300)
    # Set when the PDFs were asked of the worker, so that many visitors asking at once enqueue
    # the job once (mous.services.version_pdfs_request).
    pdfs_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MouVersionQuerySet.as_manager()

    class Meta:
        ordering = ["mou", "-number"]
        verbose_name = _("MOU version")
        verbose_name_plural = _("MOU versions")
        constraints = [
            models.UniqueConstraint(fields=["mou", "number"], name="mou_version_number_unique"),
            # At most one version of an MOU is in force at a time.
            models.UniqueConstraint(
                fields=["mou"],
                condition=Q(status="executed"),
                name="mou_one_executed_version",
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="mou_version_effective_dates_ordered",
                violation_error_message=_("The end of the term comes before its start."),
            ),
            # A version that was in force has its start, its execution, and (once replaced or
            # ended) an end that is never before its start; it is in force only once signed.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "in_review"])
                | Q(executed_on__isnull=False, effective_from__isnull=False),
                name="mou_version_executed_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(executed_on__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_from__gte=F("executed_on")),
                name="mou_version_in_force_after_signing",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(ended_on__gte=F("effective_from")),
                name="mou_version_ends_after_start",
            ),
        ]
        triggers = [
            # COPS-2: an executed version is never edited; it may only be superseded or expire
            # (then its end is set once). Refused by the database, whoever asks.
            pgtrigger.Trigger(
                name="mou_version_published_is_frozen",
                when=pgtrigger.Before,
                operation=pgtrigger.Update | pgtrigger.Delete,
                func=f"""
                    IF OLD.status IN ({_sql_list(PUBLISHED)}) THEN
                        IF TG_OP = 'DELETE' THEN
                            RAISE EXCEPTION 'COPS-2: MOU version % is %: it is kept, never deleted',
                                OLD.id, OLD.status USING ERRCODE = 'restrict_violation';
                        END IF;
                        IF (NEW.mou_id, NEW.number, NEW.change_summary, NEW.supervision,
                            NEW.effective_from, NEW.effective_until, NEW.submitted_at,
                            NEW.executed_on, NEW.signed_copy)
                           IS DISTINCT FROM
                           (OLD.mou_id, OLD.number, OLD.change_summary, OLD.supervision,
                            OLD.effective_from, OLD.effective_until, OLD.submitted_at,
                            OLD.executed_on, OLD.signed_copy) THEN
                            RAISE EXCEPTION
                                'COPS-2: MOU version % is %: its text and terms never change',
                                OLD.id, OLD.status USING ERRCODE = 'restrict_violation';
                        END IF;
                        IF NEW.status IS DISTINCT FROM OLD.status
                           AND NOT (OLD.status = 'executed'
                                    AND NEW.status IN ('superseded', 'expired')) THEN
                            RAISE EXCEPTION 'COPS-2: MOU version % cannot go from % to %',
                                OLD.id, OLD.status, NEW.status
                                USING ERRCODE = 'restrict_violation';
                        END IF;
                        IF OLD.ended_on IS NOT NULL AND NEW.ended_on IS DISTINCT FROM OLD.ended_on
                        THEN
                            RAISE EXCEPTION 'COPS-2: MOU version % ended on %: that stays',
                                OLD.id, OLD.ended_on USING ERRCODE = 'restrict_violation';
                        END IF;
                    END IF;
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    RETURN NEW;
                """,
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(mou)s, version %(number)s") % {"mou": self.mou, "number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("mou-version-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        """Whether this version is one of MouVersion.objects.published()."""
        return self.status in PUBLISHED


@audited()
class CoveredSchool(BaseModel):
    version = models.ForeignKey(MouVersion, on_delete=models.CASCADE, related_name="school_links")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="mou_links")

    class Meta:
        verbose_name = _("school covered by an MOU version")
        verbose_name_plural = _("schools covered by MOU versions")
        constraints = [
            models.UniqueConstraint(fields=["version", "school"], name="covered_school_unique"),
        ]
        triggers = [
            _frozen_with_version(
                name="covered_school_frozen_unless_draft",
                columns=["version_id", "school_id"],
                frozen=("in_review", *PUBLISHED),
                what="schools",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} – {self.school}"


@audited()
class Section(BaseModel):
    """A section of an MOU version's text, in Markdown, and the checklist clauses it covers."""

    version = models.ForeignKey(MouVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_("Markdown: blank lines between paragraphs, - for lists, **bold**."),
    )
    heading_es = models.CharField(_("heading in Spanish"), max_length=200, blank=True)
    body_es = models.TextField(_("text in Spanish"), blank=True)
    # The text rendered to sanitised HTML (mous.text) when the section is saved, so no page or
    # PDF renders Markdown when it is read.
    body_html = models.TextField(_("text as HTML"), blank=True, editable=False)
    body_es_html = models.TextField(_("text in Spanish as HTML"), blank=True, editable=False)
    clauses = ArrayField(
        models.CharField(max_length=40, choices=clauses.CHOICES),
        verbose_name=_("checklist elements this section covers"),
        default=list,
        blank=True,
    )

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("MOU section")
        verbose_name_plural = _("MOU sections")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="mou_section_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("body"), MAX_SECTION_CHARS))
                & Q(LessThanOrEqual(Length("body_es"), MAX_SECTION_CHARS)),
                name="mou_section_text_bounded",
                violation_error_message=_("A section's text is at most 100,000 characters."),
            ),
        ]
        triggers = [
            _frozen_with_version(
                name="section_frozen_unless_draft",
                columns=[
                    "version_id",
                    "position",
                    "heading",
                    "body",
                    "heading_es",
                    "body_es",
                    "clauses",
                    "body_html",
                    "body_es_html",
                ],
                frozen=("in_review", *PUBLISHED),
                what="text",
            ),
        ]

    def __str__(self) -> str:
        return self.heading


class StakeholderCategory(models.TextChoices):
    # COPS-2: drafted with input from each of these; SECURe 1 adds juvenile justice and
    # civil-rights partners.
    SROS = "sros", _("SROs")
    SCHOOL_OFFICIALS = "school_officials", _("School officials")
    AGENCY_LEADERSHIP = "agency_leadership", _("Agency leadership")
    COUNSELORS = "counselors", _("Counselors")
    STUDENTS = "students", _("Students")
    FAMILIES = "families", _("Families")
    COMMUNITY = "community", _("Community members")
    JUVENILE_JUSTICE = "juvenile_justice", _("Juvenile justice partners")
    CIVIL_RIGHTS = "civil_rights", _("Civil-rights organizations")


# The categories COPS-2 names; the summary lists those not yet heard.
COPS2_CATEGORIES = (
    StakeholderCategory.SROS,
    StakeholderCategory.SCHOOL_OFFICIALS,
    StakeholderCategory.AGENCY_LEADERSHIP,
    StakeholderCategory.COUNSELORS,
    StakeholderCategory.STUDENTS,
    StakeholderCategory.FAMILIES,
    StakeholderCategory.COMMUNITY,
)


@audited()
class StakeholderInput(BaseModel):
    """A comment or a meeting that fed the MOU (COPS-2)."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        MEETING = "meeting", _("Meeting")
        SURVEY = "survey", _("Survey")

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="inputs")
    version = models.ForeignKey(
        MouVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inputs",
        verbose_name=_("about version"),
    )
    category = models.CharField(_("from"), max_length=32, choices=StakeholderCategory.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("stakeholder input")
        verbose_name_plural = _("stakeholder input")

    def __str__(self) -> str:
        return f"{self.get_category_display()}, {date_format(self.held_on)}"


@audited()
class Signature(BaseModel):
    """The superintendent's or an agency head's signature on a version (NASRO-DISC).

    Signed in the app, it is the act of the signed-in user, recorded with their role; or it
    is entered from an uploaded signed copy, naming who signed and when.
    """

    class Party(models.TextChoices):
        SUPERINTENDENT = "superintendent", _("Superintendent")
        AGENCY_HEAD = "agency_head", _("Agency head")

    class Method(models.TextChoices):
        IN_APP = "in_app", _("Signed in the app")
        UPLOADED = "uploaded", _("Signed copy uploaded")

    version = models.ForeignKey(MouVersion, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("signs as"), max_length=16, choices=Party.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_role = models.CharField(_("signer's role in the app"), max_length=32, blank=True)
    signer_name = models.CharField(_("name of the signer"), max_length=200)
    signer_title = models.CharField(_("title of the signer"), max_length=200)
    as_delegate = models.BooleanField(_("signs as a delegate"), default=False)
    delegation = models.CharField(
        _("delegation"),
        max_length=300,
        blank=True,
        help_text=_("For a delegate: who delegated the signature, and by what act."),
    )
    signed_on = models.DateField(_("signed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # NASRO-DISC: the head's or delegate's record the signature was given, or confirmed, under.
    authority = models.ForeignKey(
        SigningAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed or confirmed by the head or delegate"),
    )
    # A signature counts once confirmed: at once when signed in the app or recorded by the
    # district for its own superintendent; for an agency's slot, when the agency's head or
    # delegate confirms it in the app.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        ordering = ["version", "party", "agency__name"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "party", "agency"],
                nulls_distinct=False,
                name="signature_once_per_party",
            ),
            models.CheckConstraint(
                condition=Q(party="superintendent", agency__isnull=True)
                | Q(party="agency_head", agency__isnull=False),
                name="signature_agency_iff_agency_head",
            ),
            models.CheckConstraint(
                condition=~Q(method="in_app") | Q(signer__isnull=False),
                name="signature_in_app_has_signer",
            ),
            models.CheckConstraint(
                condition=~Q(method="in_app") | Q(confirmed_at__isnull=False),
                name="signature_in_app_is_confirmed",
            ),
        ]
        triggers = [
            _frozen_with_version(
                name="signature_frozen_once_executed",
                columns=[
                    "version_id",
                    "party",
                    "agency_id",
                    "method",
                    "signer_id",
                    "signer_name",
                    "signer_title",
                    "as_delegate",
                    "delegation",
                    "signed_on",
                    "authority_id",
                    "confirmed_at",
                    "confirmed_by_id",
                ],
                frozen=PUBLISHED,
                what="signatures",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.get_party_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


@audited()
class AnnualReview(BaseModel):
    """The yearly review of an executed MOU (COPS-2, NASRO 04.01.02)."""

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(
        MouVersion, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("version")
    )
    reviewed_on = models.DateField(_("reviewed on"))
    participants = models.TextField(
        _("participants"), help_text=_("Who took part, with their role or organization.")
    )
    findings = models.TextField(_("findings"))
    meets_expectations = models.BooleanField(_("the program meets expectations"))
    resulting_version = models.ForeignKey(
        MouVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new version drafted as a result"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")

    def __str__(self) -> str:
        return str(_("Review of %(date)s") % {"date": date_format(self.reviewed_on)})


class ReviewReminder(BaseModel):
    """A reminder that an annual review is due, sent once per threshold and due date."""

    class Threshold(models.TextChoices):
        DAYS_60 = "60", _("60 days before")
        DAYS_30 = "30", _("30 days before")
        OVERDUE = "overdue", _("Overdue")

    mou = models.ForeignKey(Mou, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField(_("review due on"))
    threshold = models.CharField(_("threshold"), max_length=8, choices=Threshold.choices)
    recipients = ArrayField(models.EmailField(), default=list)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mou", "due_on", "threshold"], name="review_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mou}: {self.get_threshold_display()} {date_format(self.due_on)}"
