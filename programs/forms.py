from django import forms

from programs.models import Agency, District, School


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["name", "state", "nces_id", "time_zone"]


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "nces_id"]


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind"]
