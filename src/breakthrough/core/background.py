"""Whether background tasks really run in the background (a worker backend) or in the request."""

from __future__ import annotations

from django.tasks import task_backends

# Backends that run nothing in the background: the work then happens in the request, as before a worker.
IN_PROCESS = {"ImmediateBackend", "DummyBackend"}


def in_background() -> bool:
    return type(task_backends["default"]).__name__ not in IN_PROCESS
