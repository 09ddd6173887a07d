"""Writes for the training attention summary (programs.models.attention, ADR 0019): a job's,
never a user's. What it writes is derived from audited records, so it is not audited itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import connection, transaction

from programs.clock import program_today
from programs.models import Assignment, Officer, Program
from programs.selectors import standings


def program_officers(program: Program):
    """The officers a program's standings are kept for: those who serve or served its
    schools (the training grid's, before any user's door narrows them)."""
    return Officer.objects.filter(
        pk__in=Assignment.objects.filter(school__district=program.district_id).values("officer")
    )


def training_attention_refresh(
    programs=None, *, today_of: Callable[[Program], date] = program_today
) -> int:
    """Write the summary's rows that are not current (a new day in the program's district,
    or a record, placement, requirement or setting written since), for every program or
    those given, each as of its own district's date. Returns how many rows it wrote. Safe
    to run at any time and twice at once: a row computed from versions that changed while it
    ran is simply not current, and is computed again next time."""
    written = 0
    for program in programs if programs is not None else Program.objects.select_related("district"):
        sql, params = standings.attention_refresh_sql(
            program, program_officers(program), today=today_of(program)
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            written += cursor.rowcount
    return written
