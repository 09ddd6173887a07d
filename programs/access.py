"""The one door: which districts, schools, agencies and officers a user may see or change.

Every selector and view starts here (STYLE.md, "Access control: one door"). Detail pages
look objects up in these querysets, so another tenant's object is "not found" (404), never
"forbidden" (403). Form choices come from the same querysets.

Who sees what:
- district administrator, program viewer (a district): the district, its schools, the
  agencies serving it and their officers; only the administrator may change things.
- school administrator (a school): that school and its district, the agencies serving the
  district, and the officers assigned to the school; may change the school's own record.
- law-enforcement supervisor (an agency): the agency, its officers, the districts it serves
  and their schools; may change the agency's record and keep its officers' records,
  assignments and training.
- SRO (an agency): the agency, the districts it serves and their schools, and their own
  officer record only.
- site staff: everything (they also have the Django admin).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Q, QuerySet

from programs.models import (
    Agency,
    AgencyDistrict,
    Assignment,
    District,
    Membership,
    Officer,
    Role,
    School,
    SigningAuthority,
)


@dataclass(frozen=True)
class Access:
    user_id: int | None
    is_staff: bool = False
    # role -> ids of the scopes the user holds that role in
    district_ids: dict[str, frozenset[int]] = field(default_factory=dict)
    school_ids: dict[str, frozenset[int]] = field(default_factory=dict)
    agency_ids: dict[str, frozenset[int]] = field(default_factory=dict)

    # -- what the memberships say -------------------------------------------------
    def _districts_with(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self.district_ids.get(r, frozenset()) for r in roles))

    def _agencies_with(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self.agency_ids.get(r, frozenset()) for r in roles))

    def _schools_with(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self.school_ids.get(r, frozenset()) for r in roles))

    # Other apps (mous, incidents, ...) build their own visibility from these, so the
    # memberships are read in this one place.
    def district_ids_for(self, *roles: str) -> frozenset[int]:
        return self._districts_with(*roles)

    def agency_ids_for(self, *roles: str) -> frozenset[int]:
        return self._agencies_with(*roles)

    def school_ids_for(self, *roles: str) -> frozenset[int]:
        return self._schools_with(*roles)

    @property
    def roles(self) -> frozenset[str]:
        held = {r for r, ids in self.district_ids.items() if ids}
        held |= {r for r, ids in self.school_ids.items() if ids}
        held |= {r for r, ids in self.agency_ids.items() if ids}
        return frozenset(held)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_member(self) -> bool:
        return self.is_staff or bool(self.roles)

    # -- what the user may see ------------------------------------------------------
    def districts(self) -> QuerySet[District]:
        if self.is_staff:
            return District.objects.all()
        return District.objects.filter(
            Q(pk__in=self._districts_with(Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER))
            | Q(
                pk__in=School.objects.filter(pk__in=self._schools_with(Role.SCHOOL_ADMIN)).values(
                    "district_id"
                )
            )
            | Q(
                pk__in=AgencyDistrict.objects.filter(
                    agency_id__in=self._agencies_with(Role.LE_SUPERVISOR, Role.SRO)
                ).values("district_id")
            )
        )

    def schools(self) -> QuerySet[School]:
        if self.is_staff:
            return School.objects.all()
        return School.objects.filter(
            Q(district_id__in=self._districts_with(Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER))
            | Q(pk__in=self._schools_with(Role.SCHOOL_ADMIN))
            | Q(
                district_id__in=AgencyDistrict.objects.filter(
                    agency_id__in=self._agencies_with(Role.LE_SUPERVISOR, Role.SRO)
                ).values("district_id")
            )
        )

    def agencies(self) -> QuerySet[Agency]:
        if self.is_staff:
            return Agency.objects.all()
        return Agency.objects.filter(
            Q(pk__in=self._agencies_with(Role.LE_SUPERVISOR, Role.SRO))
            | Q(
                pk__in=AgencyDistrict.objects.filter(
                    Q(
                        district_id__in=self._districts_with(
                            Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER
                        )
                    )
                    | Q(
                        district_id__in=School.objects.filter(
                            pk__in=self._schools_with(Role.SCHOOL_ADMIN)
                        ).values("district_id")
                    )
                ).values("agency_id")
            )
        )

    def officers(self) -> QuerySet[Officer]:
        if self.is_staff:
            return Officer.objects.all()
        # An SRO sees their own record, not their colleagues'. A school administrator sees the
        # SROs who serve or served their school; a district administrator the officers of the
        # agencies serving the district (candidates included, for selection).
        return Officer.objects.filter(
            Q(agency_id__in=self._agencies_with(Role.LE_SUPERVISOR))
            | Q(agency_id__in=self._agencies_with(Role.SRO), user_id=self.user_id)
            | Q(
                agency_id__in=AgencyDistrict.objects.filter(
                    district_id__in=self._districts_with(Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER)
                ).values("agency_id")
            )
            | Q(
                pk__in=Assignment.objects.filter(
                    school_id__in=self._schools_with(Role.SCHOOL_ADMIN)
                ).values("officer_id")
            )
        )

    def changeable_officers(self) -> QuerySet[Officer]:
        """Officer records, their assignments and training: the agency's supervisors keep them."""
        if self.is_staff:
            return Officer.objects.all()
        return Officer.objects.filter(agency_id__in=self._agencies_with(Role.LE_SUPERVISOR))

    # -- what the user may change --------------------------------------------------
    def changeable_districts(self) -> QuerySet[District]:
        if self.is_staff:
            return District.objects.all()
        return District.objects.filter(pk__in=self._districts_with(Role.DISTRICT_ADMIN))

    def changeable_schools(self) -> QuerySet[School]:
        if self.is_staff:
            return School.objects.all()
        return School.objects.filter(
            Q(district_id__in=self._districts_with(Role.DISTRICT_ADMIN))
            | Q(pk__in=self._schools_with(Role.SCHOOL_ADMIN))
        )

    def changeable_agencies(self) -> QuerySet[Agency]:
        if self.is_staff:
            return Agency.objects.all()
        return Agency.objects.filter(pk__in=self._agencies_with(Role.LE_SUPERVISOR))

    @cached_property
    def may_request_reports(self) -> bool:
        """Asked by the navigation and by pages alike: one query per request."""
        return self.reportable_districts().exists()

    def reportable_districts(self) -> QuerySet[District]:
        """Districts whose program-wide reports the user may request and download."""
        if self.is_staff:
            return District.objects.all()
        return District.objects.filter(
            pk__in=self._districts_with(Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER)
        )

    # -- who signs for a district or an agency (NASRO-DISC) ----------------------------
    # Read from the heads and delegates on record (programs.models.SigningAuthority), not
    # from memberships: being an administrator, a supervisor or site staff is not being the
    # head. Asked by the MOU signing services.
    def signing_authorities(self, on: date) -> QuerySet[SigningAuthority]:
        """This user's records as head or delegate of a district or an agency on `on`."""
        if self.user_id is None:
            return SigningAuthority.objects.none()
        return SigningAuthority.objects.filter(user_id=self.user_id, starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )

    def head_districts(self, on: date) -> QuerySet[District]:
        """Districts this user may sign for on `on`, as superintendent or delegate."""
        return District.objects.filter(
            pk__in=self.signing_authorities(on).filter(district__isnull=False).values("district_id")
        )

    def head_agencies(self, on: date) -> QuerySet[Agency]:
        """Agencies this user may sign for on `on`, as chief, sheriff or delegate."""
        return Agency.objects.filter(
            pk__in=self.signing_authorities(on).filter(agency__isnull=False).values("agency_id")
        )

    def whole_districts(self) -> QuerySet[District]:
        """Districts whose every school the user sees (through a district role, or an agency
        serving it); a school administrator sees their district through their school only,
        so pages about "the district's schools" are about their school (the staffing page)."""
        if self.is_staff:
            return District.objects.all()
        return District.objects.filter(
            Q(pk__in=self._districts_with(Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER))
            | Q(
                pk__in=AgencyDistrict.objects.filter(
                    agency_id__in=self._agencies_with(Role.LE_SUPERVISOR, Role.SRO)
                ).values("district_id")
            )
        )


ANONYMOUS = Access(user_id=None)


def access_for(user) -> Access:
    """What `user` may see and change. One query, remembered on the user for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_sro_access", None)
    if cached is not None:
        return cached
    districts: dict[str, set[int]] = {}
    schools: dict[str, set[int]] = {}
    agencies: dict[str, set[int]] = {}
    rows = Membership.objects.filter(user=user).values_list(
        "role", "district_id", "school_id", "agency_id"
    )
    for role, district_id, school_id, agency_id in rows:
        if district_id:
            districts.setdefault(role, set()).add(district_id)
        if school_id:
            schools.setdefault(role, set()).add(school_id)
        if agency_id:
            agencies.setdefault(role, set()).add(agency_id)
    access = Access(
        user_id=user.pk,
        is_staff=user.is_staff,
        district_ids={r: frozenset(ids) for r, ids in districts.items()},
        school_ids={r: frozenset(ids) for r, ids in schools.items()},
        agency_ids={r: frozenset(ids) for r, ids in agencies.items()},
    )
    user._sro_access = access
    return access
