"""Training standing, worked by hand for each requirement kind, plus properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs.selectors.training import State, add_months, school_year_of, standing

BASIC, ADVANCED, ANNUAL, RAPID = 1, 2, 3, 4
TODAY = date(2026, 11, 23)


def stand(
    kind, course=BASIC, *, months=None, after=None, placed=date(2026, 8, 1), done=None, today=TODAY
):
    return standing(
        kind=kind,
        course_id=course,
        months=months,
        after_course_id=after,
        first_placement=placed,
        completions=done or {},
        today=today,
        school_year_starts_month=7,
        due_soon_days=60,
    )


def test_months_are_added_to_the_calendar():
    assert add_months(date(2026, 5, 31), 9) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)
    assert school_year_of(date(2026, 11, 23), 7) == (date(2026, 7, 1), date(2027, 6, 30))
    assert school_year_of(date(2027, 3, 1), 7) == (date(2026, 7, 1), date(2027, 6, 30))


class TestBasicCourseWithinNineMonths:  # COPS-8
    def test_upcoming_then_due_soon_then_overdue(self):
        placed = date(2026, 8, 1)  # due 2027-05-01
        assert stand("within_months_of_placement", months=9, placed=placed).state == State.UPCOMING
        soon = stand("within_months_of_placement", months=9, placed=placed, today=date(2027, 4, 1))
        assert (soon.state, soon.due_on) == (State.DUE_SOON, date(2027, 5, 1))
        late = stand("within_months_of_placement", months=9, placed=placed, today=date(2027, 5, 2))
        assert (late.state, late.due_on) == (State.OVERDUE, date(2027, 5, 1))

    def test_met_on_time_or_late(self):
        on_time = stand("within_months_of_placement", months=9, done={BASIC: [date(2026, 10, 1)]})
        assert (on_time.state, on_time.late) == (State.MET, False)
        late = stand(
            "within_months_of_placement",
            months=9,
            today=date(2027, 6, 1),
            done={BASIC: [date(2027, 5, 20)]},
        )
        assert (late.state, late.late, late.met_on) == (State.MET, True, date(2027, 5, 20))

    def test_not_applicable_before_any_placement(self):
        assert stand("within_months_of_placement", months=9, placed=None).state == (
            State.NOT_APPLICABLE
        )

    def test_a_completion_in_the_future_does_not_count(self):
        future = stand("within_months_of_placement", months=9, done={BASIC: [TODAY + timedelta(1)]})
        assert future.state == State.UPCOMING


class TestAnnualSafetyTraining:  # NASRO 03.01.01
    def test_met_when_done_this_school_year(self):
        result = stand("every_school_year", ANNUAL, done={ANNUAL: [date(2026, 9, 10)]})
        assert (result.state, result.due_on) == (State.MET, date(2027, 6, 30))
        # Met for 2026-27: next due by the end of 2027-28.
        assert result.next_due_on == date(2028, 6, 30)

    def test_last_years_miss_stays_overdue_until_done(self):
        result = stand(
            "every_school_year", ANNUAL, placed=date(2025, 8, 1), done={ANNUAL: [date(2025, 3, 1)]}
        )  # that was 2024-25
        assert (result.state, result.due_on) == (State.OVERDUE, date(2026, 6, 30))

    def test_first_year_is_due_at_its_end(self):
        assert stand("every_school_year", ANNUAL).state == State.UPCOMING
        soon = stand("every_school_year", ANNUAL, today=date(2027, 5, 15))
        assert (soon.state, soon.due_on) == (State.DUE_SOON, date(2027, 6, 30))


class TestAdvancedCourseAYearAfterBasic:  # NASRO 03.03.01
    def test_waits_for_the_basic_course(self):
        assert stand("months_after_course", ADVANCED, months=12, after=BASIC).state == (
            State.NOT_APPLICABLE
        )

    def test_due_a_year_after_basic(self):
        result = stand(
            "months_after_course",
            ADVANCED,
            months=12,
            after=BASIC,
            done={BASIC: [date(2025, 10, 1)]},
        )
        assert (result.state, result.due_on) == (State.OVERDUE, date(2026, 10, 1))
        met = stand(
            "months_after_course",
            ADVANCED,
            months=12,
            after=BASIC,
            done={BASIC: [date(2025, 10, 1)], ADVANCED: [date(2026, 9, 1)]},
        )
        assert met.state == State.MET and not met.late
        assert met.next_due_on is None  # once and for all
        assert result.next_due_on == date(2026, 10, 1)  # pending: its due date


class TestRapidDeploymentCycle:  # NASRO 03.04.01
    def test_renewal_comes_due(self):
        met = stand("every_n_months", RAPID, months=24, done={RAPID: [date(2025, 6, 1)]})
        assert (met.state, met.due_on, met.next_due_on) == (
            State.MET,
            date(2027, 6, 1),
            date(2027, 6, 1),
        )
        soon = stand("every_n_months", RAPID, months=24, done={RAPID: [date(2025, 1, 10)]})
        assert (soon.state, soon.due_on) == (State.DUE_SOON, date(2027, 1, 10))
        overdue = stand("every_n_months", RAPID, months=24, done={RAPID: [date(2024, 1, 10)]})
        assert overdue.state == State.OVERDUE

    def test_never_done_is_due_a_cycle_after_placement(self):
        result = stand("every_n_months", RAPID, months=24, placed=date(2024, 9, 1))
        assert (result.state, result.due_on) == (State.OVERDUE, date(2026, 9, 1))


def test_an_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        stand("every_full_moon")


dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
kinds = st.sampled_from(
    ["within_months_of_placement", "every_school_year", "months_after_course", "every_n_months"]
)


@given(
    kind=kinds,
    months=st.integers(0, 36),
    placed=st.none() | dates,
    today=dates,
    basic=st.lists(dates, max_size=3),
    own=st.lists(dates, max_size=3),
)
def test_properties(kind, months, placed, today, basic, own):
    result = standing(
        kind=kind,
        course_id=ADVANCED,
        months=months,
        after_course_id=BASIC,
        first_placement=placed,
        completions={BASIC: basic, ADVANCED: own},
        today=today,
    )
    if result.state == State.MET:
        # Met only by a real completion that has already happened.
        assert result.met_on in own and result.met_on <= today
    if not [d for d in own if d <= today]:
        assert result.state != State.MET
    if result.state == State.OVERDUE:
        assert result.due_on < today
    if result.state in (State.DUE_SOON, State.UPCOMING):
        assert result.due_on >= today
    # The next due date (the officer's page shows it for every requirement): a met repeating
    # requirement is due again after today, one met once and for all is not due again, and
    # anything not met is next due on its due date.
    if result.state == State.MET:
        if kind in ("every_school_year", "every_n_months"):
            assert result.next_due_on > today
        else:
            assert result.next_due_on is None
    else:
        assert result.next_due_on == result.due_on
