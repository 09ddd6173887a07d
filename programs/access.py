"""The one door: what a user may see and do, as a queryset per noun and ability.

Every selector, view, form and service starts here (STYLE.md, "Access control: one door").
Only this module reads memberships (and, for signing, who heads a district or an agency);
everything else asks `access_for(user).<noun>(<ability>)` for a queryset and scopes its own
rows from it, e.g. an MOU is visible when its district is in `districts(OVERSEE)` or one of
its parties is in `agencies(CHANGE)`. Detail pages look objects up in these querysets, so
another tenant's object is "not found" (404), never "forbidden" (403).

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

An officer is seen whole by their own agency, but a district's people see only the part of
an officer's record that belongs to a district they see: the assignments at schools they
see (`assignments()`) and the programs of districts they see (`programs()`). A county
sheriff serving two districts does not show one district's schools to the other.

Abilities, by noun (the constants below):
- districts: SEE; CHANGE (its administrators); OVERSEE (its own people: administrators and
  program viewers read its whole program, drafts and reports); SELECT (run SRO selection
  there: its administrators and the supervisors of agencies serving it).
- schools: SEE; CHANGE (the district's administrators, the school's administrators);
  OVERSEE (the district's own people and the school's administrators); ADMINISTER (the
  school's administrators, for the school administration's own part, NASRO 04.01.03/05).
- agencies: SEE; CHANGE (its supervisors); SERVE (its supervisors and SROs).
- officers: SEE; CHANGE (the agency's supervisors keep records, assignments, training);
  OPT_OUT (COPS-11: the officer themself or their supervisor).
- programs: SEE; CHANGE. postings: SEE; CHANGE. selections: SEE; CHANGE; PARTICIPATE.
- assignments: SEE; CHANGE (the agency's); KEEP_PROBATION; REVIEW_PROBATION.
- training records: SEE; CHANGE. courses: those offered to programs the user sees.
- signing MOUs (NASRO-DISC): `head_districts(on)` / `head_agencies(on)`, from the heads and
  delegates on record, not from roles: site staff and administrators sign for nobody unless
  they are recorded as head or delegate.
- whom reminders go to: `role_holders(role, districts=..., agencies=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from programs.models import (
    Agency,
    AgencyDistrict,
    Assignment,
    Course,
    District,
    Membership,
    Officer,
    Posting,
    Program,
    Role,
    School,
    Selection,
    SigningAuthority,
    TrainingRecord,
)

SEE = "see"
CHANGE = "change"
OVERSEE = "oversee"
SELECT = "select"
ADMINISTER = "administer"
SERVE = "serve"
OPT_OUT = "opt_out"
PARTICIPATE = "participate"
KEEP_PROBATION = "keep_probation"
REVIEW_PROBATION = "review_probation"

# Roles that are a district's own people, and those who work for an agency.
_DISTRICT_PEOPLE = (Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER)
_AGENCY_PEOPLE = (Role.LE_SUPERVISOR, Role.SRO)


def _unknown(noun: str, can: str) -> ValueError:
    return ValueError(f"The door has no ability {can!r} for {noun}.")


@dataclass(frozen=True)
class Access:
    user_id: int | None
    is_staff: bool = False
    # role -> ids of the scopes the user holds that role in. Private: nothing outside this
    # module reads memberships.
    _district_ids: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    _school_ids: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    _agency_ids: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    # Read with the memberships, in the same query: the districts each of the user's agencies
    # serves, the agencies serving each of the user's districts (and their schools'), and
    # each administered school's district. Querysets then carry plain ids, which the planner
    # counts right (a subquery of agency links made it misjudge a big tenant's officers).
    _districts_served: dict[int, frozenset[int]] = field(default_factory=dict, repr=False)
    _district_agencies: dict[int, frozenset[int]] = field(default_factory=dict, repr=False)
    _school_districts: dict[int, int] = field(default_factory=dict, repr=False)

    # -- what the memberships say (private) ---------------------------------------------
    def _districts_with(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self._district_ids.get(r, frozenset()) for r in roles))

    def _agencies_with(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self._agency_ids.get(r, frozenset()) for r in roles))

    def _schools_with(self, *roles: str) -> frozenset[int]:
        return frozenset().union(*(self._school_ids.get(r, frozenset()) for r in roles))

    def _served_by(self, *roles: str) -> frozenset[int]:
        """Ids of the districts served by the agencies where the user holds `roles`."""
        return frozenset().union(
            *(self._districts_served.get(a, frozenset()) for a in self._agencies_with(*roles))
        )

    def _districts_of_administered_schools(self) -> frozenset[int]:
        return frozenset(
            self._school_districts[s]
            for s in self._schools_with(Role.SCHOOL_ADMIN)
            if s in self._school_districts
        )

    def _agencies_serving(self, district_ids) -> frozenset[int]:
        return frozenset().union(
            *(self._district_agencies.get(d, frozenset()) for d in district_ids)
        )

    @property
    def _roles(self) -> frozenset[str]:
        held = {r for r, ids in self._district_ids.items() if ids}
        held |= {r for r, ids in self._school_ids.items() if ids}
        held |= {r for r, ids in self._agency_ids.items() if ids}
        return frozenset(held)

    # -- who the user is --------------------------------------------------------------------
    @property
    def is_member(self) -> bool:
        """Staff, or holding any role anywhere."""
        return self.is_staff or bool(self._roles)

    @property
    def takes_part_in_selection(self) -> bool:
        """Everyone but SROs has a part in SRO selection (COPS-5); SROs get 404."""
        return self.is_staff or bool(
            self._roles
            & {Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER, Role.SCHOOL_ADMIN, Role.LE_SUPERVISOR}
        )

    @cached_property
    def may_request_reports(self) -> bool:
        """Asked by the navigation and by pages alike."""
        return self.holds_any("districts", OVERSEE)

    def holds_any(self, noun: str, can: str) -> bool:
        """Whether `noun(can)` has any row: for the abilities that come from the user's own
        memberships alone (districts CHANGE or OVERSEE, agencies CHANGE or SERVE), answered
        from them without a query, since a membership goes with its district or agency (the
        foreign keys cascade). Site staff ask the database."""
        if self.is_staff:
            return getattr(self, noun)(can).exists()
        held = {
            ("districts", CHANGE): lambda: self._districts_with(Role.DISTRICT_ADMIN),
            ("districts", OVERSEE): lambda: self._districts_with(*_DISTRICT_PEOPLE),
            ("agencies", CHANGE): lambda: self._agencies_with(Role.LE_SUPERVISOR),
            ("agencies", SERVE): lambda: self._agencies_with(*_AGENCY_PEOPLE),
        }.get((noun, can))
        if held is None:
            raise _unknown(noun, can)
        return bool(held())

    def memberships(self) -> QuerySet[Membership]:
        """The user's own roles, for their home page."""
        if self.user_id is None:
            return Membership.objects.none()
        return Membership.objects.filter(user_id=self.user_id)

    # -- tenants ----------------------------------------------------------------------------
    def districts(self, can: str = SEE) -> QuerySet[District]:
        if self.is_staff:
            return District.objects.all()
        if can == SEE:
            q = (
                Q(pk__in=self._districts_with(*_DISTRICT_PEOPLE))
                | Q(pk__in=self._districts_of_administered_schools())
                | Q(pk__in=self._served_by(*_AGENCY_PEOPLE))
            )
        elif can == CHANGE:
            q = Q(pk__in=self._districts_with(Role.DISTRICT_ADMIN))
        elif can == OVERSEE:
            q = Q(pk__in=self._districts_with(*_DISTRICT_PEOPLE))
        elif can == SELECT:
            q = Q(pk__in=self._districts_with(Role.DISTRICT_ADMIN)) | Q(
                pk__in=self._served_by(Role.LE_SUPERVISOR)
            )
        else:
            raise _unknown("districts", can)
        return District.objects.filter(q)

    def schools(self, can: str = SEE) -> QuerySet[School]:
        if self.is_staff:
            return School.objects.all()
        if can == SEE:
            q = (
                Q(district_id__in=self._districts_with(*_DISTRICT_PEOPLE))
                | Q(pk__in=self._schools_with(Role.SCHOOL_ADMIN))
                | Q(district_id__in=self._served_by(*_AGENCY_PEOPLE))
            )
        elif can == CHANGE:
            q = Q(district_id__in=self._districts_with(Role.DISTRICT_ADMIN)) | Q(
                pk__in=self._schools_with(Role.SCHOOL_ADMIN)
            )
        elif can == OVERSEE:
            q = Q(district_id__in=self._districts_with(*_DISTRICT_PEOPLE)) | Q(
                pk__in=self._schools_with(Role.SCHOOL_ADMIN)
            )
        elif can == ADMINISTER:
            q = Q(pk__in=self._schools_with(Role.SCHOOL_ADMIN))
        else:
            raise _unknown("schools", can)
        return School.objects.filter(q)

    def agencies(self, can: str = SEE) -> QuerySet[Agency]:
        if self.is_staff:
            return Agency.objects.all()
        if can == SEE:
            q = Q(pk__in=self._agencies_with(*_AGENCY_PEOPLE)) | Q(
                pk__in=self._agencies_serving(
                    self._districts_with(*_DISTRICT_PEOPLE)
                    | self._districts_of_administered_schools()
                )
            )
        elif can == CHANGE:
            q = Q(pk__in=self._agencies_with(Role.LE_SUPERVISOR))
        elif can == SERVE:
            q = Q(pk__in=self._agencies_with(*_AGENCY_PEOPLE))
        else:
            raise _unknown("agencies", can)
        return Agency.objects.filter(q)

    # -- officers and where they serve -------------------------------------------------------
    def officers(self, can: str = SEE) -> QuerySet[Officer]:
        if self.is_staff:
            return Officer.objects.all()
        supervised = Q(agency_id__in=self._agencies_with(Role.LE_SUPERVISOR))
        themself = Q(agency_id__in=self._agencies_with(Role.SRO), user_id=self.user_id)
        if can == SEE:
            # An SRO sees their own record, not their colleagues'. A school administrator sees
            # the SROs who serve or served their school; a district's people the officers of
            # the agencies serving the district (candidates included, for selection).
            q = (
                supervised
                | themself
                | Q(agency_id__in=self._agencies_serving(self._districts_with(*_DISTRICT_PEOPLE)))
                | Q(
                    pk__in=Assignment.objects.filter(
                        school_id__in=self._schools_with(Role.SCHOOL_ADMIN)
                    ).values("officer_id")
                )
            )
        elif can == CHANGE:
            q = supervised
        elif can == OPT_OUT:
            q = supervised | themself  # COPS-11
        else:
            raise _unknown("officers", can)
        return Officer.objects.filter(q)

    def own_officer_record(self) -> QuerySet[Officer]:
        """The officer record of the signed-in SRO (empty for everyone else)."""
        if self.user_id is None:
            return Officer.objects.none()
        return Officer.objects.filter(
            agency_id__in=self._agencies_with(Role.SRO), user_id=self.user_id
        )

    def assignments(self, can: str = SEE) -> QuerySet[Assignment]:
        if self.is_staff:
            return Assignment.objects.all()
        if can == SEE:
            # Both ends: the officer and the school (a district sees its own schools' part
            # of an officer's record only).
            return Assignment.objects.filter(officer__in=self.officers(), school__in=self.schools())
        kept = Q(officer__agency_id__in=self._agencies_with(Role.LE_SUPERVISOR))
        if can == CHANGE:
            q = kept
        elif can == KEEP_PROBATION:
            # NASRO 02.01.07: the officer's supervisors and the school district's administrators.
            q = kept | Q(school__district_id__in=self._districts_with(Role.DISTRICT_ADMIN))
        elif can == REVIEW_PROBATION:
            # NASRO 04.01.05: and the school's administrators, who take part in the review.
            q = (
                kept
                | Q(school__district_id__in=self._districts_with(Role.DISTRICT_ADMIN))
                | Q(school_id__in=self._schools_with(Role.SCHOOL_ADMIN))
            )
        else:
            raise _unknown("assignments", can)
        return Assignment.objects.filter(q)

    def training_records(self, can: str = SEE) -> QuerySet[TrainingRecord]:
        if can not in (SEE, CHANGE):
            raise _unknown("training records", can)
        return TrainingRecord.objects.filter(officer__in=self.officers(can))

    # -- programs ----------------------------------------------------------------------------
    def programs(self, can: str = SEE) -> QuerySet[Program]:
        if can not in (SEE, CHANGE, OVERSEE, SELECT):
            raise _unknown("programs", can)
        return Program.objects.filter(district__in=self.districts(can))

    def courses(self) -> QuerySet[Course]:
        """The national catalogue, and the courses of programs the user sees."""
        return Course.objects.offered_to(self.programs())

    # -- selection (COPS-5, NASRO 02.01.01, 04.01.03) ------------------------------------------
    def postings(self, can: str = SEE) -> QuerySet[Posting]:
        if self.is_staff:
            return Posting.objects.all()
        if can == SEE:
            q = (
                Q(program__district_id__in=self._districts_with(*_DISTRICT_PEOPLE))
                | Q(program__district_id__in=self._served_by(Role.LE_SUPERVISOR))
                | Q(school_id__in=self._schools_with(Role.SCHOOL_ADMIN))
            )
        elif can == CHANGE:
            q = Q(program__district__in=self.districts(SELECT))
        else:
            raise _unknown("postings", can)
        return Posting.objects.filter(q)

    def selections(self, can: str = SEE) -> QuerySet[Selection]:
        if self.is_staff:
            return Selection.objects.all()
        supervised = self._agencies_with(Role.LE_SUPERVISOR)
        # A supervisor sees and keeps their own agency's candidates, in the districts it
        # serves; another agency's officers stay out of sight, as everywhere else.
        own_candidates = Q(
            officer__agency_id__in=supervised,
            posting__program__district_id__in=self._served_by(Role.LE_SUPERVISOR),
        )
        if can == SEE:
            q = (
                Q(posting__program__district_id__in=self._districts_with(*_DISTRICT_PEOPLE))
                | Q(posting__school_id__in=self._schools_with(Role.SCHOOL_ADMIN))
                | own_candidates
            )
        elif can == CHANGE:
            q = (
                Q(posting__program__district_id__in=self._districts_with(Role.DISTRICT_ADMIN))
                | own_candidates
            )
        elif can == PARTICIPATE:
            # The school administration records its own part (NASRO 02.01.01, 04.01.03).
            q = (
                Q(posting__program__district_id__in=self._districts_with(Role.DISTRICT_ADMIN))
                | own_candidates
                | Q(posting__school_id__in=self._schools_with(Role.SCHOOL_ADMIN))
            )
        else:
            raise _unknown("selections", can)
        return Selection.objects.filter(q)

    # -- who signs for a district or an agency (NASRO-DISC) ----------------------------
    # Read from the heads and delegates on record (programs.models.SigningAuthority), not
    # from memberships: being an administrator, a supervisor or site staff is not being the
    # head. Asked by the MOU signing services.
    def signing_authorities(self, on: date) -> QuerySet[SigningAuthority]:
        """This user's records as head or delegate of a district or an agency on `on`."""
        if self.user_id is None:
            return SigningAuthority.objects.none()
        return SigningAuthority.objects.current_on(on).filter(user_id=self.user_id)

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

    def sees_whole_district(self, district_id: int) -> bool:
        """Whether the user sees every school of a district they see. Only a school
        administrator can see a district through a school alone, so for everyone else (and
        for the district's own people) the memberships answer without a query."""
        if (
            self.is_staff
            or district_id in self._districts_with(*_DISTRICT_PEOPLE)
            or not self._schools_with(Role.SCHOOL_ADMIN)
        ):
            return True
        return self.whole_districts().filter(pk=district_id).exists()

    def whole_districts(self) -> QuerySet[District]:
        """Districts whose every school the user sees (through a district role, or an agency
        serving it); a school administrator sees their district through their school only,
        so pages about "the district's schools" are about their school (the staffing page)."""
        if self.is_staff:
            return District.objects.all()
        return District.objects.filter(
            Q(pk__in=self._districts_with(Role.DISTRICT_ADMIN, Role.PROGRAM_VIEWER))
            | Q(pk__in=self._served_by(Role.LE_SUPERVISOR, Role.SRO))
        )


