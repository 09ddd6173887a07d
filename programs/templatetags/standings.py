"""A training standing as a grid cell says it: the words, its date, and a badge whose colour
only repeats the words (colour is never the only signal). Written in Python, not as an
included template, because a grid page draws one per officer and requirement."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_noop

register = template.Library()

_BADGE = '<span class="badge text-bg-{}"><span aria-hidden="true">{} </span>{}</span>'
# A standing that asks for training: its colour, sign, words and date.
_DUE = {
    "overdue": ("danger", "✗", gettext_noop("Overdue"), gettext_noop("since %(date)s")),
    "due_soon": ("warning", "!", gettext_noop("Due soon"), gettext_noop("by %(date)s")),
}


@register.simple_tag
def standing(cell) -> SafeString:
    """`{% standing cell %}`: a Standing (programs.selectors.training) in words."""
    state = cell.state
    if state == "met":
        late = " ({})".format(gettext("late")) if cell.late else ""
        return format_html(
            _BADGE + ' <span class="small">{}{}</span>',
            "success",
            "✓",
            gettext("Met"),
            _day(cell.met_on),
            late,
        )
    if state in _DUE:
        colour, sign, words, when = _DUE[state]
        return format_html(
            _BADGE + ' <span class="small">{}</span>',
            colour,
            sign,
            gettext(words),
            gettext(when) % {"date": _day(cell.due_on)},
        )
    if state == "upcoming":
        return format_html(
            '<span class="small">{}</span>',
            gettext("Due by %(date)s") % {"date": _day(cell.due_on)},
        )
    return format_html(
        '<span class="small text-body-secondary">— {}</span>', gettext("Not yet applicable")
    )


def _day(value) -> str:
    return date_format(value) if value else ""
