from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.api.tokens import DEFAULT_DAYS, MAX_DAYS
from breakthrough.core.forms import ServiceErrors


class TokenForm(ServiceErrors, forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “monthly upload script”.")
    )
    days = forms.IntegerField(
        label=_("Expires after (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )
