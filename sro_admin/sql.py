"""SQL the apps share that Django's ORM does not say itself."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.expressions import RawSQL

_ARRAY_TYPES = {"bigint", "text", "date"}


def one_array(values: Iterable, of: str = "bigint") -> RawSQL:
    """`values` for an `__in` lookup as one array parameter (`IN (SELECT unnest(%s))`), not
    one parameter each: a page that checks a big district's 1,900 schools or a file's
    200,000 badges would otherwise build, send and plan a parameter per value."""
    if of not in _ARRAY_TYPES:
        raise ValueError(f"not an array type here: {of}")
    return RawSQL(f"SELECT unnest(%s::{of}[])", [list(values)])  # noqa: S611 - the type is checked
