"""Conventions that hold everywhere, checked so that code and design cannot drift apart."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin

SRC = Path(__file__).resolve().parents[1] / "src" / "breakthrough"
DOMAIN_APPS = ["collaboratives", "framework", "measures", "pdsa", "events", "assessments", "study"]


def test_core_never_imports_django():
    code = (
        "import sys, breakthrough.spc, breakthrough.stats; "
        "print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("package", ["spc", "stats"])
def test_core_source_has_no_django_import(package):
    for path in (SRC / package).rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "django" for n in names), path


def test_only_series_bridges_import_numpy_in_the_django_layer():
    for app in ["core", *DOMAIN_APPS]:
        for path in (SRC / app).rglob("*.py"):
            if path.name == "series.py" or "migrations" in path.parts:
                continue
            assert "import numpy" not in path.read_text(), path


def test_every_file_starts_with_future_annotations():
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.stat().st_size == 0:
            continue
        assert "from __future__ import annotations" in path.read_text(), path


def breakthrough_models():
    return [m for m in apps.get_models() if m.__module__.startswith("breakthrough.")]


@pytest.mark.parametrize("model", breakthrough_models(), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin_and_cannot_be_deleted_there(model, rf, django_user_model):
    assert model in admin.site._registry
    model_admin = admin.site._registry[model]
    request = rf.get("/")
    request.user = django_user_model(is_superuser=True, is_staff=True)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.parametrize(
    "model",
    [m for m in breakthrough_models() if m._meta.app_label in DOMAIN_APPS],
    ids=lambda m: m._meta.label,
)
def test_every_domain_model_declares_who_may_see_it(model):
    assert model.permission_scope in {
        "public",
        "program",
        "collaborative",
        "membership",
        "team",
        "shareable",
        "event",
        "personal",
        "study",
        "instrument",
        "observation",
    }
    assert callable(model.get_collaborative)
    assert callable(model.get_team)


def test_declared_places_resolve_on_real_objects(cast):
    """Each model's collaborative_path and team_path lead to the right rows (one object per scope kind)."""
    from breakthrough.measures.models import MeasureValue, MeasureVersion, MonthlyReport
    from tests.dashboards.conftest import make_dash

    dash = make_dash(cast)
    value = MeasureValue.objects.filter(report__team=cast.team_a).first()
    assert value.get_collaborative() == cast.collaborative
    assert value.get_team() == cast.team_a
    assert MonthlyReport.objects.filter(team=cast.team_b).first().get_team() == cast.team_b
    version = MeasureVersion.objects.get(measure=dash["measure"])
    assert version.get_collaborative() == cast.collaborative
    assert version.get_team() is None  # a shared measure belongs to no team
    assert cast.team_a.get_collaborative() == cast.collaborative
