"""Forms for editing the change framework."""

from __future__ import annotations

from typing import Any

from django import forms

from breakthrough.core.forms import ServiceErrors, bilingual
from breakthrough.framework.models import Aim, ChangeIdea, PrimaryDriver, SecondaryDriver

TEXT = forms.Textarea(attrs={"rows": 3})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(ServiceErrors, forms.ModelForm):
    """Validates types only; the model's rules run in the service, whose errors go beside the fields."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bilingual(self)  # each content field in English and in Spanish, side by side

    def _post_clean(self) -> None:  # the service runs full_clean, on a copy that a refused save won't touch
        pass

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


class AimForm(ItemForm):
    class Meta:
        model = Aim
        fields = ["statement_en", "statement_es", "target_value", "target_date", "measure"]
        widgets = {
            "statement_en": TEXT,
            "statement_es": TEXT,
            "target_date": DATE,
            # a text input, so "0,5" can be typed on a Spanish page (a number input refuses the comma)
            "target_value": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        }
        localized_fields = ["target_value"]

    def __init__(self, *args: Any, collaborative: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The field's own related model (measures sit above the framework: no import of that app here).
        measures = self.fields["measure"].queryset
        self.fields["measure"].queryset = measures.active().filter(collaborative=collaborative)


class PrimaryDriverForm(ItemForm):
    class Meta:
        model = PrimaryDriver
        fields = ["name_en", "name_es", "description_en", "description_es"]
        widgets = {"description_en": TEXT, "description_es": TEXT}


class SecondaryDriverForm(ItemForm):
    class Meta:
        model = SecondaryDriver
        fields = ["name_en", "name_es", "description_en", "description_es"]
        widgets = {"description_en": TEXT, "description_es": TEXT}


class ChangeIdeaForm(ItemForm):
    class Meta:
        model = ChangeIdea
        fields = ["name_en", "name_es", "description_en", "description_es"]
        widgets = {"description_en": TEXT, "description_es": TEXT}
