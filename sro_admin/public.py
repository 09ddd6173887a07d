"""What every public page (no sign-in, under /transparency/) shares, whichever app owns it: the
visitor's language and the `?lang=` that keeps it on every link.

The language comes from `?lang=es` / `?lang=en` when given, else from the request (the
language cookie, Accept-Language). Links between public pages carry the `?lang=` they were
reached with (`{% public_url %}` in sro_admin/templatetags/public.py), so a Spanish reader
who followed a shared link stays in Spanish.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation


def public_language(request: HttpRequest) -> tuple[str, str]:
    """(language, query): the page's language and the `?lang=` to keep on its links (empty
    when the language was not given in the address)."""
    given = request.GET.get("lang", "")
    if given in dict(settings.LANGUAGES):
        return given, f"?lang={given}"
    return translation.get_supported_language_variant(translation.get_language()), ""


def is_public_path(path: str) -> bool:
    return path.startswith(reverse("transparency-index"))
