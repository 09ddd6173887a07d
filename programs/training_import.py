"""Import training records from a CSV export of an agency's training system.

All or nothing: every row is checked first and shown with its result; a file with any bad
row saves nothing; a clean file saves every row in one transaction. The same file twice
adds nothing (its rows are then duplicates of existing records, and say so).

Columns (header row required, any order, extra columns ignored):
badge_number, course_code, completed_on (YYYY-MM-DD), hours, provider (optional).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from programs.clock import agency_today
from programs.models import Agency, Course, Officer, TrainingRecord
from sro_admin.errors import RuleViolation

REQUIRED_COLUMNS = ("badge_number", "course_code", "completed_on", "hours")
MAX_BYTES = 1_000_000
MAX_ROWS = 5_000


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    officer: Officer | None = None
    course: Course | None = None
    completed_on: date | None = None
    hours: Decimal | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    rows: list[ImportRow]
    saved: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if not row.ok)


def parse_csv(content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, values) per data row. Raises RuleViolation for a file that is not one."""
    if len(content) > MAX_BYTES:
        raise RuleViolation(
            _("The file is larger than 1 MB; split it into smaller files."), field="file"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RuleViolation(
            _("The file is not UTF-8 text. Save it as CSV (UTF-8)."), field="file"
        ) from error
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
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
    return rows


def _check(agency: Agency, parsed: list[tuple[int, dict[str, str]]]) -> list[ImportRow]:
    """Check every row. A fixed number of queries whatever the file's length."""
    rows = [ImportRow(line=line, values=values) for line, values in parsed]
    badges = {r.values.get("badge_number", "") for r in rows}
    codes = {r.values.get("course_code", "") for r in rows}
    officers = {
        o.badge_number: o for o in Officer.objects.filter(agency=agency, badge_number__in=badges)
    }
    # The shared catalogue plus the courses of programs the agency serves.
    courses = {
        c.code: c
        for c in Course.objects.filter(code__in=codes, is_active=True).filter(
            Q(program__isnull=True) | Q(program__district__agency_links__agency=agency)
        )
    }
    today = agency_today(agency)  # as for one record: programs.clock.officer_today
    for row in rows:
        badge, code = row.values.get("badge_number", ""), row.values.get("course_code", "")
        row.officer = officers.get(badge)
        if row.officer is None:
            row.errors.append(
                _("No officer with badge “%(badge)s” in %(agency)s.")
                % {"badge": badge, "agency": agency}
            )
        row.course = courses.get(code)
        if row.course is None:
            row.errors.append(_("Unknown course code “%(code)s”.") % {"code": code})
        try:
            row.completed_on = date.fromisoformat(row.values.get("completed_on", ""))
        except ValueError:
            row.errors.append(_("The completion date must be a date written YYYY-MM-DD."))
        else:
            if row.completed_on > today:
                row.errors.append(_("The completion date is in the future."))
        try:
            row.hours = Decimal(row.values.get("hours", ""))
            if not row.hours.is_finite() or row.hours <= 0:
                raise InvalidOperation
        except InvalidOperation:
            row.hours = None
            row.errors.append(_("Hours must be a positive number."))
    keyed = [r for r in rows if r.officer and r.course and r.completed_on]
    existing = set(
        TrainingRecord.objects.filter(
            officer__in={r.officer for r in keyed},
            course__in={r.course for r in keyed},
            completed_on__in={r.completed_on for r in keyed},
        ).values_list("officer_id", "course_id", "completed_on")
    )
    seen: dict[tuple, int] = {}
    for row in keyed:
        key = (row.officer.pk, row.course.pk, row.completed_on)
        if key in existing:
            row.errors.append(_("Already recorded: this officer, course and date."))
        elif key in seen:
            row.errors.append(_("Repeats line %(line)s.") % {"line": seen[key]})
        else:
            seen[key] = row.line
    return rows


def training_record_import(*, agency: Agency, content: bytes, save: bool) -> ImportResult:
    """Check a file's rows; with save=True and no bad row, save them all at once."""
    result = ImportResult(rows=_check(agency, parse_csv(content)))
    if save and result.ok:
        try:
            with transaction.atomic():
                TrainingRecord.objects.bulk_create(
                    TrainingRecord(
                        officer=r.officer,
                        course=r.course,
                        completed_on=r.completed_on,
                        hours=r.hours,
                        provider=r.values.get("provider", "")[:200],
                    )
                    for r in result.rows
                )
        except IntegrityError as error:  # someone recorded one of these rows meanwhile
            raise RuleViolation(
                _(
                    "Some of these records were added while you looked. Upload the file again "
                    "to see which."
                ),
                field="file",
            ) from error
        result.saved = len(result.rows)
    return result
