"""``/health/`` for load balancers: 200 when the database answers and the worker keeps up, else 503.

The answer is a tiny JSON object naming only the two checks and whether each is ``"ok"``; no version, no
counts, no error text. It needs no sign-in and touches no session. The worker is "late" when the oldest
task ready to run (django-tasks-db) has waited longer than ``HEALTH_WORKER_LATE_SECONDS``; with the
``immediate`` tasks backend there is no worker to wait for.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except DatabaseError:
        log.warning("health: the database does not answer")
        return False


def _worker_ok() -> bool:
    backend = str(settings.TASKS["default"]["BACKEND"])
    if not backend.startswith("django_tasks_db."):
        return True  # tasks run in the request (immediate): no queue to fall behind on
    from django_tasks_db.models import DBTaskResult, get_date_max

    since = timezone.now() - dt.timedelta(seconds=settings.HEALTH_WORKER_LATE_SECONDS)
    try:
        late = (
            DBTaskResult.objects.ready()
            .filter(enqueued_at__lt=since)
            .filter(Q(run_after=get_date_max()) | Q(run_after__lt=since))
            .exists()
        )
    except DatabaseError:
        return False
    if late:
        log.warning("health: a ready task has waited over %s s", settings.HEALTH_WORKER_LATE_SECONDS)
    return not late


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    database = _database_ok()
    worker = database and _worker_ok()
    checks = {"database": "ok" if database else "failing", "worker": "ok" if worker else "late"}
    return JsonResponse(checks, status=200 if database and worker else 503)
