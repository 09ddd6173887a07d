"""Annual-review reminders (COPS-2, NASRO 04.01.02): 60 and 30 days before the review is due
and once it is overdue, each sent once.

North's MOU is executed on 1 August 2025, so its review is due on 1 August 2026: the 60-day
reminder is due from 2 June 2026, the 30-day one from 2 July, the overdue one from 2 August.
"""

import contextlib
import email
import smtplib
import threading
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.urls import reverse

from conftest import wait_for
from mous import reminders, selectors, services
from mous.models import Mou, ReviewReminder
from mous.tasks import mou_reviews_daily
from mous.tests.builders import draft, execute, executed
from programs.clock import district_today
from sro_admin.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=False)

EXECUTED_ON = date(2025, 8, 1)
DUE_ON = date(2026, 8, 1)
NORTH_PEOPLE = ["district_admin@north.example", "le_supervisor@north.example"]


def sent(mou) -> list[tuple[date, str]]:
    return list(
        ReviewReminder.objects.filter(mou=mou)
        .order_by("created_at")
        .values_list("due_on", "threshold")
    )


# -- thresholds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "threshold"),
    [
        (date(2026, 6, 1), None),  # 61 days before: nothing yet
        (date(2026, 6, 2), "60"),  # 60 days before
        (date(2026, 7, 1), "60"),  # 31 days before
        (date(2026, 7, 2), "30"),  # 30 days before
        (date(2026, 8, 1), "30"),  # the due date itself is not overdue
        (date(2026, 8, 2), "overdue"),
        (date(2027, 3, 1), "overdue"),
    ],
)
def test_the_threshold_of_a_day(today, threshold):
    assert reminders.threshold_for(due_on=DUE_ON, today=today) == threshold


def test_nothing_is_sent_more_than_60_days_before(world, mailoutbox):
    mou = executed(world, on=EXECUTED_ON)
    assert reminders.review_reminders_send(today=date(2026, 6, 1)) == 0
    assert sent(mou) == [] and mailoutbox == []


def test_60_days_before_the_district_and_the_agency_are_reminded(world, mailoutbox, settings):
    settings.SITE_URL = "https://sro.example.org"
    mou = executed(world, on=EXECUTED_ON)

    assert reminders.review_reminders_send(today=date(2026, 6, 2)) == 1

    assert sent(mou) == [(DUE_ON, "60")]
    [message] = mailoutbox
    assert message.subject == "Annual review due in 60 days: North SRO MOU"
    assert sorted(message.to) == NORTH_PEOPLE
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.body.startswith(
        'The annual review of the MOU "North SRO MOU" (North District) is due on '
        "Aug 1, 2026, in 60 days."
    )
    assert "COPS-2, NASRO 04.01.02" in message.body
    url = "https://sro.example.org" + reverse("mou-detail", args=[mou.pk])
    assert f"The MOU: {url}\n" in message.body
    assert "&quot;" not in message.body  # plain text, not HTML-escaped


def test_30_days_before(world, mailoutbox):
    mou = executed(world, on=EXECUTED_ON)
    reminders.review_reminders_send(today=date(2026, 6, 2))

    assert reminders.review_reminders_send(today=date(2026, 7, 2)) == 1

    assert sent(mou) == [(DUE_ON, "60"), (DUE_ON, "30")]
    assert mailoutbox[-1].subject == "Annual review due in 30 days: North SRO MOU"
    assert "is due on Aug 1, 2026, in 30 days." in mailoutbox[-1].body


def test_overdue(world, mailoutbox):
    mou = executed(world, on=EXECUTED_ON)
    reminders.review_reminders_send(today=date(2026, 6, 2))
    reminders.review_reminders_send(today=date(2026, 7, 2))

    assert reminders.review_reminders_send(today=date(2026, 8, 2)) == 1

    assert sent(mou) == [(DUE_ON, "60"), (DUE_ON, "30"), (DUE_ON, "overdue")]
    assert mailoutbox[-1].subject == "Annual review overdue: North SRO MOU"
    assert "was due on Aug 1, 2026: it is 1 day overdue." in mailoutbox[-1].body


