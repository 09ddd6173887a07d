"""Who signs for a district or an agency: its head and the head's delegates (NASRO-DISC: the MOU
is signed by the heads of both the agency and the school system).

A district's head is its superintendent; an agency's is its chief or sheriff. Each record says
who, in which capacity and from when to when. The door (programs/access.py) answers "may this
user sign for this district or agency on this date?" from these rows; the MOU signatures keep
the record they were given under.
"""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programs.models.officers import DateRange, PeriodQuerySet
from programs.models.tenants import Agency, District
from sro_admin.audit import audited
from sro_admin.models import BaseModel


@audited()
class SigningAuthority(BaseModel):
    objects = PeriodQuerySet.as_manager()

    class Kind(models.TextChoices):
        SUPERINTENDENT = "superintendent", _("Superintendent (head of the district)")
        CHIEF = "chief", _("Chief (head of the agency)")
        SHERIFF = "sheriff", _("Sheriff (head of the agency)")
        DELEGATE = "delegate", _("Delegate of the head")

    HEADS = (Kind.SUPERINTENDENT, Kind.CHIEF, Kind.SHERIFF)

    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signing_authorities",
        verbose_name=_("district"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signing_authorities",
        verbose_name=_("agency"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signing_authorities",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("signs as"), max_length=16, choices=Kind.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("As it appears on an MOU, e.g. Superintendent or Chief of Police."),
    )
    delegation = models.CharField(
        _("delegation"),
        max_length=300,
        blank=True,
        help_text=_("For a delegate: who delegated the signature, and by what act."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Leave empty while it goes on.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("head or delegate")
        verbose_name_plural = _("heads and delegates")
        constraints = [
            models.CheckConstraint(
                name="signing_authority_one_organisation",
                condition=Q(district__isnull=False, agency__isnull=True)
                | Q(district__isnull=True, agency__isnull=False),
                violation_error_message=_("A head or delegate belongs to a district or an agency."),
            ),
            models.CheckConstraint(
                name="signing_authority_kind_fits",
                condition=Q(kind="delegate")
                | Q(kind="superintendent", district__isnull=False)
                | Q(kind__in=["chief", "sheriff"], agency__isnull=False),
                violation_error_message=_(
                    "A superintendent heads a district; a chief or sheriff heads an agency."
                ),
            ),
            models.CheckConstraint(
                name="signing_authority_delegate_says_by_what_act",
                condition=~Q(kind="delegate") | ~Q(delegation=""),
                violation_error_message=_("Say who delegated the signature, and by what act."),
            ),
            models.CheckConstraint(
                name="signing_authority_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                violation_error_message=_("The end comes before the start."),
            ),
            # One head of a district, and one of an agency, at any date (NASRO-DISC).
            ExclusionConstraint(
                name="signing_authority_one_district_head",
                expressions=[
                    (F("district"), RangeOperators.EQUAL),
                    (
                        DateRange(
                            "starts_on",
                            "ends_on",
                            RangeBoundary(inclusive_lower=True, inclusive_upper=True),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(district__isnull=False) & ~Q(kind="delegate"),
                violation_error_message=_(
                    "The district already has a head for some of these dates."
                ),
            ),
            ExclusionConstraint(
                name="signing_authority_one_agency_head",
                expressions=[
                    (F("agency"), RangeOperators.EQUAL),
                    (
                        DateRange(
                            "starts_on",
                            "ends_on",
                            RangeBoundary(inclusive_lower=True, inclusive_upper=True),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=Q(agency__isnull=False) & ~Q(kind="delegate"),
                violation_error_message=_("The agency already has a head for some of these dates."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.organisation}"

    @property
    def organisation(self):
        return self.district or self.agency

    @property
    def is_delegate(self) -> bool:
        return self.kind == self.Kind.DELEGATE
