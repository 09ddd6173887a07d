"""Filters of the training compliance grid (COPS-8) and of school-staff training."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.filters.base import ComputedChoiceFilter, SortFilter, date_filter
from programs.models import Agency, Officer, Program, School, StaffTrainingSession
from programs.selectors.training import Attention


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


class StaffTrainingFilter(django_filters.FilterSet):
    """Over staff_trainings_of, which counts each session's SROs (`sro_count`)."""

    JOINT_CHOICES = [
        ("joint", _("Joint with SROs")),
        ("staff_only", _("School staff only")),
    ]

    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")
    school = django_filters.ModelChoiceFilter(
        label=_("School"), queryset=School.objects.none(), method="at_school"
    )
    joint = django_filters.ChoiceFilter(
        label=_("Joint with SROs"), choices=JOINT_CHOICES, method="by_joint"
    )
    held_after = date_filter("held_on", "gte", _("Held on or after"))
    held_before = date_filter("held_on", "lte", _("Held on or before"))
    ordering = SortFilter(
        fields=[
            ("held_on", "held"),
            ("title", "title"),
            ("hours", "hours"),
            ("staff_attended", "staff"),
        ],
        field_labels={
            "held": _("Held on"),
            "title": _("Title"),
            "hours": _("Hours"),
            "staff": _("Staff"),
        },
    )

    class Meta:
        model = StaffTrainingSession
        fields = ["q", "school", "joint", "held_after", "held_before"]

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools

    def at_school(self, queryset, name, value):
        # A subquery, not a join: the join would multiply the rows the SROs are counted over.
        sessions = StaffTrainingSession.schools.through.objects.filter(school=value)
        return queryset.filter(pk__in=sessions.values("stafftrainingsession_id"))

    def by_joint(self, queryset, name, value):
        if value == "joint":
            return queryset.filter(sro_count__gt=0)
        return queryset.filter(sro_count=0)
