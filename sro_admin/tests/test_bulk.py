"""The bulk-write path (sro_admin.bulk) on the real database: rows, defaults, history, refusals;
and the history triggers it relies on being statement-level everywhere (ADR 0017). Its speed is
the benchmark's to measure (`make bench`), not a test's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from pghistory import core
from pghistory.models import Events

from programs.models import Agency, Course, Officer, TrainingRecord
from sro_admin.audit import audit_context, history_for
from sro_admin.bulk import bulk_insert

FIELDS = ["officer_id", "course", "completed_on", "hours", "provider"]


@pytest.fixture
def officers(db):
    agency = Agency.objects.create(name="Harbor City Police Department", kind="police_department")
    with transaction.atomic(), audit_context(source="test-seed"):
        bulk_insert(
            Officer,
            ["agency", "first_name", "last_name", "badge_number"],
            ((agency.pk, "Sam", f"Officer{i}", f"HC-{i}") for i in range(3)),
        )
    return list(Officer.objects.filter(agency=agency).order_by("badge_number"))


def test_rows_get_their_values_the_defaults_and_one_insert_event_each_in_the_context(officers):
    course = Course.objects.filter(program=None).first()
    with transaction.atomic(), audit_context(source="training-import-test"):
        written = bulk_insert(
            TrainingRecord,
            FIELDS,
            [(o.pk, course.pk, date(2025, 3, 1), Decimal("4.5"), "Academy") for o in officers],
        )
    assert written == 3
    records = list(TrainingRecord.objects.filter(course=course).order_by("officer__badge_number"))
    assert [(r.officer_id, r.completed_on, r.hours, r.provider) for r in records] == [
        (o.pk, date(2025, 3, 1), Decimal("4.5"), "Academy") for o in officers
    ]
    assert all(r.certificate.name == "" and r.created_at == r.updated_at for r in records)
    assert officers[0].rank == ""  # a field not given gets the model's default, as create() does
    [entry] = history_for(records[0])
    assert entry.action == "Created" and entry.source == "training-import-test"
    assert {c.field: c.new for c in entry.changes}["Provider"] == "Academy"
    events = Events.objects.tracks(records[1])
    assert events.count() == 1


def test_a_row_that_points_nowhere_fails_the_whole_write(officers):
    course = Course.objects.filter(program=None).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(
            TrainingRecord,
            FIELDS,
            [
                (officers[0].pk, course.pk, date(2025, 3, 1), Decimal("4"), ""),
                (999_999, course.pk, date(2025, 3, 1), Decimal("4"), ""),  # no such officer
            ],
        )
    assert not TrainingRecord.objects.exists()


def test_a_row_the_constraints_refuse_fails_the_whole_write(officers):
    course = Course.objects.filter(program=None).first()
    same = (officers[0].pk, course.pk, date(2025, 3, 1), Decimal("4"), "")
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(TrainingRecord, FIELDS, [same, same])  # training_record_unique
    assert not TrainingRecord.objects.exists()


def test_foreign_keys_are_deferred_again_afterwards(officers):
    """The checks are immediate during the COPY only: later statements of the same
    transaction may again point ahead to a row they create next (Django relies on it)."""
    course = Course.objects.filter(program=None).first()
    with transaction.atomic():
        bulk_insert(TrainingRecord, FIELDS, [(officers[0].pk, course.pk, date(2025, 1, 2), 1, "")])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT condeferred FROM pg_constraint WHERE conrelid = "
                "'programs_trainingrecord'::regclass AND contype = 'f'"
            )
            assert {deferred for (deferred,) in cursor.fetchall()} == {True}
            # A row pointing to an officer that does not exist yet is accepted until commit.
            cursor.execute(
                "INSERT INTO programs_trainingrecord (officer_id, course_id, completed_on, "
                "hours, provider, certificate, created_at, updated_at) "
                "VALUES (999999, %s, '2025-01-03', 1, '', '', now(), now())",
                [course.pk],
            )
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside transaction.atomic"):
        bulk_insert(TrainingRecord, FIELDS, [])


def test_it_refuses_a_field_the_model_does_not_have(officers):
    with pytest.raises(ValueError, match="no field"), transaction.atomic():
        bulk_insert(TrainingRecord, ["officer_id", "colour"], [])


def test_every_history_trigger_fires_once_per_statement(db):
    """A row-level history trigger would enter a sub-transaction per row (the exception
    blocks in pgtrigger's and pghistory's functions) and make bulk writes quadratic."""
    tables = {event_model.pgh_tracked_model._meta.db_table for event_model in core.event_models()}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, t.tgname, (t.tgtype & 1) = 1 AS per_row
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND t.tgname LIKE 'pgtrigger_%%'
              AND (t.tgname LIKE 'pgtrigger_insert_insert_%%'
                   OR t.tgname LIKE 'pgtrigger_update_update_%%'
                   OR t.tgname LIKE 'pgtrigger_delete_delete_%%')
            """
        )
        found = cursor.fetchall()
    history = [(table, name, per_row) for table, name, per_row in found if table in tables]
    # Insert, update and delete of every audited model.
    assert {table for table, _name, _per_row in history} == tables
    assert len(history) == 3 * len(tables)
    assert [(t, n) for t, n, per_row in history if per_row] == []


def test_training_record_events_are_indexed_only_as_history_reads_them(db):
    """Every index of an event table is paid by every import (ADR 0017); history is read by
    the record it tracks (and its context), never by a record's officer or course."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = 'programs_trainingrecordevent'::regclass
            ORDER BY a.attname
            """
        )
        indexed = [name for (name,) in cursor.fetchall()]
    assert indexed == ["pgh_context_id", "pgh_id", "pgh_obj_id"]
