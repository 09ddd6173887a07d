"""What the selectors of several nouns share: the first few rows of a list that is paged
elsewhere, with how many it holds in all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

# How many rows a page shows of a list it links to rather than pages itself.
SHOWN = 10


@dataclass(frozen=True)
class FirstOf:
    """The first `len(items)` rows of a list and its `total`: a page shows these and, when
    there are more, the count and a link to the paged list (a district's agencies, an
    agency's officers, the home page's schools)."""

    items: list[Any]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def first_of(queryset: QuerySet, n: int = SHOWN) -> FirstOf:
    """The first `n` rows of `queryset` (ordered) and how many it has. It reads one row more
    than it shows: when that row is not there, the rows read are all of them and the count
    is theirs; otherwise a second query counts (each served by an index where the list has
    one; a window count in the same query would read every row before the limit: 5,000
    officers to show 10). So at most two queries, and one for a short list."""
    rows = list(queryset[: n + 1])
    if len(rows) <= n:
        return FirstOf(items=rows, total=len(rows))
    return FirstOf(items=rows[:n], total=queryset.count())
