"""Celery tasks: take ids, call one service (STYLE.md). Each runs in its own audit context
(sro_admin.audit.audited_task), so their changes are named in the history."""

from django.db import OperationalError

from reports import services
from sro_admin.audit import audited_task


@audited_task(
    name="reports.tasks.report_run_execute",
    # A worker killed mid-report leaves the message unacknowledged, so another worker gets it.
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def report_run_execute(run_id: int) -> None:
    services.report_run_execute(run_id=run_id)


@audited_task(name="reports.tasks.report_runs_recover_stalled")
def report_runs_recover_stalled() -> int:
    return services.report_runs_recover_stalled()
