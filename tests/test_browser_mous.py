"""An MOU from draft to the public page, in Debian's Chromium (COPS-2, NASRO-DISC).

The heads are recorded on the district's and the agency's pages; the district administrator
drafts the MOU; submitting it is refused while COPS-2(c), the discipline prohibition, is not
covered; a supervisor who is not the head cannot sign; the superintendent and the chief sign;
it is published in English and Spanish; a new version asks before going back to draft and
before a section is removed, then supersedes the first; the annual review is recorded.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, sign_in, wider_than_the_screen
from mous import clauses, services
from mous.models import Mou, MouVersion
from programs.clock import district_today
from programs.models import Role
from programs.tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.test_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(settings.BASE_DIR) / "var" / "screens"


def screens(page, name: str, *, javascript: bool = True) -> None:
    """The page as it is, at a phone's width (375 px) and a laptop's (1280 px), for people to
    look at (var/screens/, not kept in git); with JavaScript on, it is also checked for
    horizontal scrolling at both."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        if javascript:
            assert not (too_wide := wider_than_the_screen(page)), (name, too_wide)
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def _field(page, label: str):
    """A form field by its label, required (crispy adds an asterisk) or not."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _sign(page) -> None:
    page.get_by_role("link", name="Sign this version").click()
    page.get_by_label("I have read this version").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("Signed as")).to_be_visible()


def _as(page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, user.email, PASSWORD)


def _record_head(page, *, person: str, title: str) -> None:
    page.get_by_role("link", name="Record the head or a delegate").click()
    _field(page, "Person").select_option(label=person)
    _field(page, "Title").fill(title)
    _field(page, "From").fill("2024-07-01")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Recorded who signs for")).to_be_visible()


def test_an_mou_from_draft_to_the_public_page(frozen_clock, page, world):
    admin, chief = world.users["district_admin"], world.users["le_supervisor"]
    deputy = UserFactory(email="deputy@north.example", full_name="Dana Deputy")
    MembershipFactory(user=deputy, role=Role.LE_SUPERVISOR, agency=world.agency)

    # The heads, each recorded by their own organisation (NASRO-DISC).
    _as(page, admin)
    page.goto(world.district.get_absolute_url())
    _record_head(
        page,
        person="North district_admin (district_admin@north.example)",
        title="Superintendent",
    )
    expect(page.locator("#heads").locator("..")).to_contain_text("Superintendent (head of the")
    assert serious_accessibility_violations(page) == []
    screens(page, "district-heads")
    _as(page, chief)
    page.goto(world.agency.get_absolute_url())
    _record_head(
        page, person="North le_supervisor (le_supervisor@north.example)", title="Chief of Police"
    )
    screens(page, "agency-heads")

    _as(page, admin)
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
                actor=admin,
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

    # Submitting is refused while the discipline prohibition is missing: nobody signs a
    # version that could not be executed.
    page.get_by_role("button", name="Submit for signature").click()
    refusal = page.locator(".alert-danger").filter(has_text="not covered by any section")
    expect(refusal).to_contain_text("COPS-2(c)")
    version.refresh_from_db()
    assert version.status == MouVersion.Status.DRAFT
    screens(page, "mou-submit-refused")

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
    expect(page.get_by_text("Submitted for review and signature.")).to_be_visible()
    _sign(page)

    # A supervisor who is not the agency's head cannot sign for it.
    _as(page, deputy)
    page.goto(version.get_absolute_url())
    expect(page.get_by_role("heading", name="Signatures")).to_be_visible()
    expect(page.get_by_role("link", name="Sign this version")).to_have_count(0)
    response = page.goto(f"{version.get_absolute_url()}sign/")
    assert response.status == 403

    _as(page, chief)
    page.goto(version.get_absolute_url())
    _sign(page)
    _as(page, admin)
    page.goto(version.get_absolute_url())
    signatures = page.locator("table").filter(has_text="Superintendent")
    expect(signatures).to_contain_text("as the head")
    screens(page, "mou-signed")
    page.get_by_role("button", name="Execute").click()
    expect(page.get_by_text("Executed. It is now the MOU in force")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    shot(page, "mou-executed")
    # The staff page links to what the public reads.
    page.goto(mou.get_absolute_url())
    expect(page.get_by_role("link", name="Public page")).to_have_attribute(
        "href", f"/transparency/north/mous/{mou.pk}/"
    )
    expect(page.get_by_role("link", name="PDF in Spanish")).to_be_visible()
    screens(page, "mou-in-force")

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

    # A new version: going back to draft and removing a section each ask first.
    _as(page, admin)
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
    _sign(page)

    page.get_by_role("link", name="Back to draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Send North SRO Agreement, version 2 back to draft?"
    )
    expect(page.locator("main")).to_contain_text("The 1 signature it has is withdrawn")
    assert serious_accessibility_violations(page) == []
    screens(page, "mou-back-to-draft-confirm")
    page.get_by_role("link", name="Cancel").click()
    second.refresh_from_db()
    assert second.status == MouVersion.Status.IN_REVIEW  # asking changed nothing
    page.get_by_role("link", name="Back to draft").click()
    page.get_by_role("button", name="Back to draft").click()
    expect(page.get_by_text("Back to draft. Its signatures were withdrawn")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Remove\W+Extracurricular activities$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Remove the section “Extracurricular activities”?"
    )
    screens(page, "mou-remove-section-confirm")
    page.get_by_role("button", name="Remove the section").click()
    expect(page.get_by_text("Removed the section Extracurricular activities.")).to_be_visible()

    page.get_by_role("button", name="Submit for signature").click()
    _sign(page)
    _as(page, chief)
    page.goto(second.get_absolute_url())
    _sign(page)
    _as(page, admin)
    page.goto(second.get_absolute_url())
    page.get_by_role("button", name="Execute").click()
    expect(page.get_by_text("Executed.")).to_be_visible()
    assert mou.versions.get(number=1).status == MouVersion.Status.SUPERSEDED

    page.context.clear_cookies()
    page.goto(f"/transparency/north/mous/{mou.pk}/")
    expect(page.get_by_text("code-of-conduct enforcement")).to_be_visible()

    # Starting a second MOU with the same agency warns (COPS-2), without refusing.
    _as(page, admin)
    page.goto("/mous/new/")
    _field(page, "Title").fill("A second agreement")
    page.get_by_label("North Police Department").check()
    page.get_by_role("button", name="Start the MOU").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "North SRO Agreement is already in force between North District and North Police"
    )
    screens(page, "mou-create-warning")

    # The annual review.
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


def test_the_agencys_head_confirms_a_paper_signature_without_javascript(
    browser, live_server, world
):
    """The district records the agency's paper signature; it awaits the chief, who confirms
    it on a page that works without JavaScript; only then can the MOU be executed."""
    from mous.models import Signature
    from mous.tests.builders import appoint_heads, draft, signed_copy_pdf, submit

    appoint_heads(world)
    admin = world.users["district_admin"]
    version = draft(world).versions.get()
    services.version_attach_signed_copy(actor=admin, version=version, upload=signed_copy_pdf())
    submit(world, version)

    services.version_record_signature(
        actor=admin,
        version=version,
        party=Signature.Party.AGENCY_HEAD,
        agency=world.agency,
        signer_name="Chief Rivera",
        signer_title="Chief of Police",
        signed_on=district_today(world.district),
    )
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, world.users["le_supervisor"].email, PASSWORD)
        page.goto(version.get_absolute_url())
        expect(page.locator("main")).to_contain_text("Awaiting confirmation by the agency")
        screens(page, "mou-awaiting-confirmation", javascript=False)
        page.get_by_role("link", name=re.compile("Confirm or decline")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Confirm the signature for North Police Department?"
        )
        expect(page.locator("main")).to_contain_text("Chief Rivera, Chief of Police")
        screens(page, "mou-confirm-signature", javascript=False)
        page.get_by_label(re.compile("Confirm: this is our signature")).check()
        page.get_by_role("button", name="Send").click()
        expect(
            page.get_by_text("Confirmed the signature for North Police Department.")
        ).to_be_visible()
    finally:
        context.close()
    signature = version.signatures.get(party=Signature.Party.AGENCY_HEAD)
    assert signature.is_confirmed and signature.confirmed_by == world.users["le_supervisor"]
