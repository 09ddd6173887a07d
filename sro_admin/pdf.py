"""Tagged, accessible PDFs from Django templates (WeasyPrint, PDF/UA-1).

The one renderer of the apps that publish PDFs: the MOU texts (mous/pdf.py) and the reports'
render step (reports/services.py). The template gives the structure (headings, lists, tables
with th scope), `<html lang>` and `<title>`; PDF/UA-1 turns them into the structure tree, /Lang
and the shown title that screen readers use.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    # Imported here: WeasyPrint loads Pango at import, which only the worker (it renders
    # every PDF) pays for.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    # PDF/UA-1: a tagged PDF with its structure, language and title, for screen readers.
    return document.write_pdf(pdf_variant="pdf/ua-1")
