"""Forms for enrollment by group, school profiles and the CRDC import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.groups import Race, Sex
from programs.models import EnrollmentCount, SchoolProfile
from programs.models.enrollment import MAX_STUDENTS
from programs.selectors.enrollment import BREAKDOWN_GROUPS, GROUP_CHOICES, group_label

Breakdown = EnrollmentCount.Breakdown


def count_field_name(breakdown: str, group: str) -> str:
    return f"{breakdown}-{group.replace(':', '-')}"


def _count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_STUDENTS,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


class EnrollmentForm(forms.Form):
    """The total and one number per group. An empty box is "not entered"; 0 is a real zero."""

    total = forms.IntegerField(label=_("Total enrollment"), min_value=0, max_value=MAX_STUDENTS)

    def __init__(self, *args, year_choices=None, taken_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.taken_years = set(taken_years)
        if year_choices is not None:  # adding a year
            self.fields = {
                "school_year": forms.TypedChoiceField(
                    label=_("School year"), choices=year_choices, coerce=int
                ),
                **self.fields,
            }
        self.keys: dict[str, tuple[str, str]] = {}
        for breakdown, groups in BREAKDOWN_GROUPS.items():
            for group in groups:
                name = count_field_name(breakdown, group)
                self.fields[name] = _count_field(group_label(breakdown, group))
                self.keys[name] = (breakdown, group)

    @classmethod
    def initial_for(cls, total: int, counts: dict[tuple[str, str], int]) -> dict:
        return {"total": total} | {count_field_name(b, g): n for (b, g), n in counts.items()}

    def clean_school_year(self):
        year = self.cleaned_data["school_year"]
        if year in self.taken_years:
            raise forms.ValidationError(
                _("This school year is already entered; edit it from the enrollment page.")
            )
        return year

    def counts(self) -> dict[tuple[str, str], int]:
        return {
            key: self.cleaned_data[name]
            for name, key in self.keys.items()
            if self.cleaned_data.get(name) is not None
        }

    # -- laid out as the year page's tables ----------------------------------------------------
    def race_sex_rows(self):
        """[(race label, [bound field per sex])]: rows × columns, as on the year page."""
        return [
            (
                race.label,
                [self[count_field_name(Breakdown.RACE_SEX, f"{race}:{sex}")] for sex in Sex],
            )
            for race in Race
        ]

    def sex_labels(self):
        return [s.label for s in Sex]

    def group_tables(self):
        """[(breakdown, heading, [bound field per group])] for the one-column breakdowns."""
        return [
            (
                breakdown,
                Breakdown(breakdown).label,
                [self[count_field_name(breakdown, g)] for g in choices.values],
            )
            for breakdown, choices in GROUP_CHOICES.items()
        ]

    def count_errors(self) -> bool:
        return any(name in self.errors for name in self.keys)


class SchoolProfileForm(forms.ModelForm):
    class Meta:
        model = SchoolProfile
        fields = [
            "grades_served",
            "address",
            "locale",
            "buildings",
            "campus_acres",
            "discipline_incidents",
            "calls_for_service",
            "non_sworn_safety_staff",
            "special_education_program",
            "esl_program",
        ]


class CrdcImportForm(forms.Form):
    school_year = forms.TypedChoiceField(label=_("School year"), coerce=int)
    file = forms.FileField(
        label=_("CRDC CSV file"),
        help_text=_("A CSV file in the CRDC school-level enrollment layout. At most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, year_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = year_choices