ANONYMOUS = Access(user_id=None)


def role_holders(*roles: str, districts=(), schools=(), agencies=()) -> QuerySet:
    """The active users holding one of `roles` in any of these districts, schools or agencies
    (ids or querysets): whom a reminder goes to, who may be recorded as an organisation's
    head. Read here, since only the door reads memberships."""
    from django.contrib.auth import get_user_model

    scope = Q(pk__in=[])
    for name, ids in (("district", districts), ("school", schools), ("agency", agencies)):
        if isinstance(ids, QuerySet) or ids:
            scope |= Q(**{f"{name}__in": ids})
    return get_user_model().objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(scope, role__in=roles).values("user_id"),
    )


def require(allowed: QuerySet, obj) -> None:
    """How a service checks through the door before it changes anything (STYLE.md: services
    take the acting user): PermissionDenied unless `obj` is in `allowed`, one of the acting
    user's querysets, e.g. `require(access_for(actor).officers(CHANGE), officer)`. Views look
    objects up in the door's querysets (another tenant's object is a 404); the service still
    asks, so it is checked whoever calls it (a view, a command, another service)."""
    if not allowed.filter(pk=obj.pk).exists():
        raise PermissionDenied


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
    districts_served: dict[int, frozenset[int]] = {}
    agencies_serving: dict[int, frozenset[int]] = {}
    school_districts: dict[int, int] = {}
    # One query: the memberships, and the agency links around them (see Access).
    links = AgencyDistrict.objects.order_by()
    rows = (
        Membership.objects.filter(user=user)
        .annotate(
            school_district=F("school__district_id"),
            serving=ArraySubquery(
                links.filter(
                    district_id=Coalesce(OuterRef("district_id"), OuterRef("school__district_id"))
                ).values("agency_id")
            ),
            served=ArraySubquery(
                links.filter(agency_id=OuterRef("agency_id")).values("district_id")
            ),
        )
        .values_list(
            "role", "district_id", "school_id", "agency_id", "school_district", "serving", "served"
        )
    )
    for role, district_id, school_id, agency_id, school_district, serving, served in rows:
        if district_id:
            districts.setdefault(role, set()).add(district_id)
            agencies_serving[district_id] = frozenset(serving)
        if school_id:
            schools.setdefault(role, set()).add(school_id)
            school_districts[school_id] = school_district
            agencies_serving[school_district] = frozenset(serving)
        if agency_id:
            agencies.setdefault(role, set()).add(agency_id)
            districts_served[agency_id] = frozenset(served)
    access = Access(
        user_id=user.pk,
        is_staff=user.is_staff,
        _district_ids={r: frozenset(ids) for r, ids in districts.items()},
        _school_ids={r: frozenset(ids) for r, ids in schools.items()},
        _agency_ids={r: frozenset(ids) for r, ids in agencies.items()},
        _districts_served=districts_served,
        _district_agencies=agencies_serving,
        _school_districts=school_districts,
    )
    user._sro_access = access
    return access
