"""The officer list's filters."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.filters.base import SortFilter
from programs.models import Agency, Officer


class OfficerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or badge"), method="search")
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Officer.Status.choices)
    probation = django_filters.ChoiceFilter(
        label=_("Probation"),
        choices=[("due", _("Ends within 30 days, or ended, with no outcome yet"))],
        method="by_probation",
    )
    ordering = SortFilter(
        fields=[
            ("last_name", "name"),
            ("badge_number", "badge"),
            ("agency__name", "agency"),
            ("sworn_on", "sworn"),
        ],
        field_labels={
            "name": _("Name"),
            "badge": _("Badge"),
            "agency": _("Agency"),
            "sworn": _("Sworn in"),
        },
        then={"name": ["first_name"]},
    )

    class Meta:
        model = Officer
        fields = ["q", "agency", "status", "probation"]

    def __init__(self, *args, agencies, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = agencies
        self.today = today

    def by_probation(self, queryset, name, value):
        # NASRO 02.01.07: a probation is decided when it ends (programs.needs counts these).
        from programs.needs import PROBATION_DUE_DAYS

        return queryset.filter(
            assignments__probation__outcome="pending",
            assignments__probation__ends_on__lte=self.today + timedelta(days=PROBATION_DUE_DAYS),
        ).distinct()

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(badge_number__icontains=value)
        )
