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

One row per officer: the query is written for the program's requirements in force, a column
per course and per requirement (the kinds pick the SQL, every value is a parameter), so its
cost follows the officers, not officers × requirements nor the records. Three uses, each one
query: the cells of a page of officers (`cells_for`, with their dates), the officers with
something overdue or due (`officer_ids_needing`, for a filter), and how many officers of a
program have something overdue or due soon (`attention_counts`, for the home page).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db import connection
from django.db.models import QuerySet, Value, Window
from django.db.models.functions import RowNumber

from programs.models import Program, TrainingRequirement

Kind = TrainingRequirement.Kind

# An officer's facts: `officers` is a subquery of officer ids and their positions, `courses`
# the completions read (per course below), `dates` what the requirements read of them.
_FACTS = """
WITH {prelude}officer AS MATERIALIZED ({officers}),
done AS (
    -- The requirements' courses only, through the (course, officer) covering index.
    SELECT cc.officer_id{courses}
    FROM programs_coursecompletion cc
    WHERE cc.course_id = ANY(%(courses)s) AND cc.officer_id IN (SELECT id FROM officer)
    GROUP BY cc.officer_id
),
placed AS (
    -- COPS-8: a first placement anywhere starts the clock.
    SELECT a.officer_id, MIN(a.starts_on) AS first_placement
    FROM programs_assignment a
    WHERE a.officer_id IN (SELECT id FROM officer)
    GROUP BY a.officer_id
),
fact AS MATERIALIZED (
    SELECT o.id AS officer_id, o.position, p.first_placement AS placed_on{dates}
    FROM officer o
    LEFT JOIN placed p ON p.officer_id = o.id
    LEFT JOIN done d ON d.officer_id = o.id
),
due AS (SELECT f.*{due} FROM fact f),
standing AS (SELECT d.*{states} FROM due d)
"""

# Per course c (its index in the query), only what its requirements read: the first
# completion (its date for "months after this course", and on or before today for "within
# months of placement"), and the latest on or before today, read from the records when a
# later one exists (the others).
_FIRST = """,
    MIN(cc.first_completed_on) FILTER (WHERE cc.course_id = %(course_{c})s) AS first_{c}"""
_LAST = """,
    MAX(cc.last_completed_on) FILTER (WHERE cc.course_id = %(course_{c})s) AS last_{c}"""
_AFTER = """,
    d.first_{c} AS after_{c}"""
_FIRST_DONE = """,
    CASE WHEN d.first_{c} <= %(today)s THEN d.first_{c} END AS first_done_{c}"""
_LAST_DONE = """,
    CASE
        WHEN d.last_{c} <= %(today)s THEN d.last_{c}
        WHEN d.first_{c} <= %(today)s THEN (
            SELECT MAX(t.completed_on) FROM programs_trainingrecord t
            WHERE t.officer_id = o.id AND t.course_id = %(course_{c})s
                AND t.completed_on <= %(today)s
        )
    END AS last_done_{c}"""
_DATE_COLUMNS = (("after", _AFTER), ("first_done", _FIRST_DONE), ("last_done", _LAST_DONE))
# What each kind reads of its course.
_READS = {
    Kind.WITHIN_MONTHS_OF_PLACEMENT: "first_done",
    Kind.EVERY_SCHOOL_YEAR: "last_done",
    Kind.MONTHS_AFTER_COURSE: "last_done",  # and the other course's first: "after"
    Kind.EVERY_N_MONTHS: "last_done",
}

# Per kind: the due date and the state of requirement r (its course c, the other course a),
# in the names above; "d" is a row of `due`.
_DUE = {
    Kind.WITHIN_MONTHS_OF_PLACEMENT: (
        "(f.placed_on + make_interval(months => %(months_{r})s))::date"
    ),
    Kind.EVERY_SCHOOL_YEAR: "%(year_end)s::date",
    Kind.MONTHS_AFTER_COURSE: "(f.after_{a} + make_interval(months => %(months_{r})s))::date",
    Kind.EVERY_N_MONTHS: (
        "(COALESCE(f.last_done_{c}, f.placed_on) + make_interval(months => %(months_{r})s))::date"
    ),
}
_PENDING = """CASE
        WHEN %(today)s > d.due_{r} THEN 'overdue'
        WHEN %(today)s >= d.due_{r} - %(due_soon_days)s THEN 'due_soon'
        ELSE 'upcoming' END"""
