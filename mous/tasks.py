"""Celery tasks: take ids, call one service (STYLE.md)."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone


@shared_task(
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


@shared_task(name="mous.tasks.mou_reviews_daily")
def mou_reviews_daily() -> dict:
    """Daily: expire versions whose term ended and send due annual-review reminders."""
    from mous import reminders, services

    today = timezone.localdate()
    expired = services.versions_expire(today=today)
    sent = reminders.review_reminders_send(today=today)
    return {"expired": expired, "reminders": sent}
