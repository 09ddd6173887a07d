"""Enrollment by group per school and school year: the denominators of every rate."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models.tenants import School
from sro_admin.audit import audited
from sro_admin.models import BaseModel

# Far above any school; keeps a typo from passing as a count (forms and the CRDC import).
MAX_STUDENTS = 1_000_000


@audited()
class Enrollment(BaseModel):
    """A school's enrollment in one school year. `school_year` is the year it starts in
    (2025 means 2025-26). Its breakdowns are EnrollmentCount rows; each breakdown should add
    up to `total`, and pages say where one does not."""

    class Source(models.TextChoices):
        FORM = "form", _("Entered on a form")
        CRDC_IMPORT = "crdc_import", _("Imported from a CRDC file")

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("school")
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        validators=[MinValueValidator(2000)],
        help_text=_("The year the school year starts in: 2025 for 2025-26."),
    )
    total = models.PositiveIntegerField(_("total enrollment"))
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.FORM
    )

    class Meta:
        ordering = ["-school_year", "school__name"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"], name="enrollment_one_per_school_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.school_year}-{(self.school_year + 1) % 100:02d}"


@audited()
class EnrollmentCount(BaseModel):
    """How many of a school's students in a year belong to one group of one breakdown."""

    class Breakdown(models.TextChoices):
        RACE_SEX = "race_sex", _("Race/ethnicity by sex")
        DISABILITY = "disability", _("Disability")
        ENGLISH_LEARNER = "english_learner", _("English learner")
        GRADE = "grade", _("Grade")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="counts", verbose_name=_("enrollment")
    )
    breakdown = models.CharField(_("breakdown"), max_length=24, choices=Breakdown.choices)
    # race_sex: "<race>:<sex>"; the others: the group's code (programs/groups.py).
    group = models.CharField(_("group"), max_length=40)
    count = models.PositiveIntegerField(_("students"))

    class Meta:
        ordering = ["breakdown", "group"]
        verbose_name = _("enrollment count")
        verbose_name_plural = _("enrollment counts")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "breakdown", "group"], name="enrollment_count_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.breakdown} · {self.group}: {self.count}"


@audited()
class SchoolProfile(BaseModel):
    """What NASRO 02.01.03-04 weigh when staffing a school, per school year (recommended)."""

    class Locale(models.TextChoices):
        CITY = "city", _("City")
        SUBURB = "suburb", _("Suburb")
        TOWN = "town", _("Town")
        RURAL = "rural", _("Rural")

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="profiles", verbose_name=_("school")
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), validators=[MinValueValidator(2000)]
    )
    grades_served = models.CharField(
        _("grades served"), max_length=40, blank=True, help_text=_("For example K-5 or 9-12.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    locale = models.CharField(_("location"), max_length=16, choices=Locale.choices, blank=True)
    buildings = models.PositiveSmallIntegerField(_("buildings"), null=True, blank=True)
    campus_acres = models.DecimalField(
        _("campus acreage"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    discipline_incidents = models.PositiveIntegerField(
        _("discipline incidents last year"), null=True, blank=True
    )
    calls_for_service = models.PositiveIntegerField(
        _("calls for police service last year"), null=True, blank=True
    )
    non_sworn_safety_staff = models.PositiveSmallIntegerField(
        _("non-sworn safety staff"), null=True, blank=True
    )
    special_education_program = models.BooleanField(_("special education program"), default=False)
    esl_program = models.BooleanField(_("English as a second language program"), default=False)

    class Meta:
        ordering = ["-school_year"]
        verbose_name = _("school profile")
        verbose_name_plural = _("school profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"], name="school_profile_one_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} · {self.school_year}"
