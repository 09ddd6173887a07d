"""Writes for reports: request a run, execute it (from the worker), recover stalled runs."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programs.access import OVERSEE, access_for
from programs.models import District
from reports import selectors
from reports.models import ReportRun
from sro_admin import outbox
from sro_admin.errors import RuleViolation
from sro_admin.pdf import render_pdf

logger = logging.getLogger(__name__)

# A run still "running" after this long lost its worker; the recovery job requeues it.
STALLED_AFTER = timedelta(minutes=15)
MAX_ATTEMPTS = 3


def _enqueue(run_id: int) -> None:
    # Through the outbox: kept with the run's row, sent once it commits (or by the relay).
    outbox.send(task="reports.tasks.report_run_execute", args=[run_id])


@transaction.atomic
def report_run_request(
    *, actor, kind: str, district: District, language: str = "en", parameters: dict | None = None
) -> ReportRun:
    """Create the status row and enqueue the job once the row is committed. A program-wide
    report is for the district's own people (the door's OVERSEE); anyone else is refused,
    whoever calls, with a message for the form's district field."""
    if not access_for(actor).districts(OVERSEE).filter(pk=district.pk).exists():
        raise RuleViolation(_("You cannot request reports for this district."), field="district")
    if kind not in ReportRun.Kind.values:
        raise RuleViolation(_("Unknown report."), field="kind")
    run = ReportRun.objects.create(
        kind=kind,
        district=district,
        requested_by=actor,
        parameters={**(parameters or {}), "language": language},
    )
    _enqueue(run.pk)
    return run


def _claim(run_id: int) -> ReportRun | None:
    """Mark the run running, unless it is finished or another worker is on it."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().select_related("district").get(pk=run_id)
        if run.is_finished:
            return None  # a second delivery of the same message does nothing
        if (
            run.status == ReportRun.Status.RUNNING
            and run.started_at > timezone.now() - STALLED_AFTER
        ):
            return None  # another worker holds it
        run.status = ReportRun.Status.RUNNING
        run.started_at = timezone.now()
        run.progress = 0
        run.attempts += 1
        run.error = ""
        run.save(
            update_fields=["status", "started_at", "progress", "attempts", "error", "updated_at"]
        )
        return run


def _progress(run: ReportRun, value: int) -> None:
    # Outside any transaction, so the progress page sees it at once.
    ReportRun.objects.filter(pk=run.pk).update(progress=value, updated_at=timezone.now())


def _build(run: ReportRun) -> tuple[str, bytes]:
    language = run.parameters.get("language", "en")
    # The report speaks the language its requester used, labels in the data step included,
    # and shows times in the district's time zone.
    with translation.override(language), timezone.override(run.district.time_zone):
        if run.kind == ReportRun.Kind.DISTRICT_ROSTER:
            data = selectors.district_roster_data(district=run.district)
            _progress(run, 40)
            pdf = render_pdf("reports/pdf/district_roster.html", data, language=language)
            return f"{run.kind}-{run.pk}.pdf", pdf
        raise RuleViolation(_("This report cannot be produced yet."))


def report_run_execute(*, run_id: int) -> None:
    """Produce the run's file. Safe to call twice for one run."""
    run = _claim(run_id)
    if run is None:
        return
    try:
        _progress(run, 10)
        filename, content = _build(run)
        _progress(run, 90)
        with transaction.atomic():
            run.file.save(filename, ContentFile(content), save=False)
            run.status = ReportRun.Status.DONE
            run.progress = 100
            run.finished_at = timezone.now()
            run.save(update_fields=["file", "status", "progress", "finished_at", "updated_at"])
    except OperationalError:
        # Transient (database gone for a moment): put it back for the retry.
        ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.REQUESTED)
        raise
    except Exception as error:
        logger.exception("Report run %s failed", run.pk)
        message = (
            error.message
            if isinstance(error, RuleViolation)
            else _(
                "The report could not be produced (%(kind)s). The error has been logged; "
                "try again, and if it fails again contact your site administrator."
            )
            % {"kind": type(error).__name__}
        )
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.FAILED, error=message, finished_at=timezone.now()
        )


def report_runs_recover_stalled() -> int:
    """Requeue runs whose worker died or whose message was lost; give up after MAX_ATTEMPTS."""
    cutoff = timezone.now() - STALLED_AFTER
    stalled = ReportRun.objects.filter(
        status=ReportRun.Status.RUNNING, started_at__lt=cutoff
    ) | ReportRun.objects.filter(status=ReportRun.Status.REQUESTED, updated_at__lt=cutoff)
    requeued = 0
    for run in stalled.only("pk", "attempts"):
        if run.attempts >= MAX_ATTEMPTS:
            ReportRun.objects.filter(pk=run.pk).update(
                status=ReportRun.Status.FAILED,
                finished_at=timezone.now(),
                error=_("The report stopped %(n)s times without finishing.") % {"n": run.attempts},
            )
            continue
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRun.Status.REQUESTED, updated_at=timezone.now()
        )
        _enqueue(run.pk)
        requeued += 1
    return requeued
