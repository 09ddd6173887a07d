"""Reads for enrollment by group, school profiles and the staffing view (NASRO 02.01.03-04).

Enrollment by group is the denominator of every rate (STATISTICS.md, "Rates and
comparisons"), so every breakdown should add up to the school's total. Pages say where one
does not; nothing here refuses a figure that does not add up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, FloatField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Cast, Coalesce, NullIf
from django.shortcuts import get_object_or_404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from programs import coverage
from programs.access import access_for
from programs.groups import Disability, EnglishLearner, Grade, Race, Sex
from programs.models import (
    Assignment,
    District,
    Enrollment,
    EnrollmentCount,
    Officer,
    School,
    SchoolProfile,
)
from sro_admin.audit import HistoryEntry, history_for

Breakdown = EnrollmentCount.Breakdown

# The groups of each breakdown, in the order pages show them. A race_sex group is
# "<race>:<sex>" (programs/models/enrollment.py).
BREAKDOWN_GROUPS: dict[str, list[str]] = {
    Breakdown.RACE_SEX: [f"{race}:{sex}" for race in Race.values for sex in Sex.values],
    Breakdown.DISABILITY: list(Disability.values),
    Breakdown.ENGLISH_LEARNER: list(EnglishLearner.values),
    Breakdown.GRADE: list(Grade.values),
}
GROUP_CHOICES = {
    Breakdown.DISABILITY: Disability,
    Breakdown.ENGLISH_LEARNER: EnglishLearner,
    Breakdown.GRADE: Grade,
}
# How a check names a breakdown in a sentence ("Disability status adds up to ...").
BREAKDOWN_LABELS = {
    Breakdown.RACE_SEX: gettext_lazy("Race/ethnicity by sex"),
    Breakdown.DISABILITY: gettext_lazy("Disability status"),
    Breakdown.ENGLISH_LEARNER: gettext_lazy("English learner status"),
    Breakdown.GRADE: gettext_lazy("Grade level"),
}


def group_label(breakdown: str, group: str) -> str:
    """The words for one group: "Asian, Female" or "Grade 1"."""
    if breakdown == Breakdown.RACE_SEX:
        race, sex = group.split(":")
        return _("%(race)s, %(sex)s") % {"race": Race(race).label, "sex": Sex(sex).label}
    return str(GROUP_CHOICES[breakdown](group).label)


# -- school years ----------------------------------------------------------------------------


def current_school_year(today: date) -> int:
    """The school year `today` falls in, named by the year it starts in (July to June)."""
    return today.year if today.month >= 7 else today.year - 1


def school_year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def school_year_choices(today: date, *, back: int = 10) -> list[tuple[int, str]]:
    """Next school year down to `back` years ago: what the forms offer."""
    current = current_school_year(today)
    return [(y, school_year_label(y)) for y in range(current + 1, current - back - 1, -1)]


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


# -- do the breakdowns add up? -----------------------------------------------------------------


@dataclass(frozen=True)
class BreakdownCheck:
    """One breakdown's sum against the total. `sum` is None when no group was entered."""

    breakdown: str
    total: int
    sum: int | None

    @property
    def label(self) -> str:
        return str(BREAKDOWN_LABELS[self.breakdown])

    @property
    def entered(self) -> bool:
        return self.sum is not None

    @property
    def difference(self) -> int | None:
        return None if self.sum is None else self.sum - self.total

    @property
    def adds_up(self) -> bool:
        return self.difference == 0

    @property
    def differs(self) -> bool:
        return self.entered and not self.adds_up

    @property
    def message(self) -> str:
        """The sentence a page shows, e.g. "... adds up to 512, 8 fewer than the total of 520."."""
        values = {"breakdown": self.label, "total": _n(self.total)}
        if self.sum is None:
            return _("%(breakdown)s: not entered.") % values
        values.update(sum=_n(self.sum), n=_n(abs(self.difference)))
        if self.adds_up:
            return _("%(breakdown)s adds up to the total of %(total)s.") % values
        if self.difference < 0:
            text = _("%(breakdown)s adds up to %(sum)s, %(n)s fewer than the total of %(total)s.")
        else:
            text = _("%(breakdown)s adds up to %(sum)s, %(n)s more than the total of %(total)s.")
        return text % values

    @property
    def short(self) -> str:
        """The same in a table cell: "Adds up", "8 fewer", "Not entered"."""
        if self.sum is None:
            return _("Not entered")
        if self.adds_up:
            return _("Adds up")
        n = abs(self.difference)
        if self.difference < 0:
            return ngettext("%(n)s fewer", "%(n)s fewer", n) % {"n": _n(n)}
        return ngettext("%(n)s more", "%(n)s more", n) % {"n": _n(n)}


