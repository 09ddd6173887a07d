"""The triggers that tell the training attention summary (programs.models.attention) what
changed: each write to what a standing is computed from counts one more version of the
officers or programs it touched, in the writer's own transaction (ADR 0019).

What a standing reads (programs/selectors/standings.py): an officer's training records and
placements, and the program's requirements in force and its school year and due-soon
window. So TrainingRecord and Assignment count officers' versions, TrainingRequirement and
Program count programs'. Once per statement, from its transition tables, whatever the path
(services, imports, the site administration, SQL). Here, not in attention.py, so that the
models that carry them need not import the summary's.
"""

import pgtrigger

OFFICER_VERSIONS = "programs_officertrainingversion"
PROGRAM_VERSIONS = "programs_programtrainingversion"


def _bump(table: str, key: str, ids_sql: str) -> str:
    # In id order, so that two writers touching the same officers lock them in one order.
    return f"""
        INSERT INTO {table} AS v ({key}, version)
        SELECT changed.id, 1 FROM ({ids_sql}) AS changed(id)
        WHERE changed.id IS NOT NULL ORDER BY changed.id
        ON CONFLICT ({key}) DO UPDATE SET version = v.version + 1;
        RETURN NULL;
    """  # noqa: S608 - table and column names from this module, never from input


def _versions_counted(name: str, table: str, key: str, column: str) -> list[pgtrigger.Trigger]:
    """Three statement triggers (one per operation: transition tables allow one event) that
    count a version of each `key` row named by the written rows' `column`."""
    return [
        pgtrigger.Trigger(
            name=f"{name}_insert",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Insert,
            referencing=pgtrigger.Referencing(new="new_values"),
            func=_bump(table, key, f"SELECT DISTINCT {column} FROM new_values"),  # noqa: S608
        ),
        pgtrigger.Trigger(
            name=f"{name}_update",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            referencing=pgtrigger.Referencing(old="old_values", new="new_values"),
            func=_bump(
                table,
                key,
                f"SELECT {column} FROM old_values UNION SELECT {column} FROM new_values",  # noqa: S608
            ),
        ),
        pgtrigger.Trigger(
            name=f"{name}_delete",
            level=pgtrigger.Statement,
            when=pgtrigger.After,
            operation=pgtrigger.Delete,
            referencing=pgtrigger.Referencing(old="old_values"),
            func=_bump(table, key, f"SELECT DISTINCT {column} FROM old_values"),  # noqa: S608
        ),
    ]


def officer_versions_counted() -> list[pgtrigger.Trigger]:
    """For a table with an `officer_id`: its writes change those officers' standings."""
    return _versions_counted("attention_officer", OFFICER_VERSIONS, "officer_id", "officer_id")


def program_versions_counted() -> list[pgtrigger.Trigger]:
    """For a table with a `program_id` (requirements): its writes change those programs'."""
    return _versions_counted("attention_program", PROGRAM_VERSIONS, "program_id", "program_id")


def program_settings_counted() -> list[pgtrigger.Trigger]:
    """For Program itself: a new school-year start or due-soon window changes its standings."""
    return [
        pgtrigger.Trigger(
            name="attention_program_settings",
            level=pgtrigger.Row,
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange("school_year_starts_month", "due_soon_days"),
            func=f"""
                INSERT INTO {PROGRAM_VERSIONS} AS v (program_id, version)
                VALUES (NEW.id, 1)
                ON CONFLICT (program_id) DO UPDATE SET version = v.version + 1;
                RETURN NULL;
            """,  # noqa: S608 - table name from this module
        )
    ]
