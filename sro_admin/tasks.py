"""Celery tasks of the project package: the outbox relay (sro_admin.outbox)."""

from sro_admin.audit import audited_task


@audited_task(name="sro_admin.tasks.outbox_relay")
def outbox_relay() -> int:
    """Every 10 seconds (beat): deliver the background effects still pending."""
    from sro_admin import outbox

    return outbox.relay()