_STATE = {
    Kind.WITHIN_MONTHS_OF_PLACEMENT: """CASE
        WHEN d.placed_on IS NULL THEN 'not_applicable'
        WHEN d.first_done_{c} IS NOT NULL THEN 'met'
        ELSE {pending} END""",
    Kind.EVERY_SCHOOL_YEAR: """CASE
        WHEN d.placed_on IS NULL OR d.placed_on > %(today)s THEN 'not_applicable'
        WHEN d.last_done_{c} >= %(year_start)s THEN 'met'
        -- Served last school year and did not train in it: overdue until done again.
        WHEN d.placed_on <= %(last_year_end)s
            AND (d.last_done_{c} IS NULL OR d.last_done_{c} < %(last_year_start)s)
            THEN 'overdue_last_year'
        ELSE {pending} END""",
    Kind.MONTHS_AFTER_COURSE: """CASE
        WHEN d.after_{a} IS NULL THEN 'not_applicable'
        WHEN d.last_done_{c} >= d.after_{a} THEN 'met'
        ELSE {pending} END""",
    Kind.EVERY_N_MONTHS: """CASE
        WHEN d.last_done_{c} IS NOT NULL
            AND %(today)s < d.due_{r} - %(due_soon_days)s THEN 'met'
        WHEN d.last_done_{c} IS NULL AND d.placed_on IS NULL THEN 'not_applicable'
        ELSE {pending} END""",
}

# A page's cells, per requirement: the standing with its dates. The met date of a school
# year's requirement and of a course after another is the first qualifying completion, read
# from the records for the shown officers only.
_CELL = """,
    CASE s.state_{r} WHEN 'overdue_last_year' THEN 'overdue' ELSE s.state_{r} END,
    CASE
        WHEN s.state_{r} = 'not_applicable' THEN NULL
        WHEN s.state_{r} = 'overdue_last_year' THEN %(last_year_end)s::date
        ELSE s.due_{r}
    END,
    CASE WHEN s.state_{r} = 'met' THEN {met_on} END,
    CASE WHEN s.state_{r} = 'met' THEN {renews_on} END"""
_MET_ON = {
    Kind.WITHIN_MONTHS_OF_PLACEMENT: "s.first_done_{c}",
    Kind.EVERY_SCHOOL_YEAR: """(
        SELECT MIN(t.completed_on) FROM programs_trainingrecord t
        WHERE t.officer_id = s.officer_id AND t.course_id = %(course_{c})s
            AND t.completed_on BETWEEN %(year_start)s AND %(today)s)""",
    Kind.MONTHS_AFTER_COURSE: """(
        SELECT MIN(t.completed_on) FROM programs_trainingrecord t
        WHERE t.officer_id = s.officer_id AND t.course_id = %(course_{c})s
            AND t.completed_on BETWEEN s.after_{a} AND %(today)s)""",
    Kind.EVERY_N_MONTHS: "s.last_done_{c}",
}
_RENEWS_ON = {
    Kind.WITHIN_MONTHS_OF_PLACEMENT: "NULL::date",
    Kind.EVERY_SCHOOL_YEAR: "(%(year_end)s::date + interval '12 months')::date",
    Kind.MONTHS_AFTER_COURSE: "NULL::date",
    Kind.EVERY_N_MONTHS: "s.due_{r}",
}

# Per officer: how many requirements are overdue, and due soon. Read from the training
# attention summary where its row is current (ADR 0019: computed for today, from the
# officer's and the program's versions as they are now), computed here for the others
# (`officer` above is then the listed officers without a current row).
# The program's version as it is now (0 before its first counted write).
_PROGRAM_VERSION = """(SELECT COALESCE(MAX(pv.version), 0) FROM programs_programtrainingversion pv
    WHERE pv.program_id = %(program)s)"""
_CURRENT = """listed AS MATERIALIZED (
    SELECT l.id, l.position, a.overdue, a.due_soon,
        COALESCE(
            a.as_of = %(today)s
            AND a.officer_version = COALESCE(v.version, 0)
            AND a.program_version = {program_version},
            false
        ) AS is_current
    FROM ({officers}) AS l
    LEFT JOIN programs_trainingattention a ON a.program_id = %(program)s AND a.officer_id = l.id
    LEFT JOIN programs_officertrainingversion v ON v.officer_id = l.id
),
"""
_NOT_CURRENT = "SELECT id, position FROM listed WHERE NOT is_current"
_COMPUTED = """
SELECT s.officer_id, s.position, {overdue} AS overdue, {due_soon} AS due_soon
FROM standing s
"""
_PER_OFFICER = (
    """
SELECT l.id AS officer_id, l.position, l.overdue, l.due_soon FROM listed l WHERE l.is_current
UNION ALL
"""
    + _COMPUTED
)
# The refresh job's write: the computed rows, with the versions they were computed from
# (read in the same statement, so from the same snapshot as the standings).
_REFRESH = """
INSERT INTO programs_trainingattention AS a
    (program_id, officer_id, as_of, officer_version, program_version, overdue, due_soon)
SELECT %(program)s, computed.officer_id, %(today)s, COALESCE(v.version, 0), {program_version},
    computed.overdue, computed.due_soon
FROM ({computed}) AS computed
LEFT JOIN programs_officertrainingversion v ON v.officer_id = computed.officer_id
ORDER BY computed.officer_id
ON CONFLICT (program_id, officer_id) DO UPDATE SET
    as_of = EXCLUDED.as_of,
    officer_version = EXCLUDED.officer_version,
    program_version = EXCLUDED.program_version,
    overdue = EXCLUDED.overdue,
    due_soon = EXCLUDED.due_soon
"""
_OVERDUE = "(s.state_{r} IN ('overdue', 'overdue_last_year'))::int"
_DUE_SOON = "(s.state_{r} = 'due_soon')::int"


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


