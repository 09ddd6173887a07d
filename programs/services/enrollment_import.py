"""Import enrollment by group from a file in the Civil Rights Data Collection (CRDC) layout.

All or nothing, as the training import (programs/services/training_import.py): every row is
checked first, batch by batch, and the preview counts them and lists the rows with a problem
or a warning; a file with any bad row saves nothing; a clean file saves every row in one
transaction, replacing that year's counts for its schools. The same file
twice changes nothing (enrollment_save writes only what differs).

Columns (header row required, any order, any case; other columns are ignored):
- COMBOKEY, the 12-digit NCES school ID, matched within the district; or SCH_NAME, the
  school's name (case aside), used when there is no COMBOKEY or it matches no school.
- TOT_ENR_M, TOT_ENR_F (TOT_ENR_X optional): the total is their sum.
- SCH_ENR_<race>_M/_F (_X optional), race in HI AM AS HP BL WH TR: race/ethnicity by sex.
- SCH_ENR_IDEA_M/F(/X), SCH_ENR_504_M/F(/X): disability (IDEA; Section 504 only; neither is
  the rest of the total).
- SCH_ENR_LEP_M/F(/X): English learners (the rest of the total are not).
- G_PK, G_KG, G_01 ... G_12, G_UG (optional): enrollment by grade. Our own extension, not
  part of the CRDC. Without them the grades already stored are kept.
The CRDC writes negative numbers as reserve codes (-9 not applicable, -5 action plan, ...).
They are not counts of students, so any negative number is an error on its row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.access import CHANGE, access_for, require
from programs.clock import district_today
from programs.groups import CRDC_RACE, CRDC_SEX, Disability, EnglishLearner, Grade
from programs.models import District, Enrollment, EnrollmentCount, School
from programs.models.enrollment import MAX_STUDENTS
from programs.selectors.enrollment import BreakdownCheck, enrollment_check
from programs.services.enrollment import _enrollment_save
from programs.uploads import Integer, Layout, Result, Row, Text, check_rows, read_csv, save_all
from programs.uploads.columns import shown
from sro_admin.errors import RuleViolation
from sro_admin.models import User

Breakdown = EnrollmentCount.Breakdown
MAX_BYTES = 1_000_000
MAX_ROWS = 5_000

SEXES = ("M", "F")  # required; "X" (nonbinary, since 2021-22) is optional
RACE_COLUMNS = {
    f"SCH_ENR_{code}_{sex}": (race, CRDC_SEX[sex])
    for code, race in CRDC_RACE.items()
    for sex in (*SEXES, "X")
}
FAMILIES = ("TOT_ENR", "SCH_ENR_IDEA", "SCH_ENR_504", "SCH_ENR_LEP")
GRADE_COLUMNS = {
    "G_PK": Grade.PK,
    "G_KG": Grade.K,
    **{f"G_{n:02d}": Grade(f"{n:02d}") for n in range(1, 13)},
    "G_UG": Grade.UNGRADED,
}
REQUIRED_COLUMNS = [f"{family}_{sex}" for family in FAMILIES for sex in SEXES] + [
    name for name in RACE_COLUMNS if not name.endswith("_X")
]
NUMBER_COLUMNS = [
    *REQUIRED_COLUMNS,
    *(f"{family}_X" for family in FAMILIES),
    *(name for name in RACE_COLUMNS if name.endswith("_X")),
    *GRADE_COLUMNS,
]
COUNT_MESSAGES = {
    "empty": gettext_lazy("%(column)s is empty; write 0 if there are no students."),
    "min": gettext_lazy(
        "%(column)s is %(value)s: the CRDC writes negative numbers as reserve codes "
        "(for example -9 not applicable), not counts. Enter the number of students "
        "(0 if none)."
    ),
}


def _check_header(header: list[str]) -> None:
    if "COMBOKEY" not in header and "SCH_NAME" not in header:
        raise RuleViolation(
            _(
                "The header row needs a COMBOKEY column (the 12-digit NCES school ID) or a "
                "SCH_NAME column (the school's name)."
            ),
            field="file",
        )


def _count_column(name: str) -> Integer:
    required = name in REQUIRED_COLUMNS
    return Integer.for_field(
        EnrollmentCount._meta.get_field("count"),
        name=name,
        max_value=MAX_STUDENTS,
        required=required,
        blank=not required,  # an optional column left empty is "not entered"
        messages=COUNT_MESSAGES,
    )


LAYOUT = Layout(
    columns=[
        # Matched against the district's schools, not stored: as long as a school's name.
        Text.for_field(School._meta.get_field("name"), name="COMBOKEY", required=False, blank=True),
        Text.for_field(School._meta.get_field("name"), name="SCH_NAME", required=False, blank=True),
        *(_count_column(name) for name in NUMBER_COLUMNS),
    ],
    upper_case=True,
    max_bytes=MAX_BYTES,
    max_rows=MAX_ROWS,
    check_header=_check_header,
)


@dataclass(kw_only=True)
class ImportRow(Row):
    school: School | None = None
    total: int | None = None
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    checks: list[BreakdownCheck] = field(default_factory=list)
    status: str = ""  # "new", "changed" or "unchanged", once the row is ok

    @property
    def key(self) -> str:
        """How the file names the school."""
        return self.values.get("COMBOKEY") or self.values.get("SCH_NAME", "")

    def count(self, breakdown: str, group: str) -> int | None:
        return self.counts.get((breakdown, group))

    @property
    def race_sex_sum(self) -> int | None:
        values = [n for (b, _g), n in self.counts.items() if b == Breakdown.RACE_SEX]
        return sum(values) if values else None

    @property
    def idea(self) -> int | None:
        return self.count(Breakdown.DISABILITY, Disability.IDEA)

    @property
    def section_504(self) -> int | None:
        return self.count(Breakdown.DISABILITY, Disability.SECTION_504)

    @property
    def english_learners(self) -> int | None:
        return self.count(Breakdown.ENGLISH_LEARNER, EnglishLearner.YES)


@dataclass(kw_only=True)
class ImportResult(Result):
    breakdowns: list[str] = field(default_factory=list)  # the breakdowns the file carries
    statuses: Counter = field(default_factory=Counter)  # ready rows by status

    @property
    def has_grades(self) -> bool:
        return Breakdown.GRADE in self.breakdowns

    @property
    def unchanged(self) -> bool:
        return self.ok and self.statuses["unchanged"] == self.read

    def add(self, rows: list[ImportRow]) -> None:
        super().add(rows)
        self.statuses.update(row.status for row in rows if row.ok)


def _combokey(value: str) -> str:
    # Spreadsheets drop the leading zero of states 01-09 (Alabama's 0100005...): put it back.
    if value.isascii() and value.isdigit() and len(value) < 12:
        return value.zfill(12)
    return value


def _read_numbers(row: ImportRow) -> None:
    """Fill row.total and row.counts from the row's parsed numbers, or add errors."""
    if not row.ok:  # a number was refused: no sums to check
        return
    numbers = {c: row.cleaned[c] for c in NUMBER_COLUMNS if row.cleaned.get(c) is not None}

    def family(name: str) -> int:
        return sum(numbers.get(f"{name}_{sex}") or 0 for sex in (*SEXES, "X"))

    total = row.total = family("TOT_ENR")
    if total > MAX_STUDENTS:
        row.errors.append(
            _("The total enrollment (TOT_ENR_M, _F and _X) is %(total)s, more than %(max)s.")
            % {
                "total": number_format(total, force_grouping=True),
                "max": number_format(MAX_STUDENTS, force_grouping=True),
            }
        )
        return
    for column, (race, sex) in RACE_COLUMNS.items():
        if column in numbers:
            row.counts[(Breakdown.RACE_SEX, f"{race}:{sex}")] = numbers[column]
    idea, only_504, lep = family("SCH_ENR_IDEA"), family("SCH_ENR_504"), family("SCH_ENR_LEP")
    if idea + only_504 > total:
        row.errors.append(
            _(
                "Students with disabilities (IDEA %(idea)s plus Section 504 %(s504)s) are more "
                "than the total enrollment of %(total)s."
            )
            % {"idea": idea, "s504": only_504, "total": total}
        )
    else:
        row.counts[(Breakdown.DISABILITY, Disability.IDEA)] = idea
        row.counts[(Breakdown.DISABILITY, Disability.SECTION_504)] = only_504
        row.counts[(Breakdown.DISABILITY, Disability.NEITHER)] = total - idea - only_504
    if lep > total:
        row.errors.append(
            _("English learners (%(lep)s) are more than the total enrollment of %(total)s.")
            % {"lep": lep, "total": total}
        )
    else:
        row.counts[(Breakdown.ENGLISH_LEARNER, EnglishLearner.YES)] = lep
        row.counts[(Breakdown.ENGLISH_LEARNER, EnglishLearner.NO)] = total - lep
    for column, grade in GRADE_COLUMNS.items():
        if column in numbers:
            row.counts[(Breakdown.GRADE, grade.value)] = numbers[column]


