"""Celery tasks: take ids, call one service (STYLE.md). Each runs in its own audit context
(sro_admin.audit.audited_task), so their changes are named in the history."""

from sro_admin.audit import audited_task


@audited_task(name="programs.tasks.training_attention_refresh")
def training_attention_refresh() -> dict:
    """Every minute: the training attention summary's rows that are not current, written
    again (ADR 0019), each program as of its own district's date (programs.clock): after a
    district's midnight, or a write to what standings read, pages compute the rows that
    are not current themselves until this has run."""
    from programs.services import attention

    return {"written": attention.training_attention_refresh()}
