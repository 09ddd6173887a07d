"""The public transparency pages (no sign-in): what is published, in which language, what is
never published, and the page cache that executing a version clears.

North's MOU with North Police Department covers North High School, where Sam Sample serves;
Lee Colleague is not placed. The public learns that one SRO serves there, never who.
"""

from __future__ import annotations

import importlib
import re
from datetime import date
from io import BytesIO

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from mous import public_selectors, selectors, services
from mous.clauses import CLAUSES
from mous.models import Mou, MouVersion, Section
from mous.tests.builders import draft, execute, executed, signed_copy_pdf
from programs.models import Assignment
from programs.tests.factories import OfficerFactory, SchoolFactory
from sro_admin import public_cache
from sro_admin.errors import RuleViolation
from tests.access_rows import ROLES
from tests.access_rows.transparency import NOT_PUBLIC

pytestmark = pytest.mark.django_db

NOT_TRANSLATED = "Spanish translation not provided by the district."


# -- builders (also used by the access rows and the browser test) ----------------------------------


def execute_draft(world, mou: Mou, *, on: date = date(2026, 8, 1)) -> Mou:
    """Submit, sign and execute the MOU's draft, as its administrator and heads would."""
    execute(world, mou.versions.get(status=MouVersion.Status.DRAFT), on=on)
    return mou


def supersede(world, mou: Mou, *, on: date = date(2027, 8, 1)) -> MouVersion:
    """Version 2: the same text, its first section rewritten; it replaces version 1."""
    admin = world.users["district_admin"]
    version = services.version_new(actor=admin, mou=mou)
    first = version.sections.order_by("position").first()
    services.section_save(
        actor=admin,
        version=version,
        section=first,
        heading=first.heading,
        body="Version two: the SRO's duties, rewritten after the annual review.",
        heading_es=first.heading_es,
        body_es="Versión dos: las funciones del SRO, reescritas tras la revisión anual.",
        clauses=first.clauses,
    )
    services.version_update(
        actor=admin,
        version=version,
        change_summary="Duties rewritten after the annual review.",
        supervision=version.supervision,
        effective_from=None,
        effective_until=None,
        schools=list(version.schools.all()),
    )
    execute_draft(world, mou, on=on)
    return mou.versions.get(number=version.number)


def publish_superseded(world, mou: Mou) -> None:
    services.mou_update(
        actor=world.users["district_admin"],
        mou=mou,
        title=mou.title,
        title_es=mou.title_es,
        agencies=list(mou.agencies.all()),
        publish_superseded=True,
    )


def executed_with_signed_copy(world) -> Mou:
    mou = draft(world)
    services.version_attach_signed_copy(
        actor=world.users["district_admin"],
        version=mou.versions.get(),
        upload=signed_copy_pdf(pages=2),
    )
    return execute_draft(world, mou)


@pytest.fixture(autouse=True)
def fresh_cache(world):
    """The page cache is Redis, beyond the test database: a district id of an earlier run
    must not find that run's pages."""
    public_cache.clear_district(world.district.pk)
    public_cache.clear_district(world.south.pk)


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_headings_in_order(html: str) -> None:
    levels = headings(html)
    assert levels.count(1) == 1 and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"h{before} is followed by h{after}"


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# -- what is never public --------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(NOT_PUBLIC))
def test_what_is_not_public_is_404_for_everyone(client, world, case):
    url = NOT_PUBLIC[case](world)
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        assert client.get(url).status_code == 404, (case, role)


def test_a_draft_never_shows_on_the_district_page(client, world):
    executed(world)
    draft(world, title="Draft MOU with the sheriff")
    page = text_of(client.get("/transparency/north/"))
    assert "North SRO MOU" in page
    assert "Draft MOU with the sheriff" not in page


# -- the index and the district page ---------------------------------------------------------------


def test_the_index_lists_the_districts_with_an_mou_in_force(client, world):
    executed(world)
    page = text_of(client.get(reverse("transparency-index")))
    assert 'href="/transparency/north/"' in page
    assert "1 MOU in force" in page
    assert "South District" not in page
    assert_headings_in_order(page)


