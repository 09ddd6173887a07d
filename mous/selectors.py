"""Reads for MOUs: who sees which, the clause checklist, what changed between versions, when the
annual review is due, who was consulted. Visibility is built from the one door
(programs.access), so a user never sees another tenant's MOU: it is a 404.

Who sees what:
- district administrators and program viewers: every MOU of their district, drafts included;
- law-enforcement supervisors: the MOUs their agency is party to, drafts included (they
  comment and sign for the agency);
- school administrators: the MOUs covering their school; SROs: the MOUs their agency is party
  to. Both read executed, superseded and expired versions only, never drafts.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from mous import clauses
from mous.models import (
    COPS2_CATEGORIES,
    AnnualReview,
    CoveredSchool,
    Mou,
    MouAgency,
    MouVersion,
    Section,
    Signature,
    StakeholderCategory,
    StakeholderInput,
)
from programs.access import ADMINISTER, CHANGE, OVERSEE, SERVE, access_for, role_holders
from programs.clock import district_today, today_in
from programs.models import Agency, Assignment, Officer, Role
from sro_admin.sql import one_array

# -- visibility -----------------------------------------------------------------------------------


def _drafts_visible_q(user) -> Q:
    """MOUs whose drafts the user may read: the district's own people and the parties'
    supervisors."""
    access = access_for(user)
    if access.is_staff:
        return Q()
    return Q(district__in=access.districts(OVERSEE)) | Q(
        party_links__agency__in=access.agencies(CHANGE)
    )


def mou_list_for(user) -> QuerySet[Mou]:
    access = access_for(user)
    if not access.is_member:
        return Mou.objects.none()
    if access.is_staff:
        return Mou.objects.all()
    # Readers (SROs, school administrators) see an MOU once a version of it is executed.
    published = MouVersion.objects.published()
    readers = Q(
        party_links__agency__in=access.agencies(SERVE),
        pk__in=published.values("mou_id"),
    ) | Q(
        pk__in=published.filter(school_links__school__in=access.schools(ADMINISTER)).values(
            "mou_id"
        )
    )
    return Mou.objects.filter(
        pk__in=Mou.objects.filter(_drafts_visible_q(user) | readers).values("pk")
    )


def _drafts_visible(user) -> QuerySet[Mou]:
    return Mou.objects.filter(_drafts_visible_q(user))


def mou_sees_drafts(user, mou: Mou) -> bool:
    return _drafts_visible(user).filter(pk=mou.pk).exists()


def mou_is_changeable(user, mou: Mou) -> bool:
    """District administrators keep their district's MOUs (draft, edit, submit, execute)."""
    return access_for(user).districts(CHANGE).filter(pk=mou.district_id).exists()


def mou_get_for(user, pk: int) -> Mou:
    return get_object_or_404(mou_list_for(user).select_related("district"), pk=pk)


def version_list_for(user, mou: Mou) -> QuerySet[MouVersion]:
    versions = mou.versions.all()
    if not mou_sees_drafts(user, mou):
        versions = versions.published()
    return versions


def version_get_for(user, pk: int) -> MouVersion:
    version = get_object_or_404(
        MouVersion.objects.select_related("mou__district").filter(  # door: MOUs of mou_list_for
            mou__in=mou_list_for(user)
        ),
        pk=pk,
    )
    if not version.is_published and not mou_sees_drafts(user, version.mou):
        # A draft is not "forbidden" to a reader: for them it does not exist.
        from django.http import Http404

        raise Http404
    return version


def mous_with_current(user) -> list[Mou]:
    """The MOU list page: each MOU with its versions (newest first) in two queries."""
    return list(
        mou_list_for(user)
        .select_related("district")
        .prefetch_related(
            Prefetch("versions", queryset=MouVersion.objects.order_by("-number")),
            "agencies",
        )
        .order_by("district__name", "title")
    )


@dataclass
class MouRow:
    mou: Mou
    shown: MouVersion | None  # the newest version this user may read
    current: MouVersion | None  # the version in force
    review_due_on: date | None
    review_overdue: bool = False  # due before today, in the MOU's district


# How far ahead an annual review counts as due: the first reminder's (mous/reminders.py).
REVIEW_DUE_DAYS = 60


class Needing(models.TextChoices):
    """What the MOU list narrows to for the home page's "what needs me" (programs.needs)."""

    SIGNATURE = "signature", _("My signature or confirmation")
    REVIEW = "review", _("An annual review I keep, due within 60 days or overdue")


