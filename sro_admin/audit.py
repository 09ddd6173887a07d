"""Audit history for the whole project, on django-pghistory.

See docs/decisions/0001-audit-history-pghistory.md.

PostgreSQL triggers write an event row for every insert, update and delete of an audited
model, including bulk updates and raw SQL. Each event carries the context of what caused it:
in a request the user, URL, method, client address and a request id (AuditContextMiddleware);
outside requests (commands, tasks) the `source` given to `audit_context`.

Register a model with `@audited()`; show its history with `history_for(obj)`, merged with
the history of the rows that belong to it (`children`) where a page shows them together.
Declare Celery tasks with `@audited_task(name=...)`, so what they change names them.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pghistory
from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from pghistory.middleware import HistoryMiddleware


def audited(**kwargs):
    """Keep every insert, update and delete of the decorated model in its audit history.

    The event tables are append-only: a trigger refuses updates and deletes of past events.
    """
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        append_only=True,
        **kwargs,
    )


class AuditContextMiddleware(HistoryMiddleware):
    """Attach who acted, from which request, to every audited change the request makes."""

    def get_context(self, request) -> dict[str, Any]:
        context = super().get_context(request)  # user and url
        context.update(
            method=request.method,
            ip=request.META.get("REMOTE_ADDR"),
            request_id=_request_id(request),
        )
        return context


def _request_id(request) -> str:
    # A proxy's X-Request-ID ties our history to its logs; anything else gets a fresh id.
    given = request.headers.get("X-Request-ID", "")
    if given and len(given) <= 64 and _REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]+")


@contextmanager
def audit_context(*, source: str, user=None) -> Iterator[None]:
    """Context for changes made outside a request: a management command, a task, a script."""
    user_pk = user.pk if user is not None else None
    with pghistory.context(source=source, user=user_pk):
        yield


def audited_task(*, name: str, **options):
    """A Celery task whose body runs in `audit_context(source=name)`: the history of what a
    task or a beat job changes says "System (<name>)", never "changed directly in the
    database". Takes Celery's task options; use it instead of `shared_task` (ruff bans
    that). tests/test_task_audit.py checks that every registered task has it."""
    from celery import shared_task  # noqa: TID251 (the one place that may)

    def decorate(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            with audit_context(source=name):
                return func(*args, **kwargs)

        run.audit_source = name
        return shared_task(name=name, **options)(run)

    return decorate


LABELS = {"insert": _("Created"), "update": _("Changed"), "delete": _("Deleted")}
# Columns that are bookkeeping, not content.
HIDDEN_COLUMNS = {"id", "created_at", "updated_at"}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime
    kind: str  # insert, update or delete
    action: str
    actor: str
    source: str
    changes: list[Change] = field(default_factory=list)
    url: str = ""
    method: str = ""
    ip: str = ""
    request_id: str = ""
    subject: str = ""  # which row changed, when the history merges several ("Rating: Teaching")


def _field(model, column: str):
    return next((f for f in model._meta.concrete_fields if f.column == column), None)


def _field_label(model, column: str) -> str:
    field = _field(model, column)
    label = str(field.verbose_name) if field else column
    return label[:1].upper() + label[1:]


def _related_names(model, events, *, hidden=()) -> dict[str, dict[Any, str]]:
    """For each foreign key in the events, the names of the rows it pointed to: one query each."""
    names: dict[str, dict[Any, str]] = {}
    for fk in model._meta.concrete_fields:
        if not fk.is_relation or fk.column in hidden:
            continue
        ids = set()
        for event in events:
            for source in (event.pgh_data or {}, event.pgh_diff or {}):
                value = source.get(fk.column)
                ids.update(value if isinstance(value, list) else [value])
        ids.discard(None)
        if ids:
            related = fk.related_model._base_manager.in_bulk(ids)
            names[fk.column] = {pk: str(obj) for pk, obj in related.items()}
    return names


def _column_order(model) -> Callable[[str], int]:
    """Changes are listed in the order of the model's fields (the event data has its own)."""
    positions = {f.column: i for i, f in enumerate(model._meta.concrete_fields)}
    return lambda column: positions.get(column, len(positions))


