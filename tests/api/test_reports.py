"""Saving and submitting a month through the API: the measures app's rules, If-Match, problem details."""

from __future__ import annotations

import json

from django.test import Client

from breakthrough.core.models import AuditRecord
from breakthrough.measures.models import MeasureValue, MonthlyReport
from breakthrough.measures.services import report_save
from tests.api.helpers import token_client


def patch(client, report, body, etag=None):
    headers = {"if-match": etag} if etag else {}
    return client.patch(
        f"/api/v1/reports/{report.pk}/", json.dumps(body), content_type="application/json", headers=headers
    )


def test_a_member_saves_and_submits_a_draft_with_if_match(cast, data):
    client, report = token_client(cast.teacher), data["draft"]
    read = client.get(f"/api/v1/reports/{report.pk}/")
    etag = read["ETag"]
    assert etag == f'"{report.revision}"'
    body = {"narrative": "Calm", "values": [{"measure": "checkin", "numerator": 7, "denominator": 20}]}
    saved = patch(client, report, body, etag)
    assert saved.status_code == 200, saved.content
    value = MeasureValue.objects.get(report=report, measure=data["checkin"])
    assert (value.numerator, value.denominator) == (7, 20)
    assert saved.json()["narrative"] == "Calm"
    assert saved["ETag"] != etag
    submitted = client.post(f"/api/v1/reports/{report.pk}/submit/", headers={"if-match": saved["ETag"]})
    assert submitted.status_code == 200, submitted.content
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED
    assert report.submitted_by == cast.teacher
    assert AuditRecord.objects.filter(object_id=str(report.pk), action="submit", by=cast.teacher).exists()


def test_a_stale_if_match_is_a_412_and_changes_nothing(cast, data):
    client, report = token_client(cast.teacher), data["draft"]
    etag = client.get(f"/api/v1/reports/{report.pk}/")["ETag"]
    report_save(report=report, by=cast.director, entries={}, narrative="The director's words")
    response = patch(client, report, {"narrative": "Mine"}, etag)
    assert response.status_code == 412
    assert response.json()["type"] == "urn:breakthrough:problem:stale"
    report.refresh_from_db()
    assert report.narrative == "The director's words"
    assert client.post(f"/api/v1/reports/{report.pk}/submit/", headers={"if-match": etag}).status_code == 412


def test_the_forms_rules_name_the_field_and_nothing_is_half_written(cast, data):
    client, report = token_client(cast.teacher), data["draft"]
    body = {
        "narrative": "Should not land",
        "values": [
            {"measure": "removals", "value": 2},
            {"measure": "checkin", "numerator": 12, "denominator": 10},  # more than the denominator
        ],
    }
    response = patch(client, report, body)
    assert response.status_code == 400
    problem = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert set(problem) >= {"type", "title", "status", "detail", "errors"}
    assert list(problem["errors"]) == ["checkin.numerator"]
    assert MeasureValue.objects.get(report=report, measure=data["removals"]).value is None
    report.refresh_from_db()
    assert report.narrative == ""


def test_type_errors_and_unknown_measures_name_their_field(cast, data):
    client, report = token_client(cast.teacher), data["draft"]
    typed = patch(client, report, {"values": [{"measure": "checkin", "numerator": "lots"}]})
    assert typed.status_code == 400
    assert list(typed.json()["errors"]) == ["values.0.numerator"]
    unknown = patch(client, report, {"values": [{"measure": "nope", "value": 1}]})
    assert unknown.json()["errors"] == {"nope": ["This measure is not on this report."]}
    broken = client.patch(f"/api/v1/reports/{report.pk}/", "{", content_type="application/json")
    assert broken.status_code == 400


def test_a_submitted_report_cannot_be_saved_and_others_may_only_read(cast, data):
    submitted = patch(token_client(cast.teacher), data["submitted"], {"narrative": "late edit"})
    assert submitted.status_code == 400
    assert "pull it back" in submitted.json()["errors"]["__all__"][0]
    assert patch(token_client(cast.faculty), data["draft"], {"narrative": "x"}).status_code == 403
    assert patch(token_client(cast.outsider), data["draft"], {"narrative": "x"}).status_code == 404


def test_opening_a_month_starts_the_draft_once(cast, data):
    client = token_client(cast.teacher)
    period = data["periods"][3]
    body = json.dumps({"team": cast.team_a.pk, "period": period.pk})
    first = client.post("/api/v1/reports/", body, content_type="application/json")
    assert first.status_code == 201, first.content
    assert {v["measure_code"] for v in first.json()["values"]} == {"checkin", "removals"}
    again = client.post("/api/v1/reports/", body, content_type="application/json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    other = json.dumps({"team": cast.team_b.pk, "period": period.pk})
    assert client.post("/api/v1/reports/", other, content_type="application/json").status_code == 404


def test_filters_by_team_and_month_and_bad_filters_name_the_parameter(cast, data):
    staff = token_client(cast.staff)
    team_a = staff.get(f"/api/v1/reports/?team={cast.team_a.pk}").json()
    assert sorted(r["id"] for r in team_a["results"]) == sorted([data["draft"].pk, data["submitted"].pk])
    second = data["periods"][1].month.isoformat()
    ranged = staff.get(f"/api/v1/reports/?since={second}&until={second}").json()
    assert [r["id"] for r in ranged["results"]] == [data["submitted"].pk]
    bad = staff.get("/api/v1/reports/?since=March")
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["since"]
    backwards = staff.get("/api/v1/reports/?since=2026-05-01&until=2026-04-01")
    assert list(backwards.json()["errors"]) == ["until"]


def test_pages(cast, data):
    staff = token_client(cast.staff)
    first = staff.get("/api/v1/periods/?page_size=5").json()
    total = cast.collaborative.periods.count()
    assert first["count"] == total == 12
    assert len(first["results"]) == 5
    assert first["next"].endswith("page=2&page_size=5")
    last = staff.get("/api/v1/periods/?page_size=5&page=3").json()
    assert len(last["results"]) == total - 10
    assert last["next"] is None
    assert staff.get("/api/v1/periods/?page=9").status_code == 404


def test_rate_limit_per_token(cast, data, settings):
    settings.API_RATE_LIMIT = "3/minute"
    first, second = token_client(cast.teacher), token_client(cast.teacher)
    assert [first.get("/api/v1/teams/").status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get("/api/v1/teams/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["type"] == "urn:breakthrough:problem:rate-limited"
    assert second.get("/api/v1/teams/").status_code == 200  # another token counts apart


def test_the_session_works_but_writes_need_the_csrf_token(cast, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.teacher)
    assert client.get("/api/v1/reports/").status_code == 200
    url = f"/api/v1/reports/{data['draft'].pk}/"
    refused = client.patch(url, json.dumps({"narrative": "x"}), content_type="application/json")
    assert refused.status_code == 403


def test_problems_follow_the_callers_language(cast, data):
    response = token_client(cast.teacher).get(
        "/api/v1/reports/?since=marzo", headers={"accept-language": "es"}
    )
    assert response.status_code == 400
    assert response.json()["title"] == "La solicitud no es válida"
