"""A district's SRO program and the settings later issues read (STATISTICS.md, training)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programs.models import attention_triggers
from programs.models.tenants import District
from sro_admin.audit import audited
from sro_admin.models import BaseModel

# Records dated before this year are refused by imports unless a program sets otherwise: the
# earliest plausible year catches typed and spreadsheet-mangled dates such as 0001-01-01.
EARLIEST_RECORD_YEAR = 1990


@audited()
class Program(BaseModel):
    """One district's SRO program. Its agencies are the ones serving the district.

    Every setting here is a program's choice, and each change is kept in the audit history.
    """

    district = models.OneToOneField(
        District, on_delete=models.PROTECT, related_name="program", verbose_name=_("district")
    )
    mission = models.TextField(_("program mission"), blank=True)
    school_year_starts_month = models.PositiveSmallIntegerField(
        _("school year starts in month"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1 = January … 12 = December. Annual training is counted per school year."),
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("warn this many days before training is due"),
        default=60,
    )
    # STATISTICS.md defaults (IDEA's presumptively reasonable minimums, 34 CFR 300.647).
    min_outcome_count = models.PositiveSmallIntegerField(
        _("minimum outcome count for a ratio"), default=10
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("minimum group size for a ratio"), default=30
    )
    disparity_ratio = models.DecimalField(
        _("risk ratio flagged as a disparity"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("2.00"),
    )
    watch_ratio = models.DecimalField(
        _("risk ratio to watch over three years"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.50"),
    )
    public_suppression_below = models.PositiveSmallIntegerField(
        _("public counts below this are shown as a range"),
        default=10,
        help_text=_("Counts from 1 to this number minus one are published as '<10'."),
    )

    earliest_record_year = models.PositiveSmallIntegerField(
        _("earliest year of records"),
        default=EARLIEST_RECORD_YEAR,
        validators=[MinValueValidator(1900)],
        help_text=_(
            "Imported records dated before this year are refused as implausible (a typo, or "
            "a date a spreadsheet mangled). Default: 1990."
        ),
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.CheckConstraint(
                name="program_earliest_record_year_plausible",
                condition=models.Q(earliest_record_year__gte=1900),
            ),
        ]
        # The training attention summary follows its settings (ADR 0019).
        triggers = attention_triggers.program_settings_counted()

    def get_absolute_url(self) -> str:
        return reverse("program-detail", args=[self.pk])

    def __str__(self) -> str:
        return str(_("SRO program of %(district)s") % {"district": self.district})