def _hidden_columns(model, parent) -> set[str]:
    """Columns an entry leaves out: bookkeeping, and a child row's key back to the object
    whose history it is (every child of a school year points to that year)."""
    hidden = set(HIDDEN_COLUMNS)
    if model is not parent:
        hidden |= {
            f.column
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is parent
        }
    return hidden


def _display(model, column: str, value: Any, related: dict[str, dict[Any, str]]) -> Any:
    if value is None:
        return None
    if column in related:
        return related[column].get(value, f"#{value}")
    field = _field(model, column)
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.DateField) and isinstance(value, str):
        # The event keeps ISO text; a date object is shown as every page shows dates.
        datetime_field = isinstance(field, models.DateTimeField)
        parse = datetime.fromisoformat if datetime_field else date.fromisoformat
        try:
            return parse(value)
        except ValueError:
            return value
    return value


def history_for(
    obj,
    *,
    children: Mapping[type, Callable[[dict], str]] | None = None,
    limit: int = 200,
) -> list[HistoryEntry]:
    """The audit history of one object, newest first.

    `children` merges in the events of rows that point to `obj` by a foreign key, such as a
    school year's enrollment counts: {EnrollmentCount: name}, where `name(data)` names one
    row from the data its event kept ("Asian, Female"), since a deleted row cannot be read
    any more. Their entries carry that name as `subject`; the key back to `obj` is left out.

    A fixed number of queries whatever its length: the events, the users who acted, and one
    per foreign key (of each model) to name what it pointed to.
    """
    from pghistory import core
    from pghistory.models import MiddlewareEvents

    from sro_admin.models import User

    parent = type(obj)
    children = dict(children or {})
    if children:
        event_models = [
            event_model
            for model in (parent, *children)
            for event_model in core.event_models(tracks_model=model)
        ]
        # Every event row with a foreign key to `obj`: its own (pgh_obj) and its children's.
        events = MiddlewareEvents.objects.references(obj).across(*event_models)
    else:
        events = MiddlewareEvents.objects.tracks(obj)
    events = list(events.order_by("-pgh_created_at", "-pgh_id")[:limit])
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context}
    users = {u.pk: u for u in User.objects.filter(pk__in=[i for i in user_ids if i])}
    by_model: dict[type, list] = defaultdict(list)
    for event in events:
        by_model[apps.get_model(event.pgh_obj_model)].append(event)
    hidden = {model: _hidden_columns(model, parent) for model in by_model}
    related = {
        model: _related_names(model, model_events, hidden=hidden[model])
        for model, model_events in by_model.items()
    }
    order = {model: _column_order(model) for model in by_model}
    entries = []
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        context = event.pgh_context or {}
        actor = users.get(context.get("user"))
        if event.pgh_label == "insert":
            pairs = {k: [None, v] for k, v in (event.pgh_data or {}).items()}
        else:
            pairs = event.pgh_diff or {}
        subject = ""
        if model is not parent:
            subject = (
                f"{capfirst(model._meta.verbose_name)}: {children[model](event.pgh_data or {})}"
            )
        changes = [
            Change(
                field=_field_label(model, column),
                old=_display(model, column, old, related[model]),
                new=_display(model, column, new, related[model]),
            )
            for column, (old, new) in sorted(pairs.items(), key=lambda p: order[model](p[0]))
            if column not in hidden[model] and not column.startswith("pgh_")
        ]
        entries.append(
            HistoryEntry(
                when=event.pgh_created_at,
                kind=event.pgh_label,
                action=str(LABELS.get(event.pgh_label, event.pgh_label)),
                actor=str(actor) if actor else "",
                source=context.get("source", "") if context else "",
                changes=changes,
                url=context.get("url", ""),
                method=context.get("method", ""),
                ip=context.get("ip") or "",
                request_id=context.get("request_id", ""),
                subject=subject,
            )
        )
    return entries
