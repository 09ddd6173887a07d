from django.contrib import admin

from reports.models import ReportRun


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "kind",
        "district",
        "status",
        "progress",
        "heartbeat_at",
        "requested_by",
        "created_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["district", "requested_by"]
    readonly_fields = [
        "kind",
        "district",
        "parameters",
        "requested_by",
        "status",
        "progress",
        "error",
        "file",
        "attempts",
        "started_at",
        "heartbeat_at",
        "finished_at",
    ]
