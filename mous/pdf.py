"""The text of an executed MOU version as a tagged, accessible PDF (PDF/UA-1), in English and,
where the district gave Spanish text, in Spanish (COPS-2: published online, accessible to
people with disabilities and to people with limited English proficiency).

Made by the worker only (mous.tasks.mou_version_render_pdfs), when a version is executed or
when a reader asks for one that is missing (mous.services.version_pdfs_request); stored on the
version. A web request never renders a PDF: rendering a long MOU takes many seconds.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile

from mous import public_selectors
from mous.models import MouVersion
from programs.clock import district_today
from sro_admin.pdf import render_pdf

TEMPLATE = "mous/pdf/version.html"


def pdf_language(version: MouVersion, language: str) -> str:
    """Spanish only where the district gave Spanish text; otherwise the English PDF."""
    return public_selectors.pdf_language(
        language, has_spanish=public_selectors.has_spanish(version)
    )


def version_pdf_render(version: MouVersion, *, language: str) -> bytes:
    """The PDF of a published version in `language` (sections without Spanish text are given
    in English, marked as such)."""
    text = public_selectors.version_text(version, language=language)
    agencies = list(version.mou.agencies.order_by("name"))
    schools = [
        link.school
        for link in version.school_links.select_related("school").order_by("school__name")
    ]
    context = {
        "mou": version.mou,
        "district": version.mou.district,
        "version": version,
        "title": public_selectors.localized_title(version.mou, language),
        "title_translated": language != "es" or bool(version.mou.title_es),
        "agencies": agencies,
        "schools": schools,
        "text": text,
        "generated_on": district_today(version.mou.district),
    }
    return render_pdf(TEMPLATE, context, language=language)


def version_pdf_store(version: MouVersion, *, language: str) -> FieldFile:
    """Render the PDF in `language` ("en" or "es") and store it on the version."""
    data = version_pdf_render(version, language=language)
    field_name = f"pdf_{language}"
    name = f"mou-{version.mou_id}-v{version.number}-{language}.pdf"
    getattr(version, field_name).save(name, ContentFile(data), save=False)
    version.save(update_fields=[field_name, "updated_at"])
    return getattr(version, field_name)


def _present(field: FieldFile) -> bool:
    return bool(field) and field.storage.exists(field.name)


def version_pdf_stored(version: MouVersion, *, language: str) -> FieldFile | None:
    """The stored PDF in `language`, or None while the worker has not made it (or its file
    is gone)."""
    stored = getattr(version, f"pdf_{language}")
    return stored if _present(stored) else None


def version_render_pdfs(*, version_id: int) -> None:
    """The task's work: the English PDF and, if there is Spanish text, the Spanish one.

    Running it twice does no harm: a PDF already stored is kept (one whose file is gone is
    made again). A version that is not published (a draft, after a failed execution) gets
    none.
    """
    version = (
        MouVersion.objects.published().select_related("mou__district").filter(pk=version_id).first()
    )
    if version is None:
        return
    if not _present(version.pdf_en):
        version_pdf_store(version, language="en")
    if public_selectors.has_spanish(version) and not _present(version.pdf_es):
        version_pdf_store(version, language="es")
