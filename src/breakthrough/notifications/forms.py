from __future__ import annotations

from typing import Any

from django import forms

from breakthrough.notifications.models import Channel, Kind


class PreferencesForm(forms.Form):
    """One choice per kind: off, in the app, by email, or in the weekly digest."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=current[kind.value],
                widget=forms.RadioSelect,
            )
