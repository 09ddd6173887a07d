"""Forms of districts, schools and agencies."""

from django import forms

from programs.clock import time_zone_choices
from programs.models import Agency, District, School


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
