"""MOU forms. Choices come from the door (programs.access) through the views; the rules are
the services' (mous/services.py): forms only parse."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mous import clauses
from mous.models import MAX_SECTION_CHARS, AnnualReview, StakeholderInput
from programs.models import Agency, District, School

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO in every language


class MouForm(forms.Form):
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    title_es = forms.CharField(
        label=_("Title in Spanish"),
        max_length=200,
        required=False,
        help_text=_("Shown on the Spanish public page. Leave empty if there is no translation."),
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies party to the MOU"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools it covers"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, districts, agencies, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["agencies"].queryset = agencies
        self.fields["schools"].queryset = schools
        if len(districts) == 1:
            self.fields["district"].initial = districts[0].pk


class MouEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_es = forms.CharField(label=_("Title in Spanish"), max_length=200, required=False)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies party to the MOU"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    publish_superseded = forms.BooleanField(
        label=_("Link superseded versions on the public page"),
        required=False,
        help_text=_("Superseded versions are always listed by date; this also links their text."),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies


class VersionForm(forms.Form):
    change_summary = forms.CharField(
        label=_("What this version changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    supervision = forms.CharField(
        label=_("Supervision of the SROs (COPS-2 g)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who supervises the SROs this MOU covers: rank, unit and contact."),
    )
    effective_from = forms.DateField(
        label=_("Effective from"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to start on the day it is executed."),
    )
    effective_until = forms.DateField(
        label=_("Effective until"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty if the MOU runs until it is replaced."),
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools it covers"),
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = schools


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_SECTION_CHARS,
        help_text=_(
            "Markdown: a blank line between paragraphs, '- ' for a list item, **bold**. "
            "HTML is not allowed. At most 100,000 characters."
        ),
    )
    clauses = forms.MultipleChoiceField(
        label=_("Checklist elements this section covers"),
        choices=[(c.code, f"{c.rule_id} ({c.level}): {c.label}") for c in clauses.CLAUSES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("M: mandatory, R: recommended."),
    )
    heading_es = forms.CharField(label=_("Heading in Spanish"), max_length=200, required=False)
    body_es = forms.CharField(
        label=_("Text in Spanish"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_SECTION_CHARS,
        required=False,
        help_text=_(
            "Optional. Without it, the Spanish public page says no translation is provided."
        ),
    )


class SignForm(forms.Form):
    slot = forms.ChoiceField(label=_("Sign as"))
    signer_title = forms.CharField(
        label=_("Your title"),
        max_length=200,
        required=False,
        help_text=_(
            "As it should appear on the MOU. Leave empty for the title recorded on the "
            "district's or agency's page."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I have read this version and sign it on behalf of the party named above."),
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(_slot_key(s), s.label) for s in slots]
        self.slots = {_slot_key(s): s for s in slots}


def _slot_key(slot) -> str:
    return f"{slot.party}:{slot.agency_id or ''}"


class RecordSignatureForm(forms.Form):
    slot = forms.ChoiceField(label=_("Signed as"))
    signer_name = forms.CharField(label=_("Name of the signer"), max_length=200)
    signer_title = forms.CharField(label=_("Title of the signer"), max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    as_delegate = forms.BooleanField(label=_("Signed as a delegate"), required=False)
    delegation = forms.CharField(label=_("Delegation"), max_length=300, required=False)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(_slot_key(s), s.label) for s in slots]
        self.slots = {_slot_key(s): s for s in slots}


class ConfirmSignatureForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("confirm", _("Confirm: this is our signature, and it counts from now on")),
            ("decline", _("Decline: this is not our signature; withdraw it")),
        ],
        widget=forms.RadioSelect,
    )


class SignedCopyForm(forms.Form):
    signed_copy = forms.FileField(
        label=_("Signed copy (PDF, at most 5 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class StakeholderInputForm(forms.ModelForm):
    class Meta:
        model = StakeholderInput
        fields = ["category", "kind", "held_on", "participants", "summary", "version"]
        widgets = {"held_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].required = False


class ReviewForm(forms.ModelForm):
    start_new_version = forms.BooleanField(
        label=_("Start a new version from this review"),
        required=False,
        help_text=_("A new draft is made from the version in force, for the changes found."),
    )
    meets_expectations = forms.TypedChoiceField(
        label=_("Does the program meet expectations?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = AnnualReview
        fields = ["reviewed_on", "participants", "findings", "meets_expectations"]
        widgets = {
            "reviewed_on": DATE,
            "participants": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 5}),
        }