# -- once ----------------------------------------------------------------------------------------


def test_each_reminder_is_sent_once(world, mailoutbox):
    """Beat runs the task every hour: the same day, and the next, send nothing new."""
    mou = executed(world, on=EXECUTED_ON)
    assert reminders.review_reminders_send(today=date(2026, 6, 2)) == 1
    assert reminders.review_reminders_send(today=date(2026, 6, 2)) == 0
    assert reminders.review_reminders_send(today=date(2026, 6, 3)) == 0
    reminders.review_reminders_send(today=date(2026, 8, 2))
    assert reminders.review_reminders_send(today=date(2026, 8, 3)) == 0
    assert reminders.review_reminders_send(today=date(2026, 12, 1)) == 0
    assert [t for _, t in sent(mou)] == ["60", "overdue"]
    assert len(mailoutbox) == 2


def test_first_seen_20_days_before_it_sends_the_30_day_reminder_and_never_the_60(world, mailoutbox):
    """The app was down until 12 July: one reminder, the most pressing, and no going back."""
    mou = executed(world, on=EXECUTED_ON)
    assert reminders.review_reminders_send(today=date(2026, 7, 12)) == 1
    assert reminders.review_reminders_send(today=date(2026, 7, 13)) == 0
    assert sent(mou) == [(DUE_ON, "30")]
    assert mailoutbox[0].subject == "Annual review due in 20 days: North SRO MOU"
    # The overdue reminder is more pressing: it still comes.
    assert reminders.review_reminders_send(today=date(2026, 8, 2)) == 1
    assert sent(mou) == [(DUE_ON, "30"), (DUE_ON, "overdue")]


def test_first_seen_overdue_it_sends_only_the_overdue_reminder(world, mailoutbox):
    mou = executed(world, on=EXECUTED_ON)
    assert reminders.review_reminders_send(today=date(2026, 9, 30)) == 1
    assert sent(mou) == [(DUE_ON, "overdue")]
    assert "it is 60 days overdue." in mailoutbox[0].body


def test_a_recorded_review_starts_a_new_cycle(world, mailoutbox):
    mou = executed(world, on=EXECUTED_ON)
    reminders.review_reminders_send(today=date(2026, 7, 2))
    services.review_record(
        actor=world.users["district_admin"],
        mou=mou,
        reviewed_on=date(2026, 7, 20),
        participants="Superintendent, Chief of Police, SRO supervisor",
        findings="The program meets its goals.",
        meets_expectations=True,
        today=date(2026, 7, 20),
    )
    next_due = date(2027, 7, 20)
    assert selectors.review_due_on(mou) == next_due

    # The old due date passes without an overdue reminder: the review took place.
    assert reminders.review_reminders_send(today=date(2026, 8, 2)) == 0
    assert reminders.review_reminders_send(today=date(2027, 5, 20)) == 0  # 61 days before
    assert reminders.review_reminders_send(today=date(2027, 5, 21)) == 1  # 60 days before

    assert sent(mou) == [(DUE_ON, "30"), (next_due, "60")]
    assert "is due on Jul 20, 2027, in 60 days." in mailoutbox[-1].body


# -- which MOUs ----------------------------------------------------------------------------------


def test_an_expired_mou_gets_no_reminder(world, mailoutbox):
    mou = draft(world)
    version = mou.versions.get()
    services.version_update(
        actor=world.users["district_admin"],
        version=version,
        change_summary="",
        supervision="Sgt. Pat Doe",
        effective_from=None,
        effective_until=date(2026, 6, 30),
        schools=[world.school],
    )
    execute(world, version, on=EXECUTED_ON)
    services.versions_expire(today=date(2026, 7, 1))

    assert reminders.review_reminders_send(today=date(2026, 7, 2)) == 0
    assert reminders.review_reminders_send(today=date(2026, 8, 2)) == 0
    assert sent(mou) == [] and mailoutbox == []


