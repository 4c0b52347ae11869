"""The web login form: Django's, with the project's rule for unstorable text (nvm/input.py)."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm

from nvm.input import SafeTextForm


class LoginForm(SafeTextForm, AuthenticationForm):
    """A NUL or control character in the username or password is refused next to the field."""
