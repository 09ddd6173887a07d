"""Fields and widgets the forms of every subject share."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A browser's date picker. Its value is an ISO date in every language: Django would
    otherwise write the language's first input format (31/12/2026 in Spanish), which a
    date input cannot read."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


UPLOAD_HELP = _("Optional. A PDF, PNG or JPEG image of at most 5 MB.")


ACCEPT = ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"


def upload_field(*, label, required: bool = False, help_text=UPLOAD_HELP) -> forms.FileField:
    # The `accept` list only helps the browser's file picker; programs/files.py checks content.
    return forms.FileField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
