"""Filters of the training compliance grid (COPS-8) and of school-staff training."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.filters.base import ComputedChoiceFilter, SortFilter, chosen, date_filter
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
    # A big district has thousands of schools: the form asks for part of a name rather than
    # offering every school; one school (`school`, its id) is chosen from the page by school.
    school_name = django_filters.CharFilter(label=_("School"), method="at_schools_named")
    school = django_filters.ModelChoiceFilter(
        queryset=School.objects.none(), method="at_school", widget=forms.HiddenInput
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
        fields = ["q", "school_name", "school", "joint", "held_after", "held_before"]

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools

    def at_school(self, queryset, name, value):
        # A subquery, not a join: the join would multiply the rows the SROs are counted over.
        sessions = StaffTrainingSession.schools.through.objects.filter(school=value)
        return queryset.filter(pk__in=sessions.values("stafftrainingsession_id"))

    def at_schools_named(self, queryset, name, value):
        # Among the schools the door shows (the `school` filter's choices), as above.
        sessions = StaffTrainingSession.schools.through.objects.filter(
            school__in=self.filters["school"].queryset.filter(name__icontains=value)
        )
        return queryset.filter(pk__in=sessions.values("stafftrainingsession_id"))

    def by_joint(self, queryset, name, value):
        if value == "joint":
            return queryset.filter(sro_count__gt=0)
        return queryset.filter(sro_count=0)

    @property
    def chosen_school(self) -> School | None:
        """The one school the list is narrowed to, to say so above it."""
        return chosen(self, "school")


class StaffTrainingSchoolFilter(django_filters.FilterSet):
    """Over staff_training_schools_of, which annotates what is filtered and sorted here."""

    q = django_filters.CharFilter(label=_("School"), field_name="name", lookup_expr="icontains")
    this_year = django_filters.ChoiceFilter(
        label=_("A session this school year"),
        choices=[("yes", _("Yes")), ("no", _("Not yet"))],
        method="by_this_year",
    )
    ordering = SortFilter(
        fields=[
            ("name", "school"),
            ("session_count", "sessions"),
            ("last_session", "last"),
            ("last_joint", "last_joint"),
        ],
        field_labels={
            "school": _("School"),
            "sessions": _("Sessions"),
            "last": _("Last session"),
            "last_joint": _("Last joint session with SROs"),
        },
    )

    class Meta:
        model = School
        fields = ["q", "this_year"]

    def by_this_year(self, queryset, name, value):
        return queryset.filter(this_year=value == "yes")
