"""Report runs: the status row of every long job. PostgreSQL, not Redis, is the source of truth."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import District
from sro_admin.models import BaseModel


def report_file_path(run: "ReportRun", filename: str) -> str:
    return f"reports/{run.district.slug}/{run.kind}-{run.pk}.pdf"


class ReportRunQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=[ReportRun.Status.REQUESTED, ReportRun.Status.RUNNING])

    def running_stale(self):
        """Running, but no sign of life (heartbeat, or the start of a run that has none yet)
        for REPORT_RUN_STALE_AFTER: its worker died."""
        return self.annotate(last_sign_of_life=Coalesce("heartbeat_at", "started_at")).filter(
            status=ReportRun.Status.RUNNING,
            last_sign_of_life__lt=timezone.now() - ReportRun.stale_after(),
        )


class ReportRun(BaseModel):
    class Kind(models.TextChoices):
        DISTRICT_ROSTER = "district_roster", _("District roster of schools and agencies")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("report"), max_length=40, choices=Kind.choices)
    # The scope. Later reports (program assessment, CRDC export) are district-wide too.
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="report_runs", verbose_name=_("district")
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_runs",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=report_file_path, blank=True, max_length=300)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    # Touched by the worker while it builds (each progress step, and every quarter of
    # REPORT_RUN_STALE_AFTER from a small thread): stale means the worker died.
    heartbeat_at = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        indexes = [
            models.Index(fields=["district", "-created_at"], name="reportrun_district_recent")
        ]
        constraints = [
            models.CheckConstraint(
                name="reportrun_progress_0_100", condition=Q(progress__gte=0, progress__lte=100)
            ),
            models.CheckConstraint(
                name="reportrun_done_has_file", condition=~Q(status="done") | ~Q(file="")
            ),
            models.CheckConstraint(
                name="reportrun_failed_has_error", condition=~Q(status="failed") | ~Q(error="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.district} · #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("report-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @staticmethod
    def stale_after() -> timedelta:
        return settings.REPORT_RUN_STALE_AFTER

    def seconds_until_stale(self) -> float:
        last = self.heartbeat_at or self.started_at or self.updated_at
        return max(0.0, (last + self.stale_after() - timezone.now()).total_seconds())

    @property
    def heartbeat_is_stale(self) -> bool:
        return self.seconds_until_stale() == 0

    @property
    def is_interrupted(self) -> bool:
        """A run that started, is not finished, and whose worker has gone quiet: the
        progress page says "Interrupted, resuming" until a worker claims it again."""
        return not self.is_finished and self.attempts > 0 and self.heartbeat_is_stale
