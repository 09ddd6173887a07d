"""Training standings in SQL: every officer's standing against every requirement of a program,
computed by PostgreSQL from each officer's first and latest completion of each course
(CourseCompletion, kept by TrainingRecord's triggers), never from all records in Python.

The rules are those of `programs.selectors.training.standing`, the readable specification
(ADR 0009, with worked cases). This module says the same in SQL (ADR 0018), and
programs/tests/test_standings_sql.py checks on random histories that both always agree.

What a standing needs of an officer's records, per requirement kind:
- within months of placement: the first completion (the met date, and whether it was late);
- every school year: the latest completion (this school year's, or last year's, or none),
  and for the met date the first completion of this school year;
- months after another course: the first completion of the other course, and the latest
  of this one (met if on or after it), and for the met date the first such;
- every N months: the latest completion.
Records dated after `today` do not count, as in the specification; the latest completion on
or before `today` is read from the records only when a later one exists.

Three uses, each one query: the cells of a page of officers (`cells_for`, with their dates),
the officers with something overdue or due (`officer_ids_needing`, for a filter, as SQL to
put in a queryset), and how many officers of a program have something overdue or due soon
(`attention_counts`, for the home page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from programs.models import Program, TrainingRequirement

Kind = TrainingRequirement.Kind

# The facts of each (officer, requirement) pair. `officers` is a subquery of officer ids.
_FACTS = f"""
WITH officer AS MATERIALIZED ({{officers}}),
requirement AS (
    SELECT r.id, r.kind, r.course_id, r.after_course_id, COALESCE(r.months, 0) AS months
    FROM programs_trainingrequirement r
    WHERE r.program_id = %(program)s AND r.is_active
),
completion AS MATERIALIZED (
    -- Only the pairs the requirements ask about, through the (course, officer) index.
    SELECT cc.officer_id, cc.course_id, cc.first_completed_on, cc.last_completed_on
    FROM programs_coursecompletion cc
    WHERE cc.course_id IN (
            SELECT course_id FROM requirement
            UNION SELECT after_course_id FROM requirement WHERE after_course_id IS NOT NULL)
        AND cc.officer_id IN (SELECT id FROM officer)
),
placed AS (
    -- COPS-8: a first placement anywhere starts the clock.
    SELECT a.officer_id, MIN(a.starts_on) AS first_placement
    FROM programs_assignment a
    WHERE a.officer_id IN (SELECT id FROM officer)
    GROUP BY a.officer_id
),
fact AS MATERIALIZED (
    SELECT o.id AS officer_id, r.id AS requirement_id, r.kind, r.months, r.course_id,
        p.first_placement AS placed_on,
        CASE WHEN c.first_completed_on <= %(today)s THEN c.first_completed_on END AS first_done,
        CASE
            WHEN c.last_completed_on <= %(today)s THEN c.last_completed_on
            WHEN c.first_completed_on <= %(today)s THEN (
                SELECT MAX(t.completed_on) FROM programs_trainingrecord t
                WHERE t.officer_id = o.id AND t.course_id = r.course_id
                    AND t.completed_on <= %(today)s
            )
        END AS last_done,
        a.first_completed_on AS after_first
    FROM officer o
    CROSS JOIN requirement r
    LEFT JOIN placed p ON p.officer_id = o.id
    LEFT JOIN completion c ON c.officer_id = o.id AND c.course_id = r.course_id
    LEFT JOIN completion a ON a.officer_id = o.id AND a.course_id = r.after_course_id
),
due AS (
    SELECT f.*,
        CASE f.kind
            WHEN '{Kind.WITHIN_MONTHS_OF_PLACEMENT}'
                THEN (f.placed_on + make_interval(months => f.months))::date
            WHEN '{Kind.EVERY_SCHOOL_YEAR}' THEN %(year_end)s::date
            WHEN '{Kind.MONTHS_AFTER_COURSE}'
                THEN (f.after_first + make_interval(months => f.months))::date
            WHEN '{Kind.EVERY_N_MONTHS}'
                THEN (COALESCE(f.last_done, f.placed_on) + make_interval(months => f.months))::date
        END AS due_on
    FROM fact f
),
standing AS (
    SELECT d.*,
        CASE d.kind
            WHEN '{Kind.WITHIN_MONTHS_OF_PLACEMENT}' THEN CASE
                WHEN d.placed_on IS NULL THEN 'not_applicable'
                WHEN d.first_done IS NOT NULL THEN 'met'
                ELSE {{pending}} END
            WHEN '{Kind.EVERY_SCHOOL_YEAR}' THEN CASE
                WHEN d.placed_on IS NULL OR d.placed_on > %(today)s THEN 'not_applicable'
                WHEN d.last_done >= %(year_start)s THEN 'met'
                -- Served last school year and did not train in it: overdue until done again.
                WHEN d.placed_on <= %(last_year_end)s
                    AND (d.last_done IS NULL OR d.last_done < %(last_year_start)s)
                    THEN 'overdue_last_year'
                ELSE {{pending}} END
            WHEN '{Kind.MONTHS_AFTER_COURSE}' THEN CASE
                WHEN d.after_first IS NULL THEN 'not_applicable'
                WHEN d.last_done >= d.after_first THEN 'met'
                ELSE {{pending}} END
            WHEN '{Kind.EVERY_N_MONTHS}' THEN CASE
                WHEN d.last_done IS NOT NULL
                    AND %(today)s < d.due_on - %(due_soon_days)s THEN 'met'
                WHEN d.last_done IS NULL AND d.placed_on IS NULL THEN 'not_applicable'
                ELSE {{pending}} END
        END AS state
    FROM due d
)
"""  # noqa: S608 - the requirement kinds are this module's constants, never input

_PENDING = """CASE
    WHEN %(today)s > d.due_on THEN 'overdue'
    WHEN %(today)s >= d.due_on - %(due_soon_days)s THEN 'due_soon'
    ELSE 'upcoming' END"""

# A page's cells: the standing with its dates. The met date of a school year's requirement and
# of a course after another is the first qualifying completion, read from the records for
# the shown officers only.
_CELLS = f"""
SELECT s.officer_id, s.requirement_id, s.kind,
    CASE s.state WHEN 'overdue_last_year' THEN 'overdue' ELSE s.state END AS state,
    CASE
        WHEN s.state = 'not_applicable' THEN NULL
        WHEN s.state = 'overdue_last_year' THEN %(last_year_end)s::date
        ELSE s.due_on
    END AS due_on,
    CASE WHEN s.state = 'met' THEN CASE s.kind
        WHEN '{Kind.WITHIN_MONTHS_OF_PLACEMENT}' THEN s.first_done
        WHEN '{Kind.EVERY_SCHOOL_YEAR}' THEN (
            SELECT MIN(t.completed_on) FROM programs_trainingrecord t
            WHERE t.officer_id = s.officer_id AND t.course_id = s.course_id
                AND t.completed_on BETWEEN %(year_start)s AND %(today)s)
        WHEN '{Kind.MONTHS_AFTER_COURSE}' THEN (
            SELECT MIN(t.completed_on) FROM programs_trainingrecord t
            WHERE t.officer_id = s.officer_id AND t.course_id = s.course_id
                AND t.completed_on BETWEEN s.after_first AND %(today)s)
        WHEN '{Kind.EVERY_N_MONTHS}' THEN s.last_done
    END END AS met_on,
    CASE WHEN s.state = 'met' THEN CASE s.kind
        WHEN '{Kind.EVERY_SCHOOL_YEAR}' THEN (%(year_end)s::date + interval '12 months')::date
        WHEN '{Kind.EVERY_N_MONTHS}' THEN s.due_on
    END END AS renews_on