def enrollment_sums(enrollment_ids) -> dict[int, dict[str, int]]:
    """{enrollment id: {breakdown: sum of its groups}}, one query for any number of years.
    A breakdown with no rows is absent: not entered."""
    sums: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        EnrollmentCount.objects.filter(enrollment_id__in=enrollment_ids)
        .values("enrollment_id", "breakdown")
        .annotate(total=Sum("count"))
        .order_by()
    )
    for row in rows:
        sums[row["enrollment_id"]][row["breakdown"]] = row["total"]
    return sums


def enrollment_check(
    enrollment: Enrollment, *, sums: dict[str, int] | None = None
) -> list[BreakdownCheck]:
    """For each breakdown, its sum against the total. A breakdown that differs is reported,
    not refused; one with no rows is "not entered", not an error. Pass `sums` (from
    enrollment_sums) to check many years without a query each."""
    if sums is None:
        sums = enrollment_sums([enrollment.pk]).get(enrollment.pk, {})
    return [
        BreakdownCheck(breakdown=b, total=enrollment.total, sum=sums.get(b))
        for b in BREAKDOWN_GROUPS
    ]


# -- one school's years ----------------------------------------------------------------------


@dataclass
class EnrollmentYear:
    enrollment: Enrollment
    checks: list[BreakdownCheck]

    @property
    def label(self) -> str:
        return school_year_label(self.enrollment.school_year)

    @property
    def all_add_up(self) -> bool:
        return not any(c.differs for c in self.checks)


def school_enrollments(school: School) -> QuerySet[Enrollment]:
    """A school's years, newest first: what its enrollment page lists and filters."""
    return school.enrollments.order_by("-school_year")


def school_enrollment_years(school: School, enrollments=None) -> list[EnrollmentYear]:
    """A school's years, newest first, with their checks. Two queries, any number of years.
    `enrollments` narrows and orders them (school_enrollments filtered, or a page of it)."""
    if enrollments is None:
        enrollments = school_enrollments(school)
    enrollments = list(enrollments)
    sums = enrollment_sums([e.pk for e in enrollments])
    return [
        EnrollmentYear(enrollment=e, checks=enrollment_check(e, sums=sums.get(e.pk, {})))
        for e in enrollments
    ]


def enrollment_count_columns() -> list[tuple[str, str, str]]:
    """(breakdown, group, column name) of every group, in the pages' order: the columns of
    the CSV of counts by group (e.g. race_sex_hispanic_female, grade_09)."""
    return [
        (b, g, f"{b}_{g.replace(':', '_')}")
        for b, groups in BREAKDOWN_GROUPS.items()
        for g in groups
    ]


def enrollment_count_rows(enrollments) -> tuple[list[str], list[list]]:
    """The header and one row per year: school year, total, source, then the count of every
    group (empty where it was not entered). Two queries, any number of years."""
    enrollments = list(enrollments)
    counts: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for enrollment_id, b, g, n in EnrollmentCount.objects.filter(
        enrollment__in=[e.pk for e in enrollments]
    ).values_list("enrollment_id", "breakdown", "group", "count"):
        counts[enrollment_id][(b, g)] = n
    columns = enrollment_count_columns()
    header = ["school_year", "total", "source", *(name for _b, _g, name in columns)]
    rows = [
        [
            school_year_label(e.school_year),
            e.total,
            e.source,
            *(counts[e.pk].get((b, g)) for b, g, _name in columns),
        ]
        for e in enrollments
    ]
    return header, rows


def school_enrollment_get(school: School, year: int) -> Enrollment:
    """One year of a school the caller found through the door; 404 if it is not entered."""
    return get_object_or_404(school.enrollments.select_related("school"), school_year=year)


def enrollment_history(enrollment: Enrollment) -> list[HistoryEntry]:
    """The year's changes and those of its counts by group, each count named by its group
    ("Asian, Female"). A fixed number of queries. A new year adds a row per group, so the
    page shows more events than the usual 200."""
    return history_for(
        enrollment,
        children={EnrollmentCount: _group_name},
        limit=1000,
    )


def _group_name(data: dict) -> str:
    try:
        return group_label(data["breakdown"], data["group"])
    except (KeyError, ValueError):  # a group this version no longer knows
        return f"{data.get('breakdown', '')} {data.get('group', '')}".strip()


