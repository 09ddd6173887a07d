"""MOU pages: the history keeps sections and signatures; lists take constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mous import services
from mous.tests.builders import draft, executed

pytestmark = pytest.mark.django_db


def test_the_version_history_shows_its_sections_and_signatures(client, world):
    mou = executed(world)
    version = mou.versions.get()
    client.force_login(world.users["program_viewer"])
    page = client.get(f"/mou-versions/{version.pk}/history/").content.decode()
    assert "Signature of North le_supervisor" in page
    assert "Section “SRO duties and program mission”" in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_mou_list_and_a_version_take_constant_queries(client, world):
    admin = world.users["district_admin"]
    mou = executed(world)
    second = services.version_new(user=admin, mou=mou)
    client.force_login(admin)
    client.get("/mous/")  # the first request of a session does its one-off work
    list_one = _queries(client, "/mous/")
    version_one = _queries(client, f"/mou-versions/{second.pk}/")
    for n in range(4):
        draft(world, title=f"Extra MOU {n}")
        services.section_save(
            user=admin, version=second, heading=f"Extra section {n}", body="More text."
        )
    assert _queries(client, "/mous/") == list_one
    assert _queries(client, f"/mou-versions/{second.pk}/") == version_one


def test_the_mou_list_filters_and_downloads_what_it_lists(client, world):
    executed(world)
    draft(world, title="Sheriff MOU")
    client.force_login(world.users["district_admin"])
    page = client.get("/mous/?status=draft").content.decode()
    assert "Sheriff MOU" in page and "North SRO MOU" not in page
    csv = client.get("/mous/?status=executed&format=csv").content.decode().splitlines()
    assert csv[0] == "district,title,agencies,version,status,executed_on,review_due_on"
    assert csv[1].startswith("North District,North SRO MOU,North Police Department,1,executed,")
    assert len(csv) == 2
