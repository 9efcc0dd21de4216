"""Forms of the PDSA pages: they check types; the services check the rules and say which field is wrong."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from breakthrough.core.forms import ServiceErrors
from breakthrough.pdsa.models import PDSACycle, Storyboard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class ServiceForm(ServiceErrors, forms.Form):
    """A form whose service may refuse it: the refusal's messages go beside the fields they name."""

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("revision", "change_idea", "team")}


def _model_fields(names: tuple[str, ...]) -> dict[str, forms.Field]:
    widgets = {n: TEXT for n in names} | {
        n: DATE for n in ("planned_start", "planned_end", "done_on", "acted_on")
    }
    fields = forms.fields_for_model(PDSACycle, fields=names, widgets={n: widgets[n] for n in names})
    return dict(fields)


class SectionForm(ServiceForm):
    """One section (Plan, Do, Study, Act) of a cycle, saved on its own, with the revision it was read at."""

    section: ClassVar[str] = ""
    names: ClassVar[tuple[str, ...]] = ()
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.section}_%s")
        super().__init__(*args, **kwargs)
        self.fields = {**_model_fields(self.names), "revision": self.fields["revision"]}
        if self.section == "act":
            self.fields["decision"].widget = forms.RadioSelect(choices=PDSACycle.Decision.choices)
            self.fields["decision"].choices = PDSACycle.Decision.choices

    @classmethod
    def for_cycle(cls, cycle: PDSACycle, data: Any = None) -> SectionForm:
        initial = {n: getattr(cycle, n) for n in cls.names} | {"revision": cycle.revision}
        return cls(data, initial=initial)


PLAN = (*PDSACycle.PLAN_FIELDS, "planned_start", "planned_end")


class PlanForm(SectionForm):
    section = "plan"
    names = PLAN


class DoForm(SectionForm):
    section = "do"
    names = ("do_observations", "do_surprises", "done_on")


class StudyForm(SectionForm):
    section = "study"
    names = ("study_results", "study_learning")


class ActForm(SectionForm):
    section = "act"
    names = ("decision", "next_step", "acted_on")


SECTIONS: dict[str, type[SectionForm]] = {
    "plan": PlanForm,
    "do": DoForm,
    "study": StudyForm,
    "act": ActForm,
}


class GroupedIdeaField(forms.ModelChoiceField):
    """Change ideas in groups by primary and secondary driver."""

    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        super().__init__(queryset, **kwargs)
        groups: dict[str, list[tuple[int, str]]] = {}
        for idea in queryset.select_related("secondary__primary"):
            label = f"{idea.secondary.primary.name} › {idea.secondary.name}"
            groups.setdefault(label, []).append((idea.pk, idea.name))
        self.choices = [("", "---------"), *groups.items()]


class CycleStartForm(ServiceForm):
    """Start a cycle: which change idea (and team, for someone on several), and the Plan."""

    def __init__(self, *args: Any, ideas: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["change_idea"] = GroupedIdeaField(ideas, label=_("Change idea"))
        if teams.count() > 1:
            self.fields["team"] = forms.ModelChoiceField(teams, label=_("Team"))
        self.fields.update(_model_fields(PLAN))


class StoryboardForm(ServiceForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(Storyboard, fields=("aim", "summary"), widgets={"aim": TEXT})
        self.fields = {**fields, "revision": self.fields["revision"]}

    @classmethod
    def for_board(cls, board: Storyboard, data: Any = None) -> StoryboardForm:
        return cls(data, initial={"aim": board.aim, "summary": board.summary, "revision": board.revision})


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=TEXT)


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    driver = forms.ModelChoiceField(None, label=_("Primary driver"), required=False)
    idea = forms.ModelChoiceField(None, label=_("Change idea"), required=False)
    team = forms.ModelChoiceField(None, label=_("Team"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Any")), *PDSACycle.Decision.choices]
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args: Any, drivers: Any, ideas: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("driver", drivers), ("idea", ideas), ("team", teams)):
            self.fields[name].queryset = queryset
            self.fields[name].empty_label = _("Any")


class AttachmentForm(ServiceForm):
    """A file or photo for a cycle or a storyboard; the service checks its type (by content) and size."""

    file = forms.FileField(
        label=_("File or photo"),
        help_text=_("A photo (JPEG, PNG or WebP) or a PDF file."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=200,
        required=False,
        help_text=_("What it shows, in a few words (read aloud by screen readers)."),
    )
