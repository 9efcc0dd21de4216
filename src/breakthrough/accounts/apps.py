from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in: throttling (django-axes), two-factor sign-in (django-otp), a person's sign-in history."""

    name = "breakthrough.accounts"
    verbose_name = _("Accounts")
