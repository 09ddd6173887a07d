"""One clock: "today" is the district's, whatever the hour in UTC (programs/clock.py).

Every test here runs at the four moments of conftest.CLOCK_MOMENTS: 23:30 and 00:30 in North
(America/Chicago), 00:30 and 07:30 UTC. At 23:30 in North it is already tomorrow in UTC, and
at 00:30 UTC it is still yesterday in North: a page that proposed one zone's date and a
service that checked the other's refused the date it had proposed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from conftest import NORTH_TIME_ZONE
from mous import reminders
from mous import services as mou_services
from mous.models import (
    AnnualReview,
    Mou,
    MouVersion,
    ReviewReminder,
    Signature,
    StakeholderInput,
)
from mous.selectors import review_due_on as review_due_on_of
from mous.tasks import mou_reviews_daily
from mous.tests.builders import appoint_heads, draft, execute, executed
from programs.clock import (
    UTC,
    agency_today,
    district_today,
    officer_today,
    program_today,
    school_today,
    user_today,
)
from programs.models import (
    Course,
    Interview,
    OptOut,
    Probation,
    ProbationReview,
    Selection,
    TrainingRecord,
)
from programs.services import selection as selection_services
from programs.tests.factories import AgencyFactory, UserFactory
from sro_admin.audit import audit_context, history_for

pytestmark = pytest.mark.usefixtures("frozen_clock")

DENVER = "America/Denver"  # the world's South district


def test_today_is_the_districts_own(frozen_clock, world):
    north = frozen_clock.astimezone(NORTH_TIME_ZONE).date()
    assert district_today(world.district) == north
    assert district_today(world.south) == frozen_clock.astimezone(world.south.time_zone).date()
    assert school_today(world.school) == program_today(world.program) == north
    # An officer's records are dated in their agency's district; an agency serving no
    # district yet, and a person who sees none, go by UTC.
    assert officer_today(world.officer) == agency_today(world.agency) == north
    assert agency_today(AgencyFactory()) == frozen_clock.astimezone(UTC).date()
    assert user_today(world.users["district_admin"]) == north
    assert user_today(world.users["other_district_admin"]) == district_today(world.south)
    assert user_today(UserFactory()) == frozen_clock.astimezone(UTC).date()


# -- every form that proposes today: the service accepts it, and refuses tomorrow -------------


@dataclass(frozen=True)
class DateForm:
    """A page that pre-fills a date the service then checks."""

    role: str
    url: Callable  # (world) -> the form's address, after setting up what it needs
    field: str
    data: Callable  # (world, today) -> the rest of a valid submission
    refused: str  # what the page says of a date in the future
    stored: Callable  # () -> the dates saved


def _selection(world):
    posting = selection_services.posting_create(
        actor=world.users["district_admin"],
        program=world.program,
        school=world.school,
        title="SRO",
        opened_on=date(2025, 1, 6),
    )
    return selection_services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.colleague
    )


def _probation(world):
    assignment = world.officer.assignments.get()
    selection_services.probation_start(
        actor=world.users["le_supervisor"],
        assignment=assignment,
        starts_on=assignment.starts_on,
        ends_on=date(2026, 2, 1),
    )
    return assignment


def _dates(model, field: str) -> list[date]:
    return list(model.objects.exclude(**{field: None}).values_list(field, flat=True))


DATE_FORMS = {
    "training record": DateForm(
        role="le_supervisor",
        url=lambda w: reverse("training-record-create", args=[w.officer.pk]),
        field="completed_on",
        data=lambda w, today: {
            "course": Course.objects.get(program=None, code="basic-sro").pk,
            "hours": "8",
        },
        refused="The completion date is in the future.",
        stored=lambda: _dates(TrainingRecord, "completed_on"),
    ),
    "interview": DateForm(
        role="le_supervisor",
        url=lambda w: reverse("interview-add", args=[_selection(w).pk]),
        field="held_on",
        data=lambda w, today: {"participants": "Panel"},
        refused="The interview date is in the future.",
        stored=lambda: _dates(Interview, "held_on"),
    ),
    "selection decision": DateForm(
        role="le_supervisor",
        url=lambda w: reverse("selection-decide", args=[_selection(w).pk]),
        field="decided_on",
        # COPS-5: no committee, interview or ratings yet, so the selection says why.
        data=lambda w, today: {"decision": "selected", "justification": "Panel to follow."},
        refused="The decision date is in the future.",
        stored=lambda: _dates(Selection, "decided_on"),
    ),
    "probation review": DateForm(
        role="school_admin",
        url=lambda w: reverse("probation-review-add", args=[_probation(w).pk]),
        field="held_on",
        data=lambda w, today: {"findings": "Going well."},
        refused="The review date is in the future.",
        stored=lambda: _dates(ProbationReview, "held_on"),
    ),
    "probation outcome": DateForm(
        role="district_admin",
        url=lambda w: reverse("probation-decide", args=[_probation(w).pk]),
        field="outcome_on",
        data=lambda w, today: {"outcome": "extended"},
        refused="The decision date is in the future.",
        stored=lambda: _dates(Probation, "outcome_on"),
    ),
    "opt-out": DateForm(
        role="sro",
        url=lambda w: reverse("opt-out-create", args=[w.officer.pk]),
        field="recorded_on",
        data=lambda w, today: {"effective_on": (today + timedelta(days=30)).isoformat()},
        refused="The date recorded is in the future.",
        stored=lambda: _dates(OptOut, "recorded_on"),
    ),
    "MOU stakeholder input": DateForm(
        role="district_admin",
        url=lambda w: reverse("mou-input-create", args=[draft(w).pk]),
        field="held_on",
        data=lambda w, today: {
            "category": "families",
            "kind": "meeting",
            "summary": "Asked about arrests.",
        },
        refused="The date is in the future.",
        stored=lambda: _dates(StakeholderInput, "held_on"),
    ),
    "MOU annual review": DateForm(
        role="district_admin",
        url=lambda w: reverse(
            "mou-review-create",
            args=[executed(w, on=district_today(w.district) - timedelta(days=30)).pk],
        ),
        field="reviewed_on",
        data=lambda w, today: {
            "participants": "Board",
            "findings": "Fine.",
            "meets_expectations": "yes",
        },
        refused="The review date is in the future.",
        stored=lambda: _dates(AnnualReview, "reviewed_on"),
    ),
}


def _proposed(page: str, field: str) -> str:
    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', page)
    assert tag, f"no {field} on the page"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


@pytest.mark.parametrize("name", list(DATE_FORMS))
def test_a_form_proposes_the_date_its_service_accepts(client, world, name):
    form = DATE_FORMS[name]
    today = district_today(world.district)
    url = form.url(world)
    data = form.data(world, today)
    client.force_login(world.users[form.role])

    proposed = _proposed(client.get(url).content.decode(), form.field)
    assert proposed == today.isoformat()  # North's date, as <input type=date> reads it

    tomorrow = (today + timedelta(days=1)).isoformat()
    refused = client.post(url, {**data, form.field: tomorrow})
    assert refused.status_code == 200
    assert form.refused in refused.content.decode()
    assert form.stored() == []

    accepted = client.post(url, {**data, form.field: proposed})
    assert accepted.status_code == 302, accepted.content.decode()
    assert form.stored() == [today]


# -- services read today from the district when no page gives it ------------------------------


def test_a_signature_is_dated_the_districts_today(world):
    mou = draft(world)
    version = mou.versions.get()
    admin = world.users["district_admin"]
    appoint_heads(world)  # the administrator is the superintendent (NASRO-DISC)
    mou_services.version_submit(actor=admin, version=version)
    signature = mou_services.version_sign(
        actor=admin, version=version, party=Signature.Party.SUPERINTENDENT, signer_title="Supt."
    )
    assert signature.signed_on == district_today(world.district)


# -- beat: MOU expiry and review reminders, by each district's date --------------------------


def _in_force(world, *, title: str, review_due_on: date | None = None, ends_on=None):
    """North's MOU, in force, its annual review due on `review_due_on` (or in a year or
    more), its term ending on `ends_on` (or not set)."""
    today = district_today(world.district)
    executed_on = today - timedelta(days=30)
    if review_due_on is not None:
        if (review_due_on.month, review_due_on.day) == (2, 29):
            pytest.skip("No MOU executed a year before falls due on 29 February.")
        executed_on = review_due_on.replace(year=review_due_on.year - 1)
    # Terms are set on the draft: an executed version never changes (mous/models.py).
    mou = draft(world, title=title)
    version = mou.versions.get()
    mou_services.version_update(
        actor=world.users["district_admin"],
        version=version,
        change_summary="",
        supervision="Sgt. Pat Doe, School Safety Unit.",
        effective_from=executed_on,
        effective_until=ends_on,
        schools=list(version.schools.all()),
    )
    execute(world, version, on=executed_on)  # signed, and so executed, that day
    if review_due_on is not None:
        assert review_due_on_of(mou) == review_due_on
    return mou


def test_reviews_fall_due_and_terms_end_by_the_districts_date(world, mailoutbox):
    """Due yesterday in North: one day overdue, whatever UTC's date says; due today: not
    overdue yet. A term that ended yesterday is over; one that ends today is not."""
    today = district_today(world.district)
    yesterday = today - timedelta(days=1)
    with audit_context(source="test setup"):
        _in_force(world, title="Late MOU", review_due_on=yesterday)
        _in_force(world, title="Due MOU", review_due_on=today)
        ended = _in_force(world, title="Ended MOU", ends_on=yesterday)
        _in_force(world, title="Last-day MOU", ends_on=today)

    assert mou_reviews_daily() == {"expired": 1, "reminders": 2}

    assert sorted(ReviewReminder.objects.values_list("mou__title", "threshold")) == [
        ("Due MOU", "30"),
        ("Late MOU", "overdue"),
    ]
    bodies = {m.subject: m.body for m in mailoutbox}
    assert "it is 1 day overdue." in bodies["Annual review overdue: Late MOU"]
    assert "in 0 days." in bodies["Annual review due in 0 days: Due MOU"]
    assert dict(MouVersion.objects.values_list("mou__title", "status")) == {
        "Late MOU": "executed",
        "Due MOU": "executed",
        "Ended MOU": "expired",
        "Last-day MOU": "executed",
    }
    # The beat job's change is named in the history (sro_admin.audit.audited_task).
    history = history_for(ended.versions.get())
    [expiry] = [e for e in history if e.source == "mous.tasks.mou_reviews_daily"]
    assert ("Status", "Expired") in [(c.field, str(c.new)) for c in expiry.changes]
    assert all(e.actor or e.source for e in history)  # none "changed directly in the database"
    # The next hourly run the same day sends nothing again: once per threshold and due date.
    assert reminders.review_reminders_send() == 0


def test_each_district_ends_terms_by_its_own_date(frozen_clock, world):
    """North (Chicago) and South (Denver, an hour behind): a term that ended on North's
    yesterday is over in North, and in South once South's day has turned too (at 00:30 in
    North it is still yesterday in Denver)."""
    ended_on = district_today(world.district) - timedelta(days=1)
    with audit_context(source="test setup"):
        _in_force(world, title="North MOU", ends_on=ended_on)
        south = _in_force(world, title="South MOU", ends_on=ended_on)
        Mou.objects.filter(pk=south.pk).update(district=world.south)
    south_today = frozen_clock.astimezone(ZoneInfo(DENVER)).date()
    south_over = south_today > ended_on

    assert mou_services.versions_expire() == (2 if south_over else 1)

    assert dict(MouVersion.objects.values_list("mou__title", "status")) == {
        "North MOU": "expired",
        "South MOU": "expired" if south_over else "executed",
    }
