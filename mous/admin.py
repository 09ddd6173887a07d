"""The site administration of MOUs. An executed MOU version is never edited (COPS-2): once a
version leaves draft, it, its sections, its schools and its signatures are shown read-only
here, and the database refuses a change whoever asks (the triggers in mous/models.py)."""

from django.contrib import admin

from mous import services
from mous.models import (
    AnnualReview,
    CoveredSchool,
    Mou,
    MouVersion,
    ReviewReminder,
    Section,
    Signature,
    StakeholderInput,
)


def _draft(version: MouVersion | None) -> bool:
    return version is None or version.status == MouVersion.Status.DRAFT


class _FrozenUnlessDraft:
    """Inlines of a version: editable on a draft, read-only once it is submitted."""

    def has_add_permission(self, request, obj=None):
        return _draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _draft(obj) and super().has_delete_permission(request, obj)


class SectionInline(_FrozenUnlessDraft, admin.StackedInline):
    model = Section
    extra = 0
    # Rendered by the service when a section is saved in the app.
    exclude = ["body_html", "body_es_html"]


class CoveredSchoolInline(_FrozenUnlessDraft, admin.TabularInline):
    model = CoveredSchool
    extra = 0


class SignatureInline(admin.TabularInline):
    """Signatures are given in the app (mous.services), never here."""

    model = Signature
    extra = 0
    fields = ["party", "agency", "signer_name", "signer_title", "signed_on", "method"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Mou)
class MouAdmin(admin.ModelAdmin):
    list_display = ["title", "district"]
    list_filter = ["district"]

    def has_delete_permission(self, request, obj=None):
        # An MOU with a version beyond draft is part of the record.
        if obj is not None and obj.versions.exclude(status=MouVersion.Status.DRAFT).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(MouVersion)
class MouVersionAdmin(admin.ModelAdmin):
    list_display = ["mou", "number", "status", "executed_on"]
    list_filter = ["status"]
    inlines = [SectionInline, CoveredSchoolInline, SignatureInline]

    def has_change_permission(self, request, obj=None):
        return _draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _draft(obj) and super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        # A draft's section edited here gets its HTML rendered, as in the app.
        if formset.model is Section:
            for section in formset.save(commit=False):
                services.section_render(section=section)
                section.save()
            for section in formset.deleted_objects:
                section.delete()
            return
        super().save_formset(request, form, formset, change)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    """Read-only for the record: a signature is the act of a head in the app (NASRO-DISC),
    or a paper signature recorded and confirmed there."""

    list_display = ["version", "party", "agency", "signer_name", "signed_on", "method"]
    list_filter = ["method", "party"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.version.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.version.is_published:
            return False
        return super().has_delete_permission(request, obj)


admin.site.register(StakeholderInput)
admin.site.register(AnnualReview)


@admin.register(ReviewReminder)
class ReviewReminderAdmin(admin.ModelAdmin):
    """Sent reminders, for the record: who was reminded of which review, and when."""

    list_display = ["mou", "due_on", "threshold", "created_at"]
    list_filter = ["threshold"]
    readonly_fields = ["mou", "due_on", "threshold", "recipients"]
