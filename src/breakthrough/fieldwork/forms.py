"""The fieldwork pages' forms: types only; the services refuse what breaks a rule (beside the field)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative
from breakthrough.core.forms import ServiceErrors
from breakthrough.events.models import Event
from breakthrough.fieldwork.models import (
    CHILD_CODE_HELP,
    SESSION_EVENT_KINDS,
    Adaptation,
    ChildScore,
    TAContact,
)
from breakthrough.study.models import Instrument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _instruments(kind: str) -> Any:
    return Instrument.objects.active().filter(kind=kind).order_by("name")


class SessionForm(ServiceErrors, forms.Form):
    event = forms.ModelChoiceField(label=_("Session or call"), queryset=Event.objects.none())
    instrument = forms.ModelChoiceField(label=_("Protocol"), queryset=Instrument.objects.none())
    observed_on = forms.DateField(label=_("Observed on"), widget=DATE)
    cross_team_exchanges = forms.IntegerField(
        label=_("Cross-team exchanges"),
        min_value=0,
        max_value=500,
        initial=0,
        help_text=_("How many times people of one team spoke to or built on another team's work."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, collaborative: Collaborative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = Event.objects.active().filter(collaborative=collaborative, kind__in=SESSION_EVENT_KINDS)
        self.fields["event"].queryset = events.order_by("starts_at")  # type: ignore[attr-defined]
        protocols = _instruments(Instrument.Kind.SESSION)
        self.fields["instrument"].queryset = protocols  # type: ignore[attr-defined]
        if protocols.count() == 1:
            self.fields["instrument"].initial = protocols.first()


class TAForm(ServiceErrors, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = TAContact
        fields = ["team", "date", "topic", "minutes", "mode", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, collaborative: Collaborative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = collaborative.teams.active()  # type: ignore[attr-defined]


class AdaptationForm(ServiceErrors, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    component = forms.ChoiceField(label=_("Component"), choices=Adaptation.Component.choices)
    what_changed_en = forms.CharField(
        label=_("What changed (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    what_changed_es = forms.CharField(
        label=_("What changed (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    why_en = forms.CharField(label=_("Why (English)"), widget=forms.Textarea(attrs={"rows": 3}))
    why_es = forms.CharField(
        label=_("Why (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_of(cls, row: Adaptation) -> dict[str, Any]:
        return {name: getattr(row, name) or "" for name in cls.base_fields}


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker); its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(f"{text}-01")
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from None


class TAFilter(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, empty_label=_("All teams"))
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    month = MonthField(label=_("Month"), required=False)

    def __init__(self, *args: Any, collaborative: Collaborative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = collaborative.teams.active()  # type: ignore[attr-defined]
        self.fields["topic"].choices = [("", _("All topics")), *TAContact.Topic.choices]  # type: ignore[attr-defined]


class AdaptationFilter(forms.Form):
    component = forms.ChoiceField(label=_("Component"), required=False)
    month = MonthField(label=_("Month"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = [  # type: ignore[attr-defined]
            ("", _("All components")),
            *Adaptation.Component.choices,
        ]


class ChildSheetForm(ServiceErrors, forms.Form):
    """The sheet of one classroom at one time point: its date and assessment (the rows are drawn by hand)."""

    instrument = forms.ModelChoiceField(label=_("Assessment"), queryset=Instrument.objects.none())
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tools = _instruments(Instrument.Kind.CHILD)
        self.fields["instrument"].queryset = tools  # type: ignore[attr-defined]
        if tools.count() == 1:
            self.fields["instrument"].initial = tools.first()


class ChildUploadForm(ServiceErrors, forms.Form):
    instrument = forms.ModelChoiceField(label=_("Assessment"), queryset=Instrument.objects.none())
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: classroom (its code), child_code, time_point (pre or post), score, assessed_on "
            "(YYYY-MM-DD). All rows are saved, or none."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tools = _instruments(Instrument.Kind.CHILD)
        self.fields["instrument"].queryset = tools  # type: ignore[attr-defined]
        if tools.count() == 1:
            self.fields["instrument"].initial = tools.first()

    def text(self) -> str:
        raw = self.cleaned_data["file"].read()
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError({"file": _("Save the file as CSV in UTF-8.")}) from None


TIME_POINTS = dict(ChildScore.TimePoint.choices)
CHILD_CODE_HELP_TEXT = CHILD_CODE_HELP
