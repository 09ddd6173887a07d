"""Forms of the community decision record (COPS-1). The engagements a decision may draw on
come from the door (the views pass them in).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.forms.fields import DateInput, upload_field
from programs.models import Engagement, ProgramDecision, Stakeholder


class EngagementForm(forms.ModelForm):
    stakeholders = forms.MultipleChoiceField(
        label=_("Who took part"),
        choices=Stakeholder.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("COPS-1: students, families, teachers and the community, at least."),
    )
    attachment = upload_field(label=_("Attachment (minutes, survey results)"))

    class Meta:
        model = Engagement
        fields = ["kind", "held_on", "title", "stakeholders", "participants", "summary"]
        widgets = {"held_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}


class DecisionForm(forms.ModelForm):
    attachment = upload_field(label=_("Attachment (resolution, minutes)"))

    class Meta:
        model = ProgramDecision
        fields = ["kind", "decided_on", "decided_by", "summary", "engagements"]
        widgets = {
            "decided_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "engagements": forms.CheckboxSelectMultiple,
        }
        labels = {"engagements": _("Engagements it drew on")}

    def __init__(self, *args, engagements, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["engagements"]
        field.queryset = engagements
        field.label_from_instance = lambda e: f"{e.title} ({e.held_on:%Y-%m-%d})"
        field.help_text = _("COPS-1: the community input the decision was made with.")
