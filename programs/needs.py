"""What needs me now: the home page's list of things waiting for the signed-in person, each a
count that links to the list it counts (filtered to exactly those rows).

One small registry. Each app adds what it knows about with `@provides` (mous registers its
MOU signatures and reviews in its AppConfig.ready(); later, interactions to review,
evaluations due and complaints past their deadline join the same way). A provider takes the
user, their door (programs.access) and their today (programs.clock.user_today) and returns
`Need`s; it must ask the database a fixed number of times whatever the volume (the home page's
query count is pinned in the tests), and scope everything through the door.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, TextChoices
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from programs.access import ADMINISTER, CHANGE, KEEP_PROBATION, OVERSEE, Access, access_for
from programs.clock import user_today


class Urgency(TextChoices):
    """Said in words beside the count, never by colour alone."""

    OVERDUE = "overdue", _("Overdue")
    SOON = "soon", _("Due soon")
    TO_DO = "to_do", _("To do")


@dataclass(frozen=True)
class Need:
    label: str  # a sentence with the count in it
    count: int
    url: str  # the list of exactly what is counted
    urgency: str = Urgency.TO_DO
    rule_id: str = ""  # the rule in DOMAIN.md that asks for it

    @property
    def urgency_label(self) -> str:
        return Urgency(self.urgency).label


Provider = Callable[..., Iterable[Need]]
_providers: list[Provider] = []

# How far ahead a probation's end counts as due (NASRO 02.01.07: decide it on time).
PROBATION_DUE_DAYS = 30


def provides(provider: Provider) -> Provider:
    """Register a provider: `provider(*, user, access, today) -> Iterable[Need]`."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def needs_for(user, *, today: date | None = None) -> list[Need]:
    """Everything waiting for `user`, overdue first, then due soon, then the rest."""
    access = access_for(user)
    if not access.is_member or access.is_staff:
        return []  # site staff run the site; needs belong to the program's people
    today = today or user_today(user)
    found = [
        need
        for provider in _providers
        for need in provider(user=user, access=access, today=today)
        if need.count
    ]
    order = list(Urgency.values)
    return sorted(found, key=lambda n: order.index(n.urgency))


def filtered(url_name: str, *args, **params) -> str:
    """The address of a list, filtered: reverse() plus a query string."""
    url = reverse(url_name, args=args)
    return f"{url}?{urlencode(params)}" if params else url


# -- programs' own needs ------------------------------------------------------------------------


@provides
def training_due(*, user, access: Access, today: date) -> list[Need]:
    """COPS-8: training overdue or due soon, for whoever keeps or oversees it: the SRO's own;
    a supervisor's officers and a district's, per program; a school's SROs."""
    from programs.selectors import (
        Attention,
        officer_programs,
        training_attention_counts,
        training_grids,
    )
    from programs.selectors.selection import school_sro_assignments

    found: list[Need] = []
    officer = access.own_officer_record().select_related("agency").first()
    if officer is not None:
        programs = list(officer_programs(user, officer).select_related("district"))
        grids = training_grids(user, programs, officers={p.pk: [officer] for p in programs})
        overdue = sum(g.rows[0].overdue for g in grids if g.rows)
        soon = sum(g.rows[0].due_soon for g in grids if g.rows)
        url = officer.get_absolute_url()
        found.append(
            Need(
                ngettext(
                    "%(n)s of your training requirements is overdue.",
                    "%(n)s of your training requirements are overdue.",
                    overdue,
                )
                % {"n": overdue},
                overdue,
                url,
                Urgency.OVERDUE,
                "COPS-8",
            )
        )
        found.append(
            Need(
                ngettext(
                    "%(n)s of your training requirements is due soon.",
                    "%(n)s of your training requirements are due soon.",
                    soon,
                )
                % {"n": soon},
                soon,
                url,
                Urgency.SOON,
                "COPS-8",
            )
        )
    # Programs whose officers' training the user keeps (supervisors) or oversees (the
    # district's own people); the rows are the officers the door shows them.
    programs = list(
        (
            access.programs(OVERSEE)
            | access.programs().filter(district__agency_links__agency__in=access.agencies(CHANGE))
        )
        .distinct()
        .select_related("district")
        .order_by("district__name")
    )
    if programs:
        several = len(programs) > 1
        # Counted in the database, whatever the number of officers (ADR 0018).
        counts = training_attention_counts(user, programs)
        for program in programs:
            where = {"program": program.name} if several else {}
            overdue, soon = counts[program.pk]
            url = lambda standing, p=program: filtered(  # noqa: E731
                "training-grid", program=p.pk, standing=standing
            )
            found.append(
                Need(
                    _officers_sentence(overdue, "overdue", **where),
                    overdue,
                    url(Attention.OVERDUE),
                    Urgency.OVERDUE,
                    "COPS-8",
                )
            )
            found.append(
                Need(
                    _officers_sentence(soon, "soon", **where),
                    soon,
                    url(Attention.SOON),
                    Urgency.SOON,
                    "COPS-8",
                )
            )
    # A school's administrators: the SROs serving their school.
    for school in access.schools(ADMINISTER).select_related("district").order_by("name"):
        assignments = list(school_sro_assignments(user, school, today=today))
        if not assignments:
            continue
        program = access.programs().filter(district_id=school.district_id).first()
        if program is None:
            continue
        sros = list({a.officer_id: a.officer for a in assignments}.values())
        [grid] = training_grids(user, [program], officers={program.pk: sros})
        overdue = sum(1 for row in grid.rows if row.overdue)
        found.append(
            Need(
                ngettext(
                    "%(n)s SRO at %(school)s has training overdue.",
                    "%(n)s SROs at %(school)s have training overdue.",
                    overdue,
                )
                % {"n": overdue, "school": school.name},
                overdue,
                filtered("school-sros", school.pk, training=Attention.OVERDUE),
                Urgency.OVERDUE,
                "COPS-8",
            )
        )
    return found


