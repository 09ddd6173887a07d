"""Reads for programs: every query starts from the access door, in one module per noun
(tenants, heads, program, officers, training, enrollment, selection, community). This package
only re-exports the names other code has long imported from it (`selectors.officer_get_for`)."""

from programs.selectors.officers import (
    officer_assignments,
    officer_courses,
    officer_get_for,
    officer_list_for,
    officer_programs,
    officer_training_records,
)
from programs.selectors.program import programs_for
from programs.selectors.tenants import (
    Home,
    agency_districts_for,
    agency_get_for,
    agency_list_for,
    agency_officers_for,
    district_agencies_for,
    district_get_for,
    district_list_for,
    district_schools_for,
    home_for,
    school_get_for,
)
from programs.selectors.training import (
    Attention,
    GridRow,
    TrainingGrid,
    grid_officer_ids_needing,
    grid_officers_for,
    grid_officers_needing,
    needs,
    training_attention_counts,
    training_courses_for,
    training_grid,
    training_grids,
)

__all__ = [
    "Attention",
    "GridRow",
    "Home",
    "TrainingGrid",
    "agency_districts_for",
    "agency_get_for",
    "agency_list_for",
    "agency_officers_for",
    "district_agencies_for",
    "district_get_for",
    "district_list_for",
    "district_schools_for",
    "grid_officers_for",
    "grid_officer_ids_needing",
    "grid_officers_needing",
    "home_for",
    "needs",
    "officer_assignments",
    "officer_courses",
    "officer_get_for",
    "officer_list_for",
    "officer_programs",
    "officer_training_records",
    "programs_for",
    "school_get_for",
    "training_courses_for",
    "training_attention_counts",
    "training_grid",
    "training_grids",
]
