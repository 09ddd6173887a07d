"""Tagged, accessible PDFs from Django templates (WeasyPrint, PDF/UA-1).

Shared by the apps that publish PDFs (mous; reports/rendering.py does the same and can call
this). The template gives the structure (headings, lists, tables with th scope), `<html lang>`
and `<title>`; PDF/UA-1 turns them into the structure tree, /Lang and the shown title that
screen readers use.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the pages that need it pay for.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(pdf_variant="pdf/ua-1")
