from django import template

from mous import text

register = template.Library()


@register.filter
def markdown(value: str, min_heading: int = 3):
    """An MOU section's Markdown as safe HTML, its headings starting at `min_heading`."""
    return text.render(value, min_heading=int(min_heading))
