"""Training standings in SQL (programs/selectors/standings.py) against the specification,
`programs.selectors.training.standing` (ADR 0009, ADR 0018), on random histories; and the
course completions TrainingRecord's triggers keep, against the records."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.models import (
    Assignment,
    Course,
    CourseCompletion,
    Officer,
    TrainingRecord,
    TrainingRequirement,
)
from programs.selectors import standings
from programs.selectors.training import Attention, add_months, needs, standing
from programs.services.attention import training_attention_refresh
from programs.tests.factories import OfficerFactory, SchoolFactory

PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("STANDING_EXAMPLES", 100)),
    derandomize=not os.environ.get("STANDING_EXAMPLES"),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
KINDS = [k for k, _label in TrainingRequirement.Kind.choices]
# Days near month boundaries (due dates fall on them: a placement plus whole months), and
# warning windows of a day or a month, so that "on the boundary" is drawn often.
DAYS = st.one_of(
    st.builds(
        lambda year, month, day, shift: date(year, month, day) + timedelta(days=shift),
        st.integers(2023, 2027),
        st.integers(1, 12),
        st.sampled_from([1, 28]),
        st.sampled_from([-1, 0, 1, 3]),
    ),
    st.dates(min_value=date(2021, 1, 1), max_value=date(2028, 12, 31)),
)
WINDOWS = st.sampled_from([0, 1, 2, 27, 30, 31, 60, 61])


NEAR = st.sampled_from([-1, 0, 0, 1])


@st.composite
def histories(draw):
    """A program's schedule and a handful of officers' placements and completions, with
    "today" and the dates often on the rules' boundaries."""
    starts_month = draw(st.integers(1, 12))
    due_soon_days = draw(WINDOWS)
    year_turns = st.builds(
        lambda year, shift: date(year, starts_month, 1) + timedelta(days=shift),
        st.integers(2023, 2027),
        NEAR,
    )
    days = st.one_of(DAYS, year_turns)
    requirements = draw(
        st.lists(
            st.tuples(
                st.sampled_from(KINDS),
                st.integers(0, 3),  # the course, of four
                st.sampled_from([0, 1, 2, 6, 12, 24]),  # months
                st.integers(0, 3),  # the other course, for "months after a course"
            ),
            min_size=1,
            max_size=6,
        )
    )
    officers = draw(
        st.lists(
            st.tuples(
                st.one_of(st.none(), days),  # first placement
                st.lists(st.tuples(st.integers(0, 3), days), max_size=10),  # completions
            ),
            min_size=1,
            max_size=8,
        )
    )
    # Mostly a day on or next to a boundary: a date the history holds plus a requirement's
    # months (a due date), less the warning window or not; or the turn of a school year.
    bases = [p for p, _done in officers if p] + [d for _p, done in officers for _c, d in done]
    if bases and draw(st.integers(0, 3)):
        months = draw(st.sampled_from([m for _k, _c, m, _a in requirements]))
        window = draw(st.sampled_from([0, due_soon_days]))
        today = add_months(draw(st.sampled_from(bases)), months) - timedelta(days=window)
        today += timedelta(days=draw(NEAR))
    elif draw(st.booleans()):
        today = draw(year_turns)
    else:
        today = draw(DAYS)
    return {
        "today": today,
        "starts_month": starts_month,
        "due_soon_days": due_soon_days,
        "requirements": requirements,
        "officers": officers,
    }


@pytest.fixture
def courses(db):
    return list(Course.objects.filter(program=None).order_by("pk")[:4])


