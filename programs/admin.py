from django.contrib import admin

from programs.clock import time_zone_choices
from programs.models import (
    Agency,
    AgencyDistrict,
    Assignment,
    CommitteeMember,
    Course,
    District,
    Engagement,
    Enrollment,
    EnrollmentCount,
    Interview,
    Membership,
    Officer,
    OptOut,
    Posting,
    Probation,
    ProbationReview,
    Program,
    ProgramDecision,
    Rating,
    School,
    SchoolProfile,
    Selection,
    SigningAuthority,
    StaffTrainingSession,
    TrainingRecord,
    TrainingRequirement,
)


class SchoolInline(admin.TabularInline):
    model = School
    extra = 0
    fields = ["name", "nces_id"]


class AgencyDistrictInline(admin.TabularInline):
    model = AgencyDistrict
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "nces_id", "time_zone"]
    search_fields = ["name", "nces_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SchoolInline, AgencyDistrictInline]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "time_zone":
            field.choices = time_zone_choices()  # the US zones first, as on the district form
        return field


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "nces_id"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["name", "nces_id"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "badge_number", "agency", "user"]
    list_filter = ["agency"]
    list_select_related = ["agency", "user"]
    search_fields = ["last_name", "first_name", "badge_number"]
    autocomplete_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "district", "school", "agency"]
    list_filter = ["role"]
    list_select_related = ["user", "district", "school", "agency"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user", "district", "school", "agency"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["district", "due_soon_days", "min_group_size", "min_outcome_count"]
    list_select_related = ["district"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["officer", "school", "starts_on", "ends_on", "kind"]
    list_filter = ["kind"]
    list_select_related = ["officer", "school"]
    autocomplete_fields = ["officer", "school"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "category", "expected_hours", "program", "is_active"]
    list_filter = ["category", "is_active"]
    list_select_related = ["program__district"]
    search_fields = ["name", "code"]


@admin.register(TrainingRequirement)
class TrainingRequirementAdmin(admin.ModelAdmin):
    list_display = ["program", "course", "kind", "months", "after_course", "is_active"]
    list_select_related = ["program__district", "course", "after_course"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["officer", "course", "completed_on", "hours", "provider"]
    list_select_related = ["officer", "course"]
    autocomplete_fields = ["officer", "course"]
    date_hierarchy = "completed_on"


class EnrollmentCountInline(admin.TabularInline):
    model = EnrollmentCount
    extra = 0


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["school", "school_year", "total", "source"]
    list_filter = ["school_year", "source"]
    list_select_related = ["school"]
    inlines = [EnrollmentCountInline]


@admin.register(SchoolProfile)
class SchoolProfileAdmin(admin.ModelAdmin):
    list_display = ["school", "school_year", "grades_served", "buildings", "calls_for_service"]
    list_select_related = ["school"]


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0


@admin.register(Posting)
class PostingAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "school", "opened_on", "status"]
    list_select_related = ["program__district", "school"]


@admin.register(Selection)
class SelectionAdmin(admin.ModelAdmin):
    list_display = ["officer", "posting", "decision", "decided_on"]
    list_select_related = ["officer", "posting"]
    inlines = [CommitteeMemberInline, InterviewInline, RatingInline]


class ProbationReviewInline(admin.TabularInline):
    model = ProbationReview
    extra = 0


@admin.register(Probation)
class ProbationAdmin(admin.ModelAdmin):
    list_display = ["assignment", "starts_on", "ends_on", "outcome"]
    list_select_related = ["assignment__officer", "assignment__school"]
    inlines = [ProbationReviewInline]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["officer", "recorded_on", "effective_on"]
    list_select_related = ["officer"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "kind", "held_on"]
    list_select_related = ["program__district"]


@admin.register(ProgramDecision)
class ProgramDecisionAdmin(admin.ModelAdmin):
    list_display = ["program", "kind", "decided_on", "decided_by"]
    list_select_related = ["program__district"]


@admin.register(StaffTrainingSession)
class StaffTrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "held_on", "hours", "staff_attended"]
    list_select_related = ["program__district"]


@admin.register(SigningAuthority)
class SigningAuthorityAdmin(admin.ModelAdmin):
    """Heads of districts and agencies and their delegates (NASRO-DISC): who signs MOUs.
    Their organisations' administrators keep them on the district's and agency's pages."""

    list_display = ["user", "kind", "title", "district", "agency", "starts_on", "ends_on"]
    list_filter = ["kind"]
