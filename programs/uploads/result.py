"""An import's result, counted batch by batch, and saving all of its rows or none.

A Result holds counts and the few rows a preview shows, never every row: a file of 200,000
rows and one of 20 leave a Result of the same size (the first rows with an error, up to
SHOWN_ERRORS; the first with a warning, up to SHOWN_WARNINGS; a sample of SAMPLE_ROWS ready
rows).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from programs.uploads.reading import Row, Upload, collector_paused
from sro_admin.errors import RuleViolation

logger = logging.getLogger(__name__)

SHOWN_ERRORS = 100  # rows with an error a preview lists (in file order); it counts the rest
SHOWN_WARNINGS = 100  # ready rows with a warning it lists
SAMPLE_ROWS = 10  # ready rows without a warning it lists, to see the file was read right


@dataclass(kw_only=True)
class Result:
    notices: list[str] = field(default_factory=list)  # about the whole file
    read: int = 0  # rows read
    with_errors: int = 0
    with_warnings: int = 0  # ready rows with a warning
    errors: list[Row] = field(default_factory=list)  # the first SHOWN_ERRORS rows with errors
    warned: list[Row] = field(default_factory=list)  # the first ready rows with warnings
    sample: list[Row] = field(default_factory=list)  # the first ready rows without
    saved: int = 0
    save_seconds: float | None = None  # the save's transaction, commit included

    @property
    def ok(self) -> bool:
        return self.read > 0 and not self.with_errors

    @property
    def ready(self) -> int:
        return self.read - self.with_errors

    @property
    def more_errors(self) -> int:
        return self.with_errors - len(self.errors)

    @property
    def more_warnings(self) -> int:
        return self.with_warnings - len(self.warned)

    @property
    def more_ready(self) -> int:
        """Ready rows the preview does not list."""
        return self.ready - len(self.warned) - len(self.sample)

    @property
    def shown_rows(self) -> list[Row]:
        """Every row the preview lists, in file order."""
        return sorted([*self.errors, *self.warned, *self.sample], key=lambda row: row.line)

    def add(self, rows: Iterable[Row]) -> None:
        """Count a checked batch, keeping the rows a preview lists."""
        for row in rows:
            self.read += 1
            if row.errors:
                self.with_errors += 1
                if len(self.errors) < SHOWN_ERRORS:
                    self.errors.append(row)
            elif row.warnings:
                self.with_warnings += 1
                if len(self.warned) < SHOWN_WARNINGS:
                    self.warned.append(row)
            elif len(self.sample) < SAMPLE_ROWS:
                self.sample.append(row)


def check_rows(
    upload: Upload, check: Callable[[list], None], result: Result | None = None
) -> Result:
    """Read the file batch by batch, run the import's `check` on each batch (its database
    checks: a fixed number of queries per batch) and count it into `result`.

    With Python's cyclic garbage collector paused: the rows of a batch (each a few dicts
    and lists, in no reference cycle) are freed by reference counting once it is counted,
    but while they live they would set off collections that walk every object of the
    process, again and again: half the time of the check of a large file."""
    result = result if result is not None else Result()
    result.notices = upload.notices
    with collector_paused():
        for batch in upload.batches():
            check(batch)
            result.add(batch)
    return result


def save_all(result: Result, save: Callable[[], int], *, changed_meanwhile: str) -> None:
    """Run `save` in one transaction: every row is saved, or none. Sets `result.saved` to
    what it returns and `result.save_seconds` to how long the transaction took.

    The rows were checked just before, so a refusal by the database means someone changed
    the same records meanwhile (`changed_meanwhile` says so). A value the database refuses
    would be a gap in the checks: it is logged, and the user still gets a page, not an error.
    """
    started = time.perf_counter()
    try:
        with transaction.atomic():
            saved = save()
    except IntegrityError as error:
        raise RuleViolation(changed_meanwhile, field="file") from error
    except DataError as error:
        logger.exception("An import passed its checks but the database refused a value")
        raise RuleViolation(
            _(
                "A value in the file could not be stored, so nothing was saved. Check the "
                "file's numbers, dates and lengths, or ask your administrator."
            ),
            field="file",
        ) from error
    result.save_seconds = time.perf_counter() - started
    result.saved = saved
