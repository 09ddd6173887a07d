"""Forms of training: an officer's records and certificates, the CSV import, a program's
requirements and courses, and school-staff training. Choice fields get their querysets from
the door (the views pass them in), so no one can pick another tenant's school or officer.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from programs.forms.fields import (
    DateInput,
    FindInput,
    FindsChoices,
    Offered,
    bounded_choices,
    upload_field,
)
from programs.models import (
    Agency,
    Course,
    StaffTrainingSession,
    TrainingRecord,
    TrainingRequirement,
)
from programs.services.training_import import MAX_BYTES, MAX_ROWS
from sro_admin.request_size import megabytes


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "completed_on", "hours", "provider"]
        widgets = {"completed_on": DateInput()}

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses


class CertificateForm(forms.Form):
    certificate = upload_field(
        label=_("Certificate"),
        required=True,
        help_text=_("A PDF, PNG or JPEG image of at most 5 MB."),
    )


class TrainingImportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Columns: badge_number, course_code, completed_on (YYYY-MM-DD), hours, "
            "provider. At most %(size)s and %(rows)s rows: a year of records fits in one file."
        ) % {"size": megabytes(MAX_BYTES), "rows": number_format(MAX_ROWS, force_grouping=True)}
        self.fields["agency"].queryset = agencies
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0]


class RequirementForm(forms.ModelForm):
    class Meta:
        model = TrainingRequirement
        fields = ["months", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        requirement = self.instance
        self.fields["is_active"].help_text = _(
            "A requirement out of force leaves the training grid and every officer's standing."
        )
        kind = requirement.kind
        if kind == TrainingRequirement.Kind.EVERY_SCHOOL_YEAR:
            del self.fields["months"]  # counted per school year, not in months
            return
        months = self.fields["months"]
        months.required = True
        months.min_value = 0
        if kind == TrainingRequirement.Kind.WITHIN_MONTHS_OF_PLACEMENT:
            months.help_text = _(
                "Months after the officer's first placement; 0 means before the placement."
            )
            if requirement.course.category == Course.Category.BASIC:
                months.help_text = _(
                    "COPS-8 asks for the basic course within 9 months of placement; NASRO "
                    "03.02.01 allows up to a year. The program may choose 9 or 12 months "
                    "(or fewer); no more than 12."
                )
        elif kind == TrainingRequirement.Kind.MONTHS_AFTER_COURSE:
            months.help_text = _("Months after completing %(course)s.") % {
                "course": requirement.after_course
            }
        else:
            months.help_text = _("Months between completions.")


class RequirementCreateForm(forms.Form):
    """A new rule of the training schedule. A plain form: the service checks the months and
    the course it follows against the kind, and says what is wrong next to the field."""

    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        help_text=_(
            "From the shared catalogue or the program's own courses. A topic the catalogue "
            "lacks can be added first."
        ),
    )
    kind = forms.ChoiceField(
        label=_("When it is due"),
        choices=TrainingRequirement.Kind.choices,
        widget=forms.RadioSelect,
    )
    months = forms.IntegerField(
        label=_("Months"),
        required=False,
        min_value=0,
        help_text=_(
            "Within months of placement: 0 means before the placement. After another course, "
            "or every number of months: at least 1. Leave empty for every school year."
        ),
    )
    after_course = forms.ModelChoiceField(
        label=_("After course"),
        queryset=Course.objects.none(),
        required=False,
        help_text=_("Only for a number of months after completing another course."),
    )
    rule_ids = forms.CharField(
        label=_("Reference"),
        max_length=120,
        required=False,
        help_text=_("Where the requirement comes from, e.g. “MOU section 7” or “COPS-8”."),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("course", "after_course"):
            self.fields[name].queryset = courses
            self.fields[name].label_from_instance = _course_label


def _course_label(course: Course) -> str:
    if course.program_id:
        return _("%(course)s (the program's own)") % {"course": course.name}
    return course.name


class CourseForm(forms.ModelForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        required=False,
        help_text=_(
            "How training imports name the course (the course_code column). Leave empty to "
            "make one from the name."
        ),
    )

    class Meta:
        model = Course
        fields = ["name", "code", "category", "expected_hours", "rule_ids"]
        labels = {"rule_ids": _("Reference")}
        help_texts = {
            "rule_ids": _("Where the course is required, e.g. “MOU section 7”."),
        }


class StaffTrainingForm(FindsChoices, forms.ModelForm):
    """A session: its schools and SROs are ticked from lists bounded by a search (a big
    district has thousands of schools and officers: programs/forms/fields.py)."""

    school_search = forms.CharField(
        label=_("Find schools"),
        required=False,
        widget=FindInput(button=_("Find schools")),
        help_text=_("Part of a name or an NCES ID."),
    )
    sro_search = forms.CharField(
        label=_("Find SROs"),
        required=False,
        widget=FindInput(button=_("Find SROs")),
        help_text=_("Part of a name or a badge number."),
    )

    class Meta:
        model = StaffTrainingSession
        fields = [
            "held_on",
            "title",
            "hours",
            "school_search",
            "schools",
            "staff_attended",
            "administrators_attended",
            "sro_search",
            "sros",
        ]
        widgets = {
            "held_on": DateInput(),
            "schools": forms.CheckboxSelectMultiple,
            "sros": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "sros": _("COPS-8: train school staff jointly with the SROs where possible."),
        }

    def __init__(self, *args, schools: Offered, sros: Offered, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer("schools", schools, search="school_search")
        self.offer("sros", sros, search="sro_search")
        self.fields["sros"].label_from_instance = lambda o: f"{o} ({o.agency.name})"

    def clean(self):
        cleaned = super().clean()
        # The searches only narrow what the form lists; the session does not keep them.
        cleaned.pop("school_search", None)
        cleaned.pop("sro_search", None)
        return cleaned

    @staticmethod
    def choices(*, data, schools: QuerySet, sros: QuerySet) -> dict[str, Offered]:
        """The schools and SROs to list for a form sent with `data` (or none yet)."""
        return {
            "schools": bounded_choices(
                schools,
                search=data.get("school_search", ""),
                chosen=data.getlist("schools"),
                lookups=["name", "nces_id"],
            ),
            "sros": bounded_choices(
                sros,
                search=data.get("sro_search", ""),
                chosen=data.getlist("sros"),
                lookups=["first_name", "last_name", "badge_number"],
            ),
        }
