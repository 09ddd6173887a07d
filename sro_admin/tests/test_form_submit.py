"""form_submit, the one way a form page runs its service: the action, the message, a refusal
on the form, and warnings shown until the user sends the same form again."""

from __future__ import annotations

from django import forms
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from sro_admin.errors import RuleViolation
from sro_admin.pages import WARNINGS_SEEN_FIELD, form_submit, warnings_digest


class NameForm(forms.Form):
    name = forms.CharField()


def _request(method: str = "post", **data):
    request = getattr(RequestFactory(), method)("/", data)
    request._messages = CookieStorage(request)
    return request


def _said(request) -> list[str]:
    return [str(m) for m in request._messages]


def _refuse(**_data):
    raise RuleViolation("Names are taken.", field="name")


def test_a_get_or_an_invalid_post_runs_nothing():
    calls = []
    for request in (_request("get"), _request(name="")):
        form = NameForm(request.POST or None)
        assert not form_submit(request, form, lambda **data: calls.append(data), "Saved.")
    assert calls == [] and _said(request) == []


def test_a_valid_post_runs_the_action_with_the_cleaned_data_and_says_so():
    request = _request(name=" Ada ")
    done = form_submit(request, NameForm(request.POST), lambda name: name.upper(), "Saved.")
    assert done and done.result == "ADA"
    assert _said(request) == ["Saved."]


def test_the_message_may_depend_on_the_result_or_be_left_to_the_next_page():
    request = _request(name="Ada")
    form_submit(request, NameForm(request.POST), lambda name: name, lambda n: f"Hello {n}.")
    assert _said(request) == ["Hello Ada."]
    request = _request(name="Ada")
    assert form_submit(request, NameForm(request.POST), lambda name: name, None)
    assert _said(request) == []


def test_a_refusal_is_shown_next_to_its_field_and_nothing_is_said():
    request = _request(name="Ada")
    form = NameForm(request.POST)
    assert not form_submit(request, form, _refuse, "Saved.")
    assert form.errors == {"name": ["Names are taken."]} and _said(request) == []


def test_warnings_are_shown_until_the_same_form_is_sent_again():
    calls = []

    def check(name):
        return [f"{name} is a short name."]

    request = _request(name="Ada")
    first = form_submit(
        request, NameForm(request.POST), lambda **d: calls.append(d), "Saved.", check=check
    )
    assert not first and first.warnings == ("Ada is a short name.",) and calls == []

    seen = {WARNINGS_SEEN_FIELD: warnings_digest(first.warnings)}
    request = _request(name="Ada", **seen)
    again = form_submit(
        request, NameForm(request.POST), lambda **d: calls.append(d), "Saved.", check=check
    )
    assert again and calls == [{"name": "Ada"}] and _said(request) == ["Saved."]

    # Other warnings than those seen (the name was changed) are shown again.
    request = _request(name="Bea", **seen)
    other = form_submit(
        request, NameForm(request.POST), lambda **d: calls.append(d), "Saved.", check=check
    )
    assert not other and other.warnings == ("Bea is a short name.",) and len(calls) == 1


def test_a_check_refuses_by_raising_and_a_refusal_keeps_the_warnings_seen():
    request = _request(name="Ada")
    form = NameForm(request.POST)
    refused = form_submit(request, form, lambda **d: None, "Saved.", check=_refuse)
    assert not refused and form.errors == {"name": ["Names are taken."]}

    warnings = ["Ada is a short name."]
    request = _request(name="Ada", **{WARNINGS_SEEN_FIELD: warnings_digest(warnings)})
    form = NameForm(request.POST)
    refused = form_submit(request, form, _refuse, "Saved.", check=lambda name: warnings)
    assert not refused and refused.warnings == tuple(warnings)
    assert form.errors == {"name": ["Names are taken."]}