def requirements_in_force(program: Program) -> list[TrainingRequirement]:
    """The program's requirements the standings are computed against, in the grid's order."""
    # door: the requirements of a program the caller took from the door.
    return list(TrainingRequirement.objects.filter(program=program, is_active=True).order_by("pk"))


def _parameters(program: Program, today: date) -> dict:
    from programs.selectors.training import add_months, school_year_of

    start, end = school_year_of(today, program.school_year_starts_month)
    last_start = add_months(start, -12)
    return {
        "today": today,
        "due_soon_days": program.due_soon_days,
        "year_start": start,
        "year_end": end,
        "last_year_start": last_start,
        "last_year_end": start - timedelta(days=1),
    }


def _officers_sql(officers: QuerySet | list[int], *, ordered: bool) -> tuple[str, dict]:
    """The officers as a subquery of ids with their position in the list (the queryset's
    order, if `ordered`: a sort of them all), and its parameters (named, for the query)."""
    if isinstance(officers, QuerySet):
        if ordered:
            order = officers.query.order_by or officers.model._meta.ordering or ["pk"]
            position = Window(RowNumber(), order_by=list(order))
        else:
            position = Value(0)
        ranked = officers.order_by().annotate(standing_position=position)
        sql, params = ranked.values_list("pk", "standing_position").query.sql_with_params()
        # Django's positional parameters, named for the query's style ("%%" stays literal).
        names = iter(f"officer_{i}" for i in range(len(params)))
        sql = re.sub(
            r"%%|%s", lambda m: m.group() if m.group() == "%%" else f"%({next(names)})s", sql
        )
        named = {f"officer_{i}": value for i, value in enumerate(params)}
        return f"SELECT * FROM ({sql}) AS officer_ids(id, position)", named  # noqa: S608
    return (
        "SELECT * FROM unnest(%(officer_ids)s::bigint[]) WITH ORDINALITY AS o(id, position)",
        {"officer_ids": list(officers)},
    )


@dataclass(frozen=True)
class _Query:
    """The standings of some officers against some requirements, as the `standing` rows
    (officer_id, placed_on, then due_<r> and state_<r> per requirement r) that a use selects
    from, with its parameters."""

    facts: str
    params: dict
    requirements: Sequence[TrainingRequirement]
    names: list[dict]  # per requirement: r, c (its course's column), a (the other course's)

    def each(self, template: str, **by_kind: dict[str, str]) -> list[str]:
        """`template` written for each requirement: {r}, {c} and {a} its names, and each
        keyword's SQL for the requirement's kind (itself written with those names)."""
        return [
            template.format(**n, **{key: sql[r.kind].format(**n) for key, sql in by_kind.items()})
            for r, n in zip(self.requirements, self.names, strict=True)
        ]


def _query(
    program: Program,
    officers,
    today: date,
    requirements: Sequence[TrainingRequirement],
    *,
    ordered: bool = False,
    summarised: bool = False,
) -> _Query:
    """The standings of `officers` (a queryset or ids); if `summarised`, of those of them
    without a current row in the training attention summary: the CTE `listed` has them
    all, with their summary row and whether it `is_current` (ADR 0019)."""
    officers_sql, params = _officers_sql(officers, ordered=ordered)
    params.update(_parameters(program, today))
    params["program"] = program.pk
    prelude = ""
    if summarised:
        prelude = _CURRENT.format(officers=officers_sql, program_version=_PROGRAM_VERSION)
        officers_sql = _NOT_CURRENT
    courses: dict[int, int] = {}  # a course's id -> its column
    reads: dict[int, set[str]] = {}  # a course's column -> what the requirements read of it
    for r in requirements:
        c = courses.setdefault(r.course_id, len(courses))
        reads.setdefault(c, set()).add(_READS[r.kind])
        if r.kind == Kind.MONTHS_AFTER_COURSE and r.after_course_id is not None:
            a = courses.setdefault(r.after_course_id, len(courses))
            reads.setdefault(a, set()).add("after")
    params["courses"] = list(courses)
    params.update({f"course_{c}": course_id for course_id, c in courses.items()})
    names = []
    for i, r in enumerate(requirements):
        params[f"months_{i}"] = r.months or 0
        after = courses.get(r.after_course_id) if r.kind == Kind.MONTHS_AFTER_COURSE else None
        names.append({"r": i, "c": courses[r.course_id], "a": after})
    query = _Query("", params, requirements, names)  # the facts are written with its names
    states = {kind: sql.replace("{pending}", _PENDING) for kind, sql in _STATE.items()}
    facts = _FACTS.format(
        prelude=prelude,
        officers=officers_sql,
        courses="".join(
            _FIRST.format(c=c) + (_LAST.format(c=c) if "last_done" in read else "")
            for c, read in reads.items()
        ),
        dates="".join(
            sql.format(c=c)
            for c, read in reads.items()
            for key, sql in _DATE_COLUMNS
            if key in read
        ),
        due="".join(query.each(",\n    {due} AS due_{r}", due=_DUE)),
        states="".join(query.each(",\n    {state} AS state_{r}", state=states)),
    )
    return replace(query, facts=facts)


