"""Whether an SRO's placement at a school is covered by an agreement: an extension point.

COPS-2 asks for a fully executed MOU between the agency and each district, and COPS-11
places SROs at schools. Assignments belong to `programs`, MOUs to `mous`, and imports only
point down (`mous` imports `programs`, never the other way). So `programs` asks the question
here and `mous` answers it: `MousConfig.ready()` registers `mous.selectors.covered_placements`.

A check takes (agency id, school id) pairs and a date and returns the pairs it covers on that
date, in a constant number of queries however many pairs it is given, so a page of rows asks
once (programs.selectors.enrollment.district_staffing_for).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

Placement = tuple[int, int]  # (agency id, school id)
CoverageCheck = Callable[[Collection[Placement], date], set[Placement]]

_checks: list[CoverageCheck] = []


def register(check: CoverageCheck) -> None:
    """Add a check (at start-up, from an AppConfig.ready()). Registering twice adds it once."""
    if check not in _checks:
        _checks.append(check)


def uncovered(placements: Collection[Placement], *, on: date) -> set[Placement]:
    """The placements that no registered check covers on `on`.

    With no check registered there is nothing to check against, so nothing is reported.
    """
    pending = set(placements)
    for check in _checks if pending else ():
        pending -= check(frozenset(pending), on)
        if not pending:
            break
    return pending if _checks else set()
