import re

from django.urls import reverse

from programs.tests.factories import DistrictFactory, OfficerFactory, SchoolFactory


def test_a_school_edit_shows_in_its_history_with_who_made_it(client, world):
    client.force_login(world.users["school_admin"])
    response = client.post(
        reverse("school-edit", args=[world.school.pk]),
        {"name": "North Senior High School", "nces_id": "990000100001"},
    )
    assert response.status_code == 302
    history = client.get(reverse("school-history", args=[world.school.pk])).content.decode()
    assert "North school_admin" in history  # who
    assert "North High School" in history and "North Senior High School" in history  # what
    assert f"POST {reverse('school-edit', args=[world.school.pk])}" in history  # which request
    # The district administrator sees the same history.
    client.force_login(world.users["district_admin"])
    again = client.get(reverse("school-history", args=[world.school.pk])).content.decode()
    assert "North school_admin" in again


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(client, world):
    client.force_login(world.users["district_admin"])
    response = client.post(
        reverse("school-edit", args=[world.school.pk]), {"name": "", "nces_id": "12ab"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="error_1_id_name"[^>]*>.*This field is required', body, re.S)
    assert "An NCES school ID is 12 digits." in body
    world.school.refresh_from_db()
    assert world.school.name == "North High School"


def test_a_duplicate_school_name_in_the_district_is_refused_clearly(client, world):
    client.force_login(world.users["district_admin"])
    response = client.post(
        reverse("school-edit", args=[world.school.pk]),
        {"name": world.other_school.name, "nces_id": ""},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_times_are_shown_in_the_district_time_zone(client, world):
    from zoneinfo import ZoneInfo

    from django.utils import formats, timezone

    client.force_login(world.users["other_district_admin"])  # South keeps Mountain time
    history = client.get(reverse("district-history", args=[world.south.pk])).content.decode()
    local = timezone.localtime(world.south.created_at, ZoneInfo("America/Denver"))
    assert formats.date_format(local, "DATETIME_FORMAT") in history
    assert local.isoformat()[-6:] == "-07:00" and local.isoformat()[-6:] in history


def test_each_role_home_lists_its_own_tenant_only(client, world):
    client.force_login(world.users["school_admin"])
    body = client.get(reverse("home")).content.decode()
    assert "North High School" in body and "North Middle School" not in body
    assert "South" not in body
    client.force_login(world.users["other_district_admin"])
    body = client.get(reverse("home")).content.decode()
    assert "South High School" in body and "North" not in body


def test_home_and_district_pages_take_the_same_queries_however_many_schools(
    client, world, django_assert_num_queries
):
    client.force_login(world.users["district_admin"])
    client.get(reverse("home"))  # warm the session's time zone
    home, district = reverse("home"), reverse("district-detail", args=[world.district.pk])

    # Pinned. Home: session, user, memberships (the door), the page's memberships, the first
    # districts, schools and agencies (each counted only when there are more than it shows:
    # programs.selectors.base.first_of), the idle-timeout session save (savepoint, update,
    # release), and "what needs you now" (programs.needs: its own count is pinned per role
    # in tests/test_needs.py). District page: the same frame plus the district, its
    # program, the count and the page of its schools, the first agencies, the heads and
    # delegates who sign its MOUs. Two schools, then 32: the home page counts its schools,
    # and then no more however many there are.
    def pinned(queries: dict[str, int]) -> None:
        for url, n in queries.items():
            with django_assert_num_queries(n):
                assert client.get(url).status_code == 200

    pinned({home: 19, district: 13})
    SchoolFactory.create_batch(30, district=world.district)  # 32 in all, more than a page
    pinned({home: 20, district: 13})
    body = client.get(home).content.decode()
    schools = body[body.index('id="schools-heading"') : body.index('id="agencies-heading"')]
    assert schools.count("<li>") == 10 and "The first 10 of 32 schools." in schools
    assert f'<a href="{district}">All the schools of North District</a>' in schools
    body = client.get(district).content.decode()
    assert body.count('<tr><td><a href="/schools/') == 25 and "32 schools" in body
    assert "Page 1 of 2" in body and 'aria-label="Pages of schools"' in body
    body = client.get(district, {"page": 2}).content.decode()
    assert body.count('<tr><td><a href="/schools/') == 7


def test_the_agency_page_shows_its_first_officers_and_links_to_them_all(
    client, world, django_assert_num_queries
):
    client.force_login(world.users["le_supervisor"])
    client.get(reverse("home"))
    url = reverse("agency-detail", args=[world.agency.pk])
    # Session, user, memberships (the door), the agency, the first districts and officers
    # (counted once there are more than it shows), "may change", the heads and delegates and
    # the idle-timeout session save (savepoint, update, release); a supervisor's navigation
    # asks nothing more.
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
    OfficerFactory.create_batch(30, agency=world.agency)
    with django_assert_num_queries(12):
        body = client.get(url).content.decode()
    officers = body[body.index('id="officers-heading"') :]
    assert officers.count('<tr><td><a href="/officers/') == 10
    assert "The first 10 of 32 officers." in officers
    assert f'<a href="{reverse("officer-list")}?agency={world.agency.pk}">' in officers
    body = client.get(reverse("officer-list"), {"agency": world.agency.pk}).content.decode()
    assert "32 officers" in body


def test_the_district_and_agency_lists_page_and_filter(client, world):
    client.force_login(world.users["staff"])
    for n in range(30):
        DistrictFactory(name=f"Extra District {n:02d}")
    body = client.get(reverse("home")).content.decode()
    assert "The first 10 of 32 districts." in body
    assert f'<a href="{reverse("district-list")}">All districts</a>' in body
    body = client.get(reverse("district-list")).content.decode()
    assert "32 districts" in body and "Page 1 of 2" in body
    assert body.count('<tr><td><a href="/districts/') == 25
    body = client.get(reverse("district-list"), {"agency": world.agency.pk}).content.decode()
    assert "North District" in body and "Extra District" not in body
    rows = client.get(reverse("district-list"), {"q": "north", "format": "csv"})
    assert rows.getvalue().decode().splitlines()[1:] == ["North District,north,OH,,2"]
    body = client.get(reverse("agency-list"), {"district": world.district.pk}).content.decode()
    assert "North Police Department" in body and "South Police Department" not in body
    # Another tenant's lists hold only what the door shows them.
    client.force_login(world.users["other_district_admin"])
    body = client.get(reverse("district-list")).content.decode()
    assert "1 district" in body and "South District" in body and "North" not in body


def test_posting_to_another_tenants_edit_page_is_not_found_and_changes_nothing(client, world):
    client.force_login(world.users["other_district_admin"])
    url = reverse("school-edit", args=[world.school.pk])
    assert client.post(url, {"name": "Taken over", "nces_id": ""}).status_code == 404
    client.force_login(world.users["program_viewer"])  # sees it, may not change it
    assert client.post(url, {"name": "Taken over", "nces_id": ""}).status_code == 403
    world.school.refresh_from_db()
    assert world.school.name == "North High School"