def test_the_district_page_summarises_each_mou_in_force(client, world):
    mou = executed(world)
    services.review_record(
        actor=world.users["district_admin"],
        mou=mou,
        reviewed_on=date(2027, 6, 1),
        participants="Superintendent; Chief of Police; two parents",
        findings="Referrals to the SRO for discipline matters fell.",
        meets_expectations=True,
        today=date(2027, 6, 2),
    )
    response = client.get(reverse("transparency-district", kwargs={"slug": "north"}))
    assert response.status_code == 200
    page = text_of(response)
    assert "SRO agreements of North District" in page
    assert "North Police Department" in page
    assert "From Aug 1, 2026 until it is replaced" in page
    assert "1 school: North High School" in page
    assert "1 SRO serving these schools today" in page
    assert "Jun 1, 2027: the program meets expectations" in page
    assert f'href="/transparency/north/mous/{mou.pk}/"' in page
    assert f'href="/transparency/north/mous/{mou.pk}/pdf/"' in page
    assert 'href="/transparency/north/feedback/"' in page
    # The officers are counted, never named.
    for private in ("Sam", "Sample", "Colleague", world.officer.badge_number):
        assert private not in page
    assert_headings_in_order(page)


def test_the_sro_count_is_the_covered_officers_of_today(world):
    """The page counts as mous.selectors.covered_officers does: the MOU's agencies' officers
    assigned today to the schools it covers."""
    mou = executed(world)
    Assignment.objects.create(
        officer=world.colleague, school=world.other_school, starts_on=date(2025, 8, 1)
    )  # a school the MOU does not cover
    ended = OfficerFactory(agency=world.agency)
    Assignment.objects.create(
        officer=ended, school=world.school, starts_on=date(2024, 8, 1), ends_on=date(2025, 6, 1)
    )
    sheriff = OfficerFactory(agency=world.second_agency)  # not a party to the MOU
    Assignment.objects.create(officer=sheriff, school=world.school, starts_on=date(2025, 8, 1))
    on = date(2026, 9, 1)
    (item,) = public_selectors.district_mous(district=world.district, on=on, language="en")
    version = selectors.current_version(mou)
    assert (
        item.sro_count
        == (selectors.covered_assignments(version, on=on).values("officer_id").distinct().count())
        == 1
    )


# -- the MOU page ----------------------------------------------------------------------------------


def test_the_mou_page_gives_the_full_text(client, world):
    mou = executed(world)
    response = client.get(reverse("transparency-mou", kwargs={"slug": "north", "pk": mou.pk}))
    page = text_of(response)
    assert '<html lang="en">' in page
    assert "<h1>North SRO MOU</h1>" in page
    assert "North District" in page and "North Police Department" in page
    assert "North High School" in page
    assert "1 SRO serving these schools today" in page
    assert "Sgt. Pat Doe, North Police Department Youth Services Unit." in page  # COPS-2 (g)
    assert '<h2 id="section-1">SRO duties and program mission</h2>' in page
    assert "The parties agree on SRO duties and program mission." in page
    # Signatures: the heads (or their delegates) by name, title and date.
    assert "North district_admin, Superintendent" in page
    assert "North le_supervisor, Chief of Police" in page
    assert "Signed as a delegate" not in page  # both heads signed themselves
    assert "No annual review recorded yet." in page
    assert "Sam Sample" not in page
    assert_headings_in_order(page)


def test_markdown_is_rendered_and_raw_html_is_not(client, world):
    mou = draft(world)
    services.section_save(
        actor=world.users["district_admin"],
        version=mou.versions.get(),
        heading="Hours on campus",
        body="# School days\n\nThe SRO is on campus **7:30 to 3:30**.\n\n<script>alert(1)</script>",
    )
    execute_draft(world, mou)
    page = text_of(client.get(f"/transparency/north/mous/{mou.pk}/"))
    assert "<h3>School days</h3>" in page  # below the section's h2
    assert "<strong>7:30 to 3:30</strong>" in page
    assert "<script>" not in page
    assert_headings_in_order(page)


