"""Links between public pages keep the visitor's language (sro_admin/public.py)."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def public_url(context, name: str, *args) -> str:
    """The address of a public page, with the `?lang=` this page was reached with:
    `{% public_url 'transparency-mou' district.slug mou.pk %}`."""
    return reverse(name, args=args) + context.get("lang_query", "")
