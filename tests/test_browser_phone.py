"""Every role's main pages on a phone (375 px wide) in Debian's Chromium: nothing is wider
than the screen (wide tables scroll inside a labelled region, filters fold away, long names
wrap), and axe-core finds nothing serious. Screenshots of each role's home and officer page
at 375 and 1280 px go to var/screens/ (ignored by git) for a person to look at."""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from conftest import serious_accessibility_violations, sign_in, wider_than_the_screen
from mous.tests.builders import executed
from programs.clock import district_today
from programs.models import Course, Membership, Role, TrainingRecord
from programs.services import enrollment as enrollment_services
from programs.services import selection as selection_services
from programs.tests.factories import PASSWORD, OfficerFactory, SchoolFactory, UserFactory
from sro_admin import public_cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SCREENS = Path(settings.VAR_DIR) / "screens"


@dataclass
class Phone:
    world: object
    mou: object
    posting: object
    selection: object
    assignment: object  # Sam's, at North High School, with a probation
    long_school: object


@pytest.fixture
def phone_world(world) -> Phone:
    """North with what a phone has to show: an MOU in force, a selection with its committee,
    interviews and ratings, a probation, training records, enrollment, and names as long as
    real ones get."""
    today = district_today(world.district)
    long_school = SchoolFactory(
        district=world.district,
        name="Dr. Martin Luther King Jr. International Baccalaureate Preparatory Academy",
    )
    long_officer = OfficerFactory(
        agency=world.agency,
        first_name="Maximiliano-Alejandro",
        last_name="Villavicencio-Fitzgerald",
        badge_number="NPD-000123456789",
    )
    world.officer.assignments.get()  # Sam, North High School, since 08/01/2025
    from programs.models import Assignment

    Assignment.objects.create(
        officer=long_officer, school=long_school, starts_on=today - timedelta(days=90)
    )
    courses = {c.code: c for c in Course.objects.filter(program=None)}
    for officer in (world.officer, long_officer):
        TrainingRecord.objects.create(
            officer=officer,
            course=courses["basic-sro"],
            completed_on=date(2025, 10, 1),
            hours=40,
            provider="National Association of School Resource Officers (NASRO)",
        )
    enrollment_services.enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=1200,
        counts={},
    )
    enrollment_services.school_profile_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        buildings=3,
        calls_for_service=44,
    )
    mou = executed(world)
    public_cache.clear_district(world.district.pk)

    posting = selection_services.posting_create(
        actor=world.users["district_admin"],
        program=world.program,
        school=world.school,  # the school administrator's
        title="Second school resource officer, North High School, for the evening programs",
        opened_on=today - timedelta(days=30),
    )
    selection = selection_services.selection_create(
        actor=world.users["district_admin"], posting=posting, officer=world.colleague
    )
    selection_services.committee_member_add(
        actor=world.users["district_admin"],
        selection=selection,
        name="Dr. Patricia Montgomery-Richardson",
        category="school_representative",
    )
    selection_services.committee_member_add(
        actor=world.users["district_admin"],
        selection=selection,
        name="Sergeant Dana Reyes",
        category="agency_supervisor",
        will_work_with_sro=True,
    )
    selection_services.interview_add(
        actor=world.users["district_admin"],
        selection=selection,
        held_on=today - timedelta(days=10),
        participants="Dr. Patricia Montgomery-Richardson (principal), Sergeant Dana Reyes",
        school_administrator_took_part=True,
    )
    selection_services.rating_set(
        actor=world.users["district_admin"], selection=selection, criterion="diversion", score=5
    )
    assignment = world.officer.assignments.get()
    probation = selection_services.probation_start(
        actor=world.users["le_supervisor"],
        assignment=assignment,
        starts_on=assignment.starts_on,
        ends_on=date(2026, 2, 1),
    )
    selection_services.probation_review_add(
        actor=world.users["le_supervisor"],
        probation=probation,
        held_on=date(2025, 11, 1),
        school_administrator_took_part=True,
        participants="Pat Principal, Sergeant Dana Reyes, Sam Sample",
        findings="Settling in well; built early trust with students and staff.",
    )
    # A long email address, as the navigation and the home page show it.
    long_email = UserFactory(
        email="maximiliano-alejandro.villavicencio-fitzgerald@north-police-department.example",
        full_name="Maximiliano-Alejandro Villavicencio-Fitzgerald",
    )
    Membership.objects.create(user=long_email, role=Role.LE_SUPERVISOR, agency=world.agency)
    world.users["long_email"] = long_email
    return Phone(
        world=world,
        mou=mou,
        posting=posting,
        selection=selection,
        assignment=assignment,
        long_school=long_school,
    )


