"""The bulk-write path: many rows of one model in one statement, audited, at full speed.

Imports (training records now, interactions next) and the benchmark's seed write through
`bulk_insert`, never through a loop of `save()` or a hand-made COPY of their own.

- One PostgreSQL `COPY ... FROM STDIN` carries every row (psycopg's copy protocol: no SQL
  text to build, no parameters to bind), so the cost per row is the table's own: its
  indexes, its constraints and its history.
- The history triggers are statement-level (ADR 0017): one trigger call per COPY writes
  every row's insert event from the transition table, under the audit context of the
  request or job (`audit_context`), which is attached to the transaction before the COPY.
- The table's foreign keys, which Django declares DEFERRABLE INITIALLY DEFERRED, are checked
  as the rows arrive (`SET CONSTRAINTS ... IMMEDIATE`) instead of piling up in the
  transaction's queue of deferred checks, then deferred again. A row that points nowhere
  still fails the statement (IntegrityError), and the caller's transaction rolls back.

Values are Python values of the model's fields (dates, Decimals, strings, ids of foreign
keys), by field name or attname (`officer` or `officer_id` both mean the column
`officer_id`). `created_at`/`updated_at` (auto_now) are filled with one timestamp, and the
fields not given with their defaults, as `Model.objects.create` would. `rows` may be a
generator, but it must not query the database while it is read: the connection is busy
with the COPY until the last row (read what the rows need first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[models.Field]:
    by_name = {}
    for f in model._meta.concrete_fields:
        by_name[f.name] = f
        by_name[f.attname] = f
    try:
        return [by_name[name] for name in fields]
    except KeyError as missing:
        raise ValueError(f"{model.__name__} has no field {missing}") from None


def _foreign_key_constraints(table: str) -> list[str]:
    """The names of the table's deferrable foreign keys."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conname FROM pg_constraint
            WHERE conrelid = %s::regclass AND contype = 'f' AND condeferrable
            ORDER BY conname
            """,
            [table],
        )
        return [name for (name,) in cursor.fetchall()]


def bulk_insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (each a sequence of values in the order of `fields`) into `model`'s
    table in one COPY, inside the caller's transaction. Returns the number of rows."""
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_insert runs inside transaction.atomic(): all rows or none.")
    columns = _columns(model, fields)
    # Columns not given: auto_now stamps, then the fields' Django-side defaults (the database
    # has none of its own). A callable default is called for each row.
    now = timezone.now()
    rest = [
        f
        for f in model._meta.concrete_fields
        if f not in columns and not f.primary_key and not f.generated
    ]
    fixed: list[models.Field] = []
    fixed_values: list[Any] = []
    per_row: list[models.Field] = []
    for f in rest:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            fixed.append(f)
            fixed_values.append(now)
        elif f.has_default() and callable(f.default):
            per_row.append(f)
        else:  # as Model() would: the default, "" for text, else None (NOT NULL refuses it)
            fixed.append(f)
            fixed_values.append(f.get_default())
    extra = tuple(fixed_values)
    table = model._meta.db_table
    names = ", ".join(connection.ops.quote_name(f.column) for f in [*columns, *fixed, *per_row])
    foreign_keys = ", ".join(connection.ops.quote_name(n) for n in _foreign_key_constraints(table))
    written = 0
    with connection.cursor() as cursor:
        if foreign_keys:
            # Through Django's cursor, so that the audit context (pghistory's execute
            # wrapper) is attached to the transaction before the COPY reads it.
            cursor.execute(f"SET CONSTRAINTS {foreign_keys} IMMEDIATE")
        else:
            cursor.execute("SET LOCAL sro_admin.bulk_insert = 'on'")  # carries the context
        copy_sql = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
        # psycopg's errors as Django's (IntegrityError, DataError), as for any other query.
        with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
            for row in rows:
                if per_row:
                    copy.write_row((*row, *extra, *(f.get_default() for f in per_row)))
                else:
                    copy.write_row((*row, *extra))
                written += 1
        if foreign_keys:
            cursor.execute(f"SET CONSTRAINTS {foreign_keys} DEFERRED")
    return written
