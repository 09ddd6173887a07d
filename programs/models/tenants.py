"""Tenants and people's place in them: districts, schools, agencies and memberships."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from timezone_field import TimeZoneField

from sro_admin.audit import audited
from sro_admin.models import BaseModel

nces_district_id = RegexValidator(r"^\d{7}$", _("An NCES district ID is 7 digits."))
nces_school_id = RegexValidator(r"^\d{12}$", _("An NCES school ID is 12 digits."))


@audited()
class District(BaseModel):
    """A school district (local education agency) that runs, or may run, an SRO program."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"),
        max_length=80,
        unique=True,
        help_text=_("Used in public addresses, e.g. /transparency/<short name>/."),
    )
    state = models.CharField(_("state"), max_length=2, help_text=_("Two-letter postal code."))
    nces_id = models.CharField(
        _("NCES district ID"), max_length=7, blank=True, validators=[nces_district_id]
    )
    time_zone = TimeZoneField(_("time zone"), default="America/New_York", use_pytz=False)
    # COPS-2, COPS-9: how the public gives feedback on the SRO program, shown on the district's
    # public feedback page until the feedback form arrives.
    feedback_contact = models.CharField(
        _("feedback contact"),
        max_length=200,
        blank=True,
        help_text=_("The office or person who receives feedback on the SRO program."),
    )
    feedback_email = models.EmailField(_("feedback email"), blank=True)
    feedback_phone = models.CharField(_("feedback phone"), max_length=40, blank=True)
    feedback_address = models.TextField(
        _("feedback postal address"),
        blank=True,
        help_text=_("Where to write or bring feedback in person."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(
                fields=["nces_id"], condition=~Q(nces_id=""), name="district_nces_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("district-detail", args=[self.pk])


@audited()
class School(BaseModel):
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="schools", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=200)
    nces_id = models.CharField(
        _("NCES school ID"), max_length=12, blank=True, validators=[nces_school_id]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"], name="school_name_unique_in_district"
            ),
            models.UniqueConstraint(
                fields=["nces_id"], condition=~Q(nces_id=""), name="school_nces_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("school-detail", args=[self.pk])


@audited()
class Agency(BaseModel):
    """A law-enforcement agency that places officers in schools."""

    class Kind(models.TextChoices):
        POLICE_DEPARTMENT = "police_department", _("Police department")
        SHERIFFS_OFFICE = "sheriffs_office", _("Sheriff's office")
        # A district's own force: its officers are school-based law enforcement (SBLE).
        SCHOOL_DISTRICT_POLICE = "school_district_police", _("School district police")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    districts = models.ManyToManyField(
        District,
        through="AgencyDistrict",
        related_name="agencies",
        verbose_name=_("districts served"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agency-detail", args=[self.pk])


@audited()
class AgencyDistrict(BaseModel):
    """An agency serves a district's schools."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="district_links", verbose_name=_("agency")
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="agency_links", verbose_name=_("district")
    )

    class Meta:
        verbose_name = _("agency serving a district")
        verbose_name_plural = _("agencies serving districts")
        constraints = [
            models.UniqueConstraint(fields=["agency", "district"], name="agency_district_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} → {self.district}"


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    LE_SUPERVISOR = "le_supervisor", _("Law-enforcement supervisor")
    SRO = "sro", _("School resource officer")
    PROGRAM_VIEWER = "program_viewer", _("Program viewer (read-only)")


DISTRICT_ROLES = (Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER)
SCHOOL_ROLES = (Role.SCHOOL_ADMIN,)
AGENCY_ROLES = (Role.LE_SUPERVISOR, Role.SRO)


@audited()
class Membership(BaseModel):
    """Gives a user one role in one scope: a district, a school or an agency.

    Every access decision starts from these rows (programs/access.py).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("district"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("school"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("agency"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # Each role has exactly one kind of scope.
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role__in=DISTRICT_ROLES,
                        district__isnull=False,
                        school__isnull=True,
                        agency__isnull=True,
                    )
                    | Q(
                        role__in=SCHOOL_ROLES,
                        school__isnull=False,
                        district__isnull=True,
                        agency__isnull=True,
                    )
                    | Q(
                        role__in=AGENCY_ROLES,
                        agency__isnull=False,
                        district__isnull=True,
                        school__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district", "school", "agency"],
                nulls_distinct=False,
                name="membership_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope}"

    @property
    def scope(self):
        return self.district or self.school or self.agency

    def clean(self):
        # An SRO's access is to their own officer record, so the record must exist first.
        if (
            self.role == Role.SRO
            and self.agency_id
            and not apps.get_model("programs", "Officer")
            .objects.filter(user_id=self.user_id, agency_id=self.agency_id)
            .exists()
        ):
            raise ValidationError(
                {"role": _("An SRO membership needs the user's officer record in that agency.")}
            )
