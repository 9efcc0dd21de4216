"""Content that staff write, in English and Spanish (django-modeltranslation), and the formats Spanish
readers expect: the fallback marker, the admin and set-up pages with both languages, the migrations'
copy into English, "15 dic", "0,5"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from breakthrough.assessments.models import AssessmentLevel
from breakthrough.collaboratives.models import Phase
from breakthrough.core.translated import copy_into_default_language, text_of
from breakthrough.framework.models import PrimaryDriver
from breakthrough.measures.forms import ReviseForm
from breakthrough.measures.models import Measure
from tests.conftest import ship_migrations_data
from tests.factories import make_change_idea, make_measure

pytestmark = pytest.mark.django_db


def _render(text: str, **context) -> str:
    return Template("{% load breakthrough %}" + text).render(Context(context))


def test_a_missing_spanish_text_shows_the_english_marked_as_english(cast):
    measure = make_measure(cast.collaborative, name="Family notes")
    with translation.override("es"):
        page = _render('{% translated m "name" %}', m=measure)
    assert page == '<span lang="en">Family notes</span> <small class="fallback-marker">(en inglés)</small>'
    Measure.objects.filter(pk=measure.pk).update(name_es="Notas a las familias")
    measure.refresh_from_db()
    with translation.override("es"):
        assert _render('{% translated m "name" %}', m=measure) == "Notas a las familias"
    with translation.override("en"):
        assert _render('{% translated m "name" %}', m=measure) == "Family notes"


def test_a_text_written_only_in_spanish_reads_in_spanish_on_english_pages_marked(cast):
    idea = make_change_idea(cast.collaborative, name="x")
    type(idea).objects.filter(pk=idea.pk).update(name_en="", name_es="Saludo en la puerta")
    idea.refresh_from_db()
    with translation.override("en"):
        assert idea.name == "Saludo en la puerta"
        page = _render('{% translated i "name" %}', i=idea)
    assert '<span lang="es">Saludo en la puerta</span>' in page
    assert "(in Spanish)" in page


def test_the_migration_copies_existing_text_into_english(cast):
    primary = make_change_idea(cast.collaborative, name="Routines").secondary.primary
    PrimaryDriver.objects.rewrite(False).filter(pk=primary.pk).update(name="Relationships", name_en=None)
    # the models as the migration sees them (no modeltranslation managers rewriting the names)
    state = MigrationLoader(connection).project_state(("framework", "0003_content_in_two_languages"))
    copy_into_default_language("framework", {"PrimaryDriver": ("name", "description")})(state.apps, None)
    primary.refresh_from_db()
    assert primary.name_en == "Relationships"
    assert primary.name_es is None  # nothing invented in Spanish


def test_the_shipped_scale_comes_in_spanish():
    ship_migrations_data()  # a browser test before, in this worker, flushed the shipped scale
    level = AssessmentLevel.objects.get(score=Decimal("2.0"))
    assert level.label_en == "Testing begins"
    with translation.override("es"):
        assert level.label == "Comienzan las pruebas"
    assert AssessmentLevel.objects.filter(label_es__isnull=True).count() == 0


def test_the_admin_shows_both_languages(admin_client, cast):
    measure = make_measure(cast.collaborative, name="Family notes")
    page = admin_client.get(reverse("admin:measures_measure_change", args=[measure.pk])).content.decode()
    assert 'name="name_en"' in page
    assert 'name="name_es"' in page
    assert 'name="versions-0-definition_es"' in page


def test_staff_edit_a_change_idea_in_both_languages_side_by_side(cast):
    idea = make_change_idea(cast.collaborative, name="Greeting at the door")
    client = Client()
    client.force_login(cast.staff)
    url = reverse("framework:item-edit", args=["idea", idea.pk])
    form = client.get(url).content.decode()
    assert '<div class="bilingual">' in form
    assert 'lang="es"' in form
    assert "Name in Spanish" in form
    response = client.post(
        url,
        {
            "name_en": "Greeting at the door",
            "name_es": "Saludo en la puerta",
            "description_en": "",
            "description_es": "",
            "revision": idea.revision,
        },
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.name_en, idea.name_es) == ("Greeting at the door", "Saludo en la puerta")


def test_a_spanish_page_saving_the_english_field_keeps_it_english(cast):
    """On a Spanish page the English box still fills the English column (never the Spanish one)."""
    idea = make_change_idea(cast.collaborative, name="Old")
    client = Client(headers={"accept-language": "es"})
    cast.staff.preferred_language = "es"
    cast.staff.save()
    client.force_login(cast.staff)
    url = reverse("framework:item-edit", args=["idea", idea.pk])
    client.post(url, {"name_en": "New", "name_es": "", "description_en": "", "revision": idea.revision})
    idea.refresh_from_db()
    assert idea.name_en == "New"
    assert not idea.name_es


def test_day_and_month_read_15_dic_in_spanish_and_dec_15_in_english(cast):
    phase = Phase(
        collaborative=cast.collaborative,
        kind=Phase.Kind.LEARNING_SESSION_1,
        start_date=dt.date(2025, 12, 15),
        end_date=dt.date(2025, 12, 16),
    )
    with translation.override("es"):
        assert str(phase) == "Sesión de aprendizaje 1 (15 dic – 16 de diciembre de 2025)"
    with translation.override("en"):
        assert str(phase) == "Learning session 1 (Dec 15 – Dec. 16, 2025)"


def test_a_goal_of_0_5_is_read_with_a_comma_in_spanish_and_refused_in_english():
    data = {
        "definition_en": "Mean",
        "unit": Measure.Unit.MEAN,
        "multiplier": "1",
        "goal": "0,5",
        "effective_from": "2026-03-01",
        "change_reason_en": "Clearer",
    }
    with translation.override("es"):
        form = ReviseForm(data)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["goal"] == Decimal("0.5")
        assert ReviseForm(data | {"goal": "0.5"}).is_valid()  # a point is read too
        assert 'inputmode="decimal"' in str(form["goal"])
        assert 'type="text"' in str(form["goal"])
    with translation.override("en"):
        form = ReviseForm(data)
        assert not form.is_valid()
        assert list(form.errors) == ["goal"]


def test_an_aim_target_of_0_5_is_read_with_a_comma_on_a_spanish_page(cast):
    from breakthrough.framework.forms import AimForm

    with translation.override("es"):
        form = AimForm(
            {"statement_en": "Fewer incidents", "target_value": "0,5"}, collaborative=cast.collaborative
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["target_value"] == Decimal("0.5")


def test_a_notification_names_its_wave_in_the_readers_language():
    params = {"wave": "Psychological safety: late", "wave_es": "Seguridad psicológica: al final"}
    with translation.override("es"):
        assert text_of(params, "wave") == "Seguridad psicológica: al final"
    with translation.override("en"):
        assert text_of(params, "wave") == "Psychological safety: late"
    with translation.override("es"):  # stored before the Spanish existed: the English
        assert text_of({"wave": "Early"}, "wave") == "Early"
