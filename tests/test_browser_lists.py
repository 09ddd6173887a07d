"""The lists in a real browser: with JavaScript off, as a person without it has them, the
filter form, the CSV download of what is listed and the pages; with it, axe on each list.
A district administrator adds a training requirement the MOU asks for and sees it in the grid.
"""

import csv
import io
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, sign_in
from programs.clock import district_today
from programs.models import Assignment, Course
from programs.services.enrollment import enrollment_save
from programs.tests.factories import PASSWORD, OfficerFactory, SchoolFactory
from tests.test_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_script_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_lists_filter_download_and_page_without_javascript(no_script_page, world):
    page = no_script_page
    for n in range(30):
        SchoolFactory(district=world.district, name=f"Annex {n:02d}")
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=960,
        counts={},
    )
    sign_in(page, world.users["district_admin"].email, PASSWORD)

    page.goto(f"/districts/{world.district.pk}/staffing/")
    page.get_by_label("SROs", exact=True).select_option(label="No SRO assigned today")
    page.get_by_label("Sort by").select_option(label="School (descending)")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="No SRO assigned").first).to_be_visible()
    expect(page.get_by_role("link", name="North High School")).to_have_count(0)
    pages = page.get_by_role("navigation", name="Pages of schools")
    expect(pages.get_by_text("Page 1 of 2")).to_be_visible()
    pages.get_by_role("link", name="Next").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    assert "sros=none" in page.url and "page=2" in page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these as CSV").click()
    with open(download.value.path(), encoding="utf-8") as downloaded:
        rows = list(csv.reader(io.StringIO(downloaded.read())))
    assert rows[0][0] == "school" and len(rows) == 1 + 31  # every school without an SRO
    assert download.value.suggested_filename == "north-district-staffing.csv"

    page.goto("/training/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training compliance")
    page.get_by_label("Standing").select_option(label="Something overdue")
    page.get_by_role("button", name="Filter").click()
    assert "standing=overdue" in page.url


def test_every_list_with_its_filters_is_accessible(page, world):
    """axe runs in the page, so this one has JavaScript."""
    enrollment_save(
        actor=world.users["district_admin"],
        school=world.school,
        school_year=2025,
        total=960,
        counts={},
    )
    sign_in(page, world.users["district_admin"].email, PASSWORD)
    for url in [
        "/officers/",
        "/postings/",
        "/training/?standing=overdue",
        f"/districts/{world.district.pk}/staffing/?sros=none",
        f"/schools/{world.school.pk}/sros/",
        f"/schools/{world.school.pk}/enrollment/",
        f"/programs/{world.program.pk}/staff-training/",
        f"/programs/{world.program.pk}/community/?kind=forum",
    ]:
        page.goto(url)
        expect(page.get_by_role("button", name="Filter")).to_be_visible()
        assert serious_accessibility_violations(page) == [], url
    shot(page, "community-filtered")


def test_an_administrator_adds_a_requirement_the_mou_asks_for(page, world):
    olive = OfficerFactory(agency=world.agency, first_name="Olive", last_name="Overdue")
    Assignment.objects.create(
        officer=olive,
        school=world.school,
        starts_on=district_today(world.district) - timedelta(400),
    )
    sign_in(page, world.users["district_admin"].email, PASSWORD)
    page.goto(f"/programs/{world.program.pk}/")
    page.get_by_role("link", name="Add a course of the program's own").click()
    page.get_by_label("Name").fill("Gang awareness")
    page.get_by_label("Reference").fill("MOU section 7")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("button", name="Add the course").click()
    expect(page.get_by_text("Added the course Gang awareness.")).to_be_visible()
    course = Course.objects.get(program=world.program)
    expect(page.locator("#id_course")).to_have_value(str(course.pk))
    page.get_by_label("Every number of months").check()
    page.get_by_label("Months", exact=True).fill("12")
    page.get_by_label("Reference").fill("MOU section 7")
    assert serious_accessibility_violations(page) == []
    shot(page, "requirement-form")
    page.get_by_role("button", name="Add the requirement").click()
    expect(page.get_by_role("cell", name="MOU section 7")).to_be_visible()
    page.get_by_role("link", name="Officers' training compliance").click()
    expect(page.get_by_role("columnheader", name="Gang awareness MOU section 7")).to_be_visible()
    # Placed 400 days ago: the basic course, the annual training, the special-needs course and
    # now gang awareness (every 12 months since placement) are overdue.
    row = page.get_by_role("row").filter(has_text="Olive Overdue")
    expect(row.get_by_text("4 overdue")).to_be_visible()
