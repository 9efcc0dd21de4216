"""Conventions that hold everywhere, checked so that code and design cannot drift apart."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin

SRC = Path(__file__).resolve().parents[1] / "src" / "breakthrough"
DOMAIN_APPS = [
    "collaboratives",
    "framework",
    "measures",
    "pdsa",
    "incidents",
    "events",
    "assessments",
    "study",
    "intake",
]

# The house, bottom to top (docs/architecture.md): a package may import only packages below it.
ANALYTICS = ["spc", "stats"]  # the pure numpy core
CHARTS = ["charts"]  # Vega-Lite specs and their rendering, over the analytics core
APPS = [
    "core",
    "collaboratives",
    "accounts",  # signing in: throttling, history, two-factor (reads roles)
    "audit",  # the audit page for project staff
    "framework",
    "pdsa",
    "incidents",
    "measures",
    "events",
    "assessments",
    "spread",
    "library",
    "community",
    "study",
    "intake",  # applications, the readiness rubric, the planning meeting
    "fieldwork",  # session observations, TA contacts, adaptations, child outcomes
    "launch",
    "notifications",
    "dashboards",
    "exports",  # reads every app above the study to write its tables
    "imports",  # writes through the services of the apps it fills
    "feasibility",  # the study's answers: reads every app below, writes the report
    "api",  # the HTTP API: reads every app, writes through their services
    "search",  # search across what a person may see
    "home",
    "demo",
]
# The commands and the project's wiring, on top.
WIRING = ["settings", "spc_cli", "commands", "cli", "urls", "wsgi"]
MAX_LINES = 600


def _package_of(path: Path) -> str:
    parts = path.relative_to(SRC).parts
    return parts[0] if len(parts) > 1 else path.stem


def _imports_of(path: Path) -> set[str]:
    """The breakthrough packages a file imports, counting ``apps.get_model("label", …)`` as an import."""
    text = path.read_text()
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module.startswith("breakthrough."):
                found.add(node.module.split(".")[1])
            elif node.module == "breakthrough":
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("breakthrough."))
    found.update(re.findall(r"get_model\(\s*[\"'](\w+)[\"']", text))
    return found


def import_graph() -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> the files that import it (migrations excluded)."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        source = _package_of(path)
        for target in _imports_of(path) - {source}:
            graph.setdefault(source, {}).setdefault(target, []).append(str(path.relative_to(SRC)))
    return graph


def _layer_of(package: str) -> int:
    order = [*ANALYTICS, *CHARTS, *APPS, *WIRING]
    assert package in order, f"{package} has no place in the layers of tests/test_architecture.py"
    if package in ANALYTICS:
        return 0  # spc and stats are one floor; stats may use spc's helpers and the reverse
    return order.index(package)


def test_packages_import_only_downwards():
    upward = [
        f"{source} → {target} ({', '.join(files)})"
        for source, targets in import_graph().items()
        for target, files in targets.items()
        if _layer_of(target) >= _layer_of(source)
    ]
    assert upward == []


def test_the_app_graph_has_no_circle():
    graph = {source: set(targets) for source, targets in import_graph().items()}
    seen: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            assert seen.get(nxt) != 1, " → ".join([*path, node, nxt])
            if nxt not in seen:
                visit(nxt, [*path, node])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [])


def test_core_imports_no_domain_app():
    assert set(import_graph().get("core", {})) <= set(ANALYTICS)


def test_the_import_walk_sees_a_real_edge():
    """The graph is read from real imports: measures imports the framework (its drivers)."""
    assert "measures/models.py" in import_graph()["measures"]["framework"]


def test_no_module_is_over_600_lines():
    long = [
        f"{path.relative_to(SRC)}: {n}"
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert long == []


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
        "application",
        "readiness",
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
