"""The public transparency pages (no sign-in): each district's MOUs in force, their text in
English and Spanish, the PDFs, the record of earlier versions, and how to give feedback.

The pages are cacheable and shareable: the language comes from `?lang=es` / `?lang=en` when
given, else from the request (cookie, Accept-Language), and every link keeps it
(sro_admin/public.py); the rendered HTML is cached per district, language and address
(sro_admin.public_cache), and cleared when an MOU is executed, expires or is reviewed, or the
district's record changes. Each page has one address: other spellings of it (`/mous/0001/`)
are redirected there before the cache is asked, so they cannot fill it.
Templates are rendered without the request: no context processor reads the session or the
user, and no CSRF token is ever written into a cached page.

The PDFs are only ever served, never made here: a PDF the worker has not made yet is a page
saying it is being prepared, and the worker is asked for it once (mous.services).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from mous import pdf, public_selectors, services
from programs.clock import district_today
from programs.files import file_response
from programs.models import District
from sro_admin import public_cache
from sro_admin.public import public_language

# Seconds after which a reader may ask again for a PDF being prepared.
PDF_RETRY_SECONDS = 30

# Browsers and shared caches may keep a page but must ask again before showing it (no-cache):
# an executed MOU shows at once, and our own cache makes each answer one query.


def _public(
    request: HttpRequest, response: HttpResponse, language: str | None = None
) -> HttpResponse:
    # A signed-in visitor's response carries their refreshed session cookie
    # (SESSION_SAVE_EVERY_REQUEST): such a response must never sit in a shared cache.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    if language:
        response["Content-Language"] = language
    return response


def canonical(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send any other spelling of the address (`/mous/0001/`) to the one the site links to
    (`/mous/1/`), 301, before anything is looked up or cached: the page cache then holds one
    entry per page, whatever spellings a visitor (or a crawler, or a flood) tries."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, **kwargs) -> HttpResponse:
        path = reverse(request.resolver_match.view_name, kwargs=kwargs)
        if path != request.path:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))
        return view(request, **kwargs)

    return wrapped


def _page(
    request: HttpRequest,
    *,
    scope: int | str,
    template: str,
    context: Callable[[str], dict],
    edition: str = "",
) -> HttpResponse:
    """The page's HTML from the cache, or rendered (and cached) in the page's language.
    `context(language)` runs only on a cache miss; a 404 it raises is not cached."""
    language, query = public_language(request)
    # The address in the key is normalised: other query parameters do not make new entries.
    # A district's pages also change with the district's own record (its name, its feedback
    # contact), which programs saves without knowing this cache: its time of change is in
    # the key.
    key = public_cache.page_key(scope, language, request.path + query + edition)
    html = cache.get(key)
    if html is None:
        with translation.override(language):
            html = render_to_string(
                template,
                {
                    **context(language),
                    "LANGUAGE_CODE": language,
                    "lang_query": query,
                    "path": request.path,
                },
            )
        cache.set(key, html, public_cache.TIMEOUT)
    return _public(request, HttpResponse(html), language)


def _today(district: District):
    # The district's date decides which officers are serving its schools today.
    return district_today(district)


def _edition(district: District) -> str:
    return f"@{district.updated_at.timestamp()}"


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        scope=public_cache.INDEX,
        template="mous/public/index.html",
        context=lambda language: {"districts": public_selectors.district_list_public()},
    )


@require_safe
@canonical
def district_page(request: HttpRequest, slug: str) -> HttpResponse:
    district = public_selectors.district_get_public(slug=slug)

    def context(language: str) -> dict:
        mous = public_selectors.district_mous(
            district=district, on=_today(district), language=language
        )
        return {
            "district": district,
            "in_force": [m for m in mous if m.version is not None],
            "record": sorted(
                ((m, v) for m in mous for v in m.record),
                key=lambda pair: pair[1].ended_on or date.min,
                reverse=True,
            ),
        }

    return _page(
        request,
        scope=district.pk,
        template="mous/public/district.html",
        context=context,
        edition=_edition(district),
    )


@require_safe
@canonical
def mou_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    district = public_selectors.district_get_public(slug=slug)

    def context(language: str) -> dict:
        item = public_selectors.mou_get_public(
            district=district, pk=pk, on=_today(district), language=language
        )
        return _text_context(district, item, language, current=True)

    return _page(
        request,
        scope=district.pk,
        template="mous/public/mou.html",
        context=context,
        edition=_edition(district),
    )


@require_safe
@canonical
def version_page(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    district = public_selectors.district_get_public(slug=slug)

    def context(language: str) -> dict:
        item = public_selectors.record_version_get_public(
            district=district, pk=pk, number=number, language=language
        )
        return _text_context(district, item, language, current=False)

    return _page(
        request,
        scope=district.pk,
        template="mous/public/mou.html",
        context=context,
        edition=_edition(district),
    )


def _text_context(district: District, item, language: str, *, current: bool) -> dict:
    return {
        "district": district,
        "item": item,
        "version": item.version,
        "current": current,
        "title": item.title,
        "title_translated": language != "es" or bool(item.mou.title_es),
        "text": public_selectors.version_text(item.version, language=language),
    }


@require_safe
@canonical
def feedback_page(request: HttpRequest, slug: str) -> HttpResponse:
    district = public_selectors.district_get_public(slug=slug)
    return _page(
        request,
        scope=district.pk,
        template="mous/public/feedback.html",
        context=lambda language: {"district": district},
        edition=_edition(district),
    )


# -- files: not cached here (they are files already), but cacheable by browsers --------------------


@require_safe
@canonical
def mou_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The stored PDF in the reader's language (English where the district gave no Spanish).
    Missing, it is asked of the worker once, and the reader is told it is being prepared."""
    language, query = public_language(request)
    district = public_selectors.district_get_public(slug=slug)
    version = public_selectors.version_in_force_get_public(district=district, pk=pk)
    pdf_language = pdf.pdf_language(version, language)
    stored = pdf.version_pdf_stored(version, language=pdf_language)
    if stored is not None:
        response = file_response(
            stored, filename=f"{district.slug}-mou-{pk}-v{version.number}-{pdf_language}"
        )
        return _public(request, response, pdf_language)
    services.version_pdfs_request(version=version)
    with translation.override(language):
        html = render_to_string(
            "mous/public/pdf_preparing.html",
            {
                "district": district,
                "mou": version.mou,
                "title": public_selectors.localized_title(version.mou, language),
                "LANGUAGE_CODE": language,
                "lang_query": query,
                "path": request.path,
                "retry_seconds": PDF_RETRY_SECONDS,
            },
        )
    # 202: accepted, being made. Never cached: the next request may find the file.
    response = HttpResponse(html, status=202)
    response["Retry-After"] = str(PDF_RETRY_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response


@require_safe
@canonical
def mou_signed_copy(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    district = public_selectors.district_get_public(slug=slug)
    version = public_selectors.version_in_force_get_public(district=district, pk=pk)
    response = file_response(
        version.signed_copy, filename=f"{district.slug}-mou-{pk}-v{version.number}-signed"
    )
    return _public(request, response)
