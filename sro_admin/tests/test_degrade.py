"""With a service down, the site degrades instead of failing: the health check says which
service is down (and answers 503 only when this node cannot serve pages), public pages render
from the database without the cache, and staff keep working. On the real embedded servers,
really stopped (sro_admin/tests/redis_outage.py)."""

import json
import os
import subprocess
import sys

from django.conf import settings

from mous.tests.builders import executed
from programs.tests.factories import PASSWORD
from sro_admin.tests.redis_outage import redis_stopped


def test_health_check_without_the_broker_is_degraded_but_serving(client, db):
    with redis_stopped(settings.REDIS_URL):
        response = client.get("/healthz/")
    # Pages still work without the broker: a load balancer must keep sending visitors here.
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "broker": "down",
        "worker": "unknown",
    }


HEALTH_WITHOUT_DATABASE = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz/")
print(response.status_code, response["Content-Type"], response.content.decode(), sep="\\n")
"""


def test_health_check_without_the_database_answers_503_in_json():
    """Another process, whose database is a port where nothing listens: this session's
    database stays up for the other tests."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sro_admin.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/sro_admin",
    }
    done = subprocess.run(
        [sys.executable, "-c", HEALTH_WITHOUT_DATABASE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    status, content_type, body = done.stdout.strip().split("\n", 2)
    assert status == "503"
    assert content_type == "application/json"
    assert json.loads(body)["status"] == "down"
    assert json.loads(body)["database"] == "down"


def test_public_pages_render_from_the_database_with_the_cache_down(client, world, caplog):
    mou = executed(world)
    pages = [
        "/transparency/",
        "/transparency/north/",
        f"/transparency/north/mous/{mou.pk}/",
        "/transparency/north/feedback/",
    ]
    with redis_stopped(settings.CACHE_REDIS_URL):
        for _ in range(2):
            for url in pages:
                response = client.get(url)
                assert response.status_code == 200, url
        assert "North SRO MOU" in client.get(f"/transparency/north/mous/{mou.pk}/").content.decode()
    # The outage is logged once when it begins, not on every request.
    unavailable = [r for r in caplog.records if "Cache unavailable" in r.getMessage()]
    assert len(unavailable) == 1
    # And the cache is used again once it is back.
    assert client.get("/transparency/north/").status_code == 200


def test_staff_sign_in_and_work_with_both_redis_servers_down(client, world):
    administrator = world.users["district_admin"]
    executed(world)
    with redis_stopped(settings.REDIS_URL), redis_stopped(settings.CACHE_REDIS_URL):
        # Sessions and the sign-in lockout counters are in PostgreSQL, not Redis.
        response = client.post(
            "/accounts/login/", {"username": administrator.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        for url in ["/", f"/schools/{world.school.pk}/edit/", "/transparency/north/"]:
            assert client.get(url).status_code == 200, url
