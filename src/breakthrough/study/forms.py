from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Classroom, Collaborative, Program
from breakthrough.core.forms import bilingual
from breakthrough.core.models import User
from breakthrough.study.models import (
    Code,
    Instrument,
    Interview,
    RespondentGroup,
    RespondentRole,
    Wave,
)

DATE = forms.DateInput(attrs={"type": "date"})


class WaveForm(forms.Form):
    collaborative = forms.ModelChoiceField(Collaborative.objects.none(), label=_("Collaborative"))
    instrument = forms.ModelChoiceField(Instrument.objects.active(), label=_("Instrument"))
    name_en = forms.CharField(max_length=200)
    name_es = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Wave.Kind.choices)
    opens_on = forms.DateField(label=_("Opens"), widget=DATE)
    closes_on = forms.DateField(label=_("Closes"), widget=DATE)
    groups = forms.MultipleChoiceField(
        label=_("Who answers"),
        choices=RespondentGroup.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    double_coding_share = forms.IntegerField(
        label=_("Share of observations double-coded (%)"), min_value=0, max_value=100, initial=20
    )

    def __init__(self, *args: Any, collaboratives: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborative"].queryset = collaboratives
        if collaboratives.count() == 1:
            self.fields["collaborative"].initial = collaboratives.first()
        bilingual(self, {"name": _("name")})


class LinksForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Group"),
        choices=[c for c in RespondentGroup.Kind.choices if c[0] != RespondentGroup.Kind.TEAM],
    )
    program = forms.ModelChoiceField(Program.objects.active(), label=_("Program"))
    role = forms.ChoiceField(label=_("Role"), choices=RespondentRole.choices)
    language = forms.ChoiceField(
        label=_("Language of the survey"), choices=[("en", "English"), ("es", "Español")]
    )
    respondent_keys = forms.CharField(
        label=_("Study codes, one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Pseudonymous codes (e.g. FAM-001) that pair answers across waves. Never names. "
            "To send a link by email, put the address after the code on the same line "
            "(FAM-001 parent@example.org); only evaluators and project staff see it."
        ),
    )

    def __init__(self, *args: Any, collaborative: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.active().filter(teams__collaborative=collaborative)

    def clean_respondent_keys(self) -> list[tuple[str, str]]:
        """Each line's study code and its email address ("" when none)."""
        rows = []
        for number, line in enumerate(self.cleaned_data["respondent_keys"].splitlines(), start=1):
            parts = [p for p in re.split(r"[\s,;]+", line.strip()) if p]
            if not parts:
                continue
            if len(parts) > 2 or (len(parts) == 2 and "@" not in parts[1]):
                raise forms.ValidationError(
                    _("Line %(n)s: give a study code, then optionally one email address.") % {"n": number}
                )
            rows.append((parts[0], parts[1] if len(parts) == 2 else ""))
        return rows


class ScheduleForm(forms.Form):
    classroom = forms.ModelChoiceField(Classroom.objects.active(), label=_("Classroom"))
    observer = forms.ModelChoiceField(User.objects.none(), label=_("Observer"))
    second_observer = forms.ModelChoiceField(
        User.objects.none(), label=_("Second observer (double coding)"), required=False
    )
    starts_at = forms.DateTimeField(
        label=_("Time slot"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(self, *args: Any, observers: Any, collaborative: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["classroom"].queryset = Classroom.objects.active().filter(
            program__teams__collaborative=collaborative
        )
        self.fields["observer"].queryset = observers
        self.fields["second_observer"].queryset = observers


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["informant", "label", "held_on", "focus_group", "text"]
        widgets = {"held_on": DATE, "text": forms.Textarea(attrs={"rows": 8})}


class CodeForm(forms.ModelForm):
    class Meta:
        model = Code
        fields = ["name", "definition", "mechanism", "driver"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, collaborative: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        driver = self.fields["driver"]
        driver.queryset = driver.queryset.filter(collaborative=collaborative)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("REDCap data dictionary (CSV)"))
    name = forms.CharField(label=_("Instrument name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Instrument.Kind.choices)
    owner = forms.CharField(label=_("Owner"), max_length=200, required=False)
    licence = forms.CharField(label=_("License"), max_length=200, required=False)
    proprietary = forms.BooleanField(
        label=_("Proprietary (keep item numbers only, not their text)"), required=False
    )
