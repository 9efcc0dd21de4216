"""/health/: 200 or 503 with a tiny JSON, for load balancers, without signing in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DB_TASKS)
def test_healthy_is_200_with_nothing_but_the_two_checks():
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "worker": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers


@override_settings(TASKS=DB_TASKS, HEALTH_WORKER_LATE_SECONDS=60)
def test_a_task_waiting_past_the_threshold_makes_the_worker_late():
    result = DBTaskResult.objects.create(
        task_path="x.y",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now() - dt.timedelta(minutes=5),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now() - dt.timedelta(minutes=5))
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "worker": "late"}
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=timezone.now())  # a fresh task is not late
    assert Client().get("/health/").status_code == 200


def test_a_database_that_does_not_answer_is_503(monkeypatch):
    from breakthrough.core import health

    def broken():
        raise DatabaseError("connection refused")

    class Cursor:
        def __enter__(self):
            broken()

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: Cursor())
    response = Client().get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "failing", "worker": "late"}
    assert b"refused" not in response.content


def test_only_get():
    assert Client().post("/health/").status_code == 405