def enrollment_counts(enrollment: Enrollment) -> dict[tuple[str, str], int]:
    return {(b, g): n for b, g, n in enrollment.counts.values_list("breakdown", "group", "count")}


# -- the year as tables ----------------------------------------------------------------------


@dataclass
class TableRow:
    label: str
    cells: list[int | None]
    total: int | None
    share: float | None = None  # percent of the school's total, for one-column tables


@dataclass
class BreakdownTable:
    """A breakdown laid out for a page: rows × columns with their totals."""

    breakdown: str
    check: BreakdownCheck
    columns: list[str]  # column headings; one column ("Students") for a single-dimension table
    rows: list[TableRow]
    column_totals: list[int | None] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(Breakdown(self.breakdown).label)

    @property
    def total(self) -> int | None:
        return self.check.sum


def _share(n: int | None, total: int) -> float | None:
    return None if n is None or not total else round(100 * n / total, 1)


def _add(values) -> int | None:
    entered = [v for v in values if v is not None]
    return sum(entered) if entered else None


def enrollment_tables(
    enrollment: Enrollment, counts: dict[tuple[str, str], int] | None = None
) -> list[BreakdownTable]:
    """Race/ethnicity rows × sex columns, then disability, English learner and grade.
    One query (the counts). The nonbinary column shows only where someone entered it."""
    if counts is None:
        counts = enrollment_counts(enrollment)
    sums: dict[str, int] = defaultdict(int)
    for (b, _g), n in counts.items():
        sums[b] += n
    checks = {c.breakdown: c for c in enrollment_check(enrollment, sums=sums)}
    rs = Breakdown.RACE_SEX
    sexes = [
        s for s in Sex if s != Sex.NONBINARY or any((rs, f"{r}:{s}") in counts for r in Race.values)
    ]
    race_rows = [
        TableRow(
            label=str(race.label),
            cells=(cells := [counts.get((rs, f"{race}:{sex}")) for sex in sexes]),
            total=_add(cells),
        )
        for race in Race
    ]
    tables = [
        BreakdownTable(
            breakdown=rs,
            check=checks[rs],
            columns=[str(s.label) for s in sexes],
            rows=race_rows,
            column_totals=[_add(row.cells[i] for row in race_rows) for i in range(len(sexes))],
        )
    ]
    for breakdown, choices in GROUP_CHOICES.items():
        tables.append(
            BreakdownTable(
                breakdown=breakdown,
                check=checks[breakdown],
                columns=[_("Students")],
                rows=[
                    TableRow(
                        label=str(g.label),
                        cells=[(n := counts.get((breakdown, g.value)))],
                        total=n,
                        share=_share(n, enrollment.total),
                    )
                    for g in choices
                    # Grades nobody entered are left out: a high school has no kindergarten.
                    if breakdown != Breakdown.GRADE or (breakdown, g.value) in counts
                ],
            )
        )
    return tables


# -- school profiles ---------------------------------------------------------------------------


def school_profiles(school: School) -> QuerySet[SchoolProfile]:
    return school.profiles.order_by("-school_year")


def school_profile_before(school: School, year: int) -> SchoolProfile | None:
    """The latest profile before `year`: what a new year's form starts from."""
    return school.profiles.filter(school_year__lt=year).order_by("-school_year").first()


# -- the staffing view (NASRO 02.01.03-04) -----------------------------------------------------


@dataclass
class StaffingRow:
    school: School
    enrollment: Enrollment | None  # the latest year, with .idea and .english_learners
    profile: SchoolProfile | None  # the latest year
    officers: list[Officer]  # assigned today, those the user may see
    unseen_officers: int = 0  # assigned today, officers the door does not show this user
    # COPS-2: officers assigned today whom no executed MOU in force covers at this school
    # (ids of those in `officers`, and how many of the unseen ones).
    uncovered: frozenset[int] = frozenset()
    uncovered_unseen: int = 0

    @property
    def uncovered_count(self) -> int:
        return len(self.uncovered) + self.uncovered_unseen

    @property
    def sro_count(self) -> int:
        return len(self.officers) + self.unseen_officers

    @property
    def idea(self) -> int | None:
        return self.enrollment.idea if self.enrollment else None

    @property
    def english_learners(self) -> int | None:
        return self.enrollment.english_learners if self.enrollment else None

    @property
    def enrollment_year(self) -> str:
        return school_year_label(self.enrollment.school_year) if self.enrollment else ""

    @property
    def profile_year(self) -> str:
        return school_year_label(self.profile.school_year) if self.profile else ""

    @property
    def students_per_sro(self) -> int | None:
        if self.enrollment is None or not self.sro_count:
            return None
        return round(self.enrollment.total / self.sro_count)


