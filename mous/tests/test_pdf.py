"""The MOU's text as a tagged PDF (PDF/UA-1), in English and, where the district gave Spanish,
in Spanish: made by the worker only, on execution or when a reader finds it missing; never in
a web request."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from conftest import wait_for
from mous import pdf, services
from mous.models import MouVersion
from mous.tests.builders import draft, executed
from mous.tests.test_public import NOT_TRANSLATED, execute_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def read(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def stored(field) -> PdfReader:
    with field.open("rb") as f:
        return read(f.read())


def full_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def structure(reader: PdfReader) -> Counter:
    """The structure elements' types (/H1, /H2, /P, /Table, /TH ...) in the tagged PDF."""
    found: Counter = Counter()

    def walk(node) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S"):
            found[str(node["/S"])] += 1
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def assert_tagged(reader: PdfReader, *, language: str, title: str) -> None:
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == language
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == title
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()


def with_an_english_only_section(world):
    mou = draft(world)
    services.section_save(
        actor=world.users["district_admin"],
        version=mou.versions.get(),
        heading="Extracurricular activities",
        body="The SRO may attend **games**.",
    )
    return execute_draft(world, mou).versions.get()


def test_the_task_stores_a_tagged_pdf_in_each_language(world, media):
    version = with_an_english_only_section(world)
    pdf.version_render_pdfs(version_id=version.pk)
    version.refresh_from_db()

    english = stored(version.pdf_en)
    assert_tagged(english, language="en", title="North SRO MOU")
    text = full_text(english)
    assert "Memorandum of understanding of North District, version 1" in text
    assert "North Police Department" in text and "North High School" in text
    assert "Sgt. Pat Doe, North Police Department Youth Services Unit." in text
    assert "The parties agree on SRO duties and program mission." in text
    assert "The SRO may attend games." in text
    assert "North district_admin, Superintendent" in text
    assert "Sam Sample" not in text
    tags = structure(english)
    # One title, a heading per part and section, the signatures as a table with headers.
    assert tags["/H1"] == 1
    assert tags["/H2"] >= version.sections.count() + 3
    assert tags["/Table"] == 1 and tags["/TH"] >= 3

    spanish = stored(version.pdf_es)
    assert_tagged(spanish, language="es", title="MOU de SRO de North")
    text = full_text(spanish)
    assert "Sección COPS-2(a)" in text and "Las partes acuerdan: COPS-2(a)." in text
    with translation.override("es"):
        assert gettext(NOT_TRANSLATED) in text
    assert "The SRO may attend games." in text  # given in English, and said so


def test_running_the_task_twice_keeps_the_pdfs(world, media):
    version = executed(world).versions.get()
    pdf.version_render_pdfs(version_id=version.pk)
    version.refresh_from_db()
    names = (version.pdf_en.name, version.pdf_es.name)
    pdf.version_render_pdfs(version_id=version.pk)
    version.refresh_from_db()
    assert (version.pdf_en.name, version.pdf_es.name) == names


