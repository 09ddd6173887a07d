"""Forms for selection, probation and opt-outs. Choice querysets come from the door."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.forms.fields import DateInput
from programs.models import (
    Assignment,
    CommitteeMember,
    Interview,
    OptOut,
    Posting,
    Probation,
    ProbationReview,
    Rating,
    Selection,
)
from programs.services.selection import DECISIONS, OUTCOMES


class PostingForm(forms.ModelForm):
    class Meta:
        model = Posting
        fields = ["program", "school", "title", "opened_on"]
        widgets = {"opened_on": DateInput()}
        help_texts = {"school": _("Leave empty for a position serving the whole program.")}

    def __init__(self, *args, programs, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["program"].label_from_instance = lambda p: p.district.name
        if len(programs) == 1:
            self.fields["program"].initial = programs[0]
        self.fields["school"].queryset = schools


class PostingEditForm(forms.ModelForm):
    class Meta:
        model = Posting
        fields = ["school", "title", "opened_on", "status"]
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class SelectionForm(forms.ModelForm):
    class Meta:
        model = Selection
        fields = ["officer", "volunteered", "notes"]
        widgets = {
            "volunteered": forms.NullBooleanSelect(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "volunteered": _(
                "COPS-5: SROs should be volunteers. Unknown takes the officer record's."
            )
        }

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda o: f"{o} ({o.agency.name})"


class CommitteeMemberForm(forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = ["name", "category", "will_work_with_sro"]


class InterviewForm(forms.ModelForm):
    school_administrator_took_part = forms.BooleanField(
        label=_("The school administration took part in this interview"),
        required=False,
        help_text=_("NASRO 02.01.01 (mandatory): school administration takes part in interviews."),
    )

    class Meta:
        model = Interview
        fields = ["held_on", "participants", "notes"]
        widgets = {
            "held_on": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


SCORES = [("", _("Not rated"))] + [(str(n), str(n)) for n in range(1, 6)]


class RatingsForm(forms.Form):
    """COPS-5's ten hiring criteria, each 1 (poor) to 5 (excellent)."""

    def __init__(self, *args, ratings: dict[str, Rating], **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Rating.Criterion.choices:
            existing = ratings.get(code)
            self.fields[code] = forms.TypedChoiceField(
                label=label,
                choices=SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=existing.score if existing else "",
            )

    def scores(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(code) for code, _label in Rating.Criterion.choices}


class ParticipationForm(forms.Form):
    took_part = forms.BooleanField(
        label=_("The school administration took part in the interviews"),
        required=False,
        help_text=_(
            "NASRO 02.01.01 and 04.01.03: the school administration takes part in selection."
        ),
    )
    representative_name = forms.CharField(
        label=_("Name of the school representative on the committee"),
        required=False,
        max_length=200,
        help_text=_("COPS-5: the committee has at least one school representative. Optional."),
    )


class DecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(d.value, d.label) for d in DECISIONS],
    )

    class Meta:
        model = Selection
        fields = ["decision", "decided_on", "notes", "justification"]
        widgets = {
            "decided_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "justification": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "justification": _(
                'Needed to record "Selected" without a committee, an interview or all ten '
                "ratings (COPS-5)."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].required = True


class AssignFromSelectionForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["school", "starts_on", "ends_on", "kind", "justification"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "justification": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "justification": _(
                "Needed when the selection departs from the COPS-5 recommendations listed above."
            )
        }

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if len(schools) == 1:
            self.fields["school"].initial = schools[0]


class ProbationForm(forms.Form):
    # A plain form: the service checks the dates and says what is wrong in words.
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=DateInput(),
        help_text=_("NASRO 02.01.07 recommends a probationary period for new SROs."),
    )


class ProbationReviewForm(forms.ModelForm):
    class Meta:
        model = ProbationReview
        fields = ["held_on", "school_administrator_took_part", "participants", "findings"]
        widgets = {
            "held_on": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "school_administrator_took_part": _(
                "NASRO 04.01.05 (mandatory): the school administration takes part in the "
                "probationary review."
            )
        }


class ProbationDecisionForm(forms.ModelForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[(o.value, o.label) for o in OUTCOMES])

    class Meta:
        model = Probation
        fields = ["outcome", "outcome_on", "notes"]
        widgets = {"outcome_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_on"].required = True


class OptOutForm(forms.ModelForm):
    class Meta:
        model = OptOut
        fields = ["recorded_on", "effective_on", "reason"]
        widgets = {
            "recorded_on": DateInput(),
            "effective_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