def urls_for(role: str, p: Phone) -> list[str]:
    w = p.world
    version = p.mou.versions.get()
    sam, school, district = w.officer.pk, w.school.pk, w.district.pk
    mous = [
        reverse("mou-list"),
        reverse("mou-detail", args=[p.mou.pk]),
        reverse("mou-version-detail", args=[version.pk]),
    ]
    common = [
        reverse("home"),
        reverse("officer-list"),
        reverse("officer-detail", args=[sam]),
        reverse("training-grid"),
        reverse("district-staffing", args=[district]),
        reverse("school-detail", args=[school]),
        reverse("officer-history", args=[sam]),
        reverse("officer-assignments", args=[sam]),
        reverse("district-list"),
        reverse("agency-list"),
        *mous,
    ]
    selection = [
        reverse("posting-list"),
        reverse("posting-detail", args=[p.posting.pk]),
        reverse("selection-detail", args=[p.selection.pk]),
        reverse("probation-detail", args=[p.assignment.pk]),
    ]
    district_pages = [
        reverse("district-detail", args=[district]),
        reverse("program-detail", args=[w.program.pk]),
        reverse("program-community", args=[w.program.pk]),
        reverse("staff-training", args=[w.program.pk]),
        reverse("staff-training-schools", args=[w.program.pk]),
        reverse("school-sros", args=[school]),
        reverse("school-enrollment", args=[school]),
        reverse("school-enrollment-year", args=[school, 2025]),
        reverse("school-profile", args=[school]),
        reverse("report-list"),
    ]
    return {
        "district_admin": [
            *common,
            *selection,
            *district_pages,
            reverse("school-enrollment-edit", args=[school, 2025]),
            reverse("posting-create"),
            reverse("mou-create"),
            reverse("district-edit", args=[district]),
            reverse("staff-training-create", args=[w.program.pk]),
        ],
        "school_admin": [
            *common,
            *selection,
            reverse("school-sros", args=[school]),
            reverse("school-enrollment", args=[school]),
            reverse("school-profile", args=[school]),
            reverse("school-edit", args=[school]),
        ],
        "le_supervisor": [
            *common,
            *selection,
            reverse("agency-detail", args=[w.agency.pk]),
            reverse("officer-create"),
            reverse("officer-edit", args=[sam]),
            reverse("assignment-create", args=[w.colleague.pk]),
            reverse("training-record-create", args=[sam]),
            reverse("training-import"),
            reverse("selection-assign", args=[p.selection.pk]),
        ],
        "sro": [
            *common,
            reverse("agency-detail", args=[w.agency.pk]),
            reverse("probation-detail", args=[p.assignment.pk]),
            reverse("opt-out-create", args=[sam]),
        ],
        "program_viewer": [*common, *selection, *district_pages],
        "long_email": [reverse("home"), reverse("officer-list")],
        "anonymous": [
            reverse("login"),
            reverse("transparency-index"),
            reverse("transparency-district", args=[w.district.slug]),
            reverse("transparency-mou", args=[w.district.slug, p.mou.pk]),
            reverse("transparency-district", args=[w.district.slug]) + "?lang=es",
        ],
    }[role]


def problems_on(page, url: str) -> list[str]:
    response = page.goto(url)
    if response is None or response.status != 200:
        return [f"{url}: status {response.status if response else 'none'}"]
    problems = []
    if too_wide := wider_than_the_screen(page):
        problems.append(f"{url}: {too_wide}")
    problems += [f"{url}: {v}" for v in serious_accessibility_violations(page)]
    return problems


def screens(page, role: str, urls: list[str]) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    for size, viewport in (("375", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(viewport)
        for name, url in urls:
            page.goto(url)
            page.screenshot(path=str(SCREENS / f"{role}-{name}-{size}.png"), full_page=True)


@pytest.mark.parametrize(
    "role",
    [
        "district_admin",
        "school_admin",
        "le_supervisor",
        "sro",
        "program_viewer",
        "long_email",
        "anonymous",
    ],
)
def test_every_main_page_of_each_role_fits_a_phone(browser, live_server, phone_world, role):
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        if role != "anonymous":
            sign_in(page, phone_world.world.users[role].email, PASSWORD)
        urls = urls_for(role, phone_world)
        problems = [problem for url in urls for problem in problems_on(page, url)]
        shown = [("home", urls[0])]
        if role == "anonymous":
            shown.append(("transparency", urls[2]))
        elif role != "long_email":
            sam = phone_world.world.officer.pk
            shown += [
                ("officer", reverse("officer-detail", args=[sam])),
                ("officers", reverse("officer-list")),
            ]
            if role in ("district_admin", "le_supervisor"):
                shown.append(("training-overdue", f"{reverse('training-grid')}?standing=overdue"))
        screens(page, role, shown)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
