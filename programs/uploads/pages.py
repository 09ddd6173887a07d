"""The import pages' one flow: upload -> summarised preview -> confirm.

- Upload: the file is read (at most the layout's size, after RequestSizeMiddleware has
  refused a larger body unread) and checked with save=False. A file-level problem is shown
  next to the file field.
- Preview (uploads/preview.html): the counts (rows read, ready, with a problem, with a
  warning), the rows with a problem up to a bound ("and N more"), those with a warning, and
  a sample of the ready rows: the same size for 20 rows or 200,000. Only when every row is
  ready, the file's bytes and the
  choices that go with it (agency, district, school year) wait server-side in PostgreSQL
  (PendingUpload, not the page cache, which may evict or be down) under a random token bound
  to the user and the page's scope, for PENDING_SECONDS.
- Confirm: posts only the token. The token is spent at once (a second click finds nothing);
  the file is checked again from scratch and saved with save=True, all rows or none. If
  something changed since the preview, the preview is shown again with the new results and
  nothing is saved.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import PendingUpload
from programs.uploads.result import Result
from sro_admin.errors import RuleViolation
from sro_admin.pages import form_refused

PENDING_SECONDS = 30 * 60  # a checked upload waits this long for its confirmation
CONFIRM = "confirm"  # the field that carries the token
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)


def pending_put(request: HttpRequest, scope: str, *, content: bytes, params: dict) -> str:
    now = timezone.now()
    PendingUpload.objects.filter(expires_at__lt=now).delete()  # the expired, of anyone
    token = secrets.token_urlsafe(16)
    PendingUpload.objects.create(
        token=token,
        user=request.user,
        scope=scope,
        content=content,
        params=params,
        expires_at=now + timedelta(seconds=PENDING_SECONDS),
    )
    return token


@transaction.atomic
def pending_take(request: HttpRequest, scope: str, token: str) -> dict | None:
    """The upload waiting under `token`, once: a second take (a double click) gets None.
    Bound to the user and the page, so a token is useless to anyone else or elsewhere."""
    if not TOKEN.fullmatch(token):
        return None
    pending = (
        PendingUpload.objects.select_for_update()  # a second click waits, then finds nothing
        .filter(token=token, user=request.user, scope=scope, expires_at__gte=timezone.now())
        .first()
    )
    if pending is None:
        return None
    pending.delete()
    return {"content": bytes(pending.content), "params": pending.params}


@dataclass
class Step:
    """Where the flow stands: a response to send, or a page to render with these."""

    form: Any
    result: Result | None = None
    token: str = ""
    params: dict = field(default_factory=dict)
    response: HttpResponse | None = None


def upload_step(
    request: HttpRequest,
    *,
    scope: str,
    make_form: Callable[..., Any],
    max_bytes: int,
    params_of: Callable[[dict], dict],
    run: Callable[..., Result],
    done: Callable[[Result, dict], HttpResponse],
    again_url: str,
) -> Step:
    """One step of an import page.

    `make_form(data, files)` builds the upload form (with a file field named "file");
    `params_of(cleaned_data)` picks what the import needs besides the file, as plain values
    that can wait as JSON; `run(content=, save=, **params)` checks (and with save=True
    saves) the file, raising RuleViolation for a file it cannot read; `done(result, params)`
    answers a confirmed, saved import; `again_url` is the empty page.
    """
    if request.method == "POST" and CONFIRM in request.POST:
        pending = pending_take(request, scope, request.POST[CONFIRM])
        if pending is None:
            messages.error(request, _("That upload has expired. Please upload the file again."))
            return Step(form=None, response=redirect(again_url))
        try:
            result = run(content=pending["content"], save=True, **pending["params"])
        except RuleViolation as violation:
            messages.error(request, violation.message)
            return Step(form=None, response=redirect(again_url))
        if result.ok:
            return Step(form=None, response=done(result, pending["params"]))
        # Something changed since the preview: show why; nothing was saved.
        return Step(form=make_form(None, None), result=result, params=pending["params"])
    if request.method != "POST":
        return Step(form=make_form(None, None))
    form = make_form(request.POST, request.FILES)
    if not form.is_valid():
        return Step(form=form)
    content = form.cleaned_data["file"].read(max_bytes + 1)  # one byte more says "too large"
    params = params_of(form.cleaned_data)
    try:
        result = run(content=content, save=False, **params)
    except RuleViolation as violation:
        form_refused(form, violation)
        return Step(form=form)
    token = ""
    if result.ok:
        token = pending_put(request, scope, content=content, params=params)
    return Step(form=form, result=result, token=token, params=params)