class _Checks:
    """The checks that need the database, batch by batch: the district's schools once (one
    query), then two queries a batch (its schools' stored year, with their counts). Across
    batches they remember the line of each school, for "already on line N"."""

    def __init__(self, district: District, school_year: int, breakdowns: list[str]):
        self.district, self.school_year, self.breakdowns = district, school_year, breakdowns
        self.by_nces: dict[str, School] | None = None
        self.by_name: dict[str, School] = {}
        self.lines: dict[int, int] = {}

    def _schools(self) -> None:
        schools = list(School.objects.filter(district=self.district))
        self.by_nces = {s.nces_id: s for s in schools if s.nces_id}
        self.by_name = {s.name.casefold(): s for s in schools}

    def __call__(self, rows: list[ImportRow]) -> None:
        if self.by_nces is None:
            self._schools()
        district, school_year, breakdowns = self.district, self.school_year, self.breakdowns
        seen = self.lines
        for row in rows:
            key = _combokey(row.cleaned.get("COMBOKEY") or "")
            name = row.cleaned.get("SCH_NAME") or ""
            row.school = self.by_nces.get(key) or self.by_name.get(name.casefold())
            if "COMBOKEY" not in row.cleaned and "SCH_NAME" not in row.cleaned:
                pass  # both refused by their columns, which say why
            elif row.school is None:
                row.errors.append(
                    _("No school in %(district)s has NCES ID “%(key)s” or the name “%(name)s”.")
                    % {"district": district, "key": shown(key), "name": shown(name)}
                )
            elif row.school.pk in seen:
                row.errors.append(
                    _("%(school)s is already on line %(line)s.")
                    % {"school": row.school, "line": seen[row.school.pk]}
                )
            else:
                seen[row.school.pk] = row.line
            _read_numbers(row)
        ok = [r for r in rows if r.ok]
        stored = {
            e.school_id: e
            for e in Enrollment.objects.filter(
                school__in=[r.school for r in ok], school_year=school_year
            ).prefetch_related("counts")
        }
        for row in ok:
            checked = Enrollment(school=row.school, school_year=school_year, total=row.total)
            sums: dict[str, int] = {}
            for (b, _g), n in row.counts.items():
                sums[b] = sums.get(b, 0) + n
            row.checks = [
                c for c in enrollment_check(checked, sums=sums) if c.breakdown in breakdowns
            ]
            row.warnings = [c.message for c in row.checks if c.differs]
            before = stored.get(row.school.pk)
            if before is None:
                row.status = "new"
                continue
            counts = {
                (c.breakdown, c.group): c.count
                for c in before.counts.all()
                if c.breakdown in breakdowns
            }
            same = (
                before.total == row.total
                and before.source == Enrollment.Source.CRDC_IMPORT
                and counts == row.counts
            )
            row.status = "unchanged" if same else "changed"


