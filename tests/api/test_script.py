"""A script with nothing but `requests` and a personal token, against a live server: it reads its team's
reports, saves and submits a month, and is refused another team's (the calls docs/api.md shows)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from breakthrough.api.tokens import token_create
from breakthrough.measures.models import MeasureValue, MonthlyReport
from tests.api.helpers import make_api_data


@pytest.fixture
def server(live_server: Any, transactional_db: Any, cast: Any, settings: Any) -> Any:
    settings.API_RATE_LIMIT = "1000/minute"
    return live_server, cast, make_api_data(cast)


def test_a_script_reads_saves_and_submits_its_month_and_is_refused_another_teams(server):
    live, cast, data = server
    _row, token = token_create(user=cast.teacher, name="monthly script")

    # --- the script, as a team member would write it ---
    api = f"{live.url}/api/v1"
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"

    reports = session.get(f"{api}/reports/", params={"team": cast.team_a.pk}, timeout=10).json()
    drafts = [r for r in reports["results"] if r["status"] == "draft"]
    report = drafts[0]
    read = session.get(f"{api}/reports/{report['id']}/", timeout=10)
    saved = session.patch(
        f"{api}/reports/{report['id']}/",
        json={
            "narrative": "Sent by our script",
            "values": [{"measure": "checkin", "numerator": 9, "denominator": 12}],
        },
        headers={"If-Match": read.headers["ETag"]},
        timeout=10,
    )
    submitted = session.post(
        f"{api}/reports/{report['id']}/submit/", headers={"If-Match": saved.headers["ETag"]}, timeout=10
    )
    other = session.get(f"{api}/reports/{data['other'].pk}/", timeout=10)
    other_save = session.patch(f"{api}/reports/{data['other'].pk}/", json={"narrative": "x"}, timeout=10)
    # --- end of the script ---

    assert reports["count"] == 2  # team A's draft and submitted months, counted in make_api_data
    assert report["id"] == data["draft"].pk
    assert saved.status_code == 200, saved.text
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"
    stored = MonthlyReport.objects.get(pk=data["draft"].pk)
    assert (stored.status, stored.narrative) == ("submitted", "Sent by our script")
    value = MeasureValue.objects.get(report=stored, measure=data["checkin"])
    assert (value.numerator, value.denominator) == (9, 12)
    assert other.status_code == 404
    assert other.headers["Content-Type"] == "application/problem+json"
    assert other_save.status_code == 404
    assert MonthlyReport.objects.get(pk=data["other"].pk).narrative == ""


def test_a_revoked_or_expired_token_stops_working(server):
    from django.utils import timezone

    from breakthrough.api.tokens import token_revoke

    live, cast, _data = server
    row, token = token_create(user=cast.teacher, name="old")
    url = f"{live.url}/api/v1/teams/"
    assert requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 200
    token_revoke(token=row, by=cast.teacher)
    assert requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 401
    row2, token2 = token_create(user=cast.teacher, name="short")
    row2.expires_at = timezone.now()
    row2.save()
    assert requests.get(url, headers={"Authorization": f"Bearer {token2}"}, timeout=10).status_code == 401
