"""Helpers the services of every subject share: save only the fields that changed, and
refuse a date in the future where a record says what has happened.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from programs.clock import program_today
from programs.models import Program
from sro_admin.errors import RuleViolation


def _apply(obj, changes: dict) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, changes[name])
    return changed


def changes_save(obj, changes: dict):
    """Save only the fields whose value changed (validated first), so the audit history
    records a change only where there was one."""
    changed = _apply(obj, changes)
    if changed:
        obj.full_clean()
        obj.save(update_fields=[*changed, "updated_at"])
    return obj


def check_not_in_future(day: date, *, program: Program, today: date | None, field: str) -> None:
    """`today` is the program's district's (programs.clock), read here if not given."""
    if day > (today or program_today(program)):
        raise RuleViolation(_("The date is in the future: record what has happened."), field=field)
