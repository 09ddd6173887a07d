"""Annual-review reminders (COPS-2, NASRO 04.01.02): an executed MOU is reviewed every year;
60 and 30 days before the review is due, and once it is overdue, the district's
administrators and the agencies' supervisors get an email. Beat runs this hourly
(mous.tasks.mou_reviews_daily); each reminder goes out once. Days are counted by the
district's own date (programs.clock.district_today), not UTC's.

"Once" is the ReviewReminder row, unique per (MOU, due date, threshold):
- only the most pressing threshold that applies today is considered, and it is skipped if a
  reminder at that threshold or a more pressing one exists for the same due date. So an MOU
  first seen 20 days before its due date gets the 30-day reminder and never the 60-day one;
- the row is written and the email sent inside one transaction that holds the MOU's row
  lock. A second worker running at the same moment waits for the lock, then sees the row
  and sends nothing (the unique constraint is the backstop);
- if sending fails (SMTP down, a refused connection), the transaction rolls back: no row
  claims a reminder that was never sent, and the next hourly run tries again. The price is
  the opposite, rarer failure: if the database loses the commit after the mail server
  accepted the message, the next run sends it again. A duplicate reminder is better than a
  missed review.

A new review moves the due date one year on, so the reminders start again for it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from mous import selectors
from mous.models import Mou, MouVersion, ReviewReminder
from programs.clock import district_today

logger = logging.getLogger(__name__)

Threshold = ReviewReminder.Threshold
# Least to most pressing.
PRESSING = [Threshold.DAYS_60, Threshold.DAYS_30, Threshold.OVERDUE]


def threshold_for(*, due_on: date, today: date) -> Threshold | None:
    """The most pressing threshold reached on `today` (COPS-2, NASRO 04.01.02)."""
    if today > due_on:
        return Threshold.OVERDUE
    if today >= due_on - timedelta(days=30):
        return Threshold.DAYS_30
    if today >= due_on - timedelta(days=60):
        return Threshold.DAYS_60
    return None


def _as_pressing(threshold: str) -> list[str]:
    """This threshold and the more pressing ones: any of them sent means nothing to send."""
    return PRESSING[PRESSING.index(threshold) :]


@dataclass(frozen=True)
class _Due:
    mou: Mou
    due_on: date
    threshold: str
    today: date  # the district's


def review_reminders_send(*, today: date | None = None) -> int:
    """Send the review reminders due today, at most one per MOU. Returns how many emails
    were sent (a reminder recorded for an MOU without recipients is not counted).

    Today is each MOU's district's (programs.clock), so a reminder is due from midnight where
    the district is; `today`, if given, is the date for every district (tests, catch-up)."""
    versions = (
        MouVersion.objects.in_force()
        .filter(executed_on__isnull=False)
        .select_related("mou__district")
    )
    due: list[_Due] = []
    for version in versions:
        # One query per MOU in force (its last review): a district has a handful of MOUs.
        due_on = selectors.review_due_on(version.mou, version)
        on = today or district_today(version.mou.district)
        threshold = threshold_for(due_on=due_on, today=on) if due_on else None
        if threshold is not None:
            due.append(_Due(mou=version.mou, due_on=due_on, threshold=threshold, today=on))
    if not due:
        return 0
    # Most runs send nothing: rule out, in one query, what was sent already. The locked
    # check in _reminder_send decides; this only spares a transaction per MOU every hour.
    sent_before = set(
        ReviewReminder.objects.filter(mou__in=[d.mou for d in due]).values_list(
            "mou_id", "due_on", "threshold"
        )
    )
    sent = 0
    for item in due:
        if any((item.mou.pk, item.due_on, t) in sent_before for t in _as_pressing(item.threshold)):
            continue
        sent += _reminder_send(
            mou=item.mou, due_on=item.due_on, threshold=item.threshold, today=item.today
        )
    return sent


def _reminder_send(*, mou: Mou, due_on: date, threshold: str, today: date) -> bool:
    """Record and send one reminder; True if an email went out."""
    try:
        with transaction.atomic():
            # NO KEY UPDATE: serializes reminder runs on this MOU without blocking the rows
            # that refer to it (versions, reviews) from being written meanwhile.
            if not Mou.objects.select_for_update(no_key=True).filter(pk=mou.pk).exists():
                return False  # deleted meanwhile
            if ReviewReminder.objects.filter(
                mou=mou, due_on=due_on, threshold__in=_as_pressing(threshold)
            ).exists():
                return False  # another worker sent it while we looked
            recipients = selectors.reminder_recipients(mou)
            ReviewReminder.objects.create(
                mou=mou, due_on=due_on, threshold=threshold, recipients=recipients
            )
            if not recipients:
                # Recorded all the same, so it is not retried every hour for ever.
                logger.warning(
                    "No one to remind of the annual review (%s) of MOU %s, due %s: "
                    "the district has no active administrator and the agencies no supervisor",
                    threshold,
                    mou.pk,
                    due_on,
                )
                return False
            _email_send(
                mou=mou, due_on=due_on, threshold=threshold, today=today, recipients=recipients
            )
    except IntegrityError:
        return False  # the unique constraint: another worker recorded it first
    except OSError:
        # SMTPException and socket errors are OSErrors. Nothing was recorded (the transaction
        # rolled back), so the next run tries again; the other MOUs still get theirs.
        logger.exception(
            "Could not send the annual-review reminder (%s) for MOU %s, due %s; "
            "the next run retries",
            threshold,
            mou.pk,
            due_on,
        )
        return False
    logger.info(
        "Sent the annual-review reminder (%s) for MOU %s, due %s, to %s",
        threshold,
        mou.pk,
        due_on,
        ", ".join(recipients),
    )
    return True


def _email_send(
    *, mou: Mou, due_on: date, threshold: str, today: date, recipients: list[str]
) -> None:
    context = {
        "title": mou.title,
        "district": mou.district.name,
        "due_on": due_on,
        "overdue": threshold == Threshold.OVERDUE,
        "days_left": (due_on - today).days,
        "days_overdue": (today - due_on).days,
        # No request tells a task which host it serves: SITE_URL does.
        "url": settings.SITE_URL.rstrip("/") + mou.get_absolute_url(),
    }
    # The people reminded use the staff pages, which are in English.
    with translation.override("en"):
        subject = render_to_string("mous/email/review_reminder_subject.txt", context)
        body = render_to_string("mous/email/review_reminder_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, recipients, fail_silently=False)
