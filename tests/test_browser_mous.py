"""An MOU from draft to the public page, in Debian's Chromium (COPS-2, NASRO-DISC).

The district administrator drafts it; the checklist refuses execution while COPS-2(c), the
discipline prohibition, is not covered; the superintendent and the agency head sign; it is
published in English and Spanish; a new version supersedes it; the annual review is recorded.
"""

import re

import pytest
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, sign_in
from mous import clauses, services
from mous.models import Mou, MouVersion
from programs.clock import district_today
from programs.tests.factories import PASSWORD
from tests.test_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _field(page, label: str):
    """A form field by its label, required (crispy adds an asterisk) or not."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _sign(page, *, title: str) -> None:
    page.get_by_role("link", name="Sign this version").click()
    _field(page, "Your title").fill(title)
    page.get_by_label("I have read this version").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Signed as")).to_be_visible()


def _as(page, world, role: str) -> None:
    page.context.clear_cookies()
    sign_in(page, world.users[role].email, PASSWORD)


def test_an_mou_from_draft_to_the_public_page(frozen_clock, page, world):
    admin = world.users["district_admin"]
    _as(page, world, "district_admin")
    page.goto("/mous/")
    page.get_by_role("link", name="Start an MOU").click()
    _field(page, "Title").fill("North SRO Agreement")
    _field(page, "Title in Spanish").fill("Acuerdo SRO de North")
    page.get_by_label("North Police Department").check()
    page.get_by_label("North High School").check()
    page.get_by_role("button", name="Start the MOU").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("North SRO Agreement, version 1")

    # One section through the form; the others (all but COPS-2(c)) as a district would paste
    # them in, through the same service.
    page.get_by_role("link", name="Add a section", exact=True).click()
    _field(page, "Heading").fill("Mission and duties")
    _field(page, "Text").fill("The SRO program keeps schools safe.\n\n- Patrol")
    page.get_by_label(re.compile(r"COPS-2\(a\) \(M\)")).check()
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("Saved the section Mission and duties.")).to_be_visible()
    mou = Mou.objects.get(title="North SRO Agreement")
    version = mou.versions.get()
    for clause in clauses.CLAUSES:
        if clause.code not in ("cops2_a", "cops2_c"):
            services.section_save(
                user=admin,
                version=version,
                heading=str(clause.label),
                body=f"The parties agree on {clause.label}.",
                clauses=[clause.code],
            )
    page.reload()
    alert = page.get_by_role("status").filter(has_text="mandatory element")
    expect(alert).to_contain_text("COPS-2(c)")
    assert serious_accessibility_violations(page) == []
    shot(page, "mou-draft")

    page.get_by_role("button", name="Submit for signature").click()
    expect(page.get_by_text("Submitted for review and signature.")).to_be_visible()
    _sign(page, title="Superintendent")

    _as(page, world, "le_supervisor")
    page.goto(version.get_absolute_url())
    _sign(page, title="Chief of Police")

    # Both heads signed, but the discipline prohibition is missing: execution is refused.
    _as(page, world, "district_admin")
    page.goto(version.get_absolute_url())
    page.get_by_role("button", name="Execute").click()
    refusal = page.locator(".alert-danger").filter(has_text="not covered by any section")
    expect(refusal).to_contain_text("COPS-2(c)")
    version.refresh_from_db()
    assert version.status == MouVersion.Status.IN_REVIEW
    shot(page, "mou-execute-refused")

    page.get_by_role("button", name="Back to draft").click()
    page.get_by_role("link", name="Add a section for it").first.click()
    _field(page, "Heading").fill("School discipline")
    _field(page, "Text").fill(
        "SROs take no part in school discipline. A matter that would not make the school "
        "call 911 is outside the SRO's duties."
    )
    _field(page, "Heading in Spanish").fill("Disciplina escolar")
    _field(page, "Text in Spanish").fill("Los SRO no participan en la disciplina escolar.")
    expect(page.get_by_label(re.compile(r"COPS-2\(c\) \(M\)"))).to_be_checked()
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("status").filter(has_text="mandatory element")).to_have_count(0)
    page.get_by_role("button", name="Submit for signature").click()
    _sign(page, title="Superintendent")
    _as(page, world, "le_supervisor")
    page.goto(version.get_absolute_url())
    _sign(page, title="Chief of Police")
    _as(page, world, "district_admin")
    page.goto(version.get_absolute_url())
    page.get_by_role("button", name="Execute").click()
    expect(page.get_by_text("Executed. It is now the MOU in force")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "mou-executed")

    # The public sees it, without signing in, in English and in Spanish.
    page.context.clear_cookies()
    page.goto("/transparency/north/")
    expect(page.get_by_text("North SRO Agreement").first).to_be_visible()
    page.get_by_role("link", name=re.compile("Read the full text")).first.click()
    expect(page.get_by_role("heading", name="School discipline", exact=True)).to_be_visible()
    page.goto(f"/transparency/north/mous/{mou.pk}/?lang=es")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acuerdo SRO de North")
    expect(page.get_by_role("heading", name="Disciplina escolar", exact=True)).to_be_visible()
    assert serious_accessibility_violations(page) == []

    # A new version supersedes it.
    _as(page, world, "district_admin")
    page.goto(mou.get_absolute_url())
    page.get_by_role("button", name="Start a new version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 2")
    page.get_by_role("link", name="Edit “School discipline”").click()
    _field(page, "Text").fill(
        "SROs take no part in school discipline or code-of-conduct enforcement."
    )
    page.get_by_role("button", name="Save section").click()
    page.get_by_role("link", name="What changed since version 1").click()
    expect(page.locator("ins").first).to_contain_text("code-of-conduct enforcement")
    assert serious_accessibility_violations(page) == []
    shot(page, "mou-diff")
    second = mou.versions.get(number=2)
    page.goto(second.get_absolute_url())
    page.get_by_role("button", name="Submit for signature").click()
    _sign(page, title="Superintendent")
    _as(page, world, "le_supervisor")
    page.goto(second.get_absolute_url())
    _sign(page, title="Chief of Police")
    _as(page, world, "district_admin")
    page.goto(second.get_absolute_url())
    page.get_by_role("button", name="Execute").click()
    expect(page.get_by_text("Executed.")).to_be_visible()
    assert mou.versions.get(number=1).status == MouVersion.Status.SUPERSEDED

    page.context.clear_cookies()
    page.goto(f"/transparency/north/mous/{mou.pk}/")
    expect(page.get_by_text("code-of-conduct enforcement")).to_be_visible()

    # The annual review.
    _as(page, world, "district_admin")
    page.goto(mou.get_absolute_url())
    page.get_by_role("link", name="Record the annual review").click()
    # The form proposes North's today, which the service accepts, whatever the hour in UTC.
    expect(_field(page, "Reviewed on")).to_have_value(district_today(world.district).isoformat())
    _field(page, "Participants").fill("Superintendent, Chief, two principals, PTA")
    _field(page, "Findings").fill("The program meets expectations.")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_text("Recorded the annual review.")).to_be_visible()
    expect(page.get_by_text("Next annual review due by")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "mou-detail")