def mous_awaiting_signature_of(user, *, today: date) -> set[int]:
    """MOUs with a version in review that waits for `user` as the head (or a recorded
    delegate) of its district or of a party agency: to sign, or to confirm the paper signature
    the district recorded for the agency (NASRO-DISC). Five queries at most."""
    access = access_for(user)
    # What head_districts and head_agencies read, in one query.
    heads = list(access.signing_authorities(today).values_list("district_id", "agency_id"))
    districts = {d for d, _a in heads if d is not None}
    agencies = {a for _d, a in heads if a is not None}
    if not districts and not agencies:
        return set()
    versions = (
        MouVersion.objects.filter(  # door: versions of mou_list_for's MOUs
            status=MouVersion.Status.IN_REVIEW, mou__in=mou_list_for(user)
        )
        .select_related("mou")
        .prefetch_related("signatures", "mou__agencies")
    )
    waiting = set()
    for version in versions:
        for slot in signature_slots(version):
            mine = (
                version.mou.district_id in districts
                if slot.party == Signature.Party.SUPERINTENDENT
                else slot.agency_id in agencies
            )
            if mine and (slot.signature is None or slot.awaiting_confirmation):
                waiting.add(version.mou_id)
    return waiting


def mou_reviews_due_for(user, rows: list[MouRow], *, today: date) -> list[MouRow]:
    """The rows whose annual review (COPS-2, NASRO 04.01.02) falls due within REVIEW_DUE_DAYS
    or is overdue, among the MOUs the user keeps (their district's administrators) or is a
    party's supervisor of: whom the review reminders go to."""
    kept = set(_reviews_kept_by(user).values_list("pk", flat=True))
    horizon = today + timedelta(days=REVIEW_DUE_DAYS)
    return [
        row
        for row in rows
        if row.review_due_on is not None and row.review_due_on <= horizon and row.mou.pk in kept
    ]


def mou_reviews_due_count(user, *, today: date) -> tuple[int, int]:
    """How many MOUs `mou_reviews_due_for` lists for `user` (the MOU list narrowed to
    Needing.REVIEW), and how many of them are overdue: for the home page, in one query
    rather than by building the list. Its rows are the same: the MOU's version in force (at
    most one, and always readable: it is published) and its last review."""
    access = access_for(user)
    if not (access.holds_any("districts", CHANGE) or access.holds_any("agencies", CHANGE)):
        return 0, 0
    in_force = MouVersion.objects.filter(  # door: versions of the MOUs below
        mou=OuterRef("pk"), status=MouVersion.Status.EXECUTED
    ).order_by("-number")
    rows = (
        _reviews_kept_by(user)
        .annotate(
            executed_on=Subquery(in_force.values("executed_on")[:1]),
            last_review=Max("reviews__reviewed_on"),
        )
        .filter(executed_on__isnull=False)
        .values_list("executed_on", "last_review", "district__time_zone")
    )
    horizon = today + timedelta(days=REVIEW_DUE_DAYS)
    due: list[tuple[date, object]] = []
    for executed_on, last_review, zone in rows:
        due_on = _review_due(executed_on, last_review)
        if due_on <= horizon:
            due.append((due_on, zone))
    return len(due), sum(1 for due_on, zone in due if due_on < today_in(zone))


def _reviews_kept_by(user) -> QuerySet[Mou]:
    """The MOUs the user sees and keeps the annual review of: their district's (its
    administrators) or an agency's they supervise that is a party to it."""
    access = access_for(user)
    return mou_list_for(user).filter(
        Q(district__in=access.districts(CHANGE))
        | Exists(  # door: the links of the MOUs above, to the door's agencies
            MouAgency.objects.filter(mou=OuterRef("pk"), agency__in=access.agencies(CHANGE))
        )
    )


def _review_due(executed_on: date, last_review: date | None) -> date:
    """COPS-2, NASRO 04.01.02: a year after the version in force was executed or last
    reviewed, whichever is later."""
    return _one_year_after(max(executed_on, last_review or executed_on))


