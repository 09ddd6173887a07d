"""The public pages' cache (`/transparency/`). Pages are cached per district, language and
canonical address under the district's generation. Any change a public page shows (an MOU
executed, expired or reviewed; the district's name or feedback contact; a school's or an
agency's name; an SRO placed) calls `district_changed`, which starts a new generation for the
district (and the index) through the outbox once the change commits (ADR 0016), so the next
visitor gets a fresh page, and a cache that is down is refreshed when it is back.

A generation is a random token, not a counter: the cache's Redis evicts any key when full
(allkeys-lru, docs/operations.md), and a generation that was evicted is replaced by a token
never used before, so an eviction can only cause a miss, never bring back an older page.
Starting a new generation deletes the token; a cache that cannot be reached makes that raise,
so the caller can try again (sro_admin/cache.py), while reading and writing pages never do.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

from sro_admin import outbox

TIMEOUT = 60 * 60  # an hour; a change clears it sooner
INDEX = "index"


def _generation_key(scope: int | str) -> str:
    return f"transparency:generation:{scope}"


def generation(scope: int | str) -> str:
    """The scope's current token; a new one when there is none (first use, cleared, evicted).
    With the cache unreachable, a token nobody stored: the page is rendered and not kept."""
    key = _generation_key(scope)
    token = cache.get(key)
    if token is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        token = cache.get(key) or secrets.token_hex(8)
    return str(token)


def clear_district(district_id: int) -> None:
    cache.delete_many([_generation_key(district_id), _generation_key(INDEX)])


def page_key(scope: int | str, language: str, path: str) -> str:
    return f"transparency:page:{scope}:{generation(scope)}:{language}:{path}"


def district_changed(district_id: int) -> None:
    """What the district's public pages show changed: refresh them after the commit."""
    outbox.send(call=refresh, kwargs={"district_id": district_id})


@outbox.handler
def refresh(*, district_id: int) -> None:
    """The outbox's effect: a new generation for the district and the index. Twice does no
    harm: the next visitor renders a fresh page either way."""
    clear_district(district_id)