@dataclass
class Staffing:
    """The rows of one page of the staffing view (or of one chunk of its CSV)."""

    district: District
    today: date
    rows: list[StaffingRow]

    @property
    def without_sro(self) -> list[StaffingRow]:
        return [r for r in self.rows if not r.sro_count]


@dataclass(frozen=True)
class StaffingSummary:
    """The staffing view's figures over every school its filters let through, computed in
    the database (staffing_summary_for), not from the rows of a page."""

    schools: int
    sro_count: int  # SROs assigned today, counted at each school they serve
    total_enrollment: int  # the schools' latest years
    without_sro: int  # schools with no SRO assigned today
    uncovered_count: int  # SRO assignments today no executed MOU in force covers (COPS-2)
    # The (agency, school) pairs behind it, so a page's rows need not ask the check again.
    uncovered: frozenset[tuple[int, int]] = frozenset()


def _count_of(breakdown: str, group: str) -> Subquery:
    """One group's count of the enrollment in the outer query (None if not entered)."""
    return Subquery(
        EnrollmentCount.objects.filter(
            enrollment=OuterRef("pk"), breakdown=breakdown, group=group
        ).values("count")[:1]
    )


def _assigned_on(today: date) -> Subquery:
    """How many officers are assigned today at the school of the outer query (an
    index-only scan of assignment_school_current per school)."""
    return Subquery(
        # door: counted, never named, at the schools the door gives (outer query).
        Assignment.objects.current_on(today)
        .filter(school=OuterRef("pk"))
        .order_by()
        .values("school")
        .annotate(n=Count("officer", distinct=True))
        .values("n")
    )


def staffing_schools_for(user, district: District, *, today: date) -> QuerySet[School]:
    """The schools of the staffing view that the user sees, by name, with what the view
    filters and sorts by: `enrollment_total` (the latest year's), `sro_count` (officers
    assigned today, seen or not) and `students_per_sro`. One query for a page of them:
    PostgreSQL computes the figures only for the rows a page shows, unless it sorts or
    filters by them."""
    latest = Enrollment.objects.filter(school=OuterRef("pk")).order_by("-school_year")
    return (
        access_for(user)
        .schools()
        .filter(district=district)
        .annotate(
            enrollment_total=Subquery(latest.values("total")[:1]),
            sro_count=Coalesce(_assigned_on(today), 0),
        )
        .annotate(students_per_sro=Cast("enrollment_total", FloatField()) / NullIf("sro_count", 0))
        .order_by("name", "pk")
    )


def staffing_summary_for(schools: QuerySet[School], *, today: date) -> StaffingSummary:
    """The summary of `schools` (staffing_schools_for, filtered): three queries, however many
    schools. The SROs are counted from each agency and school with an SRO today, with how
    many of that agency's officers serve there (an officer serves one agency, so these add
    up to each school's count); the MOU check (COPS-2, programs.coverage) gets those pairs."""
    # Named apart from the annotations they add up (an aggregate may not shadow one).
    figures = schools.order_by().aggregate(
        n_schools=Count("pk"), n_enrolled=Coalesce(Sum("enrollment_total"), 0)
    )
    placements = (
        # door: the schools come from the door (staffing_schools_for); officers only counted.
        Assignment.objects.current_on(today)
        .filter(school__in=schools.order_by().values("pk"))
        .values_list("officer__agency_id", "school_id")
        .annotate(n=Count("officer", distinct=True))
        .order_by()
    )
    officers = {(agency_id, school_id): n for agency_id, school_id, n in placements}
    uncovered = coverage.uncovered(set(officers), on=today)
    return StaffingSummary(
        schools=figures["n_schools"],
        sro_count=sum(officers.values()),
        total_enrollment=figures["n_enrolled"],
        without_sro=figures["n_schools"] - len({school_id for _a, school_id in officers}),
        uncovered_count=sum(officers[p] for p in uncovered),
        uncovered=frozenset(uncovered),
    )


def staffing_own_schools(user, district: District) -> list[School]:
    """The schools a staffing page is about when the user sees `district` only through the
    schools they administer (a school administrator): those schools, by name. Empty when the
    user sees the whole district. The rows are scoped by the door either way
    (staffing_schools_for starts from access.schools())."""
    access = access_for(user)
    if access.sees_whole_district(district.pk):
        return []
    return list(access.schools().filter(district=district).order_by("name"))


