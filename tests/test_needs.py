"""What needs me now, on each role's home page (programs/needs.py, mous/needs.py).

Every count links to a list filtered to exactly what it counts: the tests follow each link
and count the list's rows (its CSV, which lists every row the filters let through). The home
page asks the database the same number of times however much there is to count.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from mous import services as mou_services
from mous.tests.builders import appoint_heads, draft, executed, submit
from programs.models import Posting, Selection
from programs.needs import Need, Urgency, needs_for, provides
from programs.selectors.base import SHOWN
from programs.tests.factories import OfficerFactory, SchoolFactory

DAY = date(2026, 10, 15)
pytestmark = pytest.mark.clock_day(DAY)


@pytest.fixture
def busy(frozen_clock, world):
    """North with something waiting for everyone: an open posting at North High School with a
    candidate the school has not interviewed yet, Sam's training overdue (placed Aug 1, 2025,
    nothing recorded), no enrollment entered, Sam on probation until the end of October, an
    MOU in force since Aug 1, 2025 (review due Aug 1, 2026: overdue) and another waiting for
    the heads' signatures."""
    from programs.models import Probation

    appoint_heads(world)
    posting = Posting.objects.create(
        program=world.program, school=world.school, title="SRO, North High", opened_on=DAY
    )
    Selection.objects.create(posting=posting, officer=world.colleague, volunteered=True)
    Probation.objects.create(
        assignment=world.officer.assignments.get(),
        starts_on=date(2025, 8, 1),
        ends_on=date(2026, 10, 31),
    )
    executed(world, on=date(2025, 8, 1), title="North SRO MOU")
    second = draft(world, title="North MOU with the sheriff")
    submit(world, second.versions.get(), on=date(2026, 10, 1))
    return world


def _rows(client, url: str) -> int:
    """How many rows the list at `url` shows: its CSV's, without the header. The training
    grid's CSV has a line per officer and requirement: there, the officers are counted."""
    separator = "&" if "?" in url else "?"
    response = client.get(f"{url}{separator}format=csv")
    assert response.status_code == 200, url
    lines = list(csv.reader(io.StringIO(response.getvalue().decode())))[1:]
    if url.startswith(reverse("training-grid")):
        return len({tuple(line[:3]) for line in lines})  # last name, first name, badge
    return len(lines)


def _needs(world, role):
    return {need.label: need for need in needs_for(world.users[role])}


def test_every_count_links_to_the_list_of_exactly_what_it_counts(client, busy):
    seen = set()
    for role in ("district_admin", "le_supervisor", "school_admin", "program_viewer"):
        client.force_login(busy.users[role])
        for need in needs_for(busy.users[role]):
            assert need.count > 0 and need.rule_id, need
            assert _rows(client, need.url) == need.count, (role, need)
            seen.add(need.url.split("?")[0])
    assert seen == {
        reverse("training-grid"),
        reverse("posting-list"),
        reverse("officer-list"),
        reverse("district-staffing", args=[busy.district.pk]),
        reverse("school-sros", args=[busy.school.pk]),
        reverse("mou-list"),
    }


def test_the_district_administrator_s_needs(busy):
    needs = _needs(busy, "district_admin")
    assert set(needs) == {
        "2 officers have training overdue.",  # Sam, and the deputy who served North Middle
        "1 SRO position is open.",
        "1 probation ends soon or has ended without an outcome.",
        "2 schools have no enrollment for this school year.",
        "1 MOU awaits your signature or confirmation.",  # the superintendent signs
        "1 MOU's annual review is due within 60 days or overdue.",
    }
    assert needs["2 officers have training overdue."].urgency == Urgency.OVERDUE
    assert needs["1 MOU's annual review is due within 60 days or overdue."].urgency == (
        Urgency.OVERDUE
    )
    # Overdue first.
    assert [n.urgency for n in needs_for(busy.users["district_admin"])][:2] == [
        Urgency.OVERDUE,
        Urgency.OVERDUE,
    ]


def test_the_supervisor_s_needs(busy):
    needs = _needs(busy, "le_supervisor")
    assert "1 officer has training overdue." in needs  # Sam: the deputy is the sheriff's
    assert "1 MOU awaits your signature or confirmation." in needs  # the chief signs
    assert "1 SRO position is open." in needs
    assert "1 probation ends soon or has ended without an outcome." in needs
    assert not any("enrollment" in label for label in needs)  # the district's to enter


def test_the_school_administrator_s_needs(busy):
    needs = _needs(busy, "school_admin")
    assert set(needs) == {
        "1 posting at your school awaits your part in the selection.",
        "1 SRO at North High School has training overdue.",
        "1 probation ends soon or has ended without an outcome.",
        "1 school has no enrollment for this school year.",  # their own school's
    }


def test_the_sro_s_own_training_links_to_their_page(client, busy):
    needs = needs_for(busy.users["sro"])
    assert [n.url for n in needs] == [busy.officer.get_absolute_url()]
    assert needs[0].label == "3 of your training requirements are overdue."
    client.force_login(busy.users["sro"])
    body = client.get(reverse("home")).content.decode()
    assert "What needs you now" in body and "3 of your training requirements are overdue." in body
    assert "Overdue" in body  # said in words, not by colour alone


