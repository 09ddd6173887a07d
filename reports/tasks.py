"""Celery tasks: take ids, call one service (STYLE.md). Each runs in its own audit context
(sro_admin.audit.audited_task), so their changes are named in the history."""

from django.db import OperationalError

from reports import services
from sro_admin.audit import audited_task


@audited_task(
    name="reports.tasks.report_run_execute",
    bind=True,
    # A worker killed mid-report leaves the message unacknowledged, so another worker gets it:
    # a killed pool child is requeued at once (reject_on_worker_lost); a whole worker killed
    # leaves it to the broker's visibility timeout (an hour), so the recovery beat job, which
    # looks at the heartbeat every minute, is what brings that run back.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def report_run_execute(self, run_id: int) -> None:
    if (wait := services.report_run_execute(run_id=run_id)) is not None:
        # Another worker's heartbeat is fresh: ask again once it would be stale, instead of
        # dropping the (redelivered) message and waiting for the recovery job.
        raise self.retry(countdown=wait, max_retries=None)


@audited_task(name="reports.tasks.report_runs_recover_stalled")
def report_runs_recover_stalled() -> int:
    return services.report_runs_recover_stalled()