def mou_rows_for(
    user, *, status: str = "", needing: str = "", today: date | None = None
) -> list[MouRow]:
    """The MOU list: each MOU, its newest readable version, the version in force and when its
    review is due. Three queries whatever the number of MOUs (and up to five more when it is
    narrowed to what `needing` asks of the user, on `today`: Needing)."""

    mous = (
        mou_list_for(user)
        .select_related("district")
        .annotate(last_review=Max("reviews__reviewed_on"))
        .prefetch_related(
            Prefetch("versions", queryset=MouVersion.objects.order_by("-number")),
            Prefetch("agencies", queryset=Agency.objects.order_by("name")),
        )
        .order_by("district__name", "title")
    )
    drafts_ok = set(_drafts_visible(user).values_list("pk", flat=True))
    rows = []
    for mou in mous:
        readable = [v for v in mou.versions.all() if mou.pk in drafts_ok or v.is_published]
        shown = readable[0] if readable else None
        current = next((v for v in readable if v.status == MouVersion.Status.EXECUTED), None)
        if status and (shown is None or shown.status != status):
            continue
        due = None
        if current and current.executed_on:
            due = _review_due(current.executed_on, mou.last_review)
        rows.append(
            MouRow(
                mou=mou,
                shown=shown,
                current=current,
                review_due_on=due,
                review_overdue=due is not None and due < district_today(mou.district),
            )
        )
    if needing == Needing.SIGNATURE:
        waiting = mous_awaiting_signature_of(user, today=today)
        rows = [row for row in rows if row.mou.pk in waiting]
    elif needing == Needing.REVIEW:
        rows = mou_reviews_due_for(user, rows, today=today)
    return rows


def mous_open_to_input_from(user) -> QuerySet[Mou]:
    """The MOUs on which the user records stakeholder input (COPS-2: drafted with input from
    agency leadership): their district's administrators and the parties' supervisors."""
    access = access_for(user)
    keepers = Q(district__in=access.districts(CHANGE))
    parties = Q(party_links__agency__in=access.agencies(CHANGE))
    return Mou.objects.filter(keepers | parties)  # door: both from the door's querysets


def may_comment(user, mou: Mou) -> bool:
    return mous_open_to_input_from(user).filter(pk=mou.pk).exists()


def current_version(mou: Mou) -> MouVersion | None:
    """The version in force: the executed one, if any."""
    return next((v for v in mou.versions.all() if v.status == MouVersion.Status.EXECUTED), None)


# -- the checklist (COPS-2 (a)-(g), NASRO MOU topics) ---------------------------------------------


@dataclass
class ChecklistRow:
    clause: clauses.Clause
    sections: list[Section] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.sections)


@dataclass
class Checklist:
    rows: list[ChecklistRow]

    @property
    def missing_mandatory(self) -> list[clauses.Clause]:
        return [r.clause for r in self.rows if r.clause.mandatory and not r.covered]

    @property
    def missing_recommended(self) -> list[clauses.Clause]:
        return [r.clause for r in self.rows if not r.clause.mandatory and not r.covered]


def checklist(version: MouVersion, sections: list[Section] | None = None) -> Checklist:
    if sections is None:
        sections = list(version.sections.all())
    rows = [ChecklistRow(clause=c) for c in clauses.CLAUSES]
    by_code = {r.clause.code: r for r in rows}
    for section in sections:
        for code in section.clauses:
            if code in by_code:
                by_code[code].sections.append(section)
    return Checklist(rows=rows)


# -- signatures -----------------------------------------------------------------------------------


@dataclass
class SignatureSlot:
    party: str
    agency_id: int | None
    label: str
    signature: Signature | None

    @property
    def awaiting_confirmation(self) -> bool:
        return self.signature is not None and not self.signature.is_confirmed


def signature_slots(version: MouVersion) -> list[SignatureSlot]:
    """Who must sign (NASRO-DISC: the superintendent and the head of each agency party)."""
    signed = {(s.party, s.agency_id): s for s in version.signatures.all()}
    slots = [
        SignatureSlot(
            party=Signature.Party.SUPERINTENDENT,
            agency_id=None,
            label=str(Signature.Party.SUPERINTENDENT.label),
            signature=signed.get((Signature.Party.SUPERINTENDENT, None)),
        )
    ]
    for agency in version.mou.agencies.all():
        slots.append(
            SignatureSlot(
                party=Signature.Party.AGENCY_HEAD,
                agency_id=agency.pk,
                label=f"{Signature.Party.AGENCY_HEAD.label}, {agency.name}",
                signature=signed.get((Signature.Party.AGENCY_HEAD, agency.pk)),
            )
        )
    return slots


