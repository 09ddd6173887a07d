"""The error pages and the health check."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from conftest import wait_for


def test_the_500_page_needs_neither_a_request_context_nor_the_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_the_404_page_says_not_found_without_saying_whether_it_exists(client, world):
    client.force_login(world.users["other_district_admin"])
    response = client.get(f"/schools/{world.school.pk}/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "or it is not one you can see" in body
    assert world.school.name not in body


def test_the_403_page_explains_what_to_do(client, world):
    client.force_login(world.users["program_viewer"])
    response = client.get(f"/schools/{world.school.pk}/edit/")
    assert response.status_code == 403
    assert "ask your district or agency administrator" in response.content.decode()


@pytest.mark.worker
def test_health_check_answers_from_the_database(client, db, celery_worker):
    # Each service separately (more in sro_admin/tests/test_degrade.py). The test worker
    # runs one thing at a time (--pool solo): a task of an earlier test delays its answer.
    response = wait_for(
        lambda: (r := client.get("/healthz/")).json()["worker"] == "ok" and r,
        timeout=60,
        message="the worker never answered the health check's ping",
    )
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "worker": "ok"}
