"""The form of the program's mission and settings."""

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from programs.models import Program


class ProgramForm(forms.ModelForm):
    school_year_starts_month = forms.TypedChoiceField(
        label=_("School year starts in month"),
        choices=sorted(MONTHS.items()),
        coerce=int,
        help_text=_("Annual training (NASRO 03.01.01) is counted per school year."),
    )

    class Meta:
        model = Program
        fields = [
            "mission",
            "school_year_starts_month",
            "due_soon_days",
            "min_outcome_count",
            "min_group_size",
            "disparity_ratio",
            "watch_ratio",
            "public_suppression_below",
            "earliest_record_year",
        ]
        widgets = {"mission": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "due_soon_days": _("Training shows as due soon this many days before it is due."),
            "min_outcome_count": _("No ratio is computed for fewer outcomes. Default: 10."),
            "min_group_size": _("No ratio is computed for a smaller group. Default: 30."),
            "disparity_ratio": _("Default: 2.00, when its 95% interval lies above 1."),
            "watch_ratio": _("Default: 1.50 in each of the last three years."),
        }
