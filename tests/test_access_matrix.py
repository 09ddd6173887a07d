"""Every URL, as every role, GET and POST: the expected status, read from the resolver.

A URL pattern with no row in MATRIX fails `test_every_url_has_a_row` (see
`test_a_new_url_without_a_row_fails`). Another tenant's object answers 404, never 403.

A row is `(kwargs from the world, GET status per role)` or, for a URL that changes state,
`(kwargs, GET status per role, POST status per role)`. A URL changes state when its GET
answers 405 (POST only) or shows a form that posts back to it; such a URL without a POST
expectation fails. Each role's POST (an empty form) runs in a transaction that is rolled
back, so every role meets the same state: who may act gets 200 (the form, with its errors)
or 302 (done); who may not gets 403, or 404 for another tenant's object.

Every page a role gets (200) also has a plain-text <title> and exactly one <h1>.
"""

from __future__ import annotations

import types
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, path

from tests.access_rows import (
    KEEPS_NORTH_OFFICERS,
    ROLES,
    SEES_NORTH,
    SEES_NORTH_REPORTS,
    community,
    enrollment,
    expect,
    form,
    heads,
    mous,
    selection,
    signed_in,
    transparency,
)

# Namespaces owned by libraries and covered by their own rule below.
LIBRARY_NAMESPACES = {"admin"}

MATRIX: dict[str, tuple] = {
    # name: (kwargs from the world, expected status per role)
    "home": (lambda w: {}, signed_in(200)),
    "district-list": (lambda w: {}, signed_in(200)),
    "agency-list": (lambda w: {}, signed_in(200)),
    "district-detail": (lambda w: {"pk": w.district.pk}, SEES_NORTH),
    "district-edit": form(
        lambda w: {"pk": w.district.pk},
        signed_in(
            403, district_admin=200, staff=200, other_district_admin=404, other_supervisor=404
        ),
    ),
    "district-history": (lambda w: {"pk": w.district.pk}, SEES_NORTH),
    "school-detail": (lambda w: {"pk": w.school.pk}, SEES_NORTH),
    "school-edit": form(
        lambda w: {"pk": w.school.pk},
        signed_in(
            403,
            district_admin=200,
            school_admin=200,
            staff=200,
            other_district_admin=404,
            other_supervisor=404,
        ),
    ),
    "school-history": (lambda w: {"pk": w.school.pk}, SEES_NORTH),
    "agency-detail": (lambda w: {"pk": w.agency.pk}, SEES_NORTH),
    "agency-edit": form(
        lambda w: {"pk": w.agency.pk},
        signed_in(
            403, le_supervisor=200, staff=200, other_district_admin=404, other_supervisor=404
        ),
    ),
    "agency-history": (lambda w: {"pk": w.agency.pk}, SEES_NORTH),
    "officer-list": (lambda w: {}, signed_in(200)),
    "officer-detail": (lambda w: {"pk": w.officer.pk}, SEES_NORTH),
    "officer-history": (lambda w: {"pk": w.officer.pk}, SEES_NORTH),
    "officer-assignments": (lambda w: {"pk": w.officer.pk}, SEES_NORTH),
    "officer-create": form(
        lambda w: {}, signed_in(403, le_supervisor=200, other_supervisor=200, staff=200)
    ),
    "officer-edit": form(lambda w: {"pk": w.officer.pk}, KEEPS_NORTH_OFFICERS),
    "assignment-create": form(lambda w: {"pk": w.officer.pk}, KEEPS_NORTH_OFFICERS),
    "training-record-create": form(lambda w: {"pk": w.officer.pk}, KEEPS_NORTH_OFFICERS),
    "training-grid": (lambda w: {}, signed_in(200)),
    "training-import": form(
        lambda w: {}, signed_in(403, le_supervisor=200, other_supervisor=200, staff=200)
    ),
    "training-import-template": (
        lambda w: {},
        signed_in(403, le_supervisor=200, other_supervisor=200, staff=200),
    ),
    "report-list": form(
        lambda w: {},
        signed_in(403, district_admin=200, program_viewer=200, other_district_admin=200, staff=200),
    ),
    "report-detail": (lambda w: {"pk": w.report_run.pk}, SEES_NORTH_REPORTS),
    "report-progress": (lambda w: {"pk": w.report_run.pk}, SEES_NORTH_REPORTS),
    "report-download": (lambda w: {"pk": w.report_run.pk}, SEES_NORTH_REPORTS),
    # Signed-in people are sent on from the sign-in page.
    "login": form(lambda w: {}, expect(302, anonymous=200)),
    "logout": (lambda w: {}, expect(405), expect(302)),  # POST only, for everyone
    "password_change": form(lambda w: {}, signed_in(200)),
    "password_change_done": (lambda w: {}, signed_in(200)),
    "password_reset": form(lambda w: {}, expect(200)),
    "password_reset_done": (lambda w: {}, expect(200)),
    "password_reset_confirm": (lambda w: {"uidb64": "MQ", "token": "not-a-token"}, expect(200)),
    "password_reset_complete": (lambda w: {}, expect(200)),
    "set_language": (lambda w: {}, expect(302)),  # GET changes nothing and goes back
    "healthz": (lambda w: {}, expect(200)),
}

