"""What every form page shares: show a service's refusal on the form, run a valid POST
through one service, and render the form on the one shared page (templates/form.html).

    form = OfficerForm(request.POST or None)
    add = lambda **data: services.officer_create(actor=request.user, **data)
    if done := form_submit(request, form, add, _("Added.")):
        return redirect(done.result)
    return form_page(request, form=form, title=..., crumbs=[(url, label)], submit=_("Add"))

The action is called with the form's cleaned data; services take the acting user
(`actor=`) and check it through the door, so the page passes a lambda that adds it and what
else the form does not hold (the object the page is about), e.g.
`lambda **data: services.mou_update(actor=request.user, mou=mou, **data)`.

Warnings (advice a user may go against, e.g. COPS-11's) are shown on the form before
anything is saved; the user goes ahead by sending the same form again (warnings_confirmed).
`check` refuses by raising and returns the warnings (e.g. services.assignment_check):

    done = form_submit(request, form, assign, _("Assigned."), check=check)
    if done:
        return redirect(...)
    warnings = done.warnings
    return form_page(..., warnings=warnings, submit=_("Assign anyway") if warnings else ...)
"""

from __future__ import annotations

import hashlib
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
    """What form_submit did: `done` (and true) once the action ran, with what it returned;
    else the `warnings` to show on the form, if the check gave any."""

    done: bool
    result: Any = None
    warnings: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.done


def form_submit(
    request: HttpRequest,
    form,
    action: Callable[..., Any],
    success: str | Callable[[Any], str] | None,
    *,
    check: Callable[..., Sequence[str]] | None = None,
) -> Submission:
    """For a valid POST, run `action(**form.cleaned_data)` and say `success`: a message, a
    function of what the action returned, or None to say nothing (the next page says it). A
    refusal (RuleViolation, ValidationError) is shown on the form instead.

    `check(**form.cleaned_data)`, if given, runs first: it refuses by raising, and returns
    the warnings the user may go against. The action runs once the user has seen exactly
    these warnings and sent the form again (warnings_confirmed); until then the Submission
    carries them for the page to show."""
    if request.method != "POST" or not form.is_valid():
        return Submission(False)
    warnings: tuple[str, ...] = ()
    try:
        if check is not None:
            warnings = tuple(check(**form.cleaned_data))
        if not warnings_confirmed(request, warnings):
            return Submission(False, warnings=warnings)
        result = action(**form.cleaned_data)
    except (RuleViolation, ValidationError) as error:
        form_refused(form, error)
        return Submission(False, warnings=warnings)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return Submission(True, result)


# The form field that says which warnings the user saw (templates/partials/form_warnings.html).
WARNINGS_SEEN_FIELD = "warnings_seen"


def warnings_digest(warnings: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(warnings).encode()).hexdigest()[:16]


def warnings_confirmed(request: HttpRequest, warnings: Sequence[str]) -> bool:
    """True when there is nothing to warn about, or the user has seen exactly these warnings
    on the form and sent it again. Other warnings (after changing the dates, say) are shown
    again rather than passed over."""
    return not warnings or request.POST.get(WARNINGS_SEEN_FIELD) == warnings_digest(warnings)


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
    Cancel goes back to `back_url`, by default the last crumb. `warnings` are shown above
    the form, which then says it has shown them (warnings_confirmed)."""
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
            **warnings_context(warnings),
        },
    )


def warnings_context(warnings: Sequence[str]) -> dict:
    """What templates/partials/form_warnings.html shows, for pages with their own template."""
    return {
        "warnings": list(warnings),
        "warnings_digest": warnings_digest(warnings) if warnings else "",
        "warnings_seen_field": WARNINGS_SEEN_FIELD,
    }