def test_once_done_a_need_is_gone(client, busy):
    """The school administration records its part: the posting no longer waits for it."""
    Selection.objects.update(school_administrator_took_part=True)
    assert not any("your part" in n.label for n in needs_for(busy.users["school_admin"]))
    client.force_login(busy.users["school_admin"])
    assert _rows(client, reverse("posting-list") + "?awaiting=school") == 0


def test_nothing_needs_an_outsider_and_staff_get_no_list(client, busy):
    assert needs_for(busy.users["other_supervisor"]) == []
    assert needs_for(busy.users["staff"]) == []
    client.force_login(busy.users["other_supervisor"])
    assert "Nothing needs you right now." in client.get(reverse("home")).content.decode()


def test_another_app_adds_its_needs(busy):
    """The registry later features join (interactions to review, evaluations due...)."""
    from programs import needs as registry

    def complaints(*, user, access, today):
        return [Need("2 complaints are past their deadline.", 2, "/x/", Urgency.OVERDUE, "COPS-9")]

    provides(complaints)
    try:
        assert "2 complaints are past their deadline." in _needs(busy, "district_admin")
    finally:
        registry._providers.remove(complaints)


# Each program whose officers' training the user keeps or oversees adds two: its
# requirements, and its officers' counts (programs.selectors.standings).
HOME_QUERIES = {
    "district_admin": 24,
    "school_admin": 22,
    "le_supervisor": 23,
    "sro": 18,
    "program_viewer": 16,
}


@pytest.mark.parametrize("role", sorted(HOME_QUERIES))
def test_the_home_page_takes_the_same_queries_however_much_is_waiting(
    client, busy, role, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(busy.users[role])
    client.get(reverse("home"))  # the session's time zone
    # More schools than the home page shows, from the start: a short list is not counted
    # (programs.selectors.base.first_of), and that saving is not what this test is about.
    SchoolFactory.create_batch(SHOWN + 1, district=busy.district)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    before = count()
    for n in range(12):
        officer = OfficerFactory(agency=busy.agency, first_name="Extra", last_name=f"Officer{n}")
        officer.assignments.create(school=busy.school, starts_on=date(2025, 8, 1))
        posting = Posting.objects.create(
            program=busy.program, school=busy.school, title=f"SRO {n}", opened_on=DAY
        )
        Selection.objects.create(posting=posting, officer=officer, volunteered=True)
        SchoolFactory(district=busy.district, name=f"Extra School {n}")
    mou = draft(busy, title="A third MOU")
    submit(busy, mou.versions.get(), on=date(2026, 10, 2))
    assert count() == before
    # Pinned: the page's frame (session, user, the door, memberships, the first districts,
    # schools and agencies, the schools' count, officer record, session save: about 12),
    # the user's today, and each provider's few queries: training (programs, then one count
    # per program, in SQL), open postings, postings awaiting the school, probations,
    # enrollment, MOUs to sign (the heads, then the versions with their signatures and
    # parties) and reviews due (one count, for those who keep reviews). A provider that
    # asks per row would grow with the data above.
    assert before == HOME_QUERIES[role]


def test_the_mou_list_narrows_to_what_waits_for_me(client, busy):
    client.force_login(busy.users["district_admin"])
    body = client.get(reverse("mou-list"), {"needing": "signature"}).content.decode()
    assert "North MOU with the sheriff" in body and "North SRO MOU" not in body
    body = client.get(reverse("mou-list"), {"needing": "review"}).content.decode()
    assert "North SRO MOU" in body and "North MOU with the sheriff" not in body
    # Once both heads have signed, it waits for no one.
    version = mou_services.Mou.objects.get(title="North MOU with the sheriff").versions.get()
    from mous.tests.builders import sign_all

    sign_all(busy, version, on=date(2026, 10, 2))
    assert not any("signature" in n.label for n in needs_for(busy.users["district_admin"]))


def test_the_reviews_due_are_counted_as_the_mou_list_narrows_to_them(busy):
    """The home page counts the annual reviews due in one query (mou_reviews_due_count); it
    agrees with the list it links to, for every role, before the 60 days, within them and
    past the date (the review of North's MOU falls due on Aug 1, 2026)."""
    from mous.selectors import Needing, mou_reviews_due_count, mou_rows_for

    counted = {}
    for day in (date(2026, 5, 1), date(2026, 6, 15), DAY):
        for role, user in busy.users.items():
            rows = mou_rows_for(user, needing=Needing.REVIEW, today=day)
            expected = (len(rows), sum(1 for row in rows if row.review_overdue))
            assert mou_reviews_due_count(user, today=day) == expected, (role, day)
            counted[role, day] = expected[0]
    assert counted["district_admin", date(2026, 5, 1)] == 0
    assert counted["district_admin", date(2026, 6, 15)] == 1
    assert counted["le_supervisor", DAY] == 1  # a party's supervisor keeps it too
    assert counted["sro", DAY] == 0 and counted["school_admin", DAY] == 0


@pytest.mark.parametrize("who", ["district.admin", "school.admin", "supervisor", "sro", "viewer"])
def test_every_demo_role_has_something_waiting_on_its_home_page(db, client, who):
    """The demo shows the feature: each Riverbend role finds a need on its home page."""
    from django.core.management import call_command

    from sro_admin.models import User

    call_command("load_demo")
    user = User.objects.get(email=f"{who}@riverbend.example")
    assert needs_for(user), who
    client.force_login(user)
    assert "Nothing needs you right now." not in client.get(reverse("home")).content.decode()
