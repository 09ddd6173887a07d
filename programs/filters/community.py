"""Filters of the community decision record's engagements and of school-staff training."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.filters import SortFilter, date_filter
from programs.models import Engagement, School, StaffTrainingSession, Stakeholder


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
