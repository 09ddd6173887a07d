"""The public transparency pages in a real browser, signed in as no one: English and Spanish,
axe-core, headings in order, a phone, 200% zoom, and no JavaScript at all."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import serious_accessibility_violations, wider_than_the_screen
from mous import pdf, services
from mous.tests.builders import draft
from mous.tests.test_public import execute_draft
from sro_admin import public_cache
from tests.test_browser import shot
from tests.test_browser_mous import screens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = "h1, h2, h3, h4, h5, h6"


@pytest.fixture
def north_mou(world):
    """North's MOU in force, one section without Spanish text, reviewed once."""
    admin = world.users["district_admin"]
    mou = draft(world)
    services.section_save(
        actor=admin,
        version=mou.versions.get(),
        heading="Games and dances",
        body="The SRO may attend **games** and dances.\n\n# Evenings\n\nOnly when asked.",
    )
    execute_draft(world, mou)
    services.review_record(
        actor=admin,
        mou=mou,
        reviewed_on=date(2027, 6, 1),
        participants="Superintendent; Chief of Police",
        findings="Fewer referrals to the SRO for discipline matters.",
        meets_expectations=True,
        today=date(2027, 6, 2),
    )
    # The worker's work, done here (the worker itself is tested in mous/tests/test_pdf.py):
    # the pages only serve the stored PDFs.
    pdf.version_render_pdfs(version_id=mou.versions.get().pk)
    # The page cache is Redis, beyond the test database: no page of an earlier run.
    public_cache.clear_district(world.district.pk)
    return mou


def assert_headings_in_order(page) -> None:
    levels = [
        int(tag[1])
        for tag in page.locator(HEADINGS).evaluate_all(
            "nodes => nodes.map(n => n.tagName.toLowerCase())"
        )
    ]
    assert levels.count(1) == 1 and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"h{before} is followed by h{after}: {levels}"


def assert_no_horizontal_scroll(page) -> None:
    assert wider_than_the_screen(page) == ""


def test_the_public_reads_the_mou_in_english_and_spanish(page, world, north_mou):
    page.goto("/transparency/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Districts that publish their SRO agreements"
    )
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="North District").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("SRO agreements of North District")
    main = page.locator("main")
    expect(main).to_contain_text("1 SRO serving these schools today")
    expect(main).to_contain_text("the program meets expectations")
    expect(main).not_to_contain_text("Sam Sample")
    assert_headings_in_order(page)
    assert serious_accessibility_violations(page) == []
    shot(page, "transparency-district-en")

    page.get_by_role("link", name="Read the full text: North SRO MOU").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North SRO MOU")
    expect(page.get_by_role("heading", level=2, name="Games and dances")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="Evenings")).to_be_visible()
    expect(main).to_contain_text("Fewer referrals to the SRO for discipline matters.")
    assert_headings_in_order(page)
    assert serious_accessibility_violations(page) == []
    shot(page, "transparency-mou-en")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the text as PDF: North SRO MOU").click()
    assert download.value.suggested_filename.endswith("-en.pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    page.get_by_role("link", name="Español").click()
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.get_by_role("heading", level=1)).to_have_text("MOU de SRO de North")
    expect(page.get_by_role("heading", level=2, name="Sección COPS-2(a)")).to_be_visible()
    # The section the district did not translate is in English, marked as such.
    untranslated = page.locator('div[lang="en"]').filter(has_text="The SRO may attend games")
    expect(untranslated).to_be_visible()
    assert_headings_in_order(page)
    assert serious_accessibility_violations(page) == []
    shot(page, "transparency-mou-es")

    # Links keep the language: back to the district page, still in Spanish.
    page.get_by_role("link", name="North District", exact=True).click()  # the breadcrumb
    assert page.locator("html").get_attribute("lang") == "es"
    assert "lang=es" in page.url
    assert serious_accessibility_violations(page) == []
    shot(page, "transparency-district-es")


@pytest.mark.parametrize(
    ("name", "viewport", "scale"),
    [("phone", {"width": 375, "height": 800}, 1), ("zoom-200", {"width": 640, "height": 800}, 2)],
)
def test_the_pages_fit_a_phone_and_200_percent_zoom(
    browser, live_server, world, north_mou, name, viewport, scale
):
    # 200% zoom of a 1280px-wide window lays the page out as a 640px-wide one at scale 2.
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, device_scale_factor=scale, locale="es-ES"
    )
    page = context.new_page()
    try:
        for url in ["/transparency/north/", f"/transparency/north/mous/{north_mou.pk}/"]:
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == "es"  # from Accept-Language
            assert_no_horizontal_scroll(page)
            assert serious_accessibility_violations(page) == []
        shot(page, f"transparency-mou-{name}")
    finally:
        context.close()


def test_the_pages_work_without_javascript(browser, live_server, world, north_mou):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    try:
        page.goto("/transparency/")
        page.get_by_role("link", name="North District").click()
        page.get_by_role("link", name="Read the full text: North SRO MOU").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("North SRO MOU")
        page.get_by_role("link", name="Español").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("MOU de SRO de North")
        page.get_by_role("link", name="Sección COPS-2(a)").click()  # the table of contents
        assert page.url.endswith("#section-1")
        page.get_by_role("link", name="Cómo enviar comentarios a North District").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("North District")
        page.goto(f"/transparency/north/mous/{north_mou.pk}/")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the text as PDF: North SRO MOU").click()
        assert download.value.suggested_filename.endswith(".pdf")
    finally:
        context.close()


def test_feedback_missing_pages_and_pdfs_being_prepared_in_spanish(page, world, north_mou):
    """The feedback page gives the district's contact; an unknown address and a PDF not made
    yet answer in the public layout and the visitor's language, with links that keep it."""
    district = world.district
    district.feedback_contact = "Oficina de Relaciones con la Comunidad"
    district.feedback_email = "comentarios@north.example"
    district.feedback_phone = "+1 555 0100"
    district.save()
    page.goto("/transparency/north/feedback/?lang=es")
    main = page.locator("main")
    expect(main).to_contain_text("Oficina de Relaciones con la Comunidad")
    expect(page.get_by_role("link", name="comentarios@north.example")).to_have_attribute(
        "href", "mailto:comentarios@north.example"
    )
    assert_headings_in_order(page)
    assert serious_accessibility_violations(page) == []
    screens(page, "transparency-feedback-es")

    response = page.goto("/transparency/north/mous/999999/?lang=es")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.get_by_role("heading", level=1)).to_have_text("Página no encontrada")
    expect(page.get_by_role("link", name="Iniciar sesión")).to_have_count(0)
    assert serious_accessibility_violations(page) == []
    screens(page, "transparency-404-es")
    page.get_by_role("link", name="Ver todos los distritos").click()
    assert page.url.endswith("/transparency/?lang=es")

    version = north_mou.versions.get()
    version.pdf_es.storage.delete(version.pdf_es.name)  # not made yet, or lost
    response = page.goto(f"/transparency/north/mous/{north_mou.pk}/pdf/?lang=es")
    assert response.status == 202
    expect(page.get_by_role("heading", level=1)).to_have_text("Se está preparando el PDF")
    assert serious_accessibility_violations(page) == []
    screens(page, "transparency-pdf-preparing-es")