def _officers_sentence(n: int, kind: str, program: str = "") -> str:
    if kind == "overdue":
        text = ngettext(
            "%(n)s officer has training overdue",
            "%(n)s officers have training overdue",
            n,
        )
    else:
        text = ngettext(
            "%(n)s officer has training due soon",
            "%(n)s officers have training due soon",
            n,
        )
    text = text % {"n": n}
    return f"{text} ({program})." if program else f"{text}."


@provides
def postings_open(*, user, access: Access, today: date) -> list[Need]:
    """COPS-5: open SRO positions, for those who fill them (the district's administrators and
    the supervisors of agencies serving it)."""
    from programs.models import Posting

    n = access.postings(CHANGE).filter(status=Posting.Status.OPEN).count()
    return [
        Need(
            ngettext("%(n)s SRO position is open.", "%(n)s SRO positions are open.", n) % {"n": n},
            n,
            filtered("posting-list", status=Posting.Status.OPEN),
            Urgency.TO_DO,
            "COPS-5",
        )
    ]


@provides
def school_input_requested(*, user, access: Access, today: date) -> list[Need]:
    """NASRO 02.01.01, 04.01.03: the school administration takes part in selecting its SRO.
    Postings at the user's school with a candidate whose interview the school has not yet
    recorded taking part in."""
    from programs.selectors.selection import postings_awaiting_school

    n = postings_awaiting_school(access.postings().filter(school__in=access.schools(ADMINISTER)))
    n = n.count()
    return [
        Need(
            ngettext(
                "%(n)s posting at your school awaits your part in the selection.",
                "%(n)s postings at your school await your part in the selection.",
                n,
            )
            % {"n": n},
            n,
            filtered("posting-list", awaiting="school"),
            Urgency.TO_DO,
            "NASRO 04.01.03",
        )
    ]


@provides
def probations_due(*, user, access: Access, today: date) -> list[Need]:
    """NASRO 02.01.07, 04.01.05: a probation ending within 30 days, or ended with no outcome
    yet: its keepers decide it; the school's administrators review it with them."""
    from programs.models import Probation

    due = Probation.objects.filter(  # door: the assignments below come from the door
        assignment__in=access.assignments(KEEP_PROBATION)
        | access.assignments().filter(school__in=access.schools(ADMINISTER)),
        outcome=Probation.Outcome.PENDING,
        ends_on__lte=today + timedelta(days=PROBATION_DUE_DAYS),
    )
    n = due.count()
    overdue = due.filter(ends_on__lt=today).exists() if n else False
    return [
        Need(
            ngettext(
                "%(n)s probation ends soon or has ended without an outcome.",
                "%(n)s probations end soon or have ended without an outcome.",
                n,
            )
            % {"n": n},
            n,
            filtered("officer-list", probation="due"),
            Urgency.OVERDUE if overdue else Urgency.SOON,
            "NASRO 02.01.07",
        )
    ]


@provides
def enrollment_missing(*, user, access: Access, today: date) -> list[Need]:
    """Enrollment is every rate's denominator (STATISTICS.md): whoever keeps a school's record
    (the district's administrators, the school's own) enters this school year's."""
    from programs.models import Enrollment
    from programs.selectors.enrollment import current_school_year

    year = current_school_year(today)
    # Counted per district in the database: a large district has thousands of schools.
    counts = (
        access.schools(CHANGE)
        .exclude(Exists(Enrollment.objects.filter(school=OuterRef("pk"), school_year=year)))
        .order_by("district_id")
        .values("district_id")
        .annotate(n=Count("pk"))
        .values_list("district_id", "n")
    )
    return [
        Need(
            ngettext(
                "%(n)s school has no enrollment for this school year.",
                "%(n)s schools have no enrollment for this school year.",
                n,
            )
            % {"n": n},
            n,
            filtered("district-staffing", district_id, enrollment="missing"),
            Urgency.TO_DO,
            "COPS-10",
        )
        for district_id, n in counts
    ]