@given(history=histories())
@PROPERTY_SETTINGS
def test_sql_standings_agree_with_the_specification(world, courses, history):
    program = world.program
    school = SchoolFactory(district=world.district)
    with transaction.atomic():
        program.school_year_starts_month = history["starts_month"]
        program.due_soon_days = history["due_soon_days"]
        program.save(update_fields=["school_year_starts_month", "due_soon_days"])
        program.requirements.all().delete()
        requirements = [
            TrainingRequirement.objects.create(
                program=program,
                course=courses[course],
                kind=kind,
                months=None if kind == "every_school_year" else months,
                after_course=courses[after] if kind == "months_after_course" else None,
            )
            for kind, course, months, after in history["requirements"]
        ]
        cases = []
        for placed, done in history["officers"]:
            officer = OfficerFactory(agency=world.agency)
            if placed:
                Assignment.objects.create(officer=officer, school=school, starts_on=placed)
            completions: dict[int, list[date]] = {}
            for course, day in set(done):
                completions.setdefault(courses[course].pk, []).append(day)
                TrainingRecord.objects.create(
                    officer=officer, course=courses[course], completed_on=day, hours=1
                )
            cases.append((officer, placed, completions))
        today = history["today"]
        cells = {
            (c.officer_id, c.requirement_id): c
            for c in standings.cells_for(program, [o.pk for o, _p, _c in cases], today=today)
        }
        expected_needing = {a: set() for a in Attention.values}
        for officer, placed, completions in cases:
            overdue = soon = 0
            for r in requirements:
                spec = standing(
                    kind=r.kind,
                    course_id=r.course_id,
                    months=r.months,
                    after_course_id=r.after_course_id,
                    first_placement=placed,
                    completions=completions,
                    today=today,
                    school_year_starts_month=program.school_year_starts_month,
                    due_soon_days=program.due_soon_days,
                )
                cell = cells[officer.pk, r.pk]
                got = (cell.state, cell.due_on, cell.met_on, cell.late, cell.renews_on)
                want = (spec.state, spec.due_on, spec.met_on, spec.late, spec.renews_on)
                assert got == want, (r.kind, r.months, placed, completions, today)
                overdue += spec.state == "overdue"
                soon += spec.state == "due_soon"
            for attention in Attention.values:
                if needs(attention, overdue=overdue, due_soon=soon):
                    expected_needing[attention].add(officer.pk)
        everyone = Officer.objects.filter(pk__in=[o.pk for o, _p, _c in cases])
        # Computed, then read from the training attention summary (ADR 0019: the placed
        # officers' rows; the others are computed still).
        for summarised in (False, True):
            if summarised:
                training_attention_refresh([program], today_of=lambda p: today)
            for attention in Attention.values:
                found = everyone.filter(
                    pk__in=standings.officer_ids_needing(program, everyone, attention, today=today)
                )
                assert set(found.values_list("pk", flat=True)) == expected_needing[attention]
            assert standings.attention_counts(program, everyone, today=today) == (
                len(expected_needing[Attention.OVERDUE]),
                len(expected_needing[Attention.SOON]),
            )
        transaction.set_rollback(True)


# Boundaries, one by one: the property above draws them often, these every time. July school
# years, a 60-day warning; the specification gives the expected standing of each.
Y = date(2026, 7, 1)  # this school year's first day, for TODAY_IN_YEAR below
TODAY_IN_YEAR = date(2026, 11, 23)
BOUNDARIES = [
    # (kind, months, placed, {course: [days]} with 0 the course and 1 the other, today)
    ("every_school_year", None, date(2024, 8, 1), {0: [Y]}, TODAY_IN_YEAR),
    ("every_school_year", None, date(2024, 8, 1), {0: [Y - timedelta(days=1)]}, TODAY_IN_YEAR),
    ("every_school_year", None, date(2024, 8, 1), {0: [date(2025, 7, 1)]}, TODAY_IN_YEAR),
    ("every_school_year", None, date(2024, 8, 1), {0: [date(2025, 6, 30)]}, TODAY_IN_YEAR),
    ("every_school_year", None, date(2026, 6, 30), {}, TODAY_IN_YEAR),  # served last year
    ("every_school_year", None, date(2026, 7, 1), {}, TODAY_IN_YEAR),
    ("every_school_year", None, date(2026, 11, 24), {}, TODAY_IN_YEAR),  # placed tomorrow
    ("every_school_year", None, TODAY_IN_YEAR, {}, TODAY_IN_YEAR),  # placed today
    ("within_months_of_placement", 9, date(2026, 2, 23), {}, TODAY_IN_YEAR),  # due today
    ("within_months_of_placement", 9, date(2026, 2, 22), {}, TODAY_IN_YEAR),  # due yesterday
    ("within_months_of_placement", 9, date(2026, 4, 23), {}, TODAY_IN_YEAR),  # window starts
    ("within_months_of_placement", 9, date(2026, 4, 24), {}, TODAY_IN_YEAR),
    ("within_months_of_placement", 0, date(2026, 8, 1), {0: [date(2026, 8, 1)]}, TODAY_IN_YEAR),
    ("within_months_of_placement", 0, date(2026, 8, 1), {0: [date(2026, 8, 2)]}, TODAY_IN_YEAR),
    ("within_months_of_placement", 0, date(2026, 8, 1), {0: [TODAY_IN_YEAR + timedelta(1)]},
     TODAY_IN_YEAR),  # done tomorrow: not yet
    ("every_n_months", 12, None, {0: [date(2026, 1, 22)]}, TODAY_IN_YEAR),  # 60 days left: due
    ("every_n_months", 12, None, {0: [date(2026, 1, 23)]}, TODAY_IN_YEAR),
    ("every_n_months", 12, None, {0: [date(2026, 1, 24)]}, TODAY_IN_YEAR),  # 61 days: met
    ("every_n_months", 12, None, {0: [date(2025, 11, 23)]}, TODAY_IN_YEAR),  # due today
    ("every_n_months", 12, date(2026, 1, 1), {0: [date(2025, 1, 1), TODAY_IN_YEAR + timedelta(1)]},
     TODAY_IN_YEAR),  # the latest is tomorrow's: the one before counts
    ("every_n_months", 3, date(2026, 8, 23), {}, TODAY_IN_YEAR),  # never done, due today
    ("months_after_course", 12, None, {1: [date(2026, 1, 5)], 0: [date(2026, 1, 5)]},
     TODAY_IN_YEAR),  # on the same day as the other course
    ("months_after_course", 12, None, {1: [date(2026, 1, 5)], 0: [date(2026, 1, 4)]},
     TODAY_IN_YEAR),  # the day before it: does not count
    ("months_after_course", 10, None, {1: [date(2026, 1, 23)], 0: [date(2026, 11, 23)]},
     TODAY_IN_YEAR),  # met on the day it was due
    ("months_after_course", 10, None, {1: [date(2025, 1, 23), TODAY_IN_YEAR + timedelta(2)]},
     TODAY_IN_YEAR),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "months", "placed", "done", "today"), BOUNDARIES)
