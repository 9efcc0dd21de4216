from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from breakthrough.core.forms import ServiceErrors

BODY_HELP = _(
    "Write @username to mention someone who can read this space. Paste the address of a PDSA cycle or of a "
    "team's chart to link it."
)


class ThreadForm(ServiceErrors, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), help_text=BODY_HELP)


class ReplyForm(ServiceErrors, forms.Form):
    body = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}), help_text=BODY_HELP
    )


class HideForm(ServiceErrors, forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PeriodForm(forms.Form):
    """The months counted on the cross-team replies page (the whole collaborative by default)."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            raise ValidationError({"end": _("The end comes before the start.")})
        return data


class DirectorySettingsForm(forms.Form):
    """One checkbox per collaborative the person is in: ``share-<pk>``."""

    def __init__(self, *args: Any, collaboratives: Any, current: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.collaboratives = list(collaboratives)
        for collab in self.collaboratives:
            self.fields[f"share-{collab.pk}"] = forms.BooleanField(
                label=_("Show my email address to the people of %(name)s") % {"name": collab.name},
                required=False,
                initial=collab.pk in current,
            )

    def choices(self) -> list[tuple[Any, bool]]:
        return [(c, bool(self.cleaned_data[f"share-{c.pk}"])) for c in self.collaboratives]