def test_no_spanish_pdf_without_spanish_text(world, media):
    admin = world.users["district_admin"]
    mou = services.mou_create(
        actor=admin, district=world.district, title="Plain MOU", agencies=[world.agency]
    )
    source = executed(world, title="Source").versions.get()
    version = mou.versions.get()
    for section in source.sections.all():
        services.section_save(
            actor=admin,
            version=version,
            heading=section.heading,
            body=section.body,
            clauses=section.clauses,
        )
    execute_draft(world, mou)
    pdf.version_render_pdfs(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_en and not version.pdf_es
    assert pdf.pdf_language(version, "es") == "en"


def test_a_draft_gets_no_pdf(world, media):
    version = draft(world).versions.get()
    pdf.version_render_pdfs(version_id=version.pk)
    version.refresh_from_db()
    assert not version.pdf_en and not version.pdf_es


def test_a_public_get_never_renders_a_pdf_and_asks_the_worker_once(
    client, world, media, django_capture_on_commit_callbacks
):
    """Found: four anonymous GETs of a long MOU's PDF right after execution each rendered it
    in the web process (~30 s each) and hung every page. A GET only serves a stored file;
    a missing one is "being prepared" (in the reader's language) and asked of the worker
    once, however many readers ask."""
    version = executed(world).versions.get()
    assert version.pdfs_requested_at is not None  # execution asked the worker
    url = f"/transparency/north/mous/{version.mou_id}/pdf/"

    with django_capture_on_commit_callbacks() as enqueued:
        responses = [client.get(url + "?lang=es") for _ in range(4)]
    assert enqueued == []  # execution's request is still fresh: nothing more is enqueued
    for response in responses:
        assert response.status_code == 202
        assert response["Content-Type"].startswith("text/html")
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        page = response.content.decode()
        assert '<html lang="es">' in page
        with translation.override("es"):
            assert gettext("The PDF is being prepared") in page
    version.refresh_from_db()
    assert not version.pdf_en and not version.pdf_es  # nothing was rendered by the GETs

    # The worker's message was lost: after a while, the next reader asks again, once.
    MouVersion.objects.filter(pk=version.pk).update(
        pdfs_requested_at=timezone.now() - timedelta(minutes=11)
    )
    with django_capture_on_commit_callbacks() as enqueued:
        for _ in range(4):
            assert client.get(url).status_code == 202
    assert len(enqueued) == 1

    # Once the worker has stored them, the same address is the PDF, in the reader's language.
    pdf.version_render_pdfs(version_id=version.pk)
    response = client.get(url + "?lang=es")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Language"] == "es"
    assert "-es.pdf" in response["Content-Disposition"]
    assert_tagged(
        read(b"".join(response.streaming_content)), language="es", title="MOU de SRO de North"
    )
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert_tagged(read(b"".join(english.streaming_content)), language="en", title="North SRO MOU")


def test_a_pdf_whose_file_is_gone_is_made_again(client, world, media):
    version = executed(world).versions.get()
    pdf.version_render_pdfs(version_id=version.pk)
    version.refresh_from_db()
    version.pdf_en.storage.delete(version.pdf_en.name)
    assert client.get(f"/transparency/north/mous/{version.mou_id}/pdf/").status_code == 202
    pdf.version_render_pdfs(version_id=version.pk)
    version.refresh_from_db()
    assert version.pdf_en.storage.exists(version.pdf_en.name)


def test_the_pdf_shows_the_text_stored_when_the_section_was_saved(world, media):
    """The PDF and the public page use the HTML rendered once, when the section was saved."""
    version = with_an_english_only_section(world)
    section = version.sections.get(body__contains="games")
    assert section.body_html == "<p>The SRO may attend <strong>games</strong>.</p>\n"
    pdf.version_render_pdfs(version_id=version.pk)
    version.refresh_from_db()
    assert "The SRO may attend games." in full_text(stored(version.pdf_en))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_executing_a_version_has_the_worker_make_its_pdfs(world, celery_worker):
    mou = executed(world)  # committed: the execution enqueues the task on commit
    version = wait_for(
        lambda: (
            MouVersion.objects.filter(mou=mou, status="executed")
            .exclude(pdf_en="")
            .exclude(pdf_es="")
            .first()
        ),
        timeout=90,
        message="The worker did not make the MOU's PDFs",
    )
    english = stored(version.pdf_en)
    assert_tagged(english, language="en", title="North SRO MOU")
    assert "The parties agree on SRO duties and program mission." in full_text(english)
    spanish = stored(version.pdf_es)
    assert_tagged(spanish, language="es", title="MOU de SRO de North")
    assert "Las partes acuerdan: COPS-2(a)." in full_text(spanish)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_reader_who_finds_the_pdf_missing_gets_it_from_the_worker(client, world, celery_worker):
    """The file is gone (a restored server, say): the reader is told it is being prepared,
    the worker is asked, and the same address then serves the PDF."""
    mou = executed(world)
    version = wait_for(
        lambda: MouVersion.objects.filter(mou=mou).exclude(pdf_en="").first(),
        timeout=90,
        message="The worker did not make the MOU's PDFs",
    )
    version.pdf_en.storage.delete(version.pdf_en.name)
    MouVersion.objects.filter(pk=version.pk).update(
        pdfs_requested_at=timezone.now() - timedelta(minutes=11)
    )
    url = f"/transparency/north/mous/{mou.pk}/pdf/?lang=en"
    assert client.get(url).status_code == 202
    response = wait_for(
        lambda: (r := client.get(url)).status_code == 200 and r,
        timeout=90,
        interval=0.5,
        message="The worker did not make the missing PDF again",
    )
    assert_tagged(read(b"".join(response.streaming_content)), language="en", title="North SRO MOU")