def staffing_title(district: District, own_schools: list[School]) -> str:
    """What the staffing page and the links to it are called for this user."""
    if len(own_schools) == 1:
        return _("Staffing of %(school)s") % {"school": own_schools[0].name}
    if own_schools:
        return _("Staffing of your schools in %(district)s") % {"district": district.name}
    return _("Staffing of %(district)s's schools") % {"district": district.name}


def district_staffing_for(
    user,
    district: District,
    *,
    today: date,
    schools: Iterable[School] | None = None,
    summary: StaffingSummary | None = None,
) -> Staffing:
    """One row per school of `schools` (one page of staffing_schools_for, filtered by
    StaffingFilter; all the user sees in `district` by default): its latest enrollment and
    profile and the SROs assigned today (NASRO 02.01.03: at least one SRO per school, sized by
    enrollment and the profile's figures; 02.01.04: special education and ESL), and which of
    them no executed MOU in force covers (COPS-2, programs.coverage). Six queries, each over
    the given schools only: pass a page, not every school of a big district. Given the
    page's `summary` (staffing_summary_for), whose MOU check covered these schools, five.

    Officers are named only through the door (access.officers()). A school whose SRO the user
    may not see (an SRO sees their own record only) counts that officer without naming them,
    so the school is not wrongly flagged as having no SRO.
    """
    access = access_for(user)
    if schools is None:
        schools = staffing_schools_for(user, district, today=today)
    schools = list(schools)
    ids = [s.pk for s in schools]
    latest_year = (
        Enrollment.objects.filter(school=OuterRef("school"))
        .order_by("-school_year")
        .values("school_year")[:1]
    )
    enrollments = {
        e.school_id: e
        # Each school's latest year only, so its counts by group are read for that year alone.
        for e in Enrollment.objects.filter(school_id__in=ids, school_year=Subquery(latest_year))
        .annotate(
            idea=_count_of(Breakdown.DISABILITY, Disability.IDEA),
            english_learners=_count_of(Breakdown.ENGLISH_LEARNER, EnglishLearner.YES),
        )
        .order_by()
    }
    profiles = {
        p.school_id: p
        for p in SchoolProfile.objects.filter(school_id__in=ids)
        .order_by("school_id", "-school_year")
        .distinct("school_id")
    }
    assigned: dict[int, set[int]] = defaultdict(set)
    placements: set[tuple[int, int, int]] = set()  # (agency, school, officer)
    # door: schools from the door; officers are named below only through access.officers().
    current = Assignment.objects.current_on(today).filter(school_id__in=ids)
    for school_id, officer_id, agency_id in current.values_list(
        "school_id", "officer_id", "officer__agency_id"
    ):
        assigned[school_id].add(officer_id)
        placements.add((agency_id, school_id, officer_id))
    # The page's summary has checked every school's placements already (COPS-2).
    uncovered_pairs = (
        summary.uncovered
        if summary is not None
        else coverage.uncovered({(a, s) for a, s, _o in placements}, on=today)
    )
    uncovered: dict[int, set[int]] = defaultdict(set)  # school -> officers
    for agency_id, school_id, officer_id in placements:
        if (agency_id, school_id) in uncovered_pairs:
            uncovered[school_id].add(officer_id)
    visible = {
        o.pk: o
        for o in access.officers().filter(
            pk__in={pk for officer_ids in assigned.values() for pk in officer_ids}
        )
    }
    rows = []
    for school in schools:
        officer_ids = assigned.get(school.pk, set())
        officers = sorted(
            (visible[pk] for pk in officer_ids if pk in visible),
            key=lambda o: (o.last_name, o.first_name),
        )
        rows.append(
            StaffingRow(
                school=school,
                enrollment=enrollments.get(school.pk),
                profile=profiles.get(school.pk),
                officers=officers,
                unseen_officers=len(officer_ids) - len(officers),
                uncovered=frozenset(pk for pk in uncovered[school.pk] if pk in visible),
                uncovered_unseen=sum(1 for pk in uncovered[school.pk] if pk not in visible),
            )
        )
    return Staffing(district=district, today=today, rows=rows)


def district_staffing_rows(
    user, district: District, *, today: date, schools: QuerySet[School], chunk: int = 500
) -> Iterator[StaffingRow]:
    """Every row of `schools` (ordered), built `chunk` schools at a time: what the CSV
    streams, in six queries per chunk, never holding every school's rows at once."""
    start = 0
    while part := list(schools[start : start + chunk]):
        yield from district_staffing_for(user, district, today=today, schools=part).rows
        start += chunk
