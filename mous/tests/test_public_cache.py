"""The public page cache cannot crowd out the broker: each page has one address (other
spellings are redirected, 301, before the cache is asked), the cache lives in its own Redis,
bounded and evicting, and the broker's Redis holds no cache key."""

import pytest
import redis
from django.conf import settings

from mous.tests.builders import executed
from sro_admin import public_cache


@pytest.fixture
def cache_redis():
    client = redis.Redis.from_url(settings.CACHE_REDIS_URL)
    yield client
    client.close()


def page_keys(client, district_id: int) -> set[bytes]:
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    return set(client.scan_iter(f"{prefix}:*transparency:page:{district_id}:*", count=1000))


def test_other_spellings_of_a_page_redirect_to_its_one_address(client, world):
    mou = executed(world)
    version = mou.versions.get()
    canonical = f"/transparency/north/mous/{mou.pk}/"
    for spelling, target in [
        (f"/transparency/north/mous/000{mou.pk}/", canonical),
        (f"/transparency/north/mous/0{mou.pk}/?lang=es", canonical + "?lang=es"),
        (f"/transparency/north/mous/0{mou.pk}/pdf/", canonical + "pdf/"),
        (
            f"/transparency/north/mous/0{mou.pk}/versions/00{version.number}/",
            f"{canonical}versions/{version.number}/",
        ),
    ]:
        response = client.get(spelling)
        assert response.status_code == 301, spelling
        assert response["Location"] == target
    assert client.get(canonical).status_code == 200


def test_a_flood_of_id_spellings_leaves_the_cache_bounded(client, world, cache_redis):
    mou = executed(world)
    public_cache.clear_district(world.district.pk)
    canonical = f"/transparency/north/mous/{mou.pk}/"
    assert client.get(canonical).status_code == 200
    assert client.get(canonical + "?lang=es").status_code == 200
    cached = page_keys(cache_redis, world.district.pk)
    assert len(cached) == 2  # the page, in English and in Spanish
    for n in range(1, 301):
        spelling = f"/transparency/north/mous/{'0' * n}{mou.pk}/"
        assert client.get(spelling).status_code == 301
        # Other query parameters do not make new entries either.
        assert client.get(f"{canonical}?utm={n}&lang=es").status_code == 200
    assert page_keys(cache_redis, world.district.pk) == cached


def test_the_cache_has_its_own_bounded_redis_and_the_broker_holds_no_page(
    client, world, cache_redis
):
    executed(world)
    assert client.get("/transparency/north/").status_code == 200
    assert settings.CACHE_REDIS_URL != settings.REDIS_URL
    config = cache_redis.config_get("maxmemory*")
    assert int(config["maxmemory"]) > 0
    assert config["maxmemory-policy"] == "allkeys-lru"
    prefix = settings.CACHES["default"]["KEY_PREFIX"]  # this run's keys
    broker = redis.Redis.from_url(settings.REDIS_URL)
    try:
        assert not list(broker.scan_iter(f"{prefix}:*", count=1000))
    finally:
        broker.close()


def test_an_evicted_generation_never_brings_back_an_older_page(client, world, cache_redis):
    """The cache may evict any key when full, a generation included: the next one is new,
    so a page cached before a change is never served after it."""
    mou = executed(world)
    url = f"/transparency/north/mous/{mou.pk}/"
    before = public_cache.page_key(world.district.pk, "en", url)
    public_cache.clear_district(world.district.pk)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    # Evicted, as allkeys-lru would.
    for key in cache_redis.scan_iter(f"{prefix}:*transparency:generation:{world.district.pk}"):
        cache_redis.delete(key)
    assert public_cache.page_key(world.district.pk, "en", url) != before


def test_a_district_school_or_agency_renamed_reaches_the_public_pages_at_once(
    client, world, django_capture_on_commit_callbacks
):
    """Not only MOU changes: whatever a public page shows refreshes it, through the outbox."""
    from programs import services

    mou = executed(world)
    public_cache.clear_district(world.district.pk)
    page = f"/transparency/north/mous/{mou.pk}/"
    assert "North Police Department" in client.get(page).content.decode()  # now cached
    admin, supervisor = world.users["district_admin"], world.users["le_supervisor"]
    district = world.district
    with django_capture_on_commit_callbacks(execute=True):
        services.district_update(
            actor=admin,
            district=district,
            name="North Unified",
            state=district.state,
            nces_id=district.nces_id,
            time_zone=district.time_zone,
            feedback_contact=district.feedback_contact,
            feedback_email=district.feedback_email,
            feedback_phone=district.feedback_phone,
            feedback_address=district.feedback_address,
        )
        services.school_update(
            actor=admin, school=world.school, name="North Early College", nces_id=""
        )
        services.agency_update(
            actor=supervisor, agency=world.agency, name="North Sheriff", kind=world.agency.kind
        )
    shown = client.get(page).content.decode()
    assert "North Unified" in shown
    assert "North Early College" in shown
    assert "North Sheriff" in shown
