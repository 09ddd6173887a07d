"""Import training records from a CSV export of an agency's training system (COPS-8).

All or nothing: every row is checked first and shown with its result; a file with any bad
row saves nothing; a clean file saves every row in one transaction. The same file twice
adds nothing (its rows are then duplicates of existing records, and say so). Reading,
parsing and the page flow are the shared upload workflow's (programs/uploads/).

Columns (header row required, any order, any case, extra columns ignored):
badge_number, course_code, completed_on (YYYY-MM-DD), hours, provider (optional).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.access import CHANGE, access_for, require
from programs.clock import agency_today
from programs.models import Agency, Course, Officer, Program, TrainingRecord
from programs.models.program import EARLIEST_RECORD_YEAR
from programs.selectors.training import training_courses_for
from programs.uploads import DecimalNumber, IsoDate, Layout, Result, Row, Text, read_csv, save_all
from sro_admin.models import User

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
COLUMNS = ["badge_number", "course_code", "completed_on", "hours", "provider"]
REQUIRED_COLUMNS = tuple(COLUMNS[:4])

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
    )


def _check(agency: Agency, rows: list[ImportRow]) -> None:
    """The checks that need the database. A fixed number of queries whatever the length."""
    badges = {r.cleaned["badge_number"] for r in rows if "badge_number" in r.cleaned}
    codes = {r.cleaned["course_code"] for r in rows if "course_code" in r.cleaned}
    officers = {
        o.badge_number: o for o in Officer.objects.filter(agency=agency, badge_number__in=badges)
    }
    courses: dict[str, list[Course]] = {}
    for course in training_courses_for([agency]).filter(code__in=codes):
        courses.setdefault(course.code, []).append(course)
    for row in rows:
        if "badge_number" in row.cleaned:
            badge = row.cleaned["badge_number"]
            row.officer = officers.get(badge)
            if row.officer is None:
                row.errors.append(
                    _("No officer with badge “%(badge)s” in %(agency)s.")
                    % {"badge": badge, "agency": agency}
                )
        if "course_code" in row.cleaned:
            code = row.cleaned["course_code"]
            found = courses.get(code, [])
            if len(found) == 1:
                row.course = found[0]
            elif not found:
                row.errors.append(_("Unknown course code “%(code)s”.") % {"code": code})
            else:  # two programs the agency serves each added a course with this code
                row.errors.append(
                    _(
                        "The course code “%(code)s” names courses of several programs: "
                        "%(courses)s. Record these on each officer's page."
                    )
                    % {"code": code, "courses": "; ".join(str(c.program) for c in found)}
                )
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


def training_record_import(*, actor: User, agency: Agency, content: bytes, save: bool) -> Result:
    """Check a file's rows; with save=True and no bad row, save them all at once. Raises
    RuleViolation for a file that cannot be read as a training export. The agency's
    supervisors import its officers' records (the check too: it shows their badges)."""
    require(access_for(actor).agencies(CHANGE), agency)
    upload = read_csv(content, layout(agency), row_type=ImportRow)
    _check(agency, upload.rows)
    result = Result(rows=upload.rows, notices=upload.notices)
    if save and result.ok:

        def save_rows() -> int:
            TrainingRecord.objects.bulk_create(
                (
                    TrainingRecord(
                        officer=r.officer,
                        course=r.course,
                        completed_on=r.completed_on,
                        hours=r.hours,
                        provider=r.cleaned.get("provider", ""),
                    )
                    for r in result.rows
                ),
                batch_size=1000,
            )
            return len(result.rows)

        result.saved = save_all(
            save_rows,
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
