"""A district administrator keeps the community decision record (COPS-1) in a real browser."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, sign_in
from programs.services.training import staff_training_record
from programs.tests.factories import PASSWORD
from tests.test_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_records_an_engagement_and_a_decision(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    minutes = tmp_path / "forum-minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% minutes of the listening session\n")
    staff_training_record(
        actor=world.users["district_admin"],
        program=world.program,
        held_on=date(2025, 9, 15),
        title="Working with your SRO",
        hours=Decimal("2.0"),
        schools=[world.school],
        staff_attended=30,
        administrators_attended=1,
        sros=[world.officer],
    )
    sign_in(page, world.users["district_admin"].email, PASSWORD)
    page.goto(f"/programs/{world.program.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SRO program of North District")
    expect(page.get_by_text("No decision recorded yet.")).to_be_visible()
    assert serious_accessibility_violations(page) == []

    page.get_by_role("link", name="Community decision record", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Community decision record: North District"
    )
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Record an engagement").click()
    page.get_by_label("Kind").select_option(label="Listening session or forum")
    page.get_by_label("Held on").fill("2025-03-04")
    page.get_by_label("Title").fill("Spring listening session")
    page.get_by_label("Students", exact=True).check()
    page.get_by_label("Families", exact=True).check()
    page.get_by_label("Number of participants").fill("48")
    page.get_by_label("Summary of what was heard").fill(
        "Students asked that the SRO stay out of classroom discipline."
    )
    page.get_by_label("Attachment (minutes, survey results)").set_input_files(str(minutes))
    assert serious_accessibility_violations(page) == []
    shot(page, "engagement-form")
    page.get_by_role("button", name="Record the engagement").click()
    expect(page.get_by_text("Recorded Spring listening session.")).to_be_visible()
    expect(page.get_by_text("Not yet heard: Teachers,", exact=False)).to_be_visible()

    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Decision").select_option(label="Establish the program")
    page.get_by_label("Decided on").fill("2025-04-01")
    page.get_by_label("Decided by").fill("The Board of Education")
    page.get_by_label("Summary").fill("The board established the program, reviewed yearly.")
    page.get_by_label("Spring listening session (2025-03-04)").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Recorded the decision: Establish the program")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Establish the program")
    expect(row).to_contain_text("Spring listening session")
    with page.expect_download() as download:
        page.get_by_role(
            "link", name="Download the attachment of “Spring listening session”"
        ).click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert serious_accessibility_violations(page) == []
    shot(page, "community-record")

    page.get_by_role("link", name="SRO program of North District").click()
    main = page.locator("main")
    expect(main).to_contain_text("Establish the program")
    expect(main).to_contain_text("by The Board of Education")
    expect(main).to_contain_text("Spring listening session")
    expect(main).to_contain_text("Heard: Students, Families")
    assert serious_accessibility_violations(page) == []
    shot(page, "program-page")

    # The staff-training page, with the session recorded before we started.
    page.get_by_role("link", name="School-staff training").click()
    expect(page.get_by_role("row").filter(has_text="Working with your SRO")).to_contain_text(
        "Yes, joint"
    )
    assert serious_accessibility_violations(page) == []
    shot(page, "staff-training")