def test_sql_standings_on_each_boundary(world, courses, kind, months, placed, done, today):
    program = world.program
    program.requirements.all().delete()
    requirement = TrainingRequirement.objects.create(
        program=program,
        course=courses[0],
        kind=kind,
        months=months,
        after_course=courses[1] if kind == "months_after_course" else None,
    )
    officer = OfficerFactory(agency=world.agency)
    if placed:
        Assignment.objects.create(officer=officer, school=world.school, starts_on=placed)
    completions = {courses[c].pk: days for c, days in done.items()}
    for course, days in done.items():
        for day in days:
            TrainingRecord.objects.create(
                officer=officer, course=courses[course], completed_on=day, hours=1
            )
    spec = standing(
        kind=kind,
        course_id=courses[0].pk,
        months=months,
        after_course_id=requirement.after_course_id,
        first_placement=placed,
        completions=completions,
        today=today,
        school_year_starts_month=program.school_year_starts_month,
        due_soon_days=program.due_soon_days,
    )
    [cell] = standings.cells_for(program, [officer.pk], today=today)
    got = (cell.state, cell.due_on, cell.met_on, cell.late, cell.renews_on)
    assert got == (spec.state, spec.due_on, spec.met_on, spec.late, spec.renews_on)


def _recounted() -> set[tuple]:
    return set(
        TrainingRecord.objects.values("officer_id", "course_id")
        .annotate(first=Min("completed_on"), last=Max("completed_on"), n=Count("pk"))
        .values_list("officer_id", "course_id", "first", "last", "n")
    )


def _kept() -> set[tuple]:
    return set(
        CourseCompletion.objects.values_list(
            "officer_id", "course_id", "first_completed_on", "last_completed_on", "records"
        )
    )


def test_course_completions_follow_every_insert_update_and_delete(world, courses):
    sam, lee = world.officer, world.colleague
    basic, annual = courses[0], courses[1]
    day = date(2024, 9, 1)
    TrainingRecord.objects.bulk_create(
        [
            TrainingRecord(officer=sam, course=basic, completed_on=day, hours=8),
            TrainingRecord(officer=sam, course=annual, completed_on=day, hours=2),
            TrainingRecord(
                officer=sam, course=annual, completed_on=day + timedelta(days=400), hours=2
            ),
        ]
    )
    assert _kept() == _recounted()
    assert (sam.pk, annual.pk, day, day + timedelta(days=400), 2) in _kept()
    record = TrainingRecord.objects.create(
        officer=lee, course=basic, completed_on=day - timedelta(days=30), hours=8
    )
    assert _kept() == _recounted()
    # Moved to another date, then to another officer: both pairs counted again.
    TrainingRecord.objects.filter(pk=record.pk).update(completed_on=day + timedelta(days=3))
    assert _kept() == _recounted()
    TrainingRecord.objects.filter(pk=record.pk).update(officer=sam)
    assert _kept() == _recounted()
    assert not CourseCompletion.objects.filter(officer=lee).exists()
    # A change that moves nothing (a certificate, the hours) leaves the completions alone.
    TrainingRecord.objects.filter(course=annual).update(hours=3)
    assert _kept() == _recounted()
    TrainingRecord.objects.filter(course=annual, completed_on=day).delete()
    assert _kept() == _recounted()
    TrainingRecord.objects.all().delete()
    assert _kept() == set()


def test_the_completions_are_written_by_the_database_not_the_application(world, courses):
    """Raw SQL, the site administration or a script: the triggers keep up all the same."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO programs_trainingrecord (officer_id, course_id, completed_on, hours, "
            "provider, certificate, created_at, updated_at) VALUES (%s, %s, %s, 4, '', '', "
            "now(), now())",
            [world.officer.pk, courses[2].pk, date(2025, 2, 3)],
        )
    assert _kept() == _recounted() == {(world.officer.pk, courses[2].pk, date(2025, 2, 3),
                                          date(2025, 2, 3), 1)}  # fmt: skip
