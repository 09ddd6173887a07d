"""Every URL, as every role: the expected status, read from the resolver, not a hand list.

A URL pattern with no row in MATRIX fails `test_every_url_has_a_row` (see
`test_a_new_url_without_a_row_fails`). Another tenant's object answers 404, never 403.
"""

from __future__ import annotations

import types

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, path

from tests.access_rows import (
    KEEPS_NORTH_OFFICERS,
    ROLES,
    SEES_NORTH,
    SEES_NORTH_REPORTS,
    community,
    enrollment,
    expect,
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
    "district-detail": (lambda w: {"pk": w.district.pk}, SEES_NORTH),
    "district-edit": (
        lambda w: {"pk": w.district.pk},
        signed_in(
            403, district_admin=200, staff=200, other_district_admin=404, other_supervisor=404
        ),
    ),
    "district-history": (lambda w: {"pk": w.district.pk}, SEES_NORTH),
    "school-detail": (lambda w: {"pk": w.school.pk}, SEES_NORTH),
    "school-edit": (
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
    "agency-edit": (
        lambda w: {"pk": w.agency.pk},
        signed_in(
            403, le_supervisor=200, staff=200, other_district_admin=404, other_supervisor=404
        ),
    ),
    "agency-history": (lambda w: {"pk": w.agency.pk}, SEES_NORTH),
    "officer-list": (lambda w: {}, signed_in(200)),
    "officer-detail": (lambda w: {"pk": w.officer.pk}, SEES_NORTH),
    "officer-history": (lambda w: {"pk": w.officer.pk}, SEES_NORTH),
    "officer-create": (
        lambda w: {},
        signed_in(403, le_supervisor=200, other_supervisor=200, staff=200),
    ),
    "officer-edit": (lambda w: {"pk": w.officer.pk}, KEEPS_NORTH_OFFICERS),
    "assignment-create": (lambda w: {"pk": w.officer.pk}, KEEPS_NORTH_OFFICERS),
    "training-record-create": (lambda w: {"pk": w.officer.pk}, KEEPS_NORTH_OFFICERS),
    "training-grid": (lambda w: {}, signed_in(200)),
    "training-import": (
        lambda w: {},
        signed_in(403, le_supervisor=200, other_supervisor=200, staff=200),
    ),
    "training-import-template": (
        lambda w: {},
        signed_in(403, le_supervisor=200, other_supervisor=200, staff=200),
    ),
    "report-list": (
        lambda w: {},
        signed_in(403, district_admin=200, program_viewer=200, other_district_admin=200, staff=200),
    ),
    "report-detail": (lambda w: {"pk": w.report_run.pk}, SEES_NORTH_REPORTS),
    "report-progress": (lambda w: {"pk": w.report_run.pk}, SEES_NORTH_REPORTS),
    "report-download": (lambda w: {"pk": w.report_run.pk}, SEES_NORTH_REPORTS),
    # Signed-in people are sent on from the sign-in page.
    "login": (lambda w: {}, expect(302, anonymous=200)),
    "logout": (lambda w: {}, expect(405)),  # POST only
    "password_change": (lambda w: {}, signed_in(200)),
    "password_change_done": (lambda w: {}, signed_in(200)),
    "password_reset": (lambda w: {}, expect(200)),
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


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, matrix_world, name):
    from django.urls import reverse

    kwargs_for, expected = MATRIX[name]
    url = reverse(name, kwargs=kwargs_for(matrix_world))
    actual = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(matrix_world.users[role])
        response = client.get(url)
        actual[role] = response.status_code
        # Where members get in, anonymous people must be sent to sign in, nowhere else.
        if role == "anonymous" and response.status_code == 302 and expected["staff"] != 302:
            assert response["Location"].startswith("/accounts/login/"), (role, url)
    assert actual == expected


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