def _heads_of(user, version: MouVersion) -> tuple[set[int], set[int]]:
    """The district and agencies of the version that `user` may sign for today, as head or
    delegate (NASRO-DISC), asked of the door."""
    access = access_for(user)
    today = district_today(version.mou.district)
    districts = set(
        access.head_districts(today).filter(pk=version.mou.district_id).values_list("pk", flat=True)
    )
    agencies = set(
        access.head_agencies(today)
        .filter(pk__in=version.mou.agencies.values("pk"))
        .values_list("pk", flat=True)
    )
    return districts, agencies


def may_sign(user, version: MouVersion) -> list[SignatureSlot]:
    """The unsigned slots this user may sign in the app: those of the district and agencies
    they head (or are a recorded delegate of) today."""
    if version.status != MouVersion.Status.IN_REVIEW:
        return []
    districts, agencies = _heads_of(user, version)
    return [
        slot
        for slot in signature_slots(version)
        if slot.signature is None
        and (
            (slot.party == Signature.Party.SUPERINTENDENT and version.mou.district_id in districts)
            or (slot.party == Signature.Party.AGENCY_HEAD and slot.agency_id in agencies)
        )
    ]


def may_confirm(user, version: MouVersion) -> list[Signature]:
    """The agencies' paper signatures, recorded by the district, that this user confirms or
    declines as the agency's head or delegate."""
    if version.status != MouVersion.Status.IN_REVIEW:
        return []
    _districts, agencies = _heads_of(user, version)
    return [
        slot.signature
        for slot in signature_slots(version)
        if slot.awaiting_confirmation and slot.agency_id in agencies
    ]


def signature_get_for(user, version: MouVersion, pk: int) -> Signature:
    return get_object_or_404(version.signatures.select_related("agency"), pk=pk)


def mous_in_force_between(district_ids, agency_ids=None) -> list[Mou]:
    """MOUs in force in these districts (with these agencies, if given): COPS-2 asks for one
    MOU between each agency and district, so starting another one warns."""
    mous = Mou.objects.filter(  # door: district ids from the door (the view's form choices)
        district_id__in=district_ids, versions__status=MouVersion.Status.EXECUTED
    )
    if agency_ids is not None:
        mous = mous.filter(party_links__agency_id__in=agency_ids)
    return list(
        mous.distinct()
        .select_related("district")
        .prefetch_related(Prefetch("agencies", queryset=Agency.objects.order_by("name")))
        .order_by("district__name", "title")
    )


# -- coverage: the SROs and schools an MOU covers --------------------------------------------------


def covered_assignments(version: MouVersion, *, on: date | None = None):
    """Who the version covers (COPS-2 (g)): assignments at its schools by its agencies.
    Counted for everyone (the public page shows the number); named only through
    `covered_officers`."""
    # door: counted, never named; the version itself came through the door.
    assignments = Assignment.objects.filter(
        school__in=version.schools.all(), officer__agency__in=version.mou.agencies.all()
    )
    if on is not None:
        assignments = assignments.current_on(on)
    return assignments


def covered_officers(user, version: MouVersion, *, on: date | None = None) -> QuerySet[Officer]:
    """The SROs the version covers that the user may see (COPS-2 (g)): a school administrator
    sees their own school's, an SRO themself."""
    return (
        access_for(user)
        .officers()
        .filter(pk__in=covered_assignments(version, on=on).values("officer_id"))
        .select_related("agency")
    )


def covered_placements(placements: Collection[tuple[int, int]], on: date) -> set[tuple[int, int]]:
    """Which (agency id, school id) pairs an executed MOU in force on `on` covers: one the
    agency is party to, of the school's district, whose executed version names the school
    (COPS-2; COPS-11 places SROs at schools). One query, however many pairs. Registered with
    programs.coverage by MousConfig.ready(), so the assignment form and the staffing page
    warn about the rest without programs importing mous."""
    pairs = set(placements)
    if not pairs:
        return set()
    rows = (
        CoveredSchool.objects.filter(
            # One array each: a big district's page checks all its schools' placements.
            school_id__in=one_array({school_id for _agency_id, school_id in pairs}),
            version__status=MouVersion.Status.EXECUTED,
            version__mou__district_id=F("school__district_id"),
            version__mou__party_links__agency_id__in=one_array({a for a, _school in pairs}),
        )
        .filter(Q(version__effective_from__isnull=True) | Q(version__effective_from__lte=on))
        .filter(Q(version__effective_until__isnull=True) | Q(version__effective_until__gte=on))
        .values_list("version__mou__party_links__agency_id", "school_id")
    )
    return pairs & set(rows)