def test_the_page_is_in_spanish_where_the_district_gave_spanish(client, world):
    mou = draft(world)
    services.section_save(
        actor=world.users["district_admin"],
        version=mou.versions.get(),
        heading="Extracurricular activities",
        body="The SRO may attend games.",
    )  # no Spanish text for this one
    execute_draft(world, mou)
    response = client.get(f"/transparency/north/mous/{mou.pk}/?lang=es")
    page = text_of(response)
    assert response["Content-Language"] == "es"
    assert '<html lang="es">' in page
    assert "<h1>MOU de SRO de North</h1>" in page
    assert "Sección COPS-2(a)" in page and "Las partes acuerdan: COPS-2(a)." in page
    # The English section is marked as English, and the page says it was not translated.
    with translation.override("es"):
        note = gettext(NOT_TRANSLATED)
    assert 'lang="en">Extracurricular activities</h2>' in page
    assert re.search(rf'{re.escape(note)}</p> <div lang="en"><p>The SRO may attend games.', page)
    # Links keep the language asked for; the switch offers both.
    assert f'href="/transparency/north/mous/{mou.pk}/pdf/?lang=es"' in page
    assert f'href="/transparency/north/mous/{mou.pk}/?lang=en" lang="en" hreflang="en"' in page
    assert_headings_in_order(page)


def test_the_language_of_the_request_is_used_without_the_parameter(client, world):
    mou = executed(world)
    url = f"/transparency/north/mous/{mou.pk}/"
    page = text_of(client.get(url, HTTP_ACCEPT_LANGUAGE="es"))
    assert '<html lang="es">' in page and "MOU de SRO de North" in page
    assert f'href="/transparency/north/mous/{mou.pk}/pdf/"' in page  # no ?lang= added
    english = text_of(client.get(url + "?lang=en", HTTP_ACCEPT_LANGUAGE="es"))
    assert '<html lang="en">' in english
    unknown = text_of(client.get(url + "?lang=fr"))
    assert '<html lang="en">' in unknown and "?lang=fr" not in unknown


