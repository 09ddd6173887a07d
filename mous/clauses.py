"""The MOU clause checklist: what an MOU must (M) or should (R) cover, from DOMAIN.md.

The checklist is data: each clause has a stable code (stored on the sections that cover it),
the rule ID the scorecard and messages cite, and its class. Executing an MOU version with an
uncovered mandatory clause is refused (mous.services.mou_version_execute); an uncovered
recommended clause is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MANDATORY = "M"
RECOMMENDED = "R"


@dataclass(frozen=True)
class Clause:
    code: str
    rule_id: str
    label: Promise
    level: str  # MANDATORY or RECOMMENDED

    @property
    def mandatory(self) -> bool:
        return self.level == MANDATORY


CLAUSES: tuple[Clause, ...] = (
    # COPS-2 minimum contents (a)-(g): a fully executed MOU contains each of them.
    Clause("cops2_a", "COPS-2(a)", _("SRO duties and program mission"), MANDATORY),
    Clause("cops2_b", "COPS-2(b)", _("Roles and responsibilities of each partner"), MANDATORY),
    Clause(
        "cops2_c",
        "COPS-2(c)",
        _("SROs take no part in school discipline or code-of-conduct enforcement (COPS-3)"),
        MANDATORY,
    ),
    Clause("cops2_d", "COPS-2(d)", _("Reporting and data-collection requirements"), MANDATORY),
    Clause("cops2_e", "COPS-2(e)", _("Annual assessment of the SROs"), MANDATORY),
    Clause(
        "cops2_f",
        "COPS-2(f)",
        _("Training, including non-discrimination and serving diverse students"),
        MANDATORY,
    ),
    Clause("cops2_g", "COPS-2(g)", _("Supervision of the SROs the MOU names"), MANDATORY),
    Clause(
        "cops2_feedback",
        "COPS-2, COPS-9",
        _("How the district receives feedback on SRO activity"),
        MANDATORY,
    ),
    # NASRO standards, MOU topics, with their own classes.
    Clause(
        "nasro_discipline",
        "NASRO MOU",
        _("Formal school discipline is the school's responsibility alone"),
        MANDATORY,
    ),
    Clause("nasro_triad", "NASRO MOU", _("The SRO's TRIAD roles"), RECOMMENDED),
    Clause("nasro_arrest", "NASRO MOU", _("The decision to arrest rests with the SRO"), MANDATORY),
    Clause(
        "nasro_chain", "NASRO MOU", _("The SRO stays in the agency's chain of command"), MANDATORY
    ),
    Clause(
        "nasro_uniform",
        "NASRO MOU",
        _("The uniform clearly identifies the SRO as law enforcement"),
        MANDATORY,
    ),
    Clause("nasro_weapons", "NASRO MOU", _("Weapons storage"), MANDATORY),
    Clause("nasro_less_lethal", "NASRO MOU", _("Less-lethal tools"), RECOMMENDED),
    Clause(
        "nasro_information",
        "NASRO MOU",
        _("Information sharing, including camera footage, body cameras and student data"),
        MANDATORY,
    ),
    Clause("nasro_documentation", "NASRO MOU", _("Documentation and reporting"), MANDATORY),
    Clause(
        "nasro_expenses",
        "NASRO MOU",
        _("Expenses: salary, overtime, benefits, equipment"),
        MANDATORY,
    ),
    Clause(
        "nasro_office",
        "NASRO MOU",
        _("Office space with a door that closes, and supplies"),
        RECOMMENDED,
    ),
    Clause("nasro_hours", "NASRO MOU", _("Hours on campus"), MANDATORY),
    Clause("nasro_duties", "NASRO MOU", _("Day-to-day duties"), MANDATORY),
    Clause("nasro_extracurricular", "NASRO MOU", _("Extracurricular activities"), RECOMMENDED),
    Clause("nasro_review", "NASRO 04.01.02", _("The MOU is reviewed every year"), RECOMMENDED),
    # ORGS: the MOU requires an annual evaluation with data disaggregated by race and gender.
    Clause(
        "orgs_evaluation",
        "ORGS",
        _("Annual evaluation with data disaggregated by race and gender"),
        RECOMMENDED,
    ),
    Clause(
        "secure_rights",
        "SECURe 2",
        _("Constitutional and civil-rights requirements the program meets"),
        RECOMMENDED,
    ),
)

BY_CODE: dict[str, Clause] = {c.code: c for c in CLAUSES}
CHOICES = [(c.code, f"{c.rule_id}: {c.label}") for c in CLAUSES]


def get(code: str) -> Clause:
    return BY_CODE[code]
