"""Import training records from a CSV export of an agency's training system (COPS-8).

All or nothing: every row is checked first, batch by batch, and the preview counts them and
lists the rows with a problem; a file with any bad row saves nothing; a clean file saves
every row in one transaction, through one COPY (sro_admin.bulk). The same file twice adds
nothing (its rows are then duplicates of existing records, and say so). Reading, parsing
and the page flow are the shared upload workflow's (programs/uploads/).

Columns (header row required, any order, any case, extra columns ignored):
badge_number, course_code, completed_on (YYYY-MM-DD), hours, provider (optional).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.access import CHANGE, access_for, require
from programs.clock import agency_today
from programs.models import Agency, Course, Officer, Program, TrainingRecord
from programs.models.program import EARLIEST_RECORD_YEAR
from programs.selectors.training import training_courses_for
from programs.uploads import (
    DecimalNumber,
    IsoDate,
    Layout,
    Result,
    Row,
    Text,
    Upload,
    check_rows,
    read_csv,
    save_all,
)
from sro_admin.bulk import bulk_insert
from sro_admin.models import User
from sro_admin.sql import one_array

# A year of a large agency's training in one file (New York City: about 5,000 officers and
# 100,000 records, some 5 MB).
MAX_BYTES = 16_000_000
MAX_ROWS = 200_000
BATCH_ROWS = 5_000  # rows checked at a time, with at most three queries
COLUMNS = ["badge_number", "course_code", "completed_on", "hours", "provider"]
REQUIRED_COLUMNS = tuple(COLUMNS[:4])
SAVED_FIELDS = ["officer", "course", "completed_on", "hours", "provider"]

_field = TrainingRecord._meta.get_field
HOURS_MESSAGE = gettext_lazy("Hours must be a positive number.")


@dataclass(kw_only=True)
class ImportRow(Row):
    officer: Officer | None = None
    course: Course | None = None

    @property
    def completed_on(self) -> date | None:
        return self.cleaned.get("completed_on")

    @property
    def hours(self):
        return self.cleaned.get("hours")


def earliest_year(agency: Agency) -> int:
    """The earliest plausible year of the programs the agency serves (the most lenient)."""
    found = Program.objects.filter(district__agency_links__agency=agency).aggregate(
        year=Min("earliest_record_year")
    )["year"]
    return found or EARLIEST_RECORD_YEAR


def layout(agency: Agency) -> Layout:
    today = agency_today(agency)  # as for one record: programs.clock.officer_today
    return Layout(
        columns=[
            Text.for_field(
                Officer._meta.get_field("badge_number"),
                name="badge_number",
                label=gettext_lazy("Badge number"),
            ),
            Text.for_field(
                Course._meta.get_field("code"),
                name="course_code",
                label=gettext_lazy("Course code"),
            ),
            IsoDate(
                name="completed_on",
                label=gettext_lazy("The completion date"),
                earliest_year=earliest_year(agency),
                latest=today,
                messages={
                    "date": gettext_lazy("The completion date must be a date written YYYY-MM-DD."),
                    "future": gettext_lazy("The completion date is in the future."),
                    "early": gettext_lazy(
                        "The completion date is before %(year)s, the earliest year the programs "
                        "this agency serves accept (a program setting)."
                    ),
                },
            ),
            DecimalNumber.for_field(
                _field("hours"),
                name="hours",
                label=gettext_lazy("Hours"),
                messages={"decimal": HOURS_MESSAGE, "min": HOURS_MESSAGE},
            ),
            Text.for_field(
                _field("provider"),
                name="provider",
                label=gettext_lazy("Provider"),
                required=False,
                blank=True,
            ),
        ],
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        batch_rows=BATCH_ROWS,
    )


class _Checks:
    """The checks that need the database, batch by batch: at most three queries a batch
    (the officers and courses it names that no earlier batch did, and which of its records
    are already stored), whatever its length. What they learn serves the later batches and
    the save: the officers by badge and the courses by code (as many as the agency has), and
    the key and line of each row so far, for "Repeats line N"."""

    def __init__(self, agency: Agency):
        self.agency = agency
        self.officers: dict[str, Officer | None] = {}  # by badge; None: no such officer
        self.officer_ids: dict[str, int] = {}
        # By code: the course and its id, or None and why the code is refused.
        self.courses: dict[str, tuple[Course | None, int | None, str]] = {}
        self.lines: dict[tuple[int, int, date], int] = {}

    def _learn(self, rows: list[ImportRow]) -> None:
        """Look up the badges and course codes of `rows` that no earlier batch named."""
        agency, officers, courses = self.agency, self.officers, self.courses
        badges = {r.cleaned["badge_number"] for r in rows if "badge_number" in r.cleaned}
        if new := badges - officers.keys():
            officers.update(dict.fromkeys(new))
            in_file = one_array(new, of="text")
            for o in Officer.objects.filter(agency=agency, badge_number__in=in_file):
                officers[o.badge_number] = o
                self.officer_ids[o.badge_number] = o.pk
        codes = {r.cleaned["course_code"] for r in rows if "course_code" in r.cleaned}
        if new := codes - courses.keys():
            found: dict[str, list[Course]] = {code: [] for code in new}
            for course in training_courses_for([agency]).filter(code__in=new):
                found[course.code].append(course)
            for code, named in found.items():
                if len(named) == 1:
                    courses[code] = (named[0], named[0].pk, "")
                elif not named:
                    courses[code] = (
                        None,
                        None,
                        _("Unknown course code “%(code)s”.") % {"code": code},
                    )
                else:  # two programs the agency serves each added a course with this code
                    courses[code] = (
                        None,
                        None,
                        _(
                            "The course code “%(code)s” names courses of several programs: "
                            "%(courses)s. Record these on each officer's page."
                        )
                        % {"code": code, "courses": "; ".join(str(c.program) for c in named)},
                    )

    def __call__(self, rows: list[ImportRow]) -> None:
        self._learn(rows)
        agency, officers, officer_ids, courses = (
            self.agency,
            self.officers,
            self.officer_ids,
            self.courses,
        )
        keyed = []
        for row in rows:
            cleaned = row.cleaned
            badge = cleaned.get("badge_number")
            officer = course_id = None
            if badge is not None:
                officer = row.officer = officers[badge]
                if officer is None:
                    row.errors.append(
                        _("No officer with badge “%(badge)s” in %(agency)s.")
                        % {"badge": badge, "agency": agency}
                    )
            code = cleaned.get("course_code")
            if code is not None:
                row.course, course_id, problem = courses[code]
                if course_id is None:
                    row.errors.append(problem)
            day = cleaned.get("completed_on")
            if officer is not None and course_id is not None and day is not None:
                keyed.append((row, (officer_ids[badge], course_id, day)))
        stored = _stored([key for _row, key in keyed])
        lines = self.lines
        for row, key in keyed:
            if key in stored:
                row.errors.append(_("Already recorded: this officer, course and date."))
            elif key in lines:
                row.errors.append(_("Repeats line %(line)s.") % {"line": lines[key]})
            else:
                lines[key] = row.line

    def records(self, upload: Upload) -> Iterator[tuple]:
        """The rows to save, as values of SAVED_FIELDS, read again from the file whose rows
        were all checked ready: officers and courses from what the check found, so that
        nothing queries the database while the COPY reads them."""
        course_ids = {code: course_id for code, (_c, course_id, _p) in self.courses.items()}
        return upload.values(
            COLUMNS,
            then={
                "badge_number": self.officer_ids.__getitem__,
                "course_code": course_ids.__getitem__,
            },
        )


def _stored(keys: list[tuple[int, int, date]]) -> set[tuple[int, int, date]]:
    """Which of these (officer, course, completed_on) are recorded already: one query that
    matches the keys exactly, on the unique constraint's index. The keys go as three array
    literals, written at C speed (ids and ISO dates need no quoting), not as thousands of
    parameters or lists psycopg would adapt value by value."""
    if not keys:
        return set()
    officers, courses, dates = zip(*keys, strict=True)
    table = connection.ops.quote_name(TrainingRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # The table's name from the model, never from input.
            f"SELECT t.officer_id, t.course_id, t.completed_on FROM {table} t"  # noqa: S608
            " JOIN unnest(%s::bigint[], %s::bigint[], %s::date[]) AS k(officer_id, course_id,"
            " completed_on) USING (officer_id, course_id, completed_on)",
            [_array(officers), _array(courses), _array(dates)],
        )
        return set(cursor.fetchall())


def _array(values) -> str:
    """A PostgreSQL array literal of ids or dates."""
    return "{" + ",".join(map(str, values)) + "}"


def training_record_import(*, actor: User, agency: Agency, content: bytes, save: bool) -> Result:
    """Check a file's rows, batch by batch; with save=True and no bad row, save them all at
    once (one COPY, in one transaction). Raises RuleViolation for a file that cannot be read
    as a training export. The agency's supervisors import its officers' records (the check
    too: it shows their badges)."""
    require(access_for(actor).agencies(CHANGE), agency)
    upload = read_csv(content, layout(agency), row_type=ImportRow)
    checks = _Checks(agency)
    result = check_rows(upload, checks)
    if save and result.ok:
        save_all(
            result,
            lambda: bulk_insert(TrainingRecord, SAVED_FIELDS, checks.records(upload)),
            changed_meanwhile=_(
                "Some of these records were added while you looked. Upload the file again to "
                "see which."
            ),
        )
    return result


def template_rows(agency: Agency) -> tuple[list[str], list[list[str]]]:
    """The header and one example row of a file the import takes."""
    example = agency_today(agency).isoformat()
    return COLUMNS, [["1234", "basic-sro", example, "40", _("State academy")]]