def test_a_superseded_version_does_not_set_the_due_date(world, mailoutbox):
    """Version 2, executed on 1 March 2026, is due for review on 1 March 2027; version 1's
    due date (1 August 2026) passes without a reminder."""
    mou = executed(world, on=EXECUTED_ON)
    admin = world.users["district_admin"]
    second = services.version_new(actor=admin, mou=mou)
    execute(world, second, on=date(2026, 3, 1))

    assert reminders.review_reminders_send(today=date(2026, 7, 2)) == 0
    assert reminders.review_reminders_send(today=date(2026, 8, 2)) == 0
    assert reminders.review_reminders_send(today=date(2026, 12, 31)) == 1
    assert sent(mou) == [(date(2027, 3, 1), "60")]
    assert len(mailoutbox) == 1


def test_a_draft_gets_no_reminder(world, mailoutbox):
    draft(world)
    assert reminders.review_reminders_send(today=date(2027, 1, 1)) == 0
    assert not ReviewReminder.objects.exists() and mailoutbox == []


def test_at_most_one_email_per_mou_per_run(world, mailoutbox):
    """Two MOUs of North, both 30 days from review: one email each."""
    first = executed(world, on=EXECUTED_ON)
    second = executed(world, on=EXECUTED_ON, title="North Sheriff MOU")
    assert reminders.review_reminders_send(today=date(2026, 7, 2)) == 2
    assert sent(first) == sent(second) == [(DUE_ON, "30")]
    assert sorted(m.subject for m in mailoutbox) == [
        "Annual review due in 30 days: North SRO MOU",
        "Annual review due in 30 days: North Sheriff MOU",
    ]


# -- who is reminded -----------------------------------------------------------------------------


def test_the_district_admin_and_the_party_agencys_supervisor_are_reminded(world, mailoutbox):
    """Not South's administrator or supervisor, not the SRO, not the school administrator,
    not the program viewer."""
    mou = executed(world, on=EXECUTED_ON)
    reminders.review_reminders_send(today=date(2026, 7, 2))
    [message] = mailoutbox
    assert sorted(message.to) == NORTH_PEOPLE
    assert ReviewReminder.objects.get(mou=mou).recipients == NORTH_PEOPLE
    everyone = {u.email for u in world.users.values()}
    assert everyone - set(message.to) == {
        "school_admin@north.example",
        "sro@north.example",
        "program_viewer@north.example",
        "admin@south.example",
        "supervisor@south.example",
        "staff@example.org",
    }


def test_with_no_one_to_remind_it_is_recorded_and_not_retried(world, mailoutbox, caplog):
    mou = executed(world, on=EXECUTED_ON)
    for role in ("district_admin", "le_supervisor"):
        user = world.users[role]
        user.is_active = False
        user.save(update_fields=["is_active"])

    assert reminders.review_reminders_send(today=date(2026, 7, 2)) == 0
    assert reminders.review_reminders_send(today=date(2026, 7, 3)) == 0

    assert list(ReviewReminder.objects.filter(mou=mou).values_list("threshold", "recipients")) == [
        ("30", [])
    ]
    assert mailoutbox == []
    assert [r.levelname for r in caplog.records if "No one to remind" in r.message] == ["WARNING"]


# -- failures and races --------------------------------------------------------------------------


def test_a_failed_send_is_not_recorded_and_the_next_run_retries(world, mailoutbox, monkeypatch):
    mou = executed(world, on=EXECUTED_ON)

    def refused(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refused)
        assert reminders.review_reminders_send(today=date(2026, 7, 2)) == 0
    assert sent(mou) == [] and mailoutbox == []

    assert reminders.review_reminders_send(today=date(2026, 7, 2)) == 1
    assert sent(mou) == [(DUE_ON, "30")] and len(mailoutbox) == 1


