"""Officers and where they serve (COPS-5, COPS-11)."""

from datetime import date

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programs.models import attention_triggers
from programs.models.tenants import Agency, School
from sro_admin.audit import audited
from sro_admin.models import BaseModel


@audited()
class Officer(BaseModel):
    """A sworn officer of an agency. Staff records: officers' names are fine here."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ON_LEAVE = "on_leave", _("On leave")
        INACTIVE = "inactive", _("No longer an SRO")

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="officers", verbose_name=_("agency")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    badge_number = models.CharField(_("badge number"), max_length=30)
    rank = models.CharField(_("rank"), max_length=60, blank=True)
    sworn_on = models.DateField(
        _("sworn in on"),
        null=True,
        blank=True,
        help_text=_("Years of law-enforcement experience are counted from this date (COPS-5)."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    volunteered = models.BooleanField(
        _("volunteered for SRO duty"),
        null=True,
        blank=True,
        help_text=_("COPS-5: SROs should be volunteers."),
    )
    youth_experience = models.TextField(
        _("experience with youth"),
        blank=True,
        help_text=_("COPS-5 prefers officers with experience working with young people."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer",
        verbose_name=_("user account"),
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        indexes = [
            # The officer list's order: a page is read from the index, not sorted from all.
            models.Index(fields=["last_name", "first_name", "id"], name="officer_name_order"),
            # Its search (part of a name or badge, `icontains`, which compares UPPER(...)):
            # trigrams of the same expressions (pg_trgm), so neither the page nor its count
            # reads every officer.
            GinIndex(
                OpClass(Upper("first_name"), name="gin_trgm_ops"),
                OpClass(Upper("last_name"), name="gin_trgm_ops"),
                OpClass(Upper("badge_number"), name="gin_trgm_ops"),
                name="officer_search_trgm",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "badge_number"], name="officer_badge_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("officer-detail", args=[self.pk])

    def years_of_experience(self, on: date) -> float | None:
        """Years since sworn in, on `on` (programs.clock.officer_today for today)."""
        if self.sworn_on is None:
            return None
        return max(0.0, (on - self.sworn_on).days / 365.25)


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


class PeriodQuerySet(models.QuerySet):
    """Rows that hold for a period from `starts_on` to `ends_on` (inclusive; none: open-ended):
    assignments, heads and delegates. The date filters are written once, here."""

    def current_on(self, day: date):
        """Started by `day` and not ended before it."""
        return self.filter(starts_on__lte=day).not_ended_by(day)

    def not_ended_by(self, day: date):
        """Current on `day` or starting later: what is ahead as well as what holds now."""
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def overlapping(self, starts_on: date, ends_on: date | None):
        """Sharing at least one day with the period from `starts_on` to `ends_on`."""
        rows = self.not_ended_by(starts_on)
        return rows if ends_on is None else rows.filter(starts_on__lte=ends_on)


@audited()
class Assignment(BaseModel):
    """An officer placed at a school for a period (COPS-11: fixed, few schools, years long)."""

    objects = PeriodQuerySet.as_manager()

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fixed (one school)")
        FLOATING = "floating", _("Floating (several schools)")

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("officer")
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("school")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the assignment goes on."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FIXED)
    notes = models.TextField(_("notes"), blank=True)
    selection = models.ForeignKey(
        "programs.Selection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("selection"),
    )
    # COPS-5 recommends (does not require) a full committee and three years' experience;
    # an assignment that departs from it says why here, and the scorecard shows it.
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            # Who is assigned at a school on a day, read from the index alone: the staffing
            # page counts it for every school it sorts or filters by (without it PostgreSQL
            # reads the GiST index of the overlap constraint below, 50 times slower).
            models.Index(
                fields=["school", "starts_on"],
                include=["ends_on", "officer"],
                name="assignment_school_current",
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="assignment_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("An assignment cannot end before it starts."),
            ),
            # One officer is never assigned twice to the same school for overlapping dates.
            ExclusionConstraint(
                name="assignment_no_overlap",
                violation_error_message=_(
                    "This officer is already assigned to this school for some of these dates."
                ),
                expressions=[
                    (F("officer"), RangeOperators.EQUAL),
                    (F("school"), RangeOperators.EQUAL),
                    (
                        DateRange(
                            "starts_on",
                            "ends_on",
                            RangeBoundary(inclusive_lower=True, inclusive_upper=True),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]
        # A placement starts standings' clocks (COPS-8): the attention summary follows it.
        triggers = attention_triggers.officer_versions_counted()

    def __str__(self) -> str:
        ends = date_format(self.ends_on) if self.ends_on else "…"
        return f"{self.officer} · {self.school} · {date_format(self.starts_on)}–{ends}"

    def clean(self):
        # Checked here, against the field, so the overlap check never sees a reversed range.
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("An assignment cannot end before it starts.")})
