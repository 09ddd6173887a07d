"""Demo data: two districts, five schools each, two agencies each, a user for every role.

Fictional throughout: no real people's names; NCES-style IDs start with 99, which no state uses.
Loading twice changes nothing.
"""

from __future__ import annotations

DEMO_PASSWORD = "sro-demo-2026"  # noqa: S105 - demo accounts only, shown in the README

DISTRICTS = [
    {
        "slug": "riverbend",
        "name": "Riverbend Unified School District",
        "state": "OH",
        "nces_id": "9900001",
        "time_zone": "America/New_York",
        "schools": [
            "Riverbend High School",
            "Riverbend Middle School",
            "Willow Creek Elementary School",
            "Oak Hollow Elementary School",
            "Riverbend Alternative Academy",
        ],
        "agencies": [
            ("Riverbend Police Department", "police_department"),
            ("Millbrook County Sheriff's Office", "sheriffs_office"),
        ],
        "officer": ("Avery", "Sample", "RPD-1042"),
        "mission": "Keep Riverbend's students safe and in school, with officers who know them.",
    },
    {
        "slug": "cedar-valley",
        "name": "Cedar Valley Public Schools",
        "state": "CO",
        "nces_id": "9900002",
        "time_zone": "America/Denver",
        "schools": [
            "Cedar Valley High School",
            "Summit Middle School",
            "Aspen Ridge Elementary School",
            "Pine Meadow Elementary School",
            "Cedar Valley Early College",
        ],
        "agencies": [
            ("Cedar Valley Police Department", "police_department"),
            ("Cedar Valley Schools Police Department", "school_district_police"),
        ],
        "officer": ("Jordan", "Example", "CVPD-207"),
        "mission": "Safe schools where every student is treated fairly.",
    },
]

# (email local part, role, label, first name) for each district; the domain is <slug>.example.
# A person's name is the first name and the district's short name: clearly made up.
ROLE_USERS = [
    ("district.admin", "district_admin", "District administrator", "Morgan"),
    ("school.admin", "school_admin", "School administrator", "Quinn"),
    ("supervisor", "le_supervisor", "Law-enforcement supervisor", "Blake"),
    ("sro", "sro", "School resource officer", None),  # named after their officer record
    ("viewer", "program_viewer", "Program viewer", "Parker"),
]
STAFF_EMAIL = "staff@sro-admin.example"

# More officers per district, so the training grid shows every standing. Each is
# (first, last, badge, agency index, school index or None, months since placement,
#  years sworn, [(course code, months ago completed), ...]). Dates count back from the
# day the demo is loaded. The first officer of each district is the SRO demo account's.
OFFICERS = {
    "riverbend": [
        (
            "Avery",
            "Sample",
            "RPD-1042",
            0,
            0,
            30,
            9,
            [
                ("basic-sro", 27),
                ("advanced-sro", 14),
                ("annual-school-safety", 1),
                ("rapid-deployment", 23),
                ("special-needs-iep", 20),
            ],
        ),  # the SRO demo account: rapid deployment due again within the month (home page)
        ("Casey", "Fictional", "RPD-1107", 0, 1, 8, 5, []),  # basic course due soon
        (
            "Drew",
            "Placeholder",
            "MCSO-311",
            1,
            2,
            26,
            12,
            [("basic-sro", 24)],
        ),  # annual training and advanced course overdue
        (
            "Emerson",
            "Testcase",
            "RPD-1210",
            0,
            3,
            14,
            2,
            [("basic-sro", 3)],
        ),  # basic done late; under three years' experience
        (
            "Finley",
            "Mockton",
            "MCSO-344",
            1,
            4,
            40,
            15,
            [
                ("basic-sro", 38),
                ("advanced-sro", 26),
                ("annual-school-safety", 2),
                ("rapid-deployment", 5),
                ("special-needs-iep", 30),
            ],
        ),
        ("Harper", "Notreal", "RPD-1301", 0, None, 0, 6, []),  # not placed yet
    ],
    "cedar-valley": [
        (
            "Jordan",
            "Example",
            "CVPD-207",
            0,
            0,
            20,
            7,
            [("basic-sro", 18), ("annual-school-safety", 3), ("special-needs-iep", 12)],
        ),
        (
            "Kai",
            "Dummyfield",
            "CVPD-233",
            0,
            1,
            36,
            11,
            [
                ("basic-sro", 34),
                ("advanced-sro", 23),
                ("annual-school-safety", 14),
                ("rapid-deployment", 30),
            ],
        ),  # annual and rapid deployment overdue
        ("Logan", "Sampleton", "CVSPD-12", 1, 2, 6, 4, [("basic-sro", 2)]),
        ("Morgan", "Fakename", "CVSPD-19", 1, 3, 9, 8, []),  # basic course overdue
        (
            "Noel",
            "Examplar",
            "CVPD-251",
            0,
            4,
            50,
            20,
            [
                ("basic-sro", 48),
                ("advanced-sro", 36),
                ("annual-school-safety", 1),
                ("rapid-deployment", 12),
                ("special-needs-iep", 40),
            ],
        ),
        ("Oakley", "Mockridge", "CVPD-260", 0, None, 0, 3, []),
    ],
}


def demo_sign_ins() -> list[tuple[str, str]]:
    """(email, what it is) for every demo account, for `make run` and the README."""
    rows = [(STAFF_EMAIL, "Site staff (Django admin)")]
    for d in DISTRICTS:
        for local, _role, label, _first in ROLE_USERS:
            rows.append((f"{local}@{d['slug']}.example", f"{label}, {d['name']}"))
    return rows


