"""Writes for reports: request a run, execute it (from the worker), recover stalled runs."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
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

# A run still "requested" after this long lost its message; the recovery job requeues it.
# A "running" run is judged by its heartbeat instead (settings.REPORT_RUN_STALE_AFTER).
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


def _claim(run_id: int) -> ReportRun | float | None:
    """Mark the run running: the run to build, None when it is finished, or the seconds to wait
    while another worker's heartbeat is fresh. The row lock with skip_locked means two
    workers never claim the same run: the second sees it locked, or running and alive. Only
    the run's row is locked (of="self"), not its district, which others may be editing."""
    with transaction.atomic():
        run = (
            ReportRun.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("district")
            .filter(pk=run_id)
            .first()
        )
        if run is None:
            if not ReportRun.objects.filter(pk=run_id).exists():
                return None
            return ReportRun.stale_after().total_seconds()  # being claimed right now
        if run.is_finished:
            return None  # a second delivery of the same message does nothing
        if run.status == ReportRun.Status.RUNNING and not run.heartbeat_is_stale:
            return run.seconds_until_stale() + 1  # another worker holds it
        now = timezone.now()
        run.status = ReportRun.Status.RUNNING
        run.started_at = now
        run.heartbeat_at = now
        run.progress = 0
        run.attempts += 1
        run.error = ""
        run.save(
            update_fields=[
                "status",
                "started_at",
                "heartbeat_at",
                "progress",
                "attempts",
                "error",
                "updated_at",
            ]
        )
        return run


def _mine(run: ReportRun):
    """The row while this claim still holds it: running, at this attempt. A worker whose run
    was recovered from it (stale heartbeat) finds nothing and writes nothing."""
    return ReportRun.objects.filter(
        pk=run.pk, status=ReportRun.Status.RUNNING, attempts=run.attempts
    )


def _progress(run: ReportRun, value: int) -> None:
    # Outside any transaction, so the progress page sees it at once; a progress step is a
    # heartbeat too.
    now = timezone.now()
    _mine(run).update(progress=value, heartbeat_at=now, updated_at=now)


class _Heartbeat:
    """Touches the run's heartbeat from a small thread while a step runs, so a long build
    (a PDF render) is not mistaken for a dead worker. Only touches the database when the
    build outlasts one interval; its own connection is closed when it stops."""

    def __init__(self, run: ReportRun) -> None:
        self.run = run
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"report-run-{run.pk}", daemon=True)

    def _beat(self) -> None:
        interval = ReportRun.stale_after().total_seconds() / 4
        try:
            while not self.stop.wait(interval):
                _mine(self.run).update(heartbeat_at=timezone.now())
        except Exception:
            logger.exception("Report run %s: heartbeat failed", self.run.pk)
        finally:
            connection.close()

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def _build(run: ReportRun) -> tuple[str, bytes]:
    language = run.parameters.get("language", "en")
    # The report speaks the language its requester used, labels in the data step included,
    # and shows times in the district's time zone.
    with translation.override(language), timezone.override(run.district.time_zone):
        if run.kind == ReportRun.Kind.DISTRICT_ROSTER:
            data = selectors.district_roster_data(district=run.district)
            _progress(run, 40)
            # Tests only (sro_admin/settings/test.py): a slow build a worker can be killed in.
            time.sleep(getattr(settings, "REPORT_RUN_TEST_PAUSE", 0))
            pdf = render_pdf("reports/pdf/district_roster.html", data, language=language)
            return f"{run.kind}-{run.pk}.pdf", pdf
        raise RuleViolation(_("This report cannot be produced yet."))


def report_run_execute(*, run_id: int) -> float | None:
    """Produce the run's file. Safe to call twice for one run. Returns the seconds to wait
    before trying again when another worker's heartbeat says it is still on the run (a
    redelivered message), so the task retries and claims it as soon as that goes stale."""
    run = _claim(run_id)
    if not isinstance(run, ReportRun):
        return run
    try:
        _progress(run, 10)
        with _Heartbeat(run):
            filename, content = _build(run)
        _progress(run, 90)
        with transaction.atomic():
            if not _mine(run).select_for_update().exists():
                logger.warning("Report run %s was taken over; this build is dropped", run.pk)
                return None
            run.file.save(filename, ContentFile(content), save=False)
            run.status = ReportRun.Status.DONE
            run.progress = 100
            run.finished_at = timezone.now()
            run.save(update_fields=["file", "status", "progress", "finished_at", "updated_at"])
    except OperationalError:
        # Transient (database gone for a moment): put it back for the retry.
        _mine(run).update(status=ReportRun.Status.REQUESTED)
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
        _mine(run).update(status=ReportRun.Status.FAILED, error=message, finished_at=timezone.now())
    return None


def report_runs_recover_stalled() -> int:
    """Requeue runs whose worker died (a stale heartbeat, about a minute) or whose message was
    lost (requested for STALLED_AFTER); give up after MAX_ATTEMPTS."""
    cutoff = timezone.now() - STALLED_AFTER
    stalled = ReportRun.objects.running_stale() | ReportRun.objects.filter(
        status=ReportRun.Status.REQUESTED, updated_at__lt=cutoff
    )
    requeued = 0
    for run in stalled.only("pk", "status", "attempts"):
        # Conditional on what was read: a run a worker claimed meanwhile is left to it.
        unchanged = ReportRun.objects.filter(pk=run.pk, status=run.status, attempts=run.attempts)
        if run.attempts >= MAX_ATTEMPTS:
            unchanged.update(
                status=ReportRun.Status.FAILED,
                finished_at=timezone.now(),
                error=_("The report stopped %(n)s times without finishing.") % {"n": run.attempts},
            )
            continue
        with transaction.atomic():  # the requeue and its outbox row, together
            if unchanged.update(status=ReportRun.Status.REQUESTED, updated_at=timezone.now()):
                _enqueue(run.pk)
                requeued += 1
    return requeued
