"""Filters of the district and agency lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from programs.filters.base import SortFilter
from programs.models import Agency, District


class DistrictFilter(django_filters.FilterSet):
    """Over district_list_for, which counts each district's schools (`school_count`)."""

    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    agency = django_filters.ModelChoiceFilter(
        label=_("Served by"), queryset=Agency.objects.none(), field_name="agency_links__agency"
    )
    ordering = SortFilter(
        fields=[("name", "name"), ("state", "state"), ("school_count", "schools")],
        field_labels={"name": _("Name"), "state": _("State"), "schools": _("Schools")},
    )

    class Meta:
        model = District
        fields = ["q", "agency"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = agencies


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Agency.Kind.choices)
    district = django_filters.ModelChoiceFilter(
        label=_("Serving"), queryset=District.objects.none(), field_name="district_links__district"
    )
    ordering = SortFilter(
        fields=[("name", "name"), ("kind", "kind")],
        field_labels={"name": _("Name"), "kind": _("Kind")},
    )

    class Meta:
        model = Agency
        fields = ["q", "kind", "district"]

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["district"].queryset = districts
