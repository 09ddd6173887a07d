"""Fixtures shared by every app's tests and the cross-app tests in tests/.

The world: two districts (North and South), each with schools and agencies, and a user for
every role in North, plus outsiders who hold the same roles in South. Named users make the
tests read as sentences: "the South administrator cannot see North's school".
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as time_of_day
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# under a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
ROLES = ["district_admin", "school_admin", "le_supervisor", "sro", "program_viewer"]
NORTH_TIME_ZONE = ZoneInfo("America/Chicago")  # the world's North district


@dataclass
class World:
    district: object
    school: object  # the school administrator's school
    other_school: object  # another school of the same district
    agency: object  # the supervisor's and the SRO's agency
    second_agency: object  # a county sheriff serving North and South alike
    officer: object  # the SRO's officer record, assigned to `school`
    colleague: object  # another officer of the same agency
    deputy: object  # the sheriff's deputy: served North Middle School, now serves South High
    users: dict  # role -> user in North; "other_district_admin", "other_supervisor", "staff"
    south: object
    south_school: object
    south_agency: object
    program: object  # North's program, with the default training schedule


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: Django's LocaleMiddleware leaves a
    request's language (a Spanish page, say) active in the thread after the response, and the
    next test's messages would read in Spanish."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db) -> World:
    from programs.models import Assignment, Role
    from programs.services import program_create
    from programs.tests.factories import (
        AgencyDistrictFactory,
        AgencyFactory,
        DistrictFactory,
        MembershipFactory,
        OfficerFactory,
        SchoolFactory,
        UserFactory,
    )

    north = DistrictFactory(name="North District", slug="north", time_zone=NORTH_TIME_ZONE)
    school = SchoolFactory(district=north, name="North High School")
    other_school = SchoolFactory(district=north, name="North Middle School")
    agency = AgencyFactory(name="North Police Department")
    second_agency = AgencyFactory(name="Pine County Sheriff", kind="sheriffs_office")
    AgencyDistrictFactory(agency=agency, district=north)
    AgencyDistrictFactory(agency=second_agency, district=north)

    south = DistrictFactory(name="South District", slug="south", time_zone="America/Denver")
    south_school = SchoolFactory(district=south, name="South High School")
    south_agency = AgencyFactory(name="South Police Department")
    AgencyDistrictFactory(agency=south_agency, district=south)
    # The county sheriff serves both districts (common): each district sees its own part of
    # the deputy's record only (programs/access.py).
    AgencyDistrictFactory(agency=second_agency, district=south)

    users = {
        role: UserFactory(email=f"{role}@north.example", full_name=f"North {role}")
        for role in ROLES
    }
    officer = OfficerFactory(agency=agency, first_name="Sam", last_name="Sample", user=users["sro"])
    colleague = OfficerFactory(agency=agency, first_name="Lee", last_name="Colleague")
    # Sam serves North High School, Lee is not placed yet.
    Assignment.objects.create(officer=officer, school=school, starts_on=date(2025, 8, 1))
    deputy = OfficerFactory(agency=second_agency, first_name="Morgan", last_name="Marsh")
    Assignment.objects.create(
        officer=deputy, school=other_school, starts_on=date(2022, 8, 1), ends_on=date(2025, 6, 30)
    )
    Assignment.objects.create(officer=deputy, school=south_school, starts_on=date(2025, 8, 1))
    MembershipFactory(user=users["district_admin"], role=Role.DISTRICT_ADMIN, district=north)
    MembershipFactory(user=users["program_viewer"], role=Role.PROGRAM_VIEWER, district=north)
    MembershipFactory(user=users["school_admin"], role=Role.SCHOOL_ADMIN, school=school)
    MembershipFactory(user=users["le_supervisor"], role=Role.LE_SUPERVISOR, agency=agency)
    MembershipFactory(user=users["sro"], role=Role.SRO, agency=agency)
    # North runs a program, started by its administrator. As a request would, the service
    # loads the user afresh: the door is remembered on the user object (access_for), and the
    # tests' own `users` should start without it.
    administrator = type(users["district_admin"]).objects.get(pk=users["district_admin"].pk)
    program = program_create(actor=administrator, district=north, mission="Safe, fair schools.")

    users["other_district_admin"] = UserFactory(
        email="admin@south.example", full_name="South Administrator"
    )
    MembershipFactory(user=users["other_district_admin"], role=Role.DISTRICT_ADMIN, district=south)
    users["other_supervisor"] = UserFactory(
        email="supervisor@south.example", full_name="South Supervisor"
    )
    MembershipFactory(user=users["other_supervisor"], role=Role.LE_SUPERVISOR, agency=south_agency)
    users["staff"] = UserFactory(
        email="staff@example.org", full_name="Site Staff", is_staff=True, is_superuser=True
    )
    return World(
        district=north,
        school=school,
        other_school=other_school,
        agency=agency,
        second_agency=second_agency,
        officer=officer,
        colleague=colleague,
        deputy=deputy,
        users=users,
        south=south,
        south_school=south_school,
        south_agency=south_agency,
        program=program,
    )


# -- one clock: the hours at which "today" is not the same everywhere ---------------------

# At 23:30 in North (America/Chicago) it is already tomorrow in UTC; at 00:30 UTC it is still
# yesterday in North; at 00:30 in North and 07:30 UTC both agree. A date rule, a page that
# pre-fills a date, or a test that computes one from the wrong zone fails at one of them.
CLOCK_MOMENTS = {
    "23:30-north": (time_of_day(23, 30), NORTH_TIME_ZONE),
    "00:30-north": (time_of_day(0, 30), NORTH_TIME_ZONE),
    "00:30-utc": (time_of_day(0, 30), UTC),
    "07:30-utc": (time_of_day(7, 30), UTC),
}


def north_today() -> date:
    """Today in the world's North district (and for its agencies' officers)."""
    from programs.clock import today_in

    return today_in(NORTH_TIME_ZONE)


def clock_moment(name: str, day: date) -> datetime:
    at, zone = CLOCK_MOMENTS[name]
    return datetime.combine(day, at, tzinfo=zone)


@pytest.fixture(params=list(CLOCK_MOMENTS))
def frozen_clock(request):
    """Runs the test once at each of CLOCK_MOMENTS, on the real day (in UTC) or on the day
    of the test's `clock_day` marker. Ask for it before `world`, so the world is built at
    that moment too.

    The clock stands still, except in browser tests (marked `browser`): there it ticks on
    from the moment, so sessions and timeouts work. The live server runs in a thread of
    this process and sees the same clock. The Celery worker is another process, on the real
    clock: worker tests must not depend on the date.
    """
    import time_machine
    from django.utils import timezone

    marker = request.node.get_closest_marker("clock_day")
    day = marker.args[0] if marker else timezone.now().date()  # the real day, in UTC
    moment = clock_moment(request.param, day)
    ticking = request.node.get_closest_marker("browser") is not None
    with time_machine.travel(moment, tick=ticking):
        yield moment


# -- the real Celery worker on the real broker ------------------------------------------


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker):
    """A real `celery worker` process, on the test database and the test broker.

    Tests that use it must commit their data (transactional_db or live_server).
    """
    from django.conf import settings
    from django.db import connection

    from sro_admin.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    # This process sends to the same private queue the worker below listens on, so a
    # worker of `make run` sharing a broker never takes a test's task.
    app.conf.task_default_queue = queue
    database_url = settings.DATABASE_URL.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    log_path = Path(settings.TEST_VAR_DIR) / f"worker-{queue}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sro_admin.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": queue,
        # The worker's mail goes to files the tests read (sro_admin/settings/test.py): it is
        # another process, so Django's in-memory outbox cannot show it. One directory per
        # session, named after the queue.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(Path(settings.TEST_VAR_DIR) / f"mail-{queue}"),
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "sro_admin",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--queues",
                queue,
                "--hostname",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=env,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 90
    while " ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"The Celery worker did not start:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    yield process
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for(predicate, *, timeout: float = 60, interval: float = 0.2, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(message or "Timed out waiting")


# -- the real browser -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: run `make test-tools` (Debian package chromium)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, email: str, password: str):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


# What sticks out past the screen's right edge (outside a scrolling region), to say what made
# a page scroll sideways.
_STICKING_OUT = """() => {
  const edge = document.documentElement.clientWidth + 1;
  const out = e => e.getBoundingClientRect().right > edge && !e.closest('.table-responsive');
  return [...document.querySelectorAll('body *')]
    .filter(e => out(e) && ![...e.children].some(out))
    .slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} `
      + `"${e.textContent.trim().slice(0, 40)}" `
      + `to ${Math.round(e.getBoundingClientRect().right)}px`);
}"""


def wider_than_the_screen(page) -> str:
    """Empty when the page fits the window's width; else what is too wide. Waits for two
    animation frames first, so a layout still settling after a resize or a navigation is not
    measured half-way."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    width, window = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    if width <= window + 1:
        return ""
    return f"{width}px wide in a {window}px window: {page.evaluate(_STICKING_OUT)}"


def serious_accessibility_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
