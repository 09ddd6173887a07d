"""Filters of the enrollment lists: the staffing view and a school's years."""

import django_filters
from django.utils.translation import gettext_lazy as _

from programs.filters.base import SortFilter
from programs.models import Enrollment, School


class StaffingFilter(django_filters.FilterSet):
    """Over staffing_schools_for, which annotates what is filtered and sorted here."""

    SRO_CHOICES = [
        ("none", _("No SRO assigned today")),
        ("some", _("At least one SRO assigned today")),
    ]

    q = django_filters.CharFilter(label=_("School"), field_name="name", lookup_expr="icontains")
    sros = django_filters.ChoiceFilter(label=_("SROs"), choices=SRO_CHOICES, method="by_sros")
    enrollment = django_filters.ChoiceFilter(
        label=_("Enrollment"),
        choices=[("missing", _("This school year's not entered"))],
        method="by_enrollment",
    )
    ordering = SortFilter(
        fields=[
            ("name", "school"),
            ("enrollment_total", "enrollment"),
            ("sro_count", "sros"),
            ("students_per_sro", "students_per_sro"),
        ],
        field_labels={
            "school": _("School"),
            "enrollment": _("Enrollment"),
            "sros": _("SROs assigned today"),
            "students_per_sro": _("Students per SRO"),
        },
    )

    class Meta:
        model = School
        fields = ["q", "sros", "enrollment"]

    def __init__(self, *args, school_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.school_year = school_year

    def by_enrollment(self, queryset, name, value):
        # The denominators of every rate (STATISTICS.md): schools still without this year's.
        return queryset.exclude(enrollments__school_year=self.school_year)

    def by_sros(self, queryset, name, value):
        if value == "none":
            return queryset.filter(sro_count=0)
        return queryset.filter(sro_count__gt=0)


class EnrollmentYearFilter(django_filters.FilterSet):
    """A school's years of enrollment. `years` are (year, label) choices, as the forms offer."""

    since = django_filters.ChoiceFilter(
        label=_("From school year"), field_name="school_year", lookup_expr="gte"
    )
    until = django_filters.ChoiceFilter(
        label=_("To school year"), field_name="school_year", lookup_expr="lte"
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Enrollment.Source.choices)
    ordering = SortFilter(
        fields=[("school_year", "year"), ("total", "total")],
        field_labels={"year": _("School year"), "total": _("Total")},
    )

    class Meta:
        model = Enrollment
        fields = ["since", "until", "source"]

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(year), label) for year, label in years]
        self.filters["since"].extra["choices"] = choices
        self.filters["until"].extra["choices"] = choices
