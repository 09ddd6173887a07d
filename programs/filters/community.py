"""Filters of the community decision record's engagements."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.filters.base import SortFilter, date_filter
from programs.models import Engagement, Stakeholder


class EngagementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title or summary"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Engagement.Kind.choices)
    stakeholder = django_filters.ChoiceFilter(
        label=_("Who took part"), choices=Stakeholder.choices, method="heard"
    )
    held_after = date_filter("held_on", "gte", _("Held on or after"))
    held_before = date_filter("held_on", "lte", _("Held on or before"))
    ordering = SortFilter(
        fields=[
            ("held_on", "held"),
            ("title", "title"),
            ("kind", "kind"),
            ("participants", "participants"),
        ],
        field_labels={
            "held": _("Held on"),
            "title": _("Title"),
            "kind": _("Kind"),
            "participants": _("Participants"),
        },
    )

    class Meta:
        model = Engagement
        fields = ["q", "kind", "stakeholder", "held_after", "held_before"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value))

    def heard(self, queryset, name, value):
        return queryset.filter(stakeholders__contains=[value])
