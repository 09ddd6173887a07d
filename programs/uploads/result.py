"""An import's result, and saving all of its rows or none."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from programs.uploads.reading import Row
from sro_admin.errors import RuleViolation

logger = logging.getLogger(__name__)

# A preview lists every row of a file up to this many; beyond, the rows with a problem or a
# warning (up to this many), and says how many ready rows it does not list.
SHOWN_ROWS = 500


@dataclass(kw_only=True)
class Result:
    rows: list[Row]
    notices: list[str] = field(default_factory=list)  # about the whole file
    saved: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if not row.ok)

    @property
    def shown_rows(self) -> list[Row]:
        if len(self.rows) <= SHOWN_ROWS:
            return self.rows
        return [r for r in self.rows if r.errors or r.warnings][:SHOWN_ROWS]

    @property
    def hidden_count(self) -> int:
        return len(self.rows) - len(self.shown_rows)


def save_all(save: Callable[[], int], *, changed_meanwhile: str) -> int:
    """Run `save` in one transaction: every row is saved, or none. Returns what it returns.

    The rows were checked just before, so a refusal by the database means someone changed
    the same records meanwhile (`changed_meanwhile` says so). A value the database refuses
    would be a gap in the checks: it is logged, and the user still gets a page, not an error.
    """
    try:
        with transaction.atomic():
            return save()
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