def test_a_new_version_supersedes_the_old_one_on_the_public_pages(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mou = executed(world)
    mou_url = f"/transparency/north/mous/{mou.pk}/"
    assert "The parties agree on SRO duties" in text_of(client.get(mou_url))

    with django_capture_on_commit_callbacks(execute=True):
        supersede(world, mou)
    page = text_of(client.get(mou_url))
    assert "Version two: the SRO's duties" in page
    assert "The parties agree on SRO duties" not in page
    assert "From Aug 1, 2027 until it is replaced" in page
    # Version 1 is listed for the record, not linked: the district does not publish it.
    district_page = text_of(client.get("/transparency/north/"))
    assert "North SRO MOU, version 1" in district_page
    assert "From Aug 1, 2026 to Aug 1, 2027, when the next version replaced it" in district_page
    assert f"/transparency/north/mous/{mou.pk}/versions/1/" not in district_page
    assert client.get(f"{mou_url}versions/1/").status_code == 404


def test_a_published_superseded_version_is_linked_and_readable(client, world):
    mou = executed(world)
    supersede(world, mou)
    publish_superseded(world, mou)
    public_cache.clear_district(world.district.pk)  # (mou_update does not clear the pages)
    record_url = f"/transparency/north/mous/{mou.pk}/versions/1/"
    assert f'href="{record_url}"' in text_of(client.get("/transparency/north/"))
    page = text_of(client.get(record_url))
    assert "Version 1 is no longer in force: it was replaced on Aug 1, 2027." in page
    assert "The parties agree on SRO duties" in page
    assert f'href="/transparency/north/mous/{mou.pk}/"' in page
    assert_headings_in_order(page)


def test_an_expired_mou_leaves_the_index_but_stays_on_record(
    client, world, django_capture_on_commit_callbacks
):
    mou = draft(world)
    version = mou.versions.get()
    services.version_update(
        actor=world.users["district_admin"],
        version=version,
        change_summary="",
        supervision="Sgt. Pat Doe",
        effective_from=date(2026, 8, 1),
        effective_until=date(2027, 7, 31),
        schools=[world.school],
    )
    execute_draft(world, mou)
    assert "North District" in text_of(client.get("/transparency/"))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.versions_expire(today=date(2027, 8, 1)) == 1
    assert "North District" not in text_of(client.get("/transparency/"))
    assert client.get(f"/transparency/north/mous/{mou.pk}/").status_code == 404
    page = text_of(client.get("/transparency/north/"))
    assert "No MOU is in force at present." in page
    assert "From Aug 1, 2026 to Jul 31, 2027, when its term ended" in page


def test_the_feedback_page_says_how_to_give_feedback(client, world):
    executed(world)
    page = text_of(client.get("/transparency/north/feedback/"))
    assert "How to give feedback to North District" in page
    assert "contact the district office of North District" in page
    assert_headings_in_order(page)


def test_the_signed_copy_is_a_download(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mou = executed_with_signed_copy(world)
    page = text_of(client.get(f"/transparency/north/mous/{mou.pk}/"))
    url = f"/transparency/north/mous/{mou.pk}/signed-copy/"
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    copy = PdfReader(BytesIO(b"".join(response.streaming_content)))
    assert len(copy.pages) == 2  # the file the district attached


# -- caching ---------------------------------------------------------------------------------------


def test_a_cached_page_costs_only_the_district_lookup(client, world, django_assert_num_queries):
    mou = executed(world)
    url = f"/transparency/north/mous/{mou.pk}/"
    first = client.get(url)
    with django_assert_num_queries(1):  # the district, by its slug, if it publishes
        second = client.get(url)
    assert second.content == first.content
    assert {v.strip() for v in second["Cache-Control"].split(",")} == {"public", "no-cache"}
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in second["Vary"].split(",")}
    assert not second.cookies  # no session, no CSRF cookie
    assert "csrfmiddlewaretoken" not in first.content.decode()
    # Each language is its own page.
    assert '<html lang="es">' in client.get(url + "?lang=es").content.decode()


def test_a_signed_in_visitors_page_is_not_for_shared_caches(client, world):
    mou = executed(world)
    client.force_login(world.users["district_admin"])
    response = client.get(f"/transparency/north/mous/{mou.pk}/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Sign out" not in response.content.decode()


def test_other_parameters_do_not_make_new_cache_entries(client, world, django_assert_num_queries):
    mou = executed(world)
    url = f"/transparency/north/mous/{mou.pk}/"
    client.get(url)
    with django_assert_num_queries(1):
        client.get(url + "?utm_source=newsletter")


def test_executing_a_version_clears_the_cached_pages_at_once(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mou = executed(world)
    index = client.get("/transparency/").content.decode()
    assert "1 MOU in force" in index
    client.get("/transparency/north/")

    second = draft(world, title="Sheriff MOU")
    with django_capture_on_commit_callbacks(execute=True):
        execute_draft(world, second)
    assert "2 MOUs in force" in client.get("/transparency/").content.decode()
    assert "Sheriff MOU" in client.get("/transparency/north/").content.decode()
    # A review recorded is shown at once too.
    with django_capture_on_commit_callbacks(execute=True):
        services.review_record(
            actor=world.users["district_admin"],
            mou=mou,
            reviewed_on=date(2027, 6, 1),
            participants="Superintendent",
            findings="All good.",
            meets_expectations=False,
            today=date(2027, 6, 2),
        )
    page = text_of(client.get("/transparency/north/"))
    assert "Jun 1, 2027: the program does not meet expectations" in page


# -- query counts: constant as MOUs, schools, officers and sections grow ---------------------------


def _grow(world, n: int) -> None:
    """n more executed MOUs, each covering a new school with an SRO, and three more sections."""
    for i in range(n):
        school = SchoolFactory(district=world.district, name=f"School {i}")
        officer = OfficerFactory(agency=world.agency)
        Assignment.objects.create(officer=officer, school=school, starts_on=date(2025, 8, 1))
        mou = draft(world, title=f"MOU {i}")
        version = mou.versions.get()
        for j in range(3):
            services.section_save(
                actor=world.users["district_admin"],
                version=version,
                heading=f"More {j}",
                body="Text.",
            )
        services.version_update(
            actor=world.users["district_admin"],
            version=version,
            change_summary="",
            supervision="Sgt.",
            effective_from=None,
            effective_until=None,
            schools=[world.school, school],
        )
        execute_draft(world, mou)
        services.review_record(
            actor=world.users["district_admin"],
            mou=mou,
            reviewed_on=date(2027, 6, 1),
            participants="All",
            findings="Fine.",
            meets_expectations=True,
            today=date(2027, 6, 2),
        )


# District page: district; MOUs; their published versions, agencies and reviews (prefetch);
# the covered schools of the versions in force; today's assignments; versions with Spanish.
DISTRICT_PAGE_QUERIES = 8
# MOU page: district; the MOU; its versions, agencies, reviews; covered schools; assignments;
# Spanish sections; the sections; the signatures.
MOU_PAGE_QUERIES = 10


@pytest.mark.parametrize("more", [0, 4])
def test_the_district_page_query_count_is_pinned(client, world, django_assert_num_queries, more):
    executed(world)
    _grow(world, more)
    public_cache.clear_district(world.district.pk)
    with django_assert_num_queries(DISTRICT_PAGE_QUERIES):
        response = client.get("/transparency/north/")
    assert response.content.decode().count('aria-label="Read the full text:') == 1 + more


@pytest.mark.parametrize("more", [0, 4])
def test_the_mou_page_query_count_is_pinned(client, world, django_assert_num_queries, more):
    """More sections, schools, officers, reviews and earlier versions: the same queries."""
    admin = world.users["district_admin"]
    mou = draft(world)
    version = mou.versions.get()
    schools = [world.school]
    for i in range(more):
        school = SchoolFactory(district=world.district, name=f"School {i}")
        Assignment.objects.create(
            officer=OfficerFactory(agency=world.agency), school=school, starts_on=date(2025, 8, 1)
        )
        schools.append(school)
        services.section_save(actor=admin, version=version, heading=f"More {i}", body="Text.")
    services.version_update(
        actor=admin,
        version=version,
        change_summary="",
        supervision="Sgt.",
        effective_from=None,
        effective_until=None,
        schools=schools,
    )
    execute_draft(world, mou)
    for _ in range(more // 2):
        supersede(world, mou, on=mou.versions.order_by("-number").first().executed_on)
    for i in range(more):
        services.review_record(
            actor=admin,
            mou=mou,
            reviewed_on=date(2027, 6, 1 + i),
            participants="All",
            findings="Fine.",
            meets_expectations=True,
            today=date(2027, 6, 30),
        )
    public_cache.clear_district(world.district.pk)
    with django_assert_num_queries(MOU_PAGE_QUERIES):
        response = client.get(f"/transparency/north/mous/{mou.pk}/?lang=es")
    assert response.status_code == 200
    assert (
        response.content.decode().count('<section aria-labelledby="section-') == len(CLAUSES) + more
    )


# -- the text is rendered once, when it is saved ---------------------------------------------------


def test_the_public_page_shows_the_html_stored_when_the_section_was_saved(client, world):
    """Found: 2 MB of "[" took 24 s per view, rendered on every view. The HTML is made when
    the section is saved; the page shows what was stored and renders nothing."""
    mou = draft(world)
    version = mou.versions.get()
    section = services.section_save(
        actor=world.users["district_admin"],
        version=version,
        heading="Hours on campus",
        body="The SRO is on campus **7:30 to 3:30**.",
    )
    assert section.body_html == "<p>The SRO is on campus <strong>7:30 to 3:30</strong>.</p>\n"
    # What the page shows is the stored HTML, not the Markdown rendered again.
    Section.objects.filter(pk=section.pk).update(body_html="<p>As stored when saved.</p>")
    execute_draft(world, mou)
    page = text_of(client.get(f"/transparency/north/mous/{mou.pk}/"))
    assert "<p>As stored when saved.</p>" in page
    assert "7:30 to 3:30" not in page


def test_a_section_has_a_size_bound_in_the_service_and_the_database(world):
    version = draft(world).versions.get()
    with pytest.raises(RuleViolation, match="100,001 characters; a section has at most 100,000"):
        services.section_save(
            actor=world.users["district_admin"], version=version, heading="All", body="[" * 100_001
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.filter(version=version, position=1).update(body="[" * 100_001)
    # At the bound, it is saved, and rendered once.
    section = services.section_save(
        actor=world.users["district_admin"], version=version, heading="All", body="[" * 100_000
    )
    assert section.body_html.startswith("<p>[[[")


def test_the_migration_fills_the_html_of_existing_sections(world):
    migration = importlib.import_module(
        "mous.migrations.0002_executed_versions_frozen_signatures_confirmed"
    )
    version = draft(world).versions.get()
    Section.objects.filter(version=version).update(body_html="", body_es_html="")
    migration.fill_html_and_confirmations(django_apps, None)
    section = version.sections.get(position=1)
    assert section.body_html == "<p>The parties agree on SRO duties and program mission.</p>\n"
    assert section.body_es_html == "<p>Las partes acuerdan: COPS-2(a).</p>\n"


# -- the public layout and language everywhere -----------------------------------------------------


def test_every_link_of_the_spanish_pages_keeps_the_language(client, world, settings, tmp_path):
    """Walk every page reachable from the Spanish index: each link to a public page (the
    signed copy and the PDFs included) carries ?lang=es; only the switch offers English."""
    settings.MEDIA_ROOT = tmp_path
    mou = executed_with_signed_copy(world)
    admin = world.users["district_admin"]
    second = services.version_new(actor=admin, mou=mou)
    services.version_attach_signed_copy(actor=admin, version=second, upload=signed_copy_pdf())
    execute(world, second, on=date(2027, 8, 1))
    publish_superseded(world, mou)
    public_cache.clear_district(world.district.pk)
    seen: set[str] = set()
    queue = ["/transparency/?lang=es"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 202), url
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in re.findall(r'href="([^"#]*)"', response.content.decode()):
            if not href.startswith("/transparency/"):
                continue
            if href.endswith("?lang=en"):  # the language switch
                continue
            assert href.endswith("?lang=es"), f"{href} (on {url})"
            queue.append(href)
    assert f"/transparency/north/mous/{mou.pk}/signed-copy/?lang=es" in seen
    assert f"/transparency/north/mous/{mou.pk}/pdf/?lang=es" in seen
    assert f"/transparency/north/mous/{mou.pk}/versions/1/?lang=es" in seen
    assert "/transparency/north/feedback/?lang=es" in seen


@pytest.mark.parametrize(
    ("address", "headers"),
    [
        ("/transparency/nowhere/?lang=es", {}),
        ("/transparency/nowhere/", {"HTTP_ACCEPT_LANGUAGE": "es"}),
    ],
)
def test_a_public_404_is_in_the_public_layout_and_the_visitors_language(
    client, world, address, headers
):
    response = client.get(address, **headers)
    assert response.status_code == 404
    page = text_of(response)
    assert '<html lang="es">' in page
    with translation.override("es"):
        assert f"<h1>{gettext('Page not found')}</h1>" in page
        assert gettext("SRO programs: public information") in page
    assert "Sign in" not in page and "Iniciar sesión" not in page  # the public layout
    assert 'href="/transparency/nowhere/?lang=en"' in page  # the switch, as on every public page
    if "lang=es" in address:
        assert 'href="/transparency/?lang=es"' in page
    # Elsewhere, the signed-in layout's 404 as before.
    other = text_of(client.get("/no-such-page/", **headers))
    assert "SRO programs: public information" not in other


def test_a_public_500_is_in_the_public_layout_and_the_visitors_language(rf):
    from sro_admin import urls, views

    assert urls.handler500 is views.server_error
    response = views.server_error(rf.get("/transparency/north/?lang=es"))
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="es">' in page
    with translation.override("es"):
        assert gettext("Something went wrong") in page
    assert 'href="/transparency/?lang=es"' in page
    plain = views.server_error(rf.get("/mous/")).content.decode()
    assert "SRO programs: public information" not in plain


def test_the_feedback_page_gives_the_districts_contact_in_both_languages(client, world):
    executed(world)
    client.force_login(world.users["district_admin"])
    form = {
        "name": "North District",
        "state": "OH",
        "nces_id": "",
        "time_zone": "America/Chicago",
        "feedback_contact": "Office of Community Relations",
        "feedback_email": "feedback@north.example",
        "feedback_phone": "+1 555 0100",
        "feedback_address": "1 School Street\nNorth, OH",
    }
    assert client.post(f"/districts/{world.district.pk}/edit/", form).status_code == 302
    client.logout()
    english = text_of(client.get("/transparency/north/feedback/"))
    assert "Office of Community Relations" in english
    assert '<a href="mailto:feedback@north.example">feedback@north.example</a>' in english
    assert '<a href="tel:+15550100">+1 555 0100</a>' in english
    assert "1 School Street<br>North, OH" in english
    assert "contact the district office" not in english
    spanish = text_of(client.get("/transparency/north/feedback/?lang=es"))
    assert "Office of Community Relations" in spanish
    with translation.override("es"):
        assert gettext("How to give feedback today") in spanish
        assert gettext("Email") in spanish
    assert_headings_in_order(english)
