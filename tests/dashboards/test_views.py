"""The dashboards through the test client: what each person sees, signals, rebasing, CSV, queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from breakthrough.dashboards import panels as data
from breakthrough.dashboards.models import ChartPhase
from tests.dashboards.conftest import FLAT, SHIFT, add_reports
from tests.factories import make_team


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_staff_see_pooled_charts_small_multiples_and_the_summary(client, staff, dash):
    response = _get(client, staff, reverse("dashboards:collaborative"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert 'id="pooled-chart"><div class="chart-wide"><svg' in html  # and one for phones
    assert 'id="multiples-chart"><div class="chart-wide"><svg' in html  # and one for phones
    assert "Special cause variation, improving" in html  # team_a's shift
    assert dash["team_a"].name in html
    assert dash["team_b"].name in html
    assert "Dose and response" in html


def test_summary_marks_the_shift_team_improving_and_the_flat_team_common(client, faculty, dash):
    response = _get(client, faculty, reverse("dashboards:summary"), sort="checkin")
    rows = {r["name"]: r for r in response.context["summary"]["rows"]}
    assert rows[dash["team_a"].name]["keys"][0][0] == "improving"
    assert rows[dash["team_b"].name]["keys"][0][:2] == ("common", "misses")
    names = [r["name"] for r in response.context["summary"]["rows"]]
    assert names[-1] == dash["team_a"].name  # sorted by the measure: worsening, common, improving


def test_viewers_see_aggregates_only_with_small_cells_suppressed(client, viewer, dash):
    response = _get(client, viewer, reverse("dashboards:collaborative"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "summary" not in response.context
    assert "multiples" not in response.context
    assert dash["team_a"].name not in html
    points = response.context["pooled"]["table"][0]["points"]
    assert all(p["suppressed"] for p in points)  # 2 teams < the threshold of 5
    assert "suppressed (small cell)" in html


def test_viewers_see_months_once_enough_teams_report(client, viewer, cast, dash):
    cast.collaborative.small_cell_threshold = 2
    cast.collaborative.save()
    response = _get(client, viewer, reverse("dashboards:collaborative"))
    assert not any(p["suppressed"] for p in response.context["pooled"]["table"][0]["points"])


def test_viewer_summary_table_is_refused(client, viewer, dash):
    assert _get(client, viewer, reverse("dashboards:summary")).status_code == 403


def test_team_dashboard_shows_charts_status_and_assessment(client, teacher, dash):
    response = _get(client, teacher, reverse("dashboards:team", args=[dash["team_a"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="team-chart"><div class="chart-wide"><svg' in html  # and one for phones
    assert "Special cause variation, improving" in html
    assert "Self-assessment beside faculty" in html
    assert "The collaborative's dashboard" not in html  # a teacher has no collaborative view


def test_team_measure_chart_run_by_default_and_control_on_request(client, faculty, dash):
    url = reverse("dashboards:team-measure", args=[dash["team_a"].pk, dash["measure"].pk])
    run = _get(client, faculty, url)
    assert run.context["kind"] == "run"
    assert any(r["signal"] and "shift" in r["reasons"] for r in run.context["rows"])
    assert [k for k, _ in run.context["kinds"]] == ["run", "p", "pp"]
    p = _get(client, faculty, url, chart="p")
    assert p.context["kind"] == "p"
    assert all(r["ucl"] is not None for r in p.context["rows"])
    assert _get(client, faculty, url, chart="c").context["kind"] == "run"  # not a fitting chart: run


def test_csv_download_has_the_chart_data(client, director, dash):
    url = reverse("dashboards:team-measure-csv", args=[dash["team_a"].pk, dash["measure"].pk])
    response = _get(client, director, url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["month", "numerator", "denominator", "value"]
    assert [float(r[1]) for r in rows[1:]] == [float(v) for v in SHIFT]


def test_collaborative_csv_suppresses_small_cells_for_viewers(client, viewer, staff, dash):
    url = reverse("dashboards:measure-csv", args=[dash["measure"].pk])
    rows = list(csv.reader(io.StringIO(_get(client, viewer, url).content.decode())))
    assert rows[1][1] == "suppressed"
    rows = list(csv.reader(io.StringIO(_get(client, staff, url).content.decode())))
    assert rows[1][1] == "2"
    assert float(rows[1][2]) == pytest.approx(SHIFT[0] + FLAT[0])


def test_guarded_rebasing_suggest_accept_show_remove(client, faculty, dash):
    url = reverse("dashboards:team-measure", args=[dash["team_a"].pk, dash["measure"].pk])
    page = _get(client, faculty, url)
    suggest = page.context["suggest"]
    assert suggest is not None
    assert "Start a new phase" in page.content.decode()
    accept = reverse("dashboards:phase-accept", args=[dash["team_a"].pk, dash["measure"].pk])
    blank = client.post(accept, {"starts": suggest.isoformat(), "reason": "  "})
    assert blank.status_code == 400
    assert 'aria-invalid="true"' in blank.content.decode()
    assert not ChartPhase.objects.exists()
    done = client.post(accept, {"starts": suggest.isoformat(), "reason": "Check-in is now the routine"})
    assert done.status_code == 302
    page = client.get(url)
    assert "Check-in is now the routine" in page.content.decode()
    assert page.context["suggest"] is None
    assert page.context["rows"][-1]["part"] == 2
    phase = ChartPhase.objects.get()
    client.post(reverse("dashboards:phase-remove", args=[phase.pk]))
    phase.refresh_from_db()
    assert phase.is_archived
    assert client.get(url).context["rows"][-1]["part"] == 1


def test_teachers_see_the_suggestion_but_cannot_accept(client, teacher, dash):
    url = reverse("dashboards:team-measure", args=[dash["team_a"].pk, dash["measure"].pk])
    html = _get(client, teacher, url).content.decode()
    assert "Project staff or faculty can accept it." in html


def test_query_count_does_not_grow_with_the_number_of_teams(client, staff, cast, dash):
    client.force_login(staff)
    url = reverse("dashboards:collaborative")
    client.get(url)  # warm caches (sessions, charts)
    data.clear_cache()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        team = make_team(cast.collaborative)
        add_reports(team, dash["measure"], FLAT, by=staff)
    data.clear_cache()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_analysis_is_reused_until_the_data_change(client, staff, cast, dash):
    client.force_login(staff)
    url = reverse("dashboards:summary")
    first = client.get(url).context["summary"]["rows"]
    assert len(first) == 2
    team = make_team(cast.collaborative)
    add_reports(team, dash["measure"], SHIFT, by=staff)
    rows = client.get(url).context["summary"]["rows"]
    assert team.name in [r["name"] for r in rows]


def test_filters_narrow_the_teams_and_months(client, staff, cast, dash):
    response = _get(client, staff, reverse("dashboards:collaborative"), program="family_child_care")
    assert response.context["n_teams"] == 0
    response = _get(
        client, staff, reverse("dashboards:collaborative"), **{"from": "2026-03", "to": "2026-06"}
    )
    assert len(response.context["panel"].months) == 4


def test_team_members_go_straight_to_their_team_and_overseers_get_a_list(client, teacher, faculty, dash):
    response = _get(client, teacher, reverse("dashboards:teams"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:team", args=[dash["team_a"].pk])
    html = _get(client, faculty, reverse("dashboards:teams")).content.decode()
    assert dash["team_a"].name in html
    assert dash["team_b"].name in html


def test_charts_speak_the_readers_language(client, teacher, dash):
    """Axis months, decimals, legends, tooltips and the signals' names follow the reader's language."""
    url = reverse("dashboards:team-measure", args=[dash["team_a"].pk, dash["measure"].pk])
    english = _get(client, teacher, url).content.decode()
    assert "signals: shift" in english  # a point's label: its tooltip fields
    teacher.preferred_language = "es"
    teacher.save()
    spanish = _get(client, teacher, url)
    text = spanish.content.decode()
    assert "señales: desplazamiento" in text
    assert "shift" not in text
    assert "ene 2026" in text  # the x axis: January 2026 in Spanish (d3's es-ES time format), year whole
    assert ">señal<" in text  # the legend's title
    rows = spanish.context["rows"]
    assert any(r["reasons"].startswith("desplazamiento") for r in rows)
    download = reverse("dashboards:team-measure-chart", args=[dash["team_a"].pk, dash["measure"].pk, "svg"])
    assert "ene 2026" in _get(client, teacher, download).content.decode()


def test_a_team_with_no_data_is_not_called_common_cause(client, cast):
    from tests.dashboards.conftest import add_reports
    from tests.factories import make_measure

    measure = make_measure(cast.collaborative, code="checkin")
    add_reports(cast.team_a, measure, [20, 22, 19, 21, 20, 22], by=cast.teacher)  # team B reports nothing
    client.force_login(cast.staff)
    page = client.get(
        reverse("dashboards:summary"), {"collaborative": cast.collaborative.pk}
    ).content.decode()
    row_b = page[page.index(cast.team_b.name) :][:800]
    assert "No data yet" in row_b
    assert "Common cause variation" not in row_b
