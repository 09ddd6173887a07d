"""Reads for the public transparency pages (`/transparency/`, no sign-in).

The safe query is the default here: every function starts from
`MouVersion.objects.published()`, the versions that were executed (in force, or superseded /
expired and kept for the record). A draft or a version in review is never read by this module,
so no public page can show one. The text of a superseded or expired version is shown only
where the district chose to publish it (`Mou.publish_superseded`).

What is published about the officers is their number, never who they are (names, badges,
assignments): the MOU names the schools it covers and the supervision it sets (COPS-2 (g)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from mous import text
from mous.models import AnnualReview, CoveredSchool, Mou, MouVersion, Section, Signature
from programs.models import Agency, Assignment, District

Status = MouVersion.Status
# Kept for the record: listed by date, their text linked only if the district chooses.
RECORD_STATUSES = (Status.SUPERSEDED, Status.EXPIRED)


# -- districts ------------------------------------------------------------------------------------


@dataclass
class PublicDistrict:
    district: District
    mous_in_force: int


def district_list_public() -> list[PublicDistrict]:
    """The index: districts with at least one MOU in force, by name, in one query."""
    districts = (
        District.objects.annotate(
            mous_in_force=Count(
                "mous", filter=Q(mous__versions__status=Status.EXECUTED), distinct=True
            )
        )
        .filter(mous_in_force__gt=0)
        .order_by("name")
    )
    return [PublicDistrict(district=d, mous_in_force=d.mous_in_force) for d in districts]


def district_get_public(*, slug: str) -> District:
    """A district that has published an MOU (in force or for the record); else 404."""
    return get_object_or_404(
        District.objects.filter(
            Exists(MouVersion.objects.published().filter(mou__district=OuterRef("pk")))
        ),
        slug=slug,
    )


# -- MOUs -----------------------------------------------------------------------------------------


@dataclass
class PublicMou:
    mou: Mou
    version: MouVersion | None  # the version shown: the one in force, or one of the record
    agencies: list[Agency]
    record: list[MouVersion]  # superseded and expired versions, newest first
    last_review: AnnualReview | None
    schools: list = field(default_factory=list)  # the schools the version in force covers
    sro_count: int = 0
    pdf_language: str = "en"  # the language of the PDF a reader of the page's language gets
    title: str = ""  # in the page's language where the district gave it, as plain text

    @property
    def in_force(self) -> MouVersion | None:
        return next((v for v in self.mou.published if v.status == Status.EXECUTED), None)

    @property
    def record_linked(self) -> bool:
        return self.mou.publish_superseded


def localized_title(mou: Mou, language: str) -> str:
    return mou.title_es if language == "es" and mou.title_es else mou.title


def _public_mous(district: District) -> QuerySet[Mou]:
    return (
        Mou.objects.filter(district=district)
        .filter(Exists(MouVersion.objects.published().filter(mou=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=MouVersion.objects.published().order_by("-number"),
                to_attr="published",
            ),
            Prefetch("agencies", queryset=Agency.objects.order_by("name")),
            Prefetch(
                "reviews",
                queryset=AnnualReview.objects.order_by("-reviewed_on", "-pk"),
                to_attr="reviews_newest_first",
            ),
        )
        .order_by("title", "pk")
    )


def _build(mous: list[Mou], *, on: date, language: str) -> list[PublicMou]:
    """Each MOU with its version in force, the schools it covers and the number of SROs
    serving them on `on`: a fixed number of queries, however many MOUs and schools."""
    pages = []
    for mou in mous:
        pages.append(
            PublicMou(
                mou=mou,
                version=next((v for v in mou.published if v.status == Status.EXECUTED), None),
                agencies=list(mou.agencies.all()),
                record=[v for v in mou.published if v.status in RECORD_STATUSES],
                last_review=next(iter(mou.reviews_newest_first), None),
                title=localized_title(mou, language),
            )
        )
    in_force = {p.version.pk: p for p in pages if p.version is not None}
    links = CoveredSchool.objects.filter(version_id__in=in_force).select_related("school")
    for link in links.order_by("school__name"):
        in_force[link.version_id].schools.append(link.school)
    _count_sros(list(in_force.values()), on=on)
    spanish = _spanish_version_ids(in_force)
    for page in in_force.values():
        page.pdf_language = pdf_language(
            language, has_spanish=bool(page.mou.title_es) or page.version.pk in spanish
        )
    return pages


def _count_sros(pages: list[PublicMou], *, on: date) -> None:
    """The officers assigned on `on` to a covered school by one of the MOU's agencies, as
    mous.selectors.covered_assignments counts them, for all the MOUs in one query."""
    school_ids = {s.pk for p in pages for s in p.schools}
    if not school_ids:
        return
    assignments = (
        Assignment.objects.current_on(on)
        .filter(school_id__in=school_ids)
        .values_list("officer_id", "school_id", "officer__agency_id")
    )
    rows = list(assignments)
    for page in pages:
        schools = {s.pk for s in page.schools}
        agencies = {a.pk for a in page.agencies}
        page.sro_count = len(
            {
                officer
                for officer, school, agency in rows
                if school in schools and agency in agencies
            }
        )


def district_mous(*, district: District, on: date, language: str) -> list[PublicMou]:
    """The district page: its MOUs with anything published, in force or for the record."""
    return _build(list(_public_mous(district)), on=on, language=language)


def mou_get_public(*, district: District, pk: int, on: date, language: str) -> PublicMou:
    """An MOU of the district with a version in force; else 404."""
    mou = get_object_or_404(_public_mous(district), pk=pk)
    page = _build([mou], on=on, language=language)[0]
    if page.version is None:
        raise Http404
    return page


def version_in_force_get_public(*, district: District, pk: int) -> MouVersion:
    """The version in force of an MOU of the district (for its files); else 404."""
    return get_object_or_404(
        MouVersion.objects.in_force()
        .select_related("mou__district")
        .filter(mou__district=district),
        mou_id=pk,
    )


def record_version_get_public(
    *, district: District, pk: int, number: int, language: str
) -> PublicMou:
    """A superseded or expired version whose text the district publishes; else 404.

    The returned page's `version` is that version; its schools are the ones it covered.
    The number of SROs is not given: it is a count of today's officers, not the record's.
    """
    mou = get_object_or_404(_public_mous(district).filter(publish_superseded=True), pk=pk)
    version = next(
        (v for v in mou.published if v.number == number and v.status in RECORD_STATUSES), None
    )
    if version is None:
        raise Http404
    return PublicMou(
        mou=mou,
        version=version,
        agencies=list(mou.agencies.all()),
        record=[v for v in mou.published if v.status in RECORD_STATUSES and v != version],
        last_review=None,
        title=localized_title(mou, language),
        schools=[
            link.school
            for link in version.school_links.select_related("school").order_by("school__name")
        ],
    )


# -- the text of a version ------------------------------------------------------------------------


@dataclass
class PublicSection:
    anchor: str
    heading: str
    body: SafeString
    language: str  # the language of heading and body
    translated: bool  # False when Spanish was asked for and the district gave none


@dataclass
class PublicText:
    sections: list[PublicSection]
    signatures: list[Signature]


def version_text(version: MouVersion, *, language: str) -> PublicText:
    """A published version's sections in `language` where the district gave that text, else
    in English (marked, so the page can say so), and its signatures. Two queries."""
    if not version.is_published:  # a caller's mistake must not leak a draft
        raise Http404
    sections = [_section(s, language=language) for s in version.sections.all().order_by("position")]
    signatures = list(
        version.signatures.select_related("agency").order_by("party", "agency__name", "pk")
    )
    return PublicText(sections=sections, signatures=signatures)


def _section(section: Section, *, language: str) -> PublicSection:
    """The section as the district wrote it, in `language` where given. The HTML was rendered
    and sanitised when the section was saved (mous.services.section_save); nothing is
    rendered here."""
    anchor = f"section-{section.position}"
    if language == "es":
        if section.heading_es and section.body_es:
            return PublicSection(
                anchor, section.heading_es, text.stored(section.body_es_html), "es", True
            )
        return PublicSection(anchor, section.heading, text.stored(section.body_html), "en", False)
    return PublicSection(anchor, section.heading, text.stored(section.body_html), "en", True)


def _spanish_version_ids(version_ids) -> set[int]:
    return set(
        Section.objects.filter(version_id__in=version_ids)
        .exclude(body_es="")
        .order_by()
        .values_list("version_id", flat=True)
        .distinct()
    )


def has_spanish(version: MouVersion) -> bool:
    """Whether the district gave any Spanish text for this version (its MOU's title or a
    section): then a Spanish PDF is made."""
    return bool(version.mou.title_es) or bool(_spanish_version_ids([version.pk]))


def pdf_language(language: str, *, has_spanish: bool) -> str:
    """A Spanish reader gets the Spanish PDF where there is Spanish text, else the English."""
    return "es" if language == "es" and has_spanish else "en"
