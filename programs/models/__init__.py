"""Programs' models, by subject. Import them from here: `from programs.models import School`."""

from programs.models.officers import Assignment, Officer
from programs.models.program import Program
from programs.models.tenants import (
    AGENCY_ROLES,
    DISTRICT_ROLES,
    SCHOOL_ROLES,
    Agency,
    AgencyDistrict,
    District,
    Membership,
    Role,
    School,
)
from programs.models.training import Course, TrainingRecord, TrainingRequirement

__all__ = [
    "AGENCY_ROLES",
    "DISTRICT_ROLES",
    "SCHOOL_ROLES",
    "Agency",
    "AgencyDistrict",
    "Assignment",
    "Course",
    "District",
    "Membership",
    "Officer",
    "Program",
    "Role",
    "School",
    "TrainingRecord",
    "TrainingRequirement",
]
