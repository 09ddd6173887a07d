"""Celery tasks: take ids, call one service (STYLE.md). Each runs in its own audit context
(sro_admin.audit.audited_task), so their changes are named in the history."""

from django.db import OperationalError

from sro_admin.audit import audited_task


@audited_task(
    name="mous.tasks.mou_version_render_pdfs",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def mou_version_render_pdfs(version_id: int) -> None:
    from mous import pdf

    pdf.version_render_pdfs(version_id=version_id)


@audited_task(name="mous.tasks.mou_reviews_daily")
def mou_reviews_daily() -> dict:
    """Hourly: expire versions whose term ended and send the annual-review reminders that are
    due, each by its own district's date (programs.clock): a district's day starts at its
    midnight, and the next hourly run after it does that day's work."""
    from mous import reminders, services

    expired = services.versions_expire()
    sent = reminders.review_reminders_send()
    return {"expired": expired, "reminders": sent}
