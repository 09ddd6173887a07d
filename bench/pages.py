"""The pages `make bench` times, each as the role that uses it.

One line per page: a name, the demo account (the part of its email before "@"; "" for the
public), the address (built from the benchmark's subjects: the demo district, its program,
the school administrator's school, the supervisor's agency and the demo SRO's officer
record), and how it answers: "page" (HTML, timed to the whole response) or "csv" (a
streamed download, timed to its first bytes). The interactions issue adds its pages here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Subjects:
    district: object
    program: object
    school: object
    agency: object
    officer: object


@dataclass(frozen=True)
class Page:
    name: str
    who: str
    address: Callable[[Subjects], str]
    kind: str = "page"  # "page" or "csv"

    def url(self, s: Subjects) -> str:
        return self.address(s)


def _u(name: str, *args, query: str = "") -> str:
    url = reverse(name, args=args)
    return f"{url}?{query}" if query else url


ADMIN, SCHOOL, SUPERVISOR, SRO, PUBLIC = (
    "district.admin",
    "school.admin",
    "supervisor",
    "sro",
    "",
)

PAGES: list[Page] = [
    Page("Home", ADMIN, lambda s: _u("home")),
    Page("Home", SCHOOL, lambda s: _u("home")),
    Page("Home", SUPERVISOR, lambda s: _u("home")),
    Page("Home", SRO, lambda s: _u("home")),
    Page("District", ADMIN, lambda s: _u("district-detail", s.district.pk)),
    Page("School", SCHOOL, lambda s: _u("school-detail", s.school.pk)),
    Page("Agency", SUPERVISOR, lambda s: _u("agency-detail", s.agency.pk)),
    Page("Program", ADMIN, lambda s: _u("program-detail", s.program.pk)),
    Page("Officers", SUPERVISOR, lambda s: _u("officer-list")),
    Page("Officers: search", SUPERVISOR, lambda s: _u("officer-list", query="q=Sample")),
    Page("Officers: CSV", SUPERVISOR, lambda s: _u("officer-list", query="format=csv"), "csv"),
    Page("Officer (200 records)", SUPERVISOR, lambda s: _u("officer-detail", s.officer.pk)),
    Page("Officer: own page", SRO, lambda s: _u("officer-detail", s.officer.pk)),
    Page("Training grid", ADMIN, lambda s: _u("training-grid", query=f"program={s.program.pk}")),
    Page(
        "Training grid: overdue",
        ADMIN,
        lambda s: _u("training-grid", query=f"program={s.program.pk}&standing=overdue"),
    ),
    Page(
        "Training grid: CSV",
        ADMIN,
        lambda s: _u("training-grid", query=f"program={s.program.pk}&format=csv"),
        "csv",
    ),
    Page("Training import", SUPERVISOR, lambda s: _u("training-import")),
    Page("Staffing", ADMIN, lambda s: _u("district-staffing", s.district.pk)),
    Page("Staff training", ADMIN, lambda s: _u("staff-training", s.program.pk)),
    Page("School's SROs", SCHOOL, lambda s: _u("school-sros", s.school.pk)),
    Page("School enrollment", SCHOOL, lambda s: _u("school-enrollment", s.school.pk)),
    Page("Postings", ADMIN, lambda s: _u("posting-list")),
    Page("Community", ADMIN, lambda s: _u("program-community", s.program.pk)),
    Page("MOUs", ADMIN, lambda s: _u("mou-list")),
    Page("Reports", ADMIN, lambda s: _u("report-list")),
    Page("Transparency", PUBLIC, lambda s: _u("transparency-district", s.district.slug)),
]
