"""Forms for the heads of districts and agencies and their delegates (NASRO-DISC). The person
and kind choices come from the views (the organisation's people, the kinds that fit it); the
rules are the services' (programs/services/heads.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.forms.fields import DateInput
from programs.models import SigningAuthority
from sro_admin.models import User

DELEGATION_HELP = _(
    "For a delegate: who delegated the signature, and by what act (e.g. a general order)."
)


class SigningAuthorityForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    kind = forms.ChoiceField(label=_("Signs as"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("As it appears on an MOU, e.g. Superintendent or Chief of Police."),
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while it goes on."),
    )
    delegation = forms.CharField(
        label=_("Delegation"), max_length=300, required=False, help_text=DELEGATION_HELP
    )

    def __init__(self, *args, people, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"
        self.fields["person"].help_text = _(
            "Someone with a role here who reads its MOUs. Ask site staff to add a person "
            "who is not listed."
        )
        self.fields["kind"].choices = [
            (k.value, k.label) for k in SigningAuthority.Kind if k.value in kinds
        ]


class SigningAuthorityEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput(),
        help_text=_("The last day this person may sign. Leave empty while it goes on."),
    )
    delegation = forms.CharField(
        label=_("Delegation"), max_length=300, required=False, help_text=DELEGATION_HELP
    )

    def __init__(self, *args, delegate: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not delegate:
            del self.fields["delegation"]
