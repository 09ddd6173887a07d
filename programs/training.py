"""An officer's standing against one training requirement: plain code, no database.

The requirement kinds (TrainingRequirement.Kind) and what "due" means for each:
- within months of first placement (basic course, COPS-8 / NASRO 03.02.01; special-needs
  training, NASRO-DISC): due that many months after the officer's first assignment began;
  months = 0 means before the assignment.
- every school year (annual school-safety training, NASRO 03.01.01): due by the end of each
  school year the officer serves in; a year missed stays overdue until done again.
- months after another course (advanced course about a year after basic, NASRO 03.03.01):
  due that many months after the other course was completed.
- every N months (single-officer rapid deployment, NASRO 03.04.01): due N months after the
  last completion, or N months after first placement if never done.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta


class State(enum.StrEnum):
    MET = "met"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"  # due later, not yet within the warning window
    NOT_APPLICABLE = "not_applicable"  # e.g. never placed, or the earlier course not done


@dataclass(frozen=True)
class Standing:
    state: State
    due_on: date | None = None  # when it became (or becomes) due
    met_on: date | None = None  # the completion that meets it
    late: bool = False  # met, but after it was due
    renews_on: date | None = None  # met, and due again by this date (a repeating requirement)

    @property
    def next_due_on(self) -> date | None:
        """The next date by which the requirement must be met: the next round for one that is
        met and repeats; None for one met once and for all, or not applicable yet."""
        if self.state == State.MET:
            return self.renews_on
        return self.due_on


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def school_year_of(day: date, starts_month: int) -> tuple[date, date]:
    """First and last day of the school year that contains `day`."""
    start_year = day.year if day.month >= starts_month else day.year - 1
    start = date(start_year, starts_month, 1)
    return start, add_months(start, 12) - timedelta(days=1)


def _pending(due_on: date, *, today: date, due_soon_days: int) -> Standing:
    if today > due_on:
        return Standing(State.OVERDUE, due_on=due_on)
    if today >= due_on - timedelta(days=due_soon_days):
        return Standing(State.DUE_SOON, due_on=due_on)
    return Standing(State.UPCOMING, due_on=due_on)


def standing(
    *,
    kind: str,
    course_id: int,
    months: int | None,
    after_course_id: int | None,
    first_placement: date | None,
    completions: Mapping[int, Sequence[date]],
    today: date,
    school_year_starts_month: int = 7,
    due_soon_days: int = 60,
) -> Standing:
    """Where one officer stands against one requirement on `today`.

    `completions` maps a course id to the dates the officer completed it, any order.
    """
    done = sorted(d for d in completions.get(course_id, ()) if d <= today)
    if kind == "within_months_of_placement":
        if first_placement is None:
            return Standing(State.NOT_APPLICABLE)
        due_on = add_months(first_placement, months or 0)
        if done:
            return Standing(State.MET, due_on=due_on, met_on=done[0], late=done[0] > due_on)
        return _pending(due_on, today=today, due_soon_days=due_soon_days)

    if kind == "every_school_year":
        if first_placement is None or first_placement > today:
            return Standing(State.NOT_APPLICABLE)
        start, end = school_year_of(today, school_year_starts_month)
        this_year = [d for d in done if start <= d <= end]
        if this_year:
            # Met for this school year; due again by the end of the next one.
            return Standing(
                State.MET, due_on=end, met_on=this_year[0], renews_on=add_months(end, 12)
            )
        last_start, last_end = school_year_of(start - timedelta(days=1), school_year_starts_month)
        served_last_year = first_placement <= last_end
        if served_last_year and not [d for d in done if last_start <= d <= last_end]:
            return Standing(State.OVERDUE, due_on=last_end)
        return _pending(end, today=today, due_soon_days=due_soon_days)

    if kind == "months_after_course":
        earlier = sorted(completions.get(after_course_id, ()))
        if not earlier:
            return Standing(State.NOT_APPLICABLE)
        due_on = add_months(earlier[0], months or 0)
        later = [d for d in done if d >= earlier[0]]
        if later:
            return Standing(State.MET, due_on=due_on, met_on=later[0], late=later[0] > due_on)
        return _pending(due_on, today=today, due_soon_days=due_soon_days)

    if kind == "every_n_months":
        if done:
            due_on = add_months(done[-1], months or 0)
            if today < due_on - timedelta(days=due_soon_days):
                return Standing(State.MET, due_on=due_on, met_on=done[-1], renews_on=due_on)
            return _pending(due_on, today=today, due_soon_days=due_soon_days)
        if first_placement is None:
            return Standing(State.NOT_APPLICABLE)
        return _pending(
            add_months(first_placement, months or 0), today=today, due_soon_days=due_soon_days
        )

    raise ValueError(f"Unknown requirement kind: {kind}")
