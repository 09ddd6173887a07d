"""The public pages' cache (`/transparency/`). Pages are cached per district, language and
address under a generation number; executing, expiring or reviewing an MOU bumps the
district's generation (and the index's), so the next visitor gets a fresh page."""

from __future__ import annotations

from django.core.cache import cache

TIMEOUT = 60 * 60  # an hour; a change clears it sooner
INDEX = "index"


def _generation_key(scope: int | str) -> str:
    return f"transparency:generation:{scope}"


def generation(scope: int | str) -> int:
    value = cache.get(_generation_key(scope))
    if value is None:
        value = 1
        cache.add(_generation_key(scope), value, timeout=None)
    return int(value)


def _bump(scope: int | str) -> None:
    try:
        cache.incr(_generation_key(scope))
    except ValueError:  # not set yet: any value differs from the default
        cache.set(_generation_key(scope), 2, timeout=None)


def clear_district(district_id: int) -> None:
    _bump(district_id)
    _bump(INDEX)


def page_key(scope: int | str, language: str, path: str) -> str:
    return f"transparency:page:{scope}:{generation(scope)}:{language}:{path}"
