"""`breakthrough token create USERNAME`: a personal API token for a script, printed once."""

from __future__ import annotations

import click


@click.group()
def token() -> None:
    """Personal API tokens (the HTTP API under /api/v1/)."""


@token.command("create")
@click.argument("username")
@click.option(
    "--expires",
    "days",
    type=click.IntRange(1, 366),
    default=90,
    show_default=True,
    help="Days until the token stops working.",
)
@click.option("--name", default="script", show_default=True, help="What the token is for.")
def create(username: str, days: int, name: str) -> None:
    """Make a token for USERNAME and print it (only its hash is kept: store it now)."""
    from breakthrough.commands.django_setup import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from breakthrough.api.tokens import token_create

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.ClickException(f"No active person with the username {username!r}.")
    row, key = token_create(user=user, name=name, days=days)
    click.echo(key)
    click.echo(f"Expires {row.expires_at:%Y-%m-%d %H:%M} UTC. Revoke it on the API tokens page.", err=True)
