"""Filter of the training compliance grid (COPS-8)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.filters import ComputedChoiceFilter, SortFilter
from programs.models import Agency, Officer, Program
from programs.selectors import Attention


class TrainingGridFilter(django_filters.FilterSet):
    """Over grid_officers_for. `program` picks the grid (the view reads it; None when the user
    has one program, or none, to choose from) and `standing` is applied to the computed
    standings (ADR 0009); the others narrow the officers."""

    program = django_filters.ModelChoiceFilter(
        label=_("Program"), queryset=Program.objects.none(), empty_label=None, method="keep"
    )
    q = django_filters.CharFilter(label=_("Name or badge"), method="search")
    agency = django_filters.ModelChoiceFilter(label=_("Agency"), queryset=Agency.objects.none())
    standing = ComputedChoiceFilter(label=_("Standing"), choices=Attention.choices)
    ordering = SortFilter(
        fields=[("last_name", "name"), ("agency__name", "agency"), ("badge_number", "badge")],
        field_labels={"name": _("Name"), "agency": _("Agency"), "badge": _("Badge")},
        then={"name": ["first_name"]},
    )

    class Meta:
        model = Officer
        fields = ["program", "q", "agency", "standing"]

    def __init__(self, *args, programs, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        if programs is None:
            del self.filters["program"]
        else:
            self.filters["program"].queryset = programs
        self.filters["agency"].queryset = agencies

    def keep(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(badge_number__icontains=value)
        )
