"""Fields and widgets the forms of every subject share."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Q, QuerySet
from django.forms.utils import ErrorDict
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


# -- long lists of choices: found by name, a few at a time -------------------------------------

# At most this many boxes in a list of choices (a school, an SRO): a big district's thousands
# of schools are found by part of a name instead, with a Find button that works without
# JavaScript (FindInput, FindsChoices).
CHOICES_SHOWN = 50
# The name of the Find buttons: a form sent with one is shown again, narrowed, not saved.
FIND = "find"


class FindInput(forms.TextInput):
    """A search box with its own submit button, which sends the form to be shown again with
    the choices below it narrowed to what matches (FindsChoices)."""

    input_type = "search"
    template_name = "programs/widgets/find_input.html"

    def __init__(self, *, button, attrs=None):
        super().__init__(attrs)
        self.button = button

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(button=self.button, find=FIND)
        return context


class FindsChoices:
    """A form with Find buttons: sent with one, it shows what was entered again (the choices
    narrowed, see bounded_choices) and checks nothing, so no field is called missing before
    the user has finished; `is_valid()` is false and nothing is saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.finding = self.is_bound and FIND in self.data

    def full_clean(self):
        if self.finding:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    def is_valid(self) -> bool:
        return not self.finding and super().is_valid()

    def offer(self, name: str, offered: "Offered", *, search: str) -> None:
        """Give field `name` the choices `offered`; drop its search box when every choice is
        listed, or say how many matched when only some are."""
        field = self.fields[name]
        field.queryset = offered.queryset
        if not offered.narrowed:
            del self.fields[search]
            return
        if offered.matches > offered.shown:
            note = _(
                "The first %(shown)s of %(matches)s are listed, with those already ticked: "
                "find others by part of a name."
            ) % {"shown": offered.shown, "matches": intcomma(offered.matches)}
        elif offered.matches == 0:
            note = _("None match: try part of a name.")
        else:
            note = ""
        field.help_text = " ".join(str(t) for t in (field.help_text, note) if t)


@dataclass(frozen=True)
class Offered:
    """The choices a field offers out of `total`: all of them, or (`narrowed`) those already
    chosen and the first `shown` of the `matches` of the search."""

    queryset: QuerySet
    total: int
    narrowed: bool = False
    matches: int = 0
    shown: int = 0


def bounded_choices(
    queryset: QuerySet,
    *,
    search: str,
    chosen: Sequence[str],
    lookups: Sequence[str],
    limit: int = CHOICES_SHOWN,
) -> Offered:
    """The choices to offer from `queryset` (ordered; from the door): all of them when there
    are at most `limit`; else those `chosen` (ids sent with the form, so they stay ticked and
    valid) and the first `limit` whose `lookups` contain `search`. A form sent with an id
    outside `queryset` is refused as ever. At most three queries."""
    total = queryset.count()
    if total <= limit:
        return Offered(queryset=queryset, total=total)
    matches = queryset
    if search := search.strip():
        matches = queryset.filter(
            reduce(or_, (Q(**{f"{lookup}__icontains": search}) for lookup in lookups))
        )
    ids = [int(c) for c in chosen if str(c).isdigit()]
    offered = queryset.filter(Q(pk__in=matches.values("pk")[:limit]) | Q(pk__in=ids))
    count = matches.count()
    return Offered(
        queryset=offered, total=total, narrowed=True, matches=count, shown=min(count, limit)
    )
