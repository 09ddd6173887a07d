"""List filters (django-filter), by subject like the forms. Their choices come from the door,
like every form's: the views pass the querysets in.

Every list sorts with `SortFilter` and, where a filter asks about something computed rather
than stored (a training standing: ADR 0009), declares it with `ComputedChoiceFilter`, which
the selector applies (in SQL: ADR 0018).
"""

import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from programs.forms.fields import DateInput


class SortFilter(django_filters.OrderingFilter):
    """The "Sort by" filter: empty values last in either direction, then the primary key, so
    that a row never shows on two pages or on none. `then` names the fields that break ties
    of a sort key, in the same direction (a surname, then the first name)."""

    def __init__(self, *args, then: dict[str, list[str]] | None = None, **kwargs):
        kwargs.setdefault("label", _("Sort by"))
        self.then = then or {}
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = []
        for param in value:
            if param in EMPTY_VALUES:
                continue
            descending = param.startswith("-")
            key = param.removeprefix("-")
            for name in [self.get_ordering_value(key), *self.then.get(key, [])]:
                expression = F(name)
                ordering.append(
                    expression.desc(nulls_last=True)
                    if descending
                    else expression.asc(nulls_last=True)
                )
        return qs.order_by(*ordering, "pk")


class ComputedChoiceFilter(django_filters.ChoiceFilter):
    """A choice the FilterSet cannot answer by a field lookup. It leaves the queryset as it
    is; the view reads the choice with `chosen()` and the selector applies it (a training
    standing: in SQL, programs/selectors/standings.py)."""

    def filter(self, qs, value):
        return qs


def chosen(filterset: django_filters.FilterSet, name: str):
    """The valid value of one filter, or None (unbound, empty or invalid)."""
    if not filterset.is_bound:
        return None
    filterset.form.is_valid()
    return filterset.form.cleaned_data.get(name) or None


def date_filter(field_name: str, lookup_expr: str, label) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name=field_name, lookup_expr=lookup_expr, label=label, widget=DateInput()
    )
