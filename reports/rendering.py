"""The render step: HTML from a report's plain data, then a tagged, accessible PDF."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only workers need.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    # PDF/UA-1: a tagged PDF with its structure, language and title, for screen readers.
    return document.write_pdf(pdf_variant="pdf/ua-1")
