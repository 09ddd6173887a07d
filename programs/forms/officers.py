"""Forms of officers and their assignments. Choice fields get their querysets from the door
(the views pass them in).
"""

from django import forms

from programs.forms.fields import DateInput
from programs.models import Assignment, Officer
from programs.services.officers import OFFICER_FIELDS


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = list(OFFICER_FIELDS)  # what officer_create and officer_update keep
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
