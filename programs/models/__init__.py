"""Programs' models, by subject. Import them from here: `from programs.models import School`."""

from programs.models.attention import (
    OfficerTrainingVersion,
    ProgramTrainingVersion,
    TrainingAttention,
)
from programs.models.community import Engagement, ProgramDecision, StaffTrainingSession, Stakeholder
from programs.models.enrollment import Enrollment, EnrollmentCount, SchoolProfile
from programs.models.heads import SigningAuthority
from programs.models.officers import Assignment, Officer
from programs.models.program import Program
from programs.models.selection import (
    CommitteeMember,
    Interview,
    OptOut,
    Posting,
    Probation,
    ProbationReview,
    Rating,
    Selection,
)
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
from programs.models.training import (
    Course,
    CourseCompletion,
    TrainingRecord,
    TrainingRequirement,
)
from programs.models.uploads import PendingUpload

__all__ = [
    "OfficerTrainingVersion",
    "ProgramTrainingVersion",
    "TrainingAttention",
    "AGENCY_ROLES",
    "DISTRICT_ROLES",
    "SCHOOL_ROLES",
    "Agency",
    "AgencyDistrict",
    "Assignment",
    "CommitteeMember",
    "Course",
    "District",
    "Engagement",
    "Enrollment",
    "EnrollmentCount",
    "Interview",
    "Membership",
    "Officer",
    "PendingUpload",
    "OptOut",
    "Posting",
    "Probation",
    "ProbationReview",
    "Program",
    "ProgramDecision",
    "Rating",
    "Role",
    "School",
    "SchoolProfile",
    "Selection",
    "SigningAuthority",
    "Stakeholder",
    "StaffTrainingSession",
    "CourseCompletion",
    "TrainingRecord",
    "TrainingRequirement",
]
