from django.contrib import admin

from mous.models import (
    AnnualReview,
    Mou,
    MouVersion,
    ReviewReminder,
    Section,
    Signature,
    StakeholderInput,
)


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0


@admin.register(Mou)
class MouAdmin(admin.ModelAdmin):
    list_display = ["title", "district"]
    list_filter = ["district"]


@admin.register(MouVersion)
class MouVersionAdmin(admin.ModelAdmin):
    list_display = ["mou", "number", "status", "executed_on"]
    list_filter = ["status"]
    inlines = [SectionInline]


admin.site.register(Signature)
admin.site.register(StakeholderInput)
admin.site.register(AnnualReview)


@admin.register(ReviewReminder)
class ReviewReminderAdmin(admin.ModelAdmin):
    """Sent reminders, for the record: who was reminded of which review, and when."""

    list_display = ["mou", "due_on", "threshold", "created_at"]
    list_filter = ["threshold"]
    readonly_fields = ["mou", "due_on", "threshold", "recipients"]
