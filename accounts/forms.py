"""The web login and password forms: Django's, with the project's rule for unstorable text (nvm/input.py)."""

from __future__ import annotations

from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm

from nvm.input import SafeTextForm


class LoginForm(SafeTextForm, AuthenticationForm):
    """A NUL or control character in the username or password is refused next to the field."""


class PasswordChangeForm(SafeTextForm, auth_forms.PasswordChangeForm):
    """The account page's password change: the old password, then the new one twice, checked
    against the password rules of the settings."""
