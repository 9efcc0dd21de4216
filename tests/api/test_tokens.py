"""Personal API tokens: hashed at rest, shown once, expiring, revoked by their owner only."""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner
from django.core.exceptions import ValidationError

from breakthrough.api.models import ApiToken
from breakthrough.api.tokens import token_create, token_for_key
from breakthrough.cli import main


def test_only_a_hash_is_stored_and_the_key_finds_its_token(teacher):
    row, key = token_create(user=teacher, name="script", days=7)
    assert key.startswith("bt_")
    assert len(key) > 40
    row.refresh_from_db()
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()  # an independent hash of the key
    assert key not in str([getattr(row, f.attname) for f in ApiToken._meta.fields])
    assert token_for_key(key) == row
    assert token_for_key(key + "x") is None
    assert 6.9 < (row.expires_at - row.created_at).total_seconds() / 86400 <= 7


@pytest.mark.parametrize(("days", "name"), [(0, "x"), (367, "x"), (30, "  ")])
def test_bad_tokens_are_refused_naming_the_field(teacher, days, name):
    with pytest.raises(ValidationError) as refused:
        token_create(user=teacher, name=name, days=days)
    assert set(refused.value.message_dict) == {"days" if name.strip() else "name"}


def test_the_page_shows_a_new_token_once_and_revokes_it(client, teacher, outsider):
    client.force_login(teacher)
    made = client.post("/api/tokens/", {"name": "monthly upload", "days": "30"})
    assert made.status_code == 200
    key = made.context["new_key"]
    assert key in made.content.decode()
    assert made["Cache-Control"].startswith("max-age=0")
    again = client.get("/api/tokens/").content.decode()
    assert "monthly upload" in again
    assert key not in again  # shown once
    row = ApiToken.objects.get(user=teacher)
    client.force_login(outsider)
    assert client.post(f"/api/tokens/{row.pk}/revoke/").status_code == 404  # not theirs
    assert token_for_key(key) == row
    client.force_login(teacher)
    assert client.post(f"/api/tokens/{row.pk}/revoke/").status_code == 302
    assert token_for_key(key) is None
    assert "revoked" in client.get("/api/tokens/").content.decode()


def test_the_page_refuses_a_bad_expiry_naming_the_field(client, teacher):
    client.force_login(teacher)
    page = client.post("/api/tokens/", {"name": "x", "days": "1000"})
    assert page.context["form"].errors.keys() == {"days"}
    assert not ApiToken.objects.exists()


def test_the_command_prints_a_working_token(teacher):
    result = CliRunner().invoke(main, ["token", "create", "teacher", "--expires", "3"])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[0]
    assert token_for_key(key).user == teacher
    missing = CliRunner().invoke(main, ["token", "create", "nobody"])
    assert missing.exit_code != 0
    assert "nobody" in missing.output


def test_the_docs_page_and_schema(client, teacher):
    client.force_login(teacher)
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui-5.35.0/swagger-ui-bundle.js" in page
    assert "//unpkg" not in page
    assert "cdn" not in page.lower()
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/reports/{id}/submit/" in schema["paths"]
