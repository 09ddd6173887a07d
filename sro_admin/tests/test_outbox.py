"""The transactional outbox (sro_admin.outbox), called directly on the real database and Redis.

The effects here are this module's own handlers, so each test can count what ran. The real
effects (a PDF, a report, a cache refresh) with Redis stopped are in tests/test_outbox_redis.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from sro_admin import outbox
from sro_admin.models import OutboxMessage

RAN: list[dict] = []
FAILURES_LEFT = {"count": 0}


@outbox.handler
def remember(**kwargs) -> None:
    """Records its call; fails while FAILURES_LEFT says so (a Redis that is down)."""
    if FAILURES_LEFT["count"]:
        FAILURES_LEFT["count"] -= 1
        raise ConnectionError("Redis is down")
    RAN.append(kwargs)


def not_a_handler(**kwargs) -> None:
    RAN.append(kwargs)


@pytest.fixture(autouse=True)
def _fresh():
    RAN.clear()
    FAILURES_LEFT["count"] = 0


def test_an_effect_is_kept_only_with_the_change_it_follows(db, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        outbox.send(call=remember, kwargs={"district_id": 1})
        raise RuntimeError("the change fails")
    assert not OutboxMessage.objects.exists()
    assert RAN == []


def test_an_effect_runs_once_after_the_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        message = outbox.send(call=remember, kwargs={"district_id": 7})
        assert RAN == []  # nothing before the commit
    assert len(callbacks) == 1
    assert RAN == [{"district_id": 7}]
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1 and message.last_error == ""
    assert outbox.relay() == 0  # nothing pending: the relay does not run it again
    assert outbox.deliver(message.pk) is False
    assert RAN == [{"district_id": 7}]


def test_a_failed_effect_is_kept_and_retried_by_the_relay_with_backoff(
    db, django_capture_on_commit_callbacks
):
    FAILURES_LEFT["count"] = 2
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.send(call=remember, kwargs={"district_id": 3})  # no 500: logged
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1
    assert message.last_error == "ConnectionError: Redis is down"
    assert message.next_attempt_at >= before + outbox.FIRST_RETRY
    assert outbox.pending() == 1

    assert outbox.relay() == 0  # not due yet
    assert outbox.relay(now=message.next_attempt_at) == 0  # due, fails again, waits longer
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at >= before + outbox.FIRST_RETRY * 2
    assert outbox.relay(now=message.next_attempt_at) == 1
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 3
    assert RAN == [{"district_id": 3}]
    assert outbox.pending() == 0


def test_the_backoff_doubles_up_to_five_minutes():
    assert [outbox._backoff(n).total_seconds() for n in range(1, 8)] == [
        10,
        20,
        40,
        80,
        160,
        300,
        300,
    ]


def test_only_marked_functions_are_effects(db):
    with pytest.raises(ValueError, match="not an @outbox.handler"):
        outbox.send(call=not_a_handler, kwargs={})
    # A row naming anything else (written by hand, say) is refused by the relay, not run.
    message = OutboxMessage.objects.create(
        effect=OutboxMessage.Effect.CALL, name=f"{__name__}.not_a_handler"
    )
    assert outbox.relay() == 0
    message.refresh_from_db()
    assert message.sent_at is None and "not an @outbox.handler" in message.last_error
    assert RAN == []


def test_a_task_effect_is_handed_to_the_broker(db, django_capture_on_commit_callbacks):
    # The relay's own beat task (harmless to enqueue): the broker takes it, the row is sent.
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.send(task="sro_admin.tasks.outbox_relay")
    message.refresh_from_db()
    assert message.sent_at is not None and message.last_error == ""


def test_sent_rows_are_forgotten_after_a_week(db):
    old = OutboxMessage.objects.create(
        effect=OutboxMessage.Effect.CALL,
        name=f"{__name__}.remember",
        sent_at=timezone.now() - outbox.KEEP_SENT - timedelta(minutes=1),
    )
    recent = OutboxMessage.objects.create(
        effect=OutboxMessage.Effect.CALL, name=f"{__name__}.remember", sent_at=timezone.now()
    )
    outbox.relay()
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()