def enrollment_import(
    *, actor: User, district: District, school_year: int, content: bytes, save: bool
) -> ImportResult:
    """Check a CRDC file's rows; with save=True and no bad row, save them all at once.
    Raises RuleViolation for a file that cannot be read as a CRDC enrollment file.

    The district's administrators import for all its schools; the door is asked once, for
    the district, even to check a file (its rows name the district's schools)."""
    require(access_for(actor).districts(CHANGE), district)
    upload = read_csv(content, LAYOUT, row_type=ImportRow)
    breakdowns = [Breakdown.RACE_SEX, Breakdown.DISABILITY, Breakdown.ENGLISH_LEARNER]
    if any(column in upload.header for column in GRADE_COLUMNS):
        breakdowns.append(Breakdown.GRADE)
    result = check_rows(
        upload, _Checks(district, school_year, breakdowns), ImportResult(breakdowns=breakdowns)
    )
    changed_meanwhile = _(
        "Enrollment for one of these schools was added while you looked. Try again."
    )
    if save and result.ok:
        today = district_today(district)  # the school-year check's, once for every school

        def save_rows() -> int:
            # Batch by batch again, each checked again (the saves query as they go: this is
            # no single COPY), and saved unless it is unchanged.
            checks, saved = _Checks(district, school_year, breakdowns), 0
            for batch in upload.batches():
                checks(batch)
                for row in batch:
                    if not row.ok:
                        raise RuleViolation(changed_meanwhile, field="file")
                    if row.status == "unchanged":
                        continue
                    _enrollment_save(
                        school=row.school,
                        school_year=school_year,
                        total=row.total,
                        counts=row.counts,
                        source=Enrollment.Source.CRDC_IMPORT,
                        breakdowns=breakdowns,
                        today=today,
                    )
                    saved += 1
            return saved

        save_all(result, save_rows, changed_meanwhile=changed_meanwhile)
    return result