def _waits_on_me() -> bool:
    """Whether another connection is waiting for a lock this one holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks"
            " WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
        )
        return cursor.fetchone() is not None


def _second_worker(today: date, result: dict) -> threading.Thread:
    def run():
        try:
            result["sent"] = reminders.review_reminders_send(today=today)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first_commits", [True, False])
def test_a_second_worker_sends_only_if_the_first_one_failed(world, mailoutbox, first_commits):
    """Two workers run at once. The first holds the MOU and has recorded its reminder, and is
    sending it; the second waits for it. If the first commits, the second sends nothing; if
    the first's send fails (its transaction rolls back), the second sends the reminder."""
    mou = executed(world, on=EXECUTED_ON)
    today = date(2026, 7, 2)
    result: dict = {}

    class SendFailed(Exception):
        pass

    outcome = contextlib.nullcontext() if first_commits else pytest.raises(SendFailed)
    with outcome, transaction.atomic():
        Mou.objects.select_for_update(no_key=True).get(pk=mou.pk)
        ReviewReminder.objects.create(mou=mou, due_on=DUE_ON, threshold="30")
        thread = _second_worker(today, result)
        wait_for(_waits_on_me, timeout=30, message="The second worker did not wait")
        if not first_commits:
            raise SendFailed
    thread.join(timeout=30)

    assert result == {"sent": 0 if first_commits else 1}
    assert sent(mou) == [(DUE_ON, "30")]
    assert len(mailoutbox) == (0 if first_commits else 1)


# -- the real worker, as beat runs it ------------------------------------------------------------


def _task_finished(task_id: str) -> str | None:
    """The worker's log line for the end of this task, which shows what it returned."""
    log = Path(settings.TEST_VAR_DIR) / f"worker-{celery_app.conf.task_default_queue}.log"
    for line in log.read_text().splitlines():
        if f"[{task_id}]" in line and (" succeeded in " in line or " raised " in line):
            return line
    return None


def _mail_written_by_worker(about: str) -> list[email.message.Message]:
    """The messages the worker's file backend wrote (conftest.py) whose subject names `about`."""
    folder = Path(settings.TEST_VAR_DIR) / f"mail-{celery_app.conf.task_default_queue}"
    messages = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return [m for m in messages if about in m["Subject"]]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_due_reminder_once(world, celery_worker):
    """mous.tasks.mou_reviews_daily, as beat sends it, on the real broker and worker. The
    task takes each district's date itself: the MOU was executed 345 days before North's
    today, so its review is due in 20 days (the 30-day reminder). The worker runs on the real
    clock, so this test does not freeze it."""
    today = district_today(world.district)
    title = f"Worker MOU {uuid.uuid4().hex[:8]}"
    mou = executed(world, on=today - timedelta(days=345), title=title)
    due_on = selectors.review_due_on(mou)
    days_left = (due_on - today).days
    assert 0 < days_left <= 30

    first = mou_reviews_daily.delay()
    reminder = wait_for(
        lambda: ReviewReminder.objects.filter(mou=mou).first(),
        timeout=90,
        message="The worker did not record the reminder",
    )
    assert (reminder.due_on, reminder.threshold) == (due_on, "30")
    assert reminder.recipients == NORTH_PEOPLE
    done = wait_for(lambda: _task_finished(first.id), timeout=60, message="The task did not end")
    assert "succeeded" in done and "'reminders': 1" in done, done
    [message] = _mail_written_by_worker(title)
    assert message["Subject"] == f"Annual review due in {days_left} days: {title}"
    assert sorted(a.strip() for a in message["To"].split(",")) == NORTH_PEOPLE
    body = message.get_payload(decode=True).decode()
    assert settings.SITE_URL + reverse("mou-detail", args=[mou.pk]) in body

    second = mou_reviews_daily.delay()
    done = wait_for(lambda: _task_finished(second.id), timeout=60, message="The task did not end")
    assert "succeeded" in done and "'reminders': 0" in done, done
    assert len(_mail_written_by_worker(title)) == 1
    assert ReviewReminder.objects.filter(mou=mou).count() == 1
