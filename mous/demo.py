"""Demo MOUs (run by `load_demo` after the programs' demo data). Fictional throughout.

Each demo district has an MOU with its first agency: version 1 executed a year and a half ago
and superseded, version 2 in force, signed by the demo superintendent and the agency's chief
(the heads recorded by programs.demo), with stakeholder input and (Riverbend) an annual review
and a Spanish text.
Riverbend also drafts an MOU with the sheriff's office that does not yet cover COPS-2(c), so
the checklist has something to refuse. Loading twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from mous import clauses

# One paragraph per checklist element: what a district might actually write.
TEXT = {
    "cops2_a": (
        "The SRO program's mission is to keep students and staff safe, to build trust between "
        "students and law enforcement, and to keep students in school. SROs act as law "
        "enforcement officers, informal counselors and educators."
    ),
    "cops2_b": (
        "The district provides office space, access to school safety plans and a named "
        "administrator at each school. The agency selects, trains, equips and supervises the "
        "SROs and pays their salaries as set out in the expenses section."
    ),
    "cops2_c": (
        "SROs take no part in school discipline or the enforcement of the code of conduct. "
        "A matter that would not lead the school to call 911 is outside the SRO's law "
        "enforcement duties. If staff ask an SRO to handle discipline, the SRO declines and "
        "tells their supervisor."
    ),
    "cops2_d": (
        "SROs record every interaction with a student in the district's system, with the "
        "student's demographics and never their name. The agency shares arrests, citations, "
        "searches and uses of force at school with the district each month."
    ),
    "cops2_e": (
        "Each SRO is evaluated every year with an SRO-specific instrument that includes input "
        "from school administrators, students and families."
    ),
    "cops2_f": (
        "SROs complete the 40-hour basic SRO course within nine months of placement and annual "
        "training in de-escalation, implicit bias, serving students with disabilities and "
        "English learners, and adolescent development."
    ),
    "cops2_g": (
        "SROs are supervised by the agency's Youth Services sergeant, who meets each SRO and "
        "the school's administrator at least twice a year."
    ),
    "cops2_feedback": (
        "Students, families and staff can give feedback on SROs on the district's "
        "transparency page or at any school office. The district reviews every complaint."
    ),
    "nasro_discipline": "Formal school discipline is the responsibility of school staff alone.",
    "nasro_triad": "The SRO serves as law enforcement officer, teacher and informal counselor.",
    "nasro_arrest": "The decision to arrest rests with the SRO, under law and agency policy.",
    "nasro_chain": "SROs remain in the agency's chain of command.",
    "nasro_uniform": "SROs wear the agency uniform so that they are clearly law enforcement.",
    "nasro_weapons": "Weapons are never stored on school property outside the SRO's control.",
    "nasro_less_lethal": "Less-lethal tools are carried and used under agency policy.",
    "nasro_information": (
        "Student records are shared only as FERPA allows. Body-worn cameras are used under "
        "agency policy; school camera footage is shared for law enforcement purposes only."
    ),
    "nasro_documentation": "SROs document their activity as the reporting section requires.",
    "nasro_expenses": (
        "The district pays 75% of each SRO's salary and benefits during the school year; the "
        "agency pays overtime and equipment."
    ),
    "nasro_office": "Each school provides an office with a door that closes, and supplies.",
    "nasro_hours": "SROs are on campus during school hours on school days.",
    "nasro_duties": "Day-to-day duties are agreed between the SRO and the principal each term.",
    "nasro_extracurricular": "SROs may attend extracurricular events, paid by the agency.",
    "nasro_review": "The parties review this MOU every year.",
    "orgs_evaluation": (
        "The district assesses the program every year with data disaggregated by race, "
        "ethnicity, sex, disability, English-learner status and age."
    ),
    "secure_rights": (
        "The program complies with Title VI, Title IX, Section 504 and Title II of the ADA."
    ),
}
TEXT_ES = {
    "cops2_a": (
        "Funciones de los SRO y misión del programa",
        "La misión del programa es mantener seguros a los estudiantes y al personal, generar "
        "confianza y mantener a los estudiantes en la escuela.",
    ),
    "cops2_c": (
        "Los SRO no participan en la disciplina escolar",
        "Los SRO no participan en la disciplina escolar ni en la aplicación del código de "
        "conducta. Un asunto por el que la escuela no llamaría al 911 queda fuera de sus "
        "funciones policiales.",
    ),
    "cops2_feedback": (
        "Cómo opinar sobre los SRO",
        "Los estudiantes, las familias y el personal pueden opinar sobre los SRO en la página "
        "de transparencia del distrito o en cualquier oficina escolar.",
    ),
}


def demo_load() -> bool:
    """Load the demo MOUs. Returns True if anything was created."""
    from django.db import transaction

    from mous import services
    from mous.models import Mou, Signature
    from programs.access import role_holders
    from programs.clock import district_today
    from programs.models import District, Role
    from sro_admin.audit import audit_context

    created = False
    with transaction.atomic(), audit_context(source="load_demo"):
        for slug, spanish in (("riverbend", True), ("cedar-valley", False)):
            district = District.objects.filter(slug=slug).first()
            if district is None:
                continue
            today = district_today(district)
            agencies = list(district.agencies.order_by("pk"))
            admin = role_holders(Role.DISTRICT_ADMIN, districts=[district.pk]).get()
            supervisor = role_holders(Role.LE_SUPERVISOR, agencies=[agencies[0].pk]).get()
            title = f"{district.name} and {agencies[0].name} SRO Agreement"
            if Mou.objects.filter(district=district, title=title).exists():
                continue
            created = True
            schools = list(district.schools.order_by("name")[:3])
            mou = services.mou_create(
                actor=admin,
                district=district,
                title=title,
                title_es=f"Acuerdo SRO entre {district.name} y {agencies[0].name}"
                if spanish
                else "",
                agencies=[agencies[0]],
                schools=schools,
            )
            first = mou.versions.get()
            _write(services, admin, first, spanish=spanish, supervision=agencies[0].name)

            def execute(
                version,
                on: date,
                admin=admin,
                supervisor=supervisor,
                agencies=agencies,
                district=district,
            ):
                # Submitted and signed `on`, by the heads recorded on the district's and the
                # agency's pages (programs.demo): the superintendent and the chief.
                services.version_submit(
                    actor=admin,
                    version=version,
                    now=timezone.make_aware(datetime.combine(on, time(9)), district.time_zone),
                )
                services.version_sign(
                    actor=admin,
                    version=version,
                    party=Signature.Party.SUPERINTENDENT,
                    today=on,
                )
                services.version_sign(
                    actor=supervisor,
                    version=version,
                    party=Signature.Party.AGENCY_HEAD,
                    agency=agencies[0],
                    today=on,
                )
                services.version_execute(actor=admin, version=version)

            execute(first, today - timedelta(days=540))
            services.stakeholder_input_add(
                actor=admin,
                mou=mou,
                category="families",
                kind="meeting",
                held_on=today - timedelta(days=600),
                summary="Parent council meeting: families asked that SROs stay out of discipline.",
                participants=34,
                version=first,
            )
            services.stakeholder_input_add(
                actor=supervisor,
                mou=mou,
                category="agency_leadership",
                kind="comment",
                held_on=today - timedelta(days=590),
                summary="Asked for clearer weapons-storage language.",
                version=first,
            )
            services.stakeholder_input_add(
                actor=admin,
                mou=mou,
                category="students",
                kind="survey",
                held_on=today - timedelta(days=200),
                summary="Student advisory survey on feelings of safety and fairness.",
                participants=412,
            )
            second = services.version_new(actor=admin, mou=mou)
            section = second.sections.filter(clauses__contains=["nasro_information"]).first()
            services.section_save(
                actor=admin,
                version=second,
                section=section,
                heading=section.heading,
                body=section.body
                + "\n\nBody-worn cameras are on during every law enforcement contact at school.",
                heading_es=section.heading_es,
                body_es=section.body_es,
                clauses=section.clauses,
            )
            services.version_update(
                actor=admin,
                version=second,
                change_summary="Adds body-worn camera rules after the annual review.",
                supervision=second.supervision,
                effective_from=None,
                effective_until=None,
                schools=schools,
            )
            execute(second, today - timedelta(days=150))
            if spanish:
                services.review_record(
                    actor=admin,
                    mou=mou,
                    reviewed_on=today - timedelta(days=140),
                    participants="Superintendent, Deputy Chief, three principals, PTA president, "
                    "student advisory council",
                    findings="The program meets expectations. Publish the body-camera rules "
                    "in Spanish.",
                    meets_expectations=True,
                )
                # A second MOU, drafting, that does not yet cover the discipline prohibition.
                sheriff = services.mou_create(
                    actor=admin,
                    district=district,
                    title=f"{district.name} and {agencies[1].name} SRO Agreement",
                    agencies=[agencies[1]],
                    schools=list(district.schools.order_by("name")[3:]),
                )
                _write(
                    services,
                    admin,
                    sheriff.versions.get(),
                    spanish=False,
                    supervision=agencies[1].name,
                    skip=("cops2_c",),
                )
    return created


def _write(services, admin, version, *, spanish: bool, supervision: str, skip=()) -> None:
    for clause in clauses.CLAUSES:
        if clause.code in skip:
            continue
        es = TEXT_ES.get(clause.code) if spanish else None
        services.section_save(
            actor=admin,
            version=version,
            heading=str(clause.label),
            body=TEXT[clause.code],
            heading_es=es[0] if es else "",
            body_es=es[1] if es else "",
            clauses=[clause.code],
        )
    services.version_update(
        actor=admin,
        version=version,
        change_summary="First MOU.",
        supervision=f"Youth Services sergeant, {supervision}; the unit's lieutenant above.",
        effective_from=None,
        effective_until=None,
        schools=list(version.schools.all()),
    )
