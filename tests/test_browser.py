"""Main journeys in Debian's Chromium against the live server, with axe-core checks."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, sign_in, wider_than_the_screen
from programs.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.TEST_VAR_DIR) / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_sign_in_page_is_accessible_in_english_and_spanish(page, world):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert serious_accessibility_violations(page) == []
    shot(page, "sign-in-en")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    assert page.locator("html").get_attribute("lang") == "es"
    assert serious_accessibility_violations(page) == []
    shot(page, "sign-in-es")


# role -> text that must show on their home page, and North/South text that must not.
HOMES = {
    "district_admin": (
        [
            "North District",
            "North High School",
            "North Middle School",
            "North Police Department",
            "Request a report",
        ],
        ["South"],
    ),
    "school_admin": (["North High School"], ["North Middle School", "South"]),
    "le_supervisor": (
        ["North Police Department", "North High School"],
        ["Pine County Sheriff", "South"],
    ),
    "sro": (["Your officer record", "Sam Sample", "North Police Department"], ["South"]),
    "program_viewer": (["North District", "North High School", "Request a report"], ["South"]),
    "other_district_admin": (["South District", "South High School"], ["North"]),
    "staff": (["North District", "South District", "Site administration"], []),
}


@pytest.mark.parametrize("role", sorted(HOMES))
def test_each_role_signs_in_and_sees_only_its_own_tenant(page, world, role):
    user = world.users[role]
    sign_in(page, user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    main = page.locator("main")
    shown, hidden = HOMES[role]
    for text in shown:
        expect(
            main.or_(page.get_by_role("navigation", name="Main"))
            .get_by_text(text, exact=False)
            .first
        ).to_be_visible()
    for text in hidden:
        expect(main).not_to_contain_text(text)
    assert serious_accessibility_violations(page) == []
    shot(page, f"home-{role}")


def test_five_failed_sign_ins_lock_the_account(page, world):
    email = world.users["district_admin"].email
    for attempt in range(1, 5):
        sign_in(page, email, f"wrong password {attempt}")
        expect(
            page.get_by_text("Please enter a correct email address and password")
        ).to_be_visible()
    sign_in(page, email, "wrong password 5")
    expect(page.get_by_role("heading", level=1)).to_have_text("This account is locked for now")
    sign_in(page, email, PASSWORD)  # even the right password, for ten minutes
    expect(page.get_by_role("heading", level=1)).to_have_text("This account is locked for now")
    assert serious_accessibility_violations(page) == []
    shot(page, "locked-out")
    # Someone else at the same address signs in as usual.
    sign_in(page, world.users["program_viewer"].email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


@pytest.mark.worker
def test_a_report_goes_from_request_to_download_without_reloading(page, world, celery_worker):
    sign_in(page, world.users["district_admin"].email, PASSWORD)
    page.get_by_role("link", name="Reports").click()
    page.get_by_label("District").select_option(label="North District")
    page.get_by_role("button", name="Request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "District roster of schools and agencies"
    )
    url_before = page.url
    shot(page, "report-progress")
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible(timeout=90_000)  # htmx polling, no reload
    assert page.url == url_before
    assert serious_accessibility_violations(page) == []
    shot(page, "report-done")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")


def test_a_school_edit_appears_in_its_history_with_the_editor(page, world):
    sign_in(page, world.users["district_admin"].email, PASSWORD)
    page.goto(f"/schools/{world.school.pk}/")
    page.get_by_role("link", name="Edit school").click()
    page.get_by_label("Name").fill("North Senior High School")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved North Senior High School.")).to_be_visible()
    page.get_by_role("link", name="History").click()
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("Changed")
    expect(row).to_contain_text("North district_admin")
    expect(row).to_contain_text("North Senior High School")
    assert serious_accessibility_violations(page) == []
    shot(page, "school-history")


@pytest.mark.worker
def test_without_javascript_the_report_page_reloads_itself_to_the_download(
    browser, live_server, world, celery_worker
):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    try:
        sign_in(page, world.users["program_viewer"].email, PASSWORD)
        # On a phone-sized screen the menu is shown open when it cannot be toggled.
        page.get_by_role("link", name="Reports").click()
        page.get_by_role("button", name="Request").click()  # the one district is preselected
        expect(page.get_by_role("link", name="Download the PDF")).to_be_visible(timeout=90_000)
        shot(page, "report-done-no-js")
    finally:
        context.close()


def test_a_supervisor_records_a_training_and_the_grid_updates(page, world):
    sign_in(page, world.users["le_supervisor"].email, PASSWORD)
    page.get_by_role("link", name="Training", exact=True).click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Sam Sample"))
    basic_cell = row.get_by_role("cell").nth(0)
    expect(basic_cell).not_to_contain_text("Met")
    assert serious_accessibility_violations(page) == []
    shot(page, "training-grid-before")
    row.get_by_role("link", name="Sam Sample").click()
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Record training").click()
    page.get_by_label("Course").select_option(label="Basic SRO course (40 hours)")
    page.get_by_label("Completed on").fill("2025-10-01")
    page.get_by_label("Hours").fill("40")
    page.get_by_label("Provider").fill("State SRO academy")
    page.get_by_role("button", name="Record training").click()
    expect(page.get_by_text("Recorded Basic SRO course (40 hours) for Sam Sample.")).to_be_visible()
    page.get_by_role("link", name="Training", exact=True).click()
    expect(basic_cell).to_contain_text("Met")
    expect(basic_cell).to_contain_text("Oct 1, 2025")
    shot(page, "training-grid-after")
    page.get_by_role("link", name="Officers", exact=True).click()
    assert serious_accessibility_violations(page) == []
    shot(page, "officer-list")


def test_a_supervisor_imports_training_records_from_a_csv_file(page, world, tmp_path):
    export = tmp_path / "training-export.csv"
    export.write_text(
        "badge_number,course_code,completed_on,hours,provider\n"
        f"{world.officer.badge_number},basic-sro,2025-10-01,40,Academy\n"
        f"{world.colleague.badge_number},de-escalation,2025-11-02,8,Academy\n"
    )
    sign_in(page, world.users["le_supervisor"].email, PASSWORD)
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("link", name="Import training records").click()
    page.get_by_label("CSV file").set_input_files(str(export))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("All 2 rows are ready to import.")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "training-import-preview")
    page.get_by_role("button", name="Import 2 records").click()
    expect(page.get_by_text("Imported 2 training records.")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Sam Sample"))
    expect(row.get_by_role("cell").nth(0)).to_contain_text("Met")


def test_on_a_phone_the_training_import_offers_its_template_and_refuses_a_bad_row(
    browser, live_server, world, tmp_path
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}, locale="en-US"
    )
    page = context.new_page()
    try:
        sign_in(page, world.users["le_supervisor"].email, PASSWORD)
        page.goto("/training/import/")
        expect(page.get_by_role("heading", name="Course codes you can record")).to_be_visible()
        expect(page.get_by_role("rowheader", name="basic-sro")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Download a template CSV").click()
        template = Path(download.value.path()).read_text()
        assert template.startswith("badge_number,course_code,completed_on,hours,provider")
        export = tmp_path / "export.csv"
        export.write_text(
            template.replace("1234", world.officer.badge_number).replace("State academy", "x" * 300)
        )
        page.get_by_label("CSV file").set_input_files(str(export))
        page.get_by_role("button", name="Check the file").click()
        expect(page.get_by_text("1 row has a problem. Nothing has been saved.")).to_be_visible()
        expect(page.get_by_text("Provider is 300 characters long")).to_be_visible()
        expect(page.get_by_role("button", name="Import 1 record")).to_have_count(0)
        assert wider_than_the_screen(page) == ""
        assert serious_accessibility_violations(page) == []
        shot(page, "training-import-refused-phone")
    finally:
        context.close()