def demo_load() -> bool:
    """Load the demo data, as site staff (the heads are recorded by the district's and the
    agency's own people). Returns True if anything was created."""
    from functools import partial

    from django.db import transaction

    from programs.clock import district_today
    from programs.demo_community import demo_community
    from programs.demo_enrollment import demo_enrollment
    from programs.demo_selection import demo_selection
    from programs.models import (
        Agency,
        AgencyDistrict,
        Course,
        District,
        Officer,
        Program,
        Role,
        School,
    )
    from programs.selectors.training import add_months
    from programs.services import (
        assignment_create,
        membership_grant,
        program_create,
        training_record_create,
    )
    from sro_admin.audit import audit_context
    from sro_admin.models import User

    created_any = False

    def user(email: str, full_name: str, **extra) -> User:
        nonlocal created_any
        found = User.objects.filter(email__iexact=email).first()
        if found:
            return found
        created_any = True
        return User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **extra)

    with transaction.atomic(), audit_context(source="load_demo"):
        staff = user(STAFF_EMAIL, "Site Staff", is_staff=True, is_superuser=True)
        for d in DISTRICTS:
            district, created = District.objects.get_or_create(
                slug=d["slug"],
                defaults={k: d[k] for k in ("name", "state", "nces_id", "time_zone")},
            )
            created_any |= created
            today = district_today(district)  # the demo's dates are relative to it
            schools = []
            for n, name in enumerate(d["schools"], start=1):
                school, created = School.objects.get_or_create(
                    district=district,
                    name=name,
                    defaults={"nces_id": f"{d['nces_id']}{n:05d}"},
                )
                created_any |= created
                schools.append(school)
            agencies = []
            for name, kind in d["agencies"]:
                agency, created = Agency.objects.get_or_create(name=name, defaults={"kind": kind})
                created_any |= created
                _, created = AgencyDistrict.objects.get_or_create(agency=agency, district=district)
                created_any |= created
                agencies.append(agency)
            domain = f"{d['slug']}.example"
            short = d["name"].split(" ")[0]
            first, last, badge = d["officer"]
            people = {
                local: user(f"{local}@{domain}", f"{given} {short}" if given else f"{first} {last}")
                for local, _role, _label, given in ROLE_USERS
            }
            if not Program.objects.filter(district=district).exists():
                program_create(actor=staff, district=district, mission=d["mission"])
                created_any = True
            courses = {c.code: c for c in Course.objects.filter(program=None)}
            officers = []
            for n, (given, family, badge, agency_i, school_i, placed, sworn, done) in enumerate(
                OFFICERS[d["slug"]]
            ):
                officer, created = Officer.objects.get_or_create(
                    agency=agencies[agency_i],
                    badge_number=badge,
                    defaults={
                        "first_name": given,
                        "last_name": family,
                        "rank": "Officer" if n else "Corporal",
                        "sworn_on": add_months(today, -12 * sworn),
                        "volunteered": n != 3,
                        "user": people["sro"] if n == 0 else None,
                    },
                )
                officers.append(officer)
                if not created:
                    continue
                created_any = True
                if school_i is not None:
                    assignment_create(
                        actor=staff,
                        officer=officer,
                        school=schools[school_i],
                        starts_on=add_months(today, -placed),
                    )
                for code, months_ago in done:
                    training_record_create(
                        actor=staff,
                        officer=officer,
                        course=courses[code],
                        completed_on=add_months(today, -months_ago),
                        hours=courses[code].expected_hours or 4,
                        provider="Demo training provider",
                        today=today,
                    )
            # Enrollment and profiles, selection and probation, the community record.
            parts = {
                "district": district,
                "schools": schools,
                "agencies": agencies,
                "officers": officers,
                "today": today,
            }
            # The demo is loaded by site staff, who may do everything through the door.
            created_any |= demo_enrollment(**parts, actor=staff)
            created_any |= demo_selection(**parts, actor=staff)
            created_any |= demo_community(**parts, actor=staff)
            before = people["district.admin"].memberships.count()
            # Site staff grant roles, and load the demo through the same door as everyone.
            grant = partial(membership_grant, actor=staff)
            grant(user=people["district.admin"], role=Role.DISTRICT_ADMIN, district=district)
            grant(user=people["viewer"], role=Role.PROGRAM_VIEWER, district=district)
            grant(user=people["school.admin"], role=Role.SCHOOL_ADMIN, school=schools[0])
            grant(user=people["supervisor"], role=Role.LE_SUPERVISOR, agency=agencies[0])
            grant(user=people["sro"], role=Role.SRO, agency=agencies[0])
            created_any |= before == 0
            created_any |= _demo_heads(district, agencies[0], people, since=add_months(today, -36))
    return created_any


def _demo_heads(district, agency, people, *, since) -> bool:
    """The superintendent (the district administrator's account) and the chief or sheriff
    (the supervisor's), who sign the demo MOUs (NASRO-DISC). Recorded once."""
    from programs.models import SigningAuthority
    from programs.services.heads import signing_authority_add

    if SigningAuthority.objects.filter(district=district).exists():
        return False
    admin, supervisor = people["district.admin"], people["supervisor"]
    signing_authority_add(
        actor=admin,
        district=district,
        person=admin,
        kind=SigningAuthority.Kind.SUPERINTENDENT,
        title="Superintendent",
        starts_on=since,
    )
    sheriff = agency.kind == agency.Kind.SHERIFFS_OFFICE
    signing_authority_add(
        actor=supervisor,
        agency=agency,
        person=supervisor,
        kind=SigningAuthority.Kind.SHERIFF if sheriff else SigningAuthority.Kind.CHIEF,
        title="Sheriff" if sheriff else "Chief of Police",
        starts_on=since,
    )
    return True