# Each subject adds its rows in its own module.
for _rows in (
    enrollment.ROWS,
    selection.ROWS,
    community.ROWS,
    heads.ROWS,
    mous.ROWS,
    transparency.ROWS,
):
    assert not set(_rows) & set(MATRIX), "a URL has two rows"
    MATRIX.update(_rows)


def url_names(patterns=None, namespace: str = "") -> set[str]:
    """Every URL pattern's name (namespaced), or its route where it has none."""
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in LIBRARY_NAMESPACES:
                names.add(f"{ns}:*")
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            names |= url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern))
    return names


def uncovered(urlconf=None) -> set[str]:
    patterns = get_resolver(urlconf).url_patterns
    return {n for n in url_names(patterns) if n not in MATRIX and not n.endswith(":*")}


def test_every_url_has_a_row():
    assert uncovered() == set(), "Add a row to MATRIX for each of these URLs"


def test_a_new_url_without_a_row_fails():
    from sro_admin import urls

    extended = types.ModuleType("extended_urls")
    extended.urlpatterns = [
        *urls.urlpatterns,
        path("new-page/", lambda r: None, name="new-page"),
        path("unnamed/", lambda r: None),
    ]
    assert uncovered(extended) == {"new-page", "unnamed/"}


@pytest.fixture
def matrix_world(world):
    from reports.models import ReportRun

    run = ReportRun.objects.create(
        kind=ReportRun.Kind.DISTRICT_ROSTER,
        district=world.district,
        requested_by=world.users["district_admin"],
    )
    run.file.save("roster.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    run.status, run.progress = ReportRun.Status.DONE, 100
    run.save()
    world.report_run = run
    return world


class _Page(HTMLParser):
    """What the page checks read: the <title>'s content, the <h1>s, self-posting forms."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_title = False
        self.title_raw: list[str] = []
        self.title_tags: list[str] = []
        self.h1 = 0
        self.form_actions: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.in_title:
            self.title_tags.append(tag)
        if tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.h1 += 1
        elif tag == "form" and (dict(attrs).get("method") or "").lower() == "post":
            self.form_actions.append(dict(attrs).get("action") or "")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title_raw.append(data)


def _page(response) -> _Page | None:
    if "text/html" not in response.get("Content-Type", ""):
        return None
    page = _Page()
    page.feed(response.content.decode())
    return page


def _posts_to_itself(page: _Page, url: str) -> bool:
    return any(action in ("", url) for action in page.form_actions)


def _row(name):
    kwargs_for, get_expected, *post = MATRIX[name]
    return kwargs_for, get_expected, (post[0] if post else None)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, matrix_world, name):
    from django.urls import reverse

    kwargs_for, expected, post_expected = _row(name)
    url = reverse(name, kwargs=kwargs_for(matrix_world))
    actual = {}
    changes_state = False
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(matrix_world.users[role])
        response = client.get(url)
        actual[role] = response.status_code
        # Where members get in, anonymous people must be sent to sign in, nowhere else.
        if role == "anonymous" and response.status_code == 302 and expected["staff"] != 302:
            assert response["Location"].startswith("/accounts/login/"), (role, url)
        page = _page(response) if response.status_code == 200 else None
        if page is not None and b"<html" in response.content:  # not an htmx fragment
            title = "".join(page.title_raw).strip()
            assert page.title_tags == [] and title and "<" not in title, (role, url, title)
            assert page.h1 == 1, (role, url, f"{page.h1} h1 elements")
            changes_state |= _posts_to_itself(page, url)
        changes_state |= role == "staff" and response.status_code == 405
    assert actual == expected
    if changes_state:
        assert post_expected is not None, f"{name} changes state: give its row a POST column"
    if post_expected is None:
        return
    posted = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(matrix_world.users[role])
        with transaction.atomic():
            response = client.post(url, {})
            transaction.set_rollback(True)
        posted[role] = response.status_code
        if role == "anonymous" and response.status_code == 302 and post_expected["staff"] != 302:
            assert response["Location"].startswith("/accounts/login/"), url
    assert posted == post_expected


def test_the_page_checks_find_html_in_a_title_and_a_second_h1():
    page = _Page()
    page.feed("<title>Officer <section>Selection</section></title><h1>A</h1><h1>B</h1>")
    assert page.title_tags == ["section"] and page.h1 == 2
    page = _Page()
    page.feed('<form method="post"></form><form method="POST" action="/accounts/logout/">')
    assert _posts_to_itself(page, "/officers/1/edit/")
    assert page.form_actions == ["", "/accounts/logout/"]


@pytest.mark.parametrize("role", ROLES)
def test_site_administration_is_for_staff_only(client, matrix_world, role):
    """The admin namespace: staff get in; everyone else is sent to the admin sign-in."""
    from django.contrib import admin
    from django.urls import reverse

    if role != "anonymous":
        client.force_login(matrix_world.users[role])
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist")
        for m in admin.site._registry
    ]
    for url in urls:
        response = client.get(url)
        if role == "staff":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
