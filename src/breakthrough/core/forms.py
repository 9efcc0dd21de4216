"""What every app's forms share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(exc: ValidationError, *on: forms.BaseForm) -> None:
    """Show a service's errors beside their fields (on the first form that has one), the rest above."""
    by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, messages in by_field.items():
        form = next((f for f in on if field in f.fields), None)
        for message in messages:
            (form or on[0]).add_error(field if form else None, message)
