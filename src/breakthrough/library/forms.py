from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.core.forms import ServiceErrors
from breakthrough.framework.models import ChangeIdea, PrimaryDriver
from breakthrough.library.files import MAX_UPLOAD_BYTES, allowed_types_text
from breakthrough.library.models import Resource


def _file_help() -> str:
    return _("Up to %(mb)s MB. Accepted types: %(types)s.") % {
        "mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        "types": allowed_types_text(),
    }


class ResourceForm(ServiceErrors, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices, initial=Resource.Kind.FILE)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    title_es = forms.CharField(label=_("Title in Spanish"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_es = forms.CharField(
        label=_("Description in Spanish"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    driver = forms.ModelChoiceField(
        label=_("Primary driver"), queryset=PrimaryDriver.objects.none(), required=False
    )
    change_idea = forms.ModelChoiceField(
        label=_("Change idea"), queryset=ChangeIdea.objects.none(), required=False
    )
    url = forms.URLField(
        label=_("Address (for a link)"), max_length=500, required=False, assume_scheme="https"
    )
    file = forms.FileField(label=_("File"), required=False)
    note = forms.CharField(label=_("Note on this version"), max_length=300, required=False)

    def __init__(self, *args: Any, collaborative: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["driver"].queryset = PrimaryDriver.objects.active().filter(collaborative=collaborative)
        self.fields["change_idea"].queryset = ChangeIdea.objects.active().filter(
            secondary__primary__collaborative=collaborative, team__isnull=True
        )
        self.fields["file"].help_text = _file_help()


class VersionForm(ServiceErrors, forms.Form):
    file = forms.FileField(label=_("New version of the file"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
