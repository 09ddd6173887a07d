"""The shared course catalogue and the default training schedule of a new program.

Seeded from DOMAIN.md: COPS-8's recommended topics, the NASRO courses (basic 40 hours,
advanced, annual school safety, rapid deployment), NASRO-DISC's special-needs training and
the ORGS topics. Programs add their own courses and change the schedule; both are data.
"""

# (code, name, category, expected hours, rules)
COURSES = [
    ("basic-sro", "Basic SRO course (40 hours)", "basic", 40, "COPS-8; NASRO 03.02.01"),
    ("advanced-sro", "Advanced SRO course", "advanced", 24, "NASRO 03.03.01"),
    (
        "annual-school-safety",
        "Annual school-safety training (crisis planning, active threat response, adolescent "
        "mental health)",
        "annual_safety",
        8,
        "NASRO 03.01.01",
    ),
    (
        "rapid-deployment",
        "Single-officer rapid deployment",
        "rapid_deployment",
        8,
        "NASRO 03.04.01",
    ),
    ("special-needs-iep", "Special needs and IEPs", "special_needs", 8, "NASRO-DISC"),
    ("role-limits", "The SRO's role: school discipline versus safety", "topic", None, "COPS-8"),
    ("mental-health-referral", "When to call mental-health professionals", "topic", None, "COPS-8"),
    (
        "civil-rights",
        "Constitutional and civil rights (Title VI, Title IX, Section 504, ADA Title II)",
        "topic",
        None,
        "COPS-8",
    ),
    ("incident-reporting", "Incident reporting and data collection", "topic", None, "COPS-8"),
    ("procedural-justice", "Procedural justice", "topic", None, "COPS-8"),
    ("mtss-pbis", "MTSS and PBIS", "topic", None, "COPS-8"),
    ("community-policing", "Community policing and SARA problem solving", "topic", None, "COPS-8"),
    ("de-escalation", "De-escalation", "topic", None, "COPS-8; ORGS"),
    ("child-development", "Child and adolescent development", "topic", None, "COPS-8; ORGS"),
    ("dating-violence", "Teen dating violence and sexual assault", "topic", None, "COPS-8"),
    ("ferpa", "FERPA and student records", "topic", None, "COPS-8; NASRO 03.02.03"),
    (
        "student-groups",
        "Serving students with disabilities, English learners, immigrant and LGBTQI+ students",
        "topic",
        None,
        "COPS-8",
    ),
    ("bias-free-policing", "Bias-free policing", "topic", None, "COPS-8"),
    ("diversion", "Alternatives to arrest and diversion", "topic", None, "COPS-8"),
    ("trauma-informed", "Trauma-informed practice", "topic", None, "COPS-8; ORGS"),
    ("bullying", "Bullying", "topic", None, "COPS-8"),
    ("drugs-alcohol", "Drugs and alcohol", "topic", None, "COPS-8"),
    ("social-media", "Social media", "topic", None, "COPS-8"),
    ("emergency-management", "Emergency management", "topic", None, "COPS-8"),
    (
        "cpted",
        "Crime prevention through environmental design (CPTED)",
        "topic",
        None,
        "COPS-8; NASRO 04.01.02",
    ),
    ("threat-assessment", "Threat assessment", "topic", None, "COPS-8"),
    ("active-shooter", "Active shooter response", "topic", None, "COPS-8"),
    ("restorative-practices", "Restorative practices", "topic", None, "COPS-8; ORGS"),
    ("classroom-presentation", "Classroom presentation", "topic", None, "COPS-8"),
    ("implicit-bias", "Implicit bias and intersectionality", "topic", None, "ORGS"),
    ("youth-mental-health-first-aid", "Youth mental health first aid", "topic", None, "ORGS"),
    ("cpi", "Nonviolent crisis intervention (CPI)", "topic", None, "ORGS"),
    ("culturally-responsive", "Culturally responsive education", "topic", None, "ORGS"),
    ("positive-discipline", "Positive discipline", "topic", None, "ORGS"),
    (
        "school-policies",
        "School policies: discipline, special education, behaviour intervention",
        "topic",
        None,
        "NASRO 03.02.03",
    ),
]

# (course code, kind, months, after course code, rules). COPS-8 asks for the basic course
# within 9 months of placement, NASRO 03.02.01 within a year: the stricter is the default.
DEFAULT_REQUIREMENTS = [
    ("basic-sro", "within_months_of_placement", 9, None, "COPS-8; NASRO 03.02.01"),
    ("annual-school-safety", "every_school_year", None, None, "NASRO 03.01.01"),
    ("advanced-sro", "months_after_course", 12, "basic-sro", "NASRO 03.03.01"),
    ("rapid-deployment", "every_n_months", 24, None, "NASRO 03.04.01"),
    ("special-needs-iep", "within_months_of_placement", 12, None, "NASRO-DISC"),
]


def seed_catalogue(course_model) -> None:
    """Create the shared courses that are missing. Takes the model so that the data
    migration can pass its historical one."""
    existing = set(course_model.objects.filter(program=None).values_list("code", flat=True))
    course_model.objects.bulk_create(
        course_model(
            program=None,
            code=code,
            name=name,
            category=category,
            expected_hours=hours,
            rule_ids=rules,
        )
        for code, name, category, hours, rules in COURSES
        if code not in existing
    )
