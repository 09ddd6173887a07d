"""What every form page shares: show a service's refusal on the form, run a valid POST
through one service, and render the form on the one shared page (templates/form.html).

    form = OfficerForm(request.POST or None)
    if done := form_submit(request, form, services.officer_create, _("Added.")):
        return redirect(done.result)
    return form_page(request, form=form, title=..., crumbs=[(url, label)], submit=_("Add"))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sro_admin.errors import RuleViolation


def form_refused(form, error: RuleViolation | ValidationError) -> None:
    """Show a service's refusal on the form: next to its field where it names one."""
    if isinstance(error, RuleViolation):
        form.add_error(error.field if error.field in form.fields else None, error.message)
    elif set(getattr(error, "error_dict", {})) <= {*form.fields, NON_FIELD_ERRORS}:
        form.add_error(None, error)  # each message next to its field
    else:  # about a field the form does not show: above the form
        form.add_error(None, error.messages)


@dataclass(frozen=True)
class Submission:
    done: bool
    result: Any = None

    def __bool__(self) -> bool:
        return self.done


def form_submit(
    request: HttpRequest,
    form,
    action: Callable[..., Any],
    success: str | Callable[[Any], str],
) -> Submission:
    """For a valid POST, run `action(**form.cleaned_data)` and say `success` (a message, or
    a function of what the action returned). A refusal is shown on the form instead."""
    if request.method != "POST" or not form.is_valid():
        return Submission(False)
    try:
        result = action(**form.cleaned_data)
    except (RuleViolation, ValidationError) as error:
        form_refused(form, error)
        return Submission(False)
    messages.success(request, success(result) if callable(success) else success)
    return Submission(True, result)


def form_page(
    request: HttpRequest,
    *,
    form,
    title: str,
    crumbs: Sequence[tuple[str, str]],
    submit: str,
    back_url: str | None = None,
    intro: str = "",
    warnings: Sequence[str] = (),
) -> HttpResponse:
    """The page of one form. `crumbs` are the (url, label) pairs between Home and the page;
    Cancel goes back to `back_url`, by default the last crumb. `warnings` are shown above the
    form: things to know before submitting, which do not stop it."""
    return render(
        request,
        "form.html",
        {
            "form": form,
            "title": title,
            "crumbs": crumbs,
            "back_url": back_url or crumbs[-1][0],
            "submit": submit,
            "intro": intro,
            "warnings": warnings,
        },
    )
