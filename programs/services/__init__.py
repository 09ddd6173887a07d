"""Writes for programs: one function per domain action, in one module per noun (tenants,
heads, program, officers, training, enrollment, selection, community). This package only
re-exports the names other code has long imported from it (`services.officer_create`)."""

from programs.services.officers import (
    MAX_SCHOOLS_AT_ONCE,
    MIN_STAY_YEARS,
    OFFICER_FIELDS,
    assignment_check,
    assignment_create,
    assignment_warnings,
    coverage_date,
    officer_create,
    officer_update,
)
from programs.services.program import program_create
from programs.services.tenants import (
    agency_update,
    district_update,
    membership_grant,
    school_update,
)
from programs.services.training import training_record_create

__all__ = [
    "MAX_SCHOOLS_AT_ONCE",
    "MIN_STAY_YEARS",
    "OFFICER_FIELDS",
    "agency_update",
    "assignment_check",
    "assignment_create",
    "assignment_warnings",
    "coverage_date",
    "district_update",
    "membership_grant",
    "officer_create",
    "officer_update",
    "program_create",
    "school_update",
    "training_record_create",
]
