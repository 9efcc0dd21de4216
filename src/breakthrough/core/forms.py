"""What every app's forms share: a service's refusal shown beside the fields it names."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def errors_by_field(exc: ValidationError) -> dict[str, list[str]]:
    """A service's refusal as field → messages (``__all__`` for what names no field), for pages that draw
    their own fields (the monthly form, the rating form)."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}


def add_service_errors(exc: ValidationError, *on: forms.BaseForm) -> None:
    """Show a service's errors beside their fields (on the first form that has one), the rest above."""
    for field, messages in errors_by_field(exc).items():
        form = next((f for f in on if field in f.fields), None)
        for message in messages:
            (form or on[0]).add_error(field if form else None, message)


class ServiceErrors:
    """A form whose service may refuse it: ``form.add_service_errors(exc)`` puts the messages in place."""

    def add_service_errors(self, exc: ValidationError) -> None:
        assert isinstance(self, forms.BaseForm)
        add_service_errors(exc, self)
