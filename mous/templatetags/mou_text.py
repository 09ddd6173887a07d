from django import template

from mous import text

register = template.Library()


@register.filter
def stored_html(value: str):
    """A section's text as the HTML rendered and sanitised when it was saved
    (Section.body_html): nothing is rendered when a page is read."""
    return text.stored(value)