# -- stakeholder input (COPS-2) --------------------------------------------------------------------


@dataclass
class ConsultationSummary:
    heard: list[tuple[str, int]]  # (category label, number of inputs)
    not_heard: list[str]


def consultation_summary(mou: Mou) -> ConsultationSummary:
    from django.db.models import Count

    counts = dict(
        mou.inputs.values_list("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    labels = dict(StakeholderCategory.choices)
    heard = [(labels[c], counts[c]) for c in StakeholderCategory.values if counts.get(c)]
    not_heard = [labels[c] for c in COPS2_CATEGORIES if not counts.get(c)]
    return ConsultationSummary(heard=heard, not_heard=not_heard)


def inputs_for(mou: Mou) -> QuerySet[StakeholderInput]:
    return mou.inputs.select_related("version", "recorded_by")


# -- annual review (COPS-2, NASRO 04.01.02) -------------------------------------------------------


def review_due_on(mou: Mou, version: MouVersion | None = None) -> date | None:
    """One year after the current version's execution or the last review, whichever is later."""
    version = version or mou.versions.in_force().first()
    if version is None or version.executed_on is None:
        return None
    last = (
        AnnualReview.objects.filter(mou=mou)
        .order_by("-reviewed_on")
        .values_list("reviewed_on", flat=True)
    ).first()
    return _review_due(version.executed_on, last)


def _one_year_after(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def reviews_for(mou: Mou) -> QuerySet[AnnualReview]:
    return mou.reviews.select_related("version", "resulting_version", "recorded_by")


def reminder_recipients(mou: Mou) -> list[str]:
    """The district's administrators and the agencies' supervisors, by email."""
    people = role_holders(Role.DISTRICT_ADMIN, districts=[mou.district_id]) | role_holders(
        Role.LE_SUPERVISOR, agencies=mou.agencies.all()
    )
    return sorted(set(people.values_list("email", flat=True)))


# -- what changed between two versions ------------------------------------------------------------


@dataclass
class SectionChange:
    kind: str  # "added", "removed", "changed", "unchanged"
    heading: str
    old: Section | None
    new: Section | None
    lines: list[tuple[str, str]] = field(default_factory=list)  # ("+"|"-"|" ", text)
    clauses_added: list[clauses.Clause] = field(default_factory=list)
    clauses_removed: list[clauses.Clause] = field(default_factory=list)


def _key(section: Section) -> str:
    return " ".join(section.heading.lower().split())


def version_diff(old: MouVersion, new: MouVersion) -> list[SectionChange]:
    """Sections matched by heading; changed text as a line diff a reader can follow."""
    old_sections = {_key(s): s for s in old.sections.all()}
    new_sections = list(new.sections.all())
    changes: list[SectionChange] = []
    seen: set[str] = set()
    for section in new_sections:
        key = _key(section)
        seen.add(key)
        before = old_sections.get(key)
        if before is None:
            changes.append(
                SectionChange(
                    "added",
                    section.heading,
                    None,
                    section,
                    lines=[("+", line) for line in section.body.splitlines()],
                    clauses_added=[clauses.get(c) for c in section.clauses if c in clauses.BY_CODE],
                )
            )
            continue
        lines = _line_diff(before.body, section.body)
        added = [c for c in section.clauses if c not in before.clauses and c in clauses.BY_CODE]
        removed = [c for c in before.clauses if c not in section.clauses and c in clauses.BY_CODE]
        same = all(kind == " " for kind, _ in lines) and not added and not removed
        changes.append(
            SectionChange(
                "unchanged" if same else "changed",
                section.heading,
                before,
                section,
                lines=lines,
                clauses_added=[clauses.get(c) for c in added],
                clauses_removed=[clauses.get(c) for c in removed],
            )
        )
    for key, section in old_sections.items():
        if key not in seen:
            changes.append(
                SectionChange(
                    "removed",
                    section.heading,
                    section,
                    None,
                    lines=[("-", line) for line in section.body.splitlines()],
                    clauses_removed=[
                        clauses.get(c) for c in section.clauses if c in clauses.BY_CODE
                    ],
                )
            )
    return changes


def _line_diff(before: str, after: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        tag, text = line[:1], line[2:]
        if tag in {"+", "-", " "}:
            out.append((tag, text))
    return out


def previous_version(version: MouVersion) -> MouVersion | None:
    return version.mou.versions.filter(number__lt=version.number).order_by("-number").first()
