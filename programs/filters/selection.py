"""Filters of the selection lists: postings and a school's SROs."""

import django_filters
from django.utils.translation import gettext_lazy as _

from programs.filters.base import ComputedChoiceFilter, SortFilter
from programs.models import Agency, Assignment, Posting, School
from programs.selectors.selection import postings_awaiting_school
from programs.selectors.training import Attention


class PostingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Posting.Status.choices)
    school = django_filters.ModelChoiceFilter(label=_("School"), queryset=School.objects.none())
    awaiting = django_filters.ChoiceFilter(
        label=_("Awaiting"),
        choices=[("school", _("The school administration's part in an interview"))],
        method="by_awaiting",
    )
    ordering = SortFilter(
        fields=[
            ("opened_on", "opened"),
            ("title", "title"),
            ("school__name", "school"),
            ("status", "status"),
            ("candidate_count", "candidates"),
        ],
        field_labels={
            "opened": _("Opened on"),
            "title": _("Title"),
            "school": _("School"),
            "status": _("Status"),
            "candidates": _("Candidates"),
        },
    )

    class Meta:
        model = Posting
        fields = ["q", "status", "school", "awaiting"]

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools

    def by_awaiting(self, queryset, name, value):
        return postings_awaiting_school(queryset)


class SchoolSroFilter(django_filters.FilterSet):
    """The SROs at a school. Their training standing is computed (ADR 0009): the selector
    applies `training` to the rows."""

    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"), field_name="officer__agency", queryset=Agency.objects.none()
    )
    training = ComputedChoiceFilter(label=_("Training"), choices=Attention.choices)
    ordering = SortFilter(
        fields=[
            ("officer__last_name", "officer"),
            ("officer__agency__name", "agency"),
            ("starts_on", "starts"),
        ],
        field_labels={
            "officer": _("Officer"),
            "agency": _("Agency"),
            "starts": _("Assigned from"),
        },
        then={"officer": ["officer__first_name"]},
    )

    class Meta:
        model = Assignment
        fields = ["agency"]

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = agencies