def cells_for(
    program: Program,
    officer_ids: list[int],
    *,
    today: date,
    requirements: Sequence[TrainingRequirement] | None = None,
) -> list[Cell]:
    """The standing of each of these officers against each requirement in force (as
    `requirements_in_force`, read if not given), with its dates: for a page of officers (or
    one officer's page). One query, also for none (so that a page's query count does not
    depend on what it shows)."""
    if requirements is None:
        requirements = requirements_in_force(program)
    query = _query(program, officer_ids, today, requirements)
    cells = query.each(_CELL, met_on=_MET_ON, renews_on=_RENEWS_ON)
    sql = query.facts + f"SELECT s.officer_id{''.join(cells)} FROM standing s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, query.params)
        rows = cursor.fetchall()
    return [
        Cell(row[0], r.pk, r.kind, *row[1 + 4 * i : 5 + 4 * i])
        for row in rows
        for i, r in enumerate(requirements)
    ]


def _per_officer(
    program: Program,
    officers: QuerySet,
    today: date,
    *,
    ordered: bool = False,
    select: str = _PER_OFFICER,
) -> tuple[str, dict]:
    """Per officer: how many requirements are overdue, and how many due soon (`select`:
    the summary's current rows and the others computed, or what the refresh writes)."""
    query = _query(
        program, officers, today, requirements_in_force(program), ordered=ordered, summarised=True
    )
    overdue = " + ".join(query.each(_OVERDUE)) or "0"
    due_soon = " + ".join(query.each(_DUE_SOON)) or "0"
    computed = _COMPUTED.format(overdue=overdue, due_soon=due_soon)
    sql = query.facts + select.format(
        overdue=overdue, due_soon=due_soon, computed=computed, program_version=_PROGRAM_VERSION
    )
    return sql, query.params


def attention_refresh_sql(program: Program, officers: QuerySet, *, today: date) -> tuple[str, dict]:
    """The statement that writes the training attention summary's rows of `officers` that are
    not current, as of `today` (for programs.services.attention.training_attention_refresh)."""
    return _per_officer(program, officers, today, select=_REFRESH)


def officer_ids_needing(
    program: Program, officers: QuerySet, attention: str, *, today: date
) -> list[int]:
    """The ids of `officers` whose standings `attention` asks for (Attention: something
    overdue; overdue or due soon; due soon and nothing overdue; nothing either), in the
    queryset's order: a list to page (its count is its length) or to filter a queryset with,
    so that a list's count and its page do not compute every standing twice."""
    from programs.selectors.training import Attention

    having = {
        Attention.OVERDUE: "overdue > 0",
        Attention.DUE: "overdue + due_soon > 0",
        Attention.SOON: "due_soon > 0 AND overdue = 0",
        Attention.CLEAR: "overdue + due_soon = 0",
    }[Attention(attention)]
    sql, params = _per_officer(program, officers, today, ordered=True)
    sql = (
        f"SELECT needing.officer_id FROM ({sql}) AS needing "  # noqa: S608
        f"WHERE {having} ORDER BY needing.position"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [officer_id for (officer_id,) in cursor.fetchall()]


def attention_counts(program: Program, officers: QuerySet, *, today: date) -> tuple[int, int]:
    """How many of `officers` have something overdue, and how many something due soon but
    nothing overdue (the home page's training needs). One query (and the requirements')."""
    sql, params = _per_officer(program, officers, today)
    sql = (
        "SELECT COUNT(*) FILTER (WHERE overdue > 0), "  # noqa: S608
        f"COUNT(*) FILTER (WHERE due_soon > 0 AND overdue = 0) FROM ({sql}) AS per_officer"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        overdue, soon = cursor.fetchone()
    return overdue, soon
