from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from breakthrough.core.forms import add_service_errors


class Plan(forms.Form):
    objective = forms.CharField(required=False)


class Dates(forms.Form):
    starts = forms.DateField(required=False)


def test_each_error_goes_beside_its_field_on_the_form_that_has_it():
    plan, dates = Plan({}), Dates({})
    assert plan.is_valid()
    assert dates.is_valid()
    errors = {"starts": "Outside the collaborative", "objective": "Say what you test", "x": "Other"}
    exc = ValidationError(errors)
    add_service_errors(exc, plan, dates)
    assert dates.errors["starts"] == ["Outside the collaborative"]
    assert plan.errors["objective"] == ["Say what you test"]
    assert plan.non_field_errors() == ["Other"]  # no form has that field: above the first form


def test_an_error_without_a_field_goes_above_the_form():
    plan = Plan({})
    assert plan.is_valid()
    add_service_errors(ValidationError("Someone else saved this"), plan)
    assert plan.non_field_errors() == ["Someone else saved this"]
