"""The transactional outbox: every background effect that follows a commit goes through here.

A service calls `send(...)` inside its transaction: an `OutboxMessage` row is written with the
change, so the effect is kept exactly when the change is. After the commit the effect is
tried at once, best effort: a broker or Redis that is down is logged on the row, never raised,
so a request whose data committed still answers normally. The relay (`relay()`, a beat job
every 10 seconds, sro_admin.tasks) delivers what is still pending, with backoff, until the
broker takes it.

Two effects: enqueue a Celery task by name, or run a function marked `@handler` (a cache
refresh). Delivery is at least once (a crash between "taken" and "marked sent" sends again),
so each effect must be idempotent by its row: tasks check their own status row, handlers do
nothing harmful twice. This module is the only one that may call `.delay`/`.apply_async`/
`send_task` (tests/test_guards.py). See docs/decisions/0016-transactional-outbox.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from sro_admin.models import OutboxMessage

logger = logging.getLogger(__name__)

# The relay waits 10 s after a first failure, then twice as long each time, up to 5 minutes.
FIRST_RETRY = timedelta(seconds=10)
LONGEST_RETRY = timedelta(minutes=5)
# Sent rows are kept this long (to answer "did it go?"), then the relay deletes them.
KEEP_SENT = timedelta(days=7)
RELAY_BATCH = 200
# One quick reconnect (a connection the broker dropped since), no more: the relay retries.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def handler(func: Callable[..., None]) -> Callable[..., None]:
    """Mark a function the relay may run as a "call" effect. Only marked functions run: a row
    names a function by its dotted path, and that path must not reach anything else."""
    func.outbox_handler = True
    return func


def _path(func: Callable[..., None]) -> str:
    if not getattr(func, "outbox_handler", False):
        raise ValueError(f"{func.__qualname__} is not an @outbox.handler")
    return f"{func.__module__}.{func.__qualname__}"


def send(
    *,
    task: str = "",
    call: Callable[..., None] | None = None,
    args: list | None = None,
    kwargs: dict | None = None,
) -> OutboxMessage:
    """Record an effect in the current transaction and try it once the transaction commits.

    `task`: a Celery task's name, enqueued with `args`/`kwargs` (ids, never instances).
    `call`: an `@handler` function, run with `kwargs`.
    """
    if bool(task) == (call is not None):
        raise ValueError("Give either task= or call=")
    message = OutboxMessage.objects.create(
        effect=OutboxMessage.Effect.TASK if task else OutboxMessage.Effect.CALL,
        name=task or _path(call),
        args=list(args or []),
        kwargs=dict(kwargs or {}),
    )
    transaction.on_commit(lambda: _deliver_after_commit(message.pk))
    return message


def _deliver_after_commit(message_id: int) -> None:
    # After the commit the data is saved whatever happens here: never let it become a 500.
    try:
        deliver(message_id)
    except Exception:
        logger.exception("Outbox message %s: not delivered after commit; relay retries", message_id)


def _perform(message: OutboxMessage) -> None:
    if message.effect == OutboxMessage.Effect.TASK:
        from sro_admin.celery import app

        # The row's id is the task id: the worker's log names the row it came from.
        app.send_task(
            message.name,
            args=message.args,
            kwargs=message.kwargs,
            task_id=f"outbox-{message.pk}",
            retry=True,
            retry_policy=PUBLISH_RETRY,
        )
        return
    func = import_string(message.name)
    if not getattr(func, "outbox_handler", False):
        raise ValueError(f"{message.name} is not an @outbox.handler")
    func(**message.kwargs)


def _backoff(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def deliver(message_id: int, *, now: datetime | None = None) -> bool:
    """Perform one pending message, under its row's lock (skipped if another process holds
    it, so the relay and the after-commit attempt never both perform it). Returns whether
    it was delivered now; a failure is recorded on the row with its next attempt."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return False  # sent already, or another process is on it
        try:
            with transaction.atomic():  # a handler's failed query must not spoil the row's
                _perform(message)
        except Exception as error:
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.next_attempt_at = (now or timezone.now()) + _backoff(message.attempts)
            message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning(
                "Outbox message %s (%s %s) not delivered, attempt %s: %s",
                message.pk,
                message.effect,
                message.name,
                message.attempts,
                message.last_error,
            )
            return False
        message.attempts += 1
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "sent_at"])
        return True


def relay(*, now: datetime | None = None) -> int:
    """Deliver every pending message that is due, oldest first; forget sent ones after
    KEEP_SENT. Returns how many were delivered. The beat job calls it every 10 seconds."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)[:RELAY_BATCH]
    )
    delivered = sum(deliver(pk, now=now) for pk in due)
    OutboxMessage.objects.filter(sent_at__lt=now - KEEP_SENT).delete()
    return delivered


def pending() -> int:
    """How many effects wait for delivery (for monitoring: it should stay near zero)."""
    return OutboxMessage.objects.filter(sent_at__isnull=True).count()
