"""List filters (django-filter). Their choices come from the door, like every form's."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.models import Agency, Officer


class OfficerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or badge"), method="search")
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Officer.Status.choices)
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
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
    )

    class Meta:
        model = Officer
        fields = ["q", "agency", "status"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = agencies

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(badge_number__icontains=value)
        )
