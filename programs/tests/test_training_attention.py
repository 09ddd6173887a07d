"""The training attention summary (ADR 0019): the home counts and the grid's standing filters
read an officer's row while it is current, and compute the officer's standings whenever
anything they are computed from was written since (by any path: the triggers count it), or
the day is another. The beat job writes the rows, on the real worker.

A "planted" row holds a figure no standing gives here (9 requirements due soon), so a test sees
whether a count was read from the summary or computed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection, transaction

from conftest import wait_for
from programs.models import (
    Assignment,
    Course,
    Officer,
    TrainingAttention,
    TrainingRecord,
    TrainingRequirement,
)
from programs.selectors import standings
from programs.selectors.training import Attention
from programs.services.attention import program_officers, training_attention_refresh
from programs.tasks import training_attention_refresh as refresh_job

TODAY = date(2026, 11, 23)
PLANTED = (0, 1)  # one officer, with 9 due soon and nothing overdue


def _refresh(world, today=TODAY) -> int:
    return training_attention_refresh([world.program], today_of=lambda program: today)


def _plant(officer) -> None:
    TrainingAttention.objects.filter(officer=officer).update(overdue=0, due_soon=9)


def _counts(world, officer, today=TODAY) -> tuple[int, int]:
    return standings.attention_counts(
        world.program, Officer.objects.filter(pk=officer.pk), today=today
    )


def _computed(world, officer, today=TODAY) -> tuple[int, int]:
    """The counts with no summary at all (rolled back): the standings computed."""
    with transaction.atomic():
        TrainingAttention.objects.all().delete()
        counts = _counts(world, officer, today)
        transaction.set_rollback(True)
    return counts


@pytest.fixture
def course(world):
    return Course.objects.filter(program=None).order_by("pk").first()


@pytest.fixture
def planted(world, course):
    """Sam's row written and then planted; Sam's real standing is another."""
    world.program.requirements.all().delete()
    TrainingRequirement.objects.create(
        program=world.program, course=course, kind="every_n_months", months=12
    )
    TrainingRecord.objects.create(
        officer=world.officer, course=course, completed_on=date(2026, 10, 1), hours=8
    )
    assert _refresh(world) == program_officers(world.program).count() == 2  # Sam, the deputy
    assert _computed(world, world.officer) == (0, 0)  # trained last month: met
    _plant(world.officer)
    assert _counts(world, world.officer) == PLANTED
    return world.officer


def _record_added(world, course):
    TrainingRecord.objects.create(
        officer=world.officer, course=course, completed_on=date(2026, 11, 1), hours=2
    )


def _record_moved(world, course):
    TrainingRecord.objects.filter(officer=world.officer).update(completed_on=date(2024, 1, 1))


def _record_deleted(world, course):
    TrainingRecord.objects.filter(officer=world.officer).delete()


def _placement_added(world, course):
    Assignment.objects.create(
        officer=world.officer, school=world.other_school, starts_on=date(2026, 9, 1)
    )


def _placement_ended(world, course):
    Assignment.objects.filter(officer=world.officer).update(ends_on=date(2026, 11, 1))


def _requirement_added(world, course):
    TrainingRequirement.objects.create(
        program=world.program, course=course, kind="within_months_of_placement", months=1
    )


def _requirement_retired(world, course):
    TrainingRequirement.objects.filter(program=world.program).update(is_active=False)


def _window_widened(world, course):
    world.program.due_soon_days = 90
    world.program.save()


def _school_year_moved(world, course):
    world.program.school_year_starts_month = 1
    world.program.save()


@pytest.mark.parametrize(
    ("write", "rewritten"),
    [
        # An officer's records and placements: that officer's row.
        (_record_added, 1),
        (_record_moved, 1),
        (_record_deleted, 1),
        (_placement_added, 1),
        (_placement_ended, 1),
        # A program's requirements and settings: all its rows.
        (_requirement_added, 2),
        (_requirement_retired, 2),
        (_window_widened, 2),
        (_school_year_moved, 2),
    ],
)
def test_a_write_to_what_a_standing_reads_makes_the_row_not_current(
    world, course, planted, write, rewritten
):
    write(world, course)
    assert _counts(world, planted) == _computed(world, planted) != PLANTED
    # The job writes again what is not current, and nothing else.
    assert _refresh(world) == rewritten
    assert _counts(world, planted) == _computed(world, planted)
    assert _refresh(world) == 0


def test_a_new_day_makes_every_row_not_current(world, planted):
    tomorrow = TODAY + timedelta(days=1)
    assert _counts(world, planted, tomorrow) == _computed(world, planted, tomorrow)
    assert _refresh(world, tomorrow) == 2


def test_writes_to_anything_else_leave_the_row_current(world, course, planted):
    TrainingRecord.objects.create(  # another officer's record
        officer=world.deputy, course=course, completed_on=date(2026, 11, 2), hours=1
    )
    world.program.mission = "Safe, fair and supportive schools."  # not a standing's setting
    world.program.save()
    Officer.objects.filter(pk=planted.pk).update(rank="Sergeant")
    assert _counts(world, planted) == PLANTED
    assert _refresh(world) == 1  # the deputy's


def test_the_summary_gives_what_the_standings_give(world, course):
    """Every filter and count, from a refreshed summary, as computed (the property test of
    test_standings_sql.py compares the computed ones with the specification)."""
    TrainingRequirement.objects.create(
        program=world.program, course=course, kind="within_months_of_placement", months=6
    )
    everyone = Officer.objects.all()

    def read():
        return (
            standings.attention_counts(world.program, everyone, today=TODAY),
            {
                a: standings.officer_ids_needing(world.program, everyone, a, today=TODAY)
                for a in Attention.values
            },
        )

    computed = read()
    _refresh(world)
    assert TrainingAttention.objects.count() == 2
    assert read() == computed


def test_the_refresh_writes_only_what_is_not_current(world):
    assert _refresh(world) == 2
    assert _refresh(world) == 0
    with connection.cursor() as cursor:  # as a page, or a second run, would find them
        cursor.execute("SELECT count(*) FROM programs_trainingattention WHERE as_of = %s", [TODAY])
        assert cursor.fetchone() == (2,)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_beat_job_writes_the_summary_on_the_real_worker(world, celery_worker):
    refresh_job.delay()
    wait_for(
        lambda: TrainingAttention.objects.filter(program=world.program).count() == 2,
        message="the job wrote no rows",
    )