FROM standing s
"""  # noqa: S608 - the requirement kinds are this module's constants, never input

# Per officer: how many requirements are overdue, and due soon.
_PER_OFFICER = """
SELECT s.officer_id,
    COUNT(*) FILTER (WHERE s.state IN ('overdue', 'overdue_last_year')) AS overdue,
    COUNT(*) FILTER (WHERE s.state = 'due_soon') AS due_soon
FROM standing s
GROUP BY s.officer_id
"""


@dataclass(frozen=True)
class Cell:
    officer_id: int
    requirement_id: int
    kind: str
    state: str
    due_on: date | None
    met_on: date | None
    renews_on: date | None

    @property
    def late(self) -> bool:
        """Met after it was due: a first course, or a course due after another."""
        return (
            self.kind in (Kind.WITHIN_MONTHS_OF_PLACEMENT, Kind.MONTHS_AFTER_COURSE)
            and self.met_on is not None
            and self.due_on is not None
            and self.met_on > self.due_on
        )


def _parameters(program: Program, today: date) -> dict:
    from programs.selectors.training import add_months, school_year_of

    start, end = school_year_of(today, program.school_year_starts_month)
    last_start = add_months(start, -12)
    return {
        "program": program.pk,
        "today": today,
        "due_soon_days": program.due_soon_days,
        "year_start": start,
        "year_end": end,
        "last_year_start": last_start,
        "last_year_end": start - timedelta(days=1),
    }


def _officers_sql(officers: QuerySet | list[int]) -> tuple[str, dict]:
    """The officers as a subquery of ids, and its parameters (named, for the whole query)."""
    if isinstance(officers, QuerySet):
        sql, params = officers.order_by().values("pk").query.sql_with_params()
        # Django's positional parameters, named for the query's style ("%%" stays literal).
        names = iter(f"officer_{i}" for i in range(len(params)))
        sql = re.sub(
            r"%%|%s", lambda m: m.group() if m.group() == "%%" else f"%({next(names)})s", sql
        )
        named = {f"officer_{i}": value for i, value in enumerate(params)}
        return f"SELECT officer_ids.id FROM ({sql}) AS officer_ids(id)", named  # noqa: S608
    return "SELECT unnest(%(officer_ids)s::bigint[]) AS id", {"officer_ids": list(officers)}


def _query(program: Program, officers, today: date, tail: str) -> tuple[str, dict]:
    officers_sql, officer_params = _officers_sql(officers)
    sql = _FACTS.format(officers=officers_sql, pending=_PENDING) + tail
    return sql, {**_parameters(program, today), **officer_params}


def cells_for(program: Program, officer_ids: list[int], *, today: date) -> list[Cell]:
    """The standing of each of these officers against each requirement in force, with its
    dates: for a page of officers (or one officer's page). One query, also for none (so
    that a page's query count does not depend on what it shows)."""
    sql, params = _query(program, officer_ids, today, _CELLS)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Cell(*row) for row in cursor.fetchall()]


