"""Access-matrix rows for the public transparency pages: everyone, signed in or not.

Every public page answers 200 to everyone, anonymous included, and the same 404 to everyone
for what is not public: a draft, a version in review, a superseded version the district does
not publish, an unknown district (NOT_PUBLIC, walked by mous/tests/test_public.py).
"""

from django.urls import reverse

from tests.access_rows import expect

EVERYONE = expect(200)
NO_ONE = expect(404)


def _fresh(w) -> None:
    # The page cache lives in Redis, beyond the test database: start from a clean generation.
    from sro_admin import public_cache

    public_cache.clear_district(w.district.pk)
    public_cache.clear_district(w.south.pk)


def _executed(w, **kwargs):
    from mous.tests.builders import executed

    mou = executed(w, **kwargs)
    _fresh(w)
    return mou


def _north(w) -> dict:
    _executed(w)
    return {"slug": w.district.slug}


def _mou(w) -> dict:
    return {"slug": w.district.slug, "pk": _executed(w).pk}


def _mou_with_pdfs(w) -> dict:
    # The worker's work, done here: a web request only serves the stored PDFs (while they
    # are missing it answers 202, "being prepared": mous/tests/test_pdf.py).
    from mous import pdf

    mou = _executed(w)
    pdf.version_render_pdfs(version_id=mou.versions.get().pk)
    return {"slug": w.district.slug, "pk": mou.pk}


def _signed_copy(w) -> dict:
    from mous.tests.test_public import executed_with_signed_copy

    mou = executed_with_signed_copy(w)
    _fresh(w)
    return {"slug": w.district.slug, "pk": mou.pk}


def _superseded_published(w) -> dict:
    from mous.tests.test_public import publish_superseded, supersede

    mou = _executed(w)
    supersede(w, mou)
    publish_superseded(w, mou)
    _fresh(w)
    return {"slug": w.district.slug, "pk": mou.pk, "number": 1}


def _index(w) -> dict:
    _executed(w)
    return {}


ROWS: dict[str, tuple] = {
    "transparency-index": (_index, EVERYONE),
    "transparency-district": (_north, EVERYONE),
    "transparency-feedback": (_north, EVERYONE),
    "transparency-mou": (_mou, EVERYONE),
    "transparency-mou-pdf": (_mou_with_pdfs, EVERYONE),
    "transparency-mou-signed-copy": (_signed_copy, EVERYONE),
    "transparency-mou-version": (_superseded_published, EVERYONE),
}


# -- what is never public: the same 404 for everyone --------------------------------------------


def _draft_only(w) -> str:
    from mous.tests.builders import draft

    mou = draft(w)
    _fresh(w)
    return reverse("transparency-mou", kwargs={"slug": w.district.slug, "pk": mou.pk})


def _in_review(w) -> str:
    from mous.tests.builders import draft, submit

    _executed(w, title="Another MOU")
    mou = draft(w)
    submit(w, mou.versions.get())
    return reverse("transparency-mou", kwargs={"slug": w.district.slug, "pk": mou.pk})


def _draft_of_an_executed_mou(w) -> str:
    from mous import services

    mou = _executed(w)
    services.version_new(actor=w.users["district_admin"], mou=mou)
    return reverse(
        "transparency-mou-version", kwargs={"slug": w.district.slug, "pk": mou.pk, "number": 2}
    )


def _superseded_not_published(w) -> str:
    from mous.tests.test_public import supersede

    mou = _executed(w)
    supersede(w, mou)
    return reverse(
        "transparency-mou-version", kwargs={"slug": w.district.slug, "pk": mou.pk, "number": 1}
    )


def _version_in_force_as_record(w) -> str:
    mou = _executed(w)
    mou.publish_superseded = True
    mou.save(update_fields=["publish_superseded"])
    return reverse(
        "transparency-mou-version", kwargs={"slug": w.district.slug, "pk": mou.pk, "number": 1}
    )


def _unknown_district(w) -> str:
    _executed(w)
    return reverse("transparency-district", kwargs={"slug": "nowhere"})


def _district_with_nothing_published(w) -> str:
    _executed(w)
    return reverse("transparency-district", kwargs={"slug": w.south.slug})


def _mou_under_another_district(w) -> str:
    mou = _executed(w)
    return reverse("transparency-mou", kwargs={"slug": w.south.slug, "pk": mou.pk})


def _draft_pdf(w) -> str:
    from mous.tests.builders import draft

    _executed(w, title="Another MOU")
    mou = draft(w)
    return reverse("transparency-mou-pdf", kwargs={"slug": w.district.slug, "pk": mou.pk})


def _no_signed_copy(w) -> str:
    mou = _executed(w)
    return reverse("transparency-mou-signed-copy", kwargs={"slug": w.district.slug, "pk": mou.pk})


def _draft_district_only(w) -> str:
    from mous.tests.builders import draft

    draft(w)
    _fresh(w)
    return reverse("transparency-district", kwargs={"slug": w.district.slug})


# description -> a function of the world that makes the case and returns its address.
NOT_PUBLIC: dict[str, object] = {
    "a draft MOU": _draft_only,
    "an MOU in review": _in_review,
    "the draft of an MOU in force": _draft_of_an_executed_mou,
    "a superseded version the district does not publish": _superseded_not_published,
    "the version in force, as a record": _version_in_force_as_record,
    "an unknown district": _unknown_district,
    "a district with nothing published": _district_with_nothing_published,
    "a district with only a draft": _draft_district_only,
    "an MOU under another district's address": _mou_under_another_district,
    "the PDF of a draft": _draft_pdf,
    "the signed copy of a version that has none": _no_signed_copy,
}
