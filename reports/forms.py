from django import forms
from django.utils.translation import gettext_lazy as _

from programs.access import OVERSEE, access_for
from reports.models import ReportRun


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportRun.Kind.choices)
    district = forms.ModelChoiceField(label=_("District"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The same door as every page: only districts this user may report on.
        districts = access_for(user).districts(OVERSEE).order_by("name")
        self.fields["district"].queryset = districts
        if len(districts) == 1:  # most people have one district: choose it for them
            self.fields["district"].initial = districts[0]