def officer_ids_needing(program: Program, officers: QuerySet, attention: str, *, today: date):
    """A subquery of the ids of `officers` whose standings `attention` asks for (Attention:
    something overdue; overdue or due soon; due soon and nothing overdue; nothing either), to
    filter a queryset with: `officers.filter(pk__in=officer_ids_needing(...))`."""
    from programs.selectors.training import Attention

    having = {
        Attention.OVERDUE: "overdue > 0",
        Attention.DUE: "overdue + due_soon > 0",
        Attention.SOON: "due_soon > 0 AND overdue = 0",
        Attention.CLEAR: "overdue + due_soon = 0",
    }[Attention(attention)]
    sql, params = _query(program, officers, today, _PER_OFFICER)
    sql = f"SELECT needing.officer_id FROM ({sql}) AS needing WHERE {having}"  # noqa: S608
    # RawSQL takes positional parameters: turn the named ones into them, in order.
    return _positional(sql, params)


def attention_counts(program: Program, officers: QuerySet, *, today: date) -> tuple[int, int]:
    """How many of `officers` have something overdue, and how many something due soon but
    nothing overdue (the home page's training needs). One query."""
    sql, params = _query(program, officers, today, _PER_OFFICER)
    sql = (
        "SELECT COUNT(*) FILTER (WHERE overdue > 0), "  # noqa: S608
        f"COUNT(*) FILTER (WHERE due_soon > 0 AND overdue = 0) FROM ({sql}) AS per_officer"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        overdue, soon = cursor.fetchone()
    return overdue, soon


def _positional(sql: str, params: dict) -> RawSQL:
    order: list = []

    def take(match):
        order.append(params[match.group(1)])
        return "%s"

    # The SQL is this module's, and every value a parameter.
    return RawSQL(re.sub(r"%\((\w+)\)s", take, sql), order)  # noqa: S611
