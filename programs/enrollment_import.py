"""Import enrollment by group from a file in the Civil Rights Data Collection (CRDC) layout.

All or nothing, as the training import (programs/training_import.py): every row is checked
first and shown with its result; a file with any bad row saves nothing; a clean file saves
every row in one transaction, replacing that year's counts for its schools. The same file
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

import csv
import io
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from programs.clock import district_today
from programs.groups import CRDC_RACE, CRDC_SEX, Disability, EnglishLearner, Grade
from programs.models import District, Enrollment, EnrollmentCount, School
from programs.selectors.enrollment import BreakdownCheck, enrollment_check
from programs.services.enrollment import enrollment_save
from sro_admin.errors import RuleViolation

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


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    school: School | None = None
    total: int | None = None
    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    checks: list[BreakdownCheck] = field(default_factory=list)
    status: str = ""  # "new", "changed" or "unchanged", once the row is ok

    @property
    def ok(self) -> bool:
        return not self.errors

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

    @property
    def warnings(self) -> list[str]:
        return [c.message for c in self.checks if c.differs]


@dataclass
class ImportResult:
    rows: list[ImportRow]
    breakdowns: list[str]  # the breakdowns the file carries
    saved: int = 0  # schools whose enrollment changed

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if not row.ok)

    @property
    def has_grades(self) -> bool:
        return Breakdown.GRADE in self.breakdowns

    @property
    def unchanged(self) -> bool:
        return all(row.status == "unchanged" for row in self.rows)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # Excel on Windows saves "CSV" in its own code page
        return content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise RuleViolation(
            _("The file is not text. Save it as CSV (UTF-8)."), field="file"
        ) from error


def parse_csv(content: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(line number, values)]). Raises RuleViolation for a file we cannot read."""
    if len(content) > MAX_BYTES:
        raise RuleViolation(
            _("The file is larger than 1 MB; split it into smaller files."), field="file"
        )
    reader = csv.DictReader(io.StringIO(_decode(content)))
    header = [(h or "").strip().upper() for h in (reader.fieldnames or [])]
    if "COMBOKEY" not in header and "SCH_NAME" not in header:
        raise RuleViolation(
            _(
                "The header row needs a COMBOKEY column (the 12-digit NCES school ID) or a "
                "SCH_NAME column (the school's name)."
            ),
            field="file",
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise RuleViolation(
            _("The header row lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)},
            field="file",
        )
    reader.fieldnames = header
    rows = [
        (reader.line_num, {k: (v or "").strip() for k, v in row.items() if k})
        for row in reader
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]
    if not rows:
        raise RuleViolation(_("The file has no rows under its header."), field="file")
    if len(rows) > MAX_ROWS:
        raise RuleViolation(_("The file has more than 5,000 rows; split it."), field="file")
    return header, rows


def _combokey(value: str) -> str:
    # Spreadsheets drop the leading zero of states 01-09 (Alabama's 0100005...): put it back.
    return value.zfill(12) if value.isdigit() and len(value) < 12 else value


def _number(row: ImportRow, column: str, *, required: bool) -> int | None:
    raw = row.values.get(column, "")
    if raw == "":
        if required:
            row.errors.append(
                _("%(column)s is empty; write 0 if there are no students.") % {"column": column}
            )
        return None
    try:
        value = int(raw)
    except ValueError:
        row.errors.append(
            _("%(column)s must be a whole number, not “%(value)s”.")
            % {"column": column, "value": raw}
        )
        return None
    if value < 0:
        row.errors.append(
            _(
                "%(column)s is %(value)s: the CRDC writes negative numbers as reserve codes "
                "(for example -9 not applicable), not counts. Enter the number of students "
                "(0 if none)."
            )
            % {"column": column, "value": value}
        )
        return None
    return value


def _read_numbers(row: ImportRow, header: list[str]) -> None:
    """Fill row.total and row.counts from the row's columns, or add errors."""
    errors_before = len(row.errors)
    numbers = {
        column: _number(row, column, required=column in REQUIRED_COLUMNS)
        for column in NUMBER_COLUMNS
        if column in header
    }
    if len(row.errors) > errors_before:
        return

    def family(name: str) -> int:
        return sum(numbers.get(f"{name}_{sex}") or 0 for sex in (*SEXES, "X"))

    total = row.total = family("TOT_ENR")
    for column, (race, sex) in RACE_COLUMNS.items():
        if numbers.get(column) is not None:
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
        if numbers.get(column) is not None:
            row.counts[(Breakdown.GRADE, grade.value)] = numbers[column]


def _check(
    district: District, school_year: int, header: list[str], parsed, breakdowns: list[str]
) -> list[ImportRow]:
    """Check every row. Three queries whatever the file's length."""
    rows = [ImportRow(line=line, values=values) for line, values in parsed]
    schools = list(School.objects.filter(district=district))
    by_nces = {s.nces_id: s for s in schools if s.nces_id}
    by_name = {s.name.casefold(): s for s in schools}
    seen: dict[int, int] = {}
    for row in rows:
        key = _combokey(row.values.get("COMBOKEY", ""))
        name = row.values.get("SCH_NAME", "")
        row.school = by_nces.get(key) or by_name.get(name.casefold())
        if row.school is None:
            row.errors.append(
                _("No school in %(district)s has NCES ID “%(key)s” or the name “%(name)s”.")
                % {"district": district, "key": key, "name": name}
            )
        elif row.school.pk in seen:
            row.errors.append(
                _("%(school)s is already on line %(line)s.")
                % {"school": row.school, "line": seen[row.school.pk]}
            )
        else:
            seen[row.school.pk] = row.line
        _read_numbers(row, header)
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
        row.checks = [c for c in enrollment_check(checked, sums=sums) if c.breakdown in breakdowns]
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
    return rows


def enrollment_import(
    *, district: District, school_year: int, content: bytes, save: bool
) -> ImportResult:
    """Check a CRDC file's rows; with save=True and no bad row, save them all at once."""
    header, parsed = parse_csv(content)
    breakdowns = [Breakdown.RACE_SEX, Breakdown.DISABILITY, Breakdown.ENGLISH_LEARNER]
    if any(column in header for column in GRADE_COLUMNS):
        breakdowns.append(Breakdown.GRADE)
    result = ImportResult(
        rows=_check(district, school_year, header, parsed, breakdowns), breakdowns=breakdowns
    )
    if save and result.ok:
        today = district_today(district)  # the school-year check's, once for every school
        try:
            with transaction.atomic():
                for row in result.rows:
                    if row.status == "unchanged":
                        continue
                    enrollment_save(
                        school=row.school,
                        school_year=school_year,
                        total=row.total,
                        counts=row.counts,
                        source=Enrollment.Source.CRDC_IMPORT,
                        breakdowns=breakdowns,
                        today=today,
                    )
                    result.saved += 1
        except IntegrityError as error:  # someone added one of these years meanwhile
            raise RuleViolation(
                _("Enrollment for one of these schools was added while you looked. Try again."),
                field="file",
            ) from error
    return result
