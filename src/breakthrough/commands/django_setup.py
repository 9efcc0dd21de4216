"""Django, set up once for the commands that touch the database (those that only compute never need it)."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breakthrough.settings")
    import django

    django.setup()


def manage(*args: str) -> None:
    """Run one of Django's management commands (migrate, collectstatic, runserver …)."""
    from django.core.management import call_command

    call_command(*args)
