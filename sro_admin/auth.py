"""Sign-in pieces: the form, and how django-axes names the account it counts failures for."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


def axes_username(request, credentials) -> str | None:
    # Count failures per account whatever the capitalisation typed (emails are case-insensitive),
    # so "A@x.org" and "a@x.org" share one lockout counter.
    username = (credentials or {}).get("username") or request.POST.get("username")
    return username.strip().lower() if username else None


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
