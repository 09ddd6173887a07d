from django import forms
from django.utils.translation import gettext_lazy as _

from programs.clock import time_zone_choices
from programs.models import Agency, Assignment, District, Officer, School, TrainingRecord


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = [
            "name",
            "state",
            "nces_id",
            "time_zone",
            "feedback_contact",
            "feedback_email",
            "feedback_phone",
            "feedback_address",
        ]
        widgets = {"feedback_address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()  # the US zones first


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "nces_id"]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind"]


class DateInput(forms.DateInput):
    """A browser's date picker. Its value is an ISO date in every language: Django would
    otherwise write the language's first input format (31/12/2026 in Spanish), which a
    date input cannot read."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = [
            "agency",
            "first_name",
            "last_name",
            "badge_number",
            "rank",
            "sworn_on",
            "status",
            "volunteered",
            "youth_experience",
        ]
        widgets = {
            "sworn_on": DateInput(),
            "volunteered": forms.NullBooleanSelect(),
            "youth_experience": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # from the door: the user's own agencies
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0]


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["school", "starts_on", "ends_on", "kind", "notes"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "completed_on", "hours", "provider"]
        widgets = {"completed_on": DateInput()}

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses


class TrainingImportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: badge_number, course_code, completed_on (YYYY-MM-DD), hours, "
            "provider. At most 1 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0]
