"""Bulk writes: an import's rate, against PostgreSQL's own `INSERT ... SELECT` of the same rows
into a table with the same indexes and constraints, measured in the same run.

One entry per table an import writes (training records now; interactions next): each builds
a file of `rows` rows, times the import as its users run it (read, check, save), takes the
time of its save's transaction from the import's own measure (`Result.save_seconds`: one
COPY through sro_admin.bulk, history included), and times the baseline.
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction

from programs.models import Course, Officer, Program, TrainingRecord
from programs.services.training_import import training_record_import


@dataclass(frozen=True)
class WriteTiming:
    name: str
    rows: int
    seconds: float  # the import, whole: read, check, save
    save_seconds: float  # its save's transaction, as the import measured it (Result)
    baseline_seconds: float  # INSERT ... SELECT of the same rows into a copy of the table

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    @property
    def save_rate(self) -> float:
        return self.rows / self.save_seconds

    @property
    def baseline_rate(self) -> float:
        return self.rows / self.baseline_seconds

    @property
    def ratio(self) -> float:
        """The save against INSERT ... SELECT (the target's ratio)."""
        return self.baseline_seconds / self.save_seconds


def _baseline_seconds(model, columns: list[str], rows: list[tuple]) -> float:
    """INSERT ... SELECT of `rows` into a copy of `model`'s table: its columns, defaults,
    checks, unique constraints, indexes and foreign keys, but no history trigger. Rolled
    back: nothing is left behind."""
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        # Names from the model, never from input.
        rows_table = f"CREATE TEMP TABLE bench_rows ON COMMIT DROP AS SELECT {quoted} FROM {table}"  # noqa: S608
        cursor.execute(rows_table + " WITH NO DATA")
        cursor.execute(f"CREATE TABLE bench_copy (LIKE {table} INCLUDING ALL)")
        cursor.execute(
            """
            SELECT pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype = 'f'
            """,
            [table],
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE bench_copy ADD {definition}")
        with cursor.cursor.copy(f"COPY bench_rows ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute("ANALYZE bench_rows")
        started = time.perf_counter()
        insert = f"INSERT INTO bench_copy ({quoted}) SELECT {quoted} FROM bench_rows"  # noqa: S608
        cursor.execute(insert)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # its deferred checks, inside the time
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def training_import(*, actor, agency, rows: int, today) -> WriteTiming:
    """A year of a large agency's training in one file of `rows` rows, through the import."""
    program = Program.objects.filter(district__agency_links__agency=agency).order_by("pk").first()
    course, _ = Course.objects.get_or_create(
        program=program, code="bench-import", defaults={"name": "Bench import course"}
    )
    officers = list(
        Officer.objects.filter(agency=agency).order_by("pk").values_list("pk", "badge_number")
    )
    per_officer = -(-rows // len(officers))
    days = [today - timedelta(days=n) for n in range(1, per_officer + 1)]
    chosen = [(o, badge, day) for day in days for o, badge in officers][:rows]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["badge_number", "course_code", "completed_on", "hours", "provider"])
    for _o, badge, day in chosen:
        writer.writerow([badge, course.code, day.isoformat(), "2.5", "Bench academy"])
    content = text.getvalue().encode()
    columns = ["officer_id", "course_id", "completed_on", "hours", "provider", "certificate"]
    columns += ["created_at", "updated_at"]
    now = today  # any timestamp: the baseline's rows are dropped
    baseline = _baseline_seconds(
        TrainingRecord,
        columns,
        [(o, course.pk, day, "2.5", "Bench academy", "", now, now) for o, _b, day in chosen],
    )
    started = time.perf_counter()
    result = training_record_import(actor=actor, agency=agency, content=content, save=True)
    seconds = time.perf_counter() - started
    if result.saved != len(chosen):
        errors = [(r.line, r.errors) for r in result.errors[:5]]
        raise RuntimeError(f"The bench import saved {result.saved} rows: {errors}")
    return WriteTiming(
        name="Training import",
        rows=len(chosen),
        seconds=seconds,
        save_seconds=result.save_seconds,  # the import's own measure of its transaction
        baseline_seconds=baseline,
    )
