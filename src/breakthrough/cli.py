"""The `breakthrough` command.

Commands that only compute (`breakthrough spc …`) never set Django up; commands that touch the
database set it up lazily, on first use.
"""

from __future__ import annotations

import os
import sys

import click

from breakthrough.spc_cli import spc


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "breakthrough.settings")
    import django

    django.setup()


def manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="breakthrough")
def main() -> None:
    """Breakthrough: run a Breakthrough Series Collaborative in early care and education."""


main.add_command(spc)


@main.command()
def migrate() -> None:
    """Create or update the database tables."""
    _data_dir()
    setup_django()
    manage("migrate", "--no-input")


@main.command()
def createsuperuser() -> None:
    """Create an administrator account (asks for a username and password)."""
    setup_django()
    manage("createsuperuser")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
def serve(host: str, port: int) -> None:
    """Serve the site. Outside DEBUG this is a production start and needs a real SECRET_KEY."""
    _data_dir()
    setup_django()
    from django.conf import settings

    from breakthrough.settings import DEVELOPMENT_SECRET_KEY

    if not settings.DEBUG and settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise click.ClickException(
            "refusing to start in production with the development SECRET_KEY: set SECRET_KEY "
            "(a long random string), or DEBUG=true for a development server"
        )
    manage("migrate", "--no-input", "-v0")
    if settings.DEBUG:
        manage("runserver", f"{host}:{port}", "--noreload")
        return
    manage("collectstatic", "--no-input", "-v0")
    _serve_wsgi(host, port)


def _serve_wsgi(host: str, port: int) -> None:
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # no paths with personal data in logs
            pass

    click.echo(f"Serving Breakthrough on http://{host}:{port}/ (Ctrl-C to stop)")
    with make_server(host, port, get_wsgi_application(), handler_class=QuietHandler) as server:
        server.serve_forever()


@main.command()
@click.option("--rebuild", is_flag=True, help="Throw the demo database away and build it again.")
@click.option("--no-serve", is_flag=True, help="Only build the demo data; don't start the site.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--seed", default=2026, show_default=True, help="The demo is the same for the same seed.")
def demo(rebuild: bool, no_serve: bool, port: int, seed: int) -> None:
    """Build the demo collaborative (once; reused after) and serve it."""
    os.environ.setdefault("DEBUG", "true")
    data_dir = _data_dir()
    if rebuild and not os.environ.get("DATABASE_URL"):
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"breakthrough.sqlite3{suffix}").unlink(missing_ok=True)
    setup_django()
    manage("migrate", "--no-input", "-v0")
    from breakthrough.demo import DEMO_PASSWORD, SIGN_INS, build_demo, demo_exists
    from breakthrough.demo.build import demo_summary

    if rebuild and os.environ.get("DATABASE_URL"):
        manage("flush", "--no-input")
        manage("migrate", "--no-input", "-v0")
    if demo_exists():
        click.echo("Using the demo collaborative already built (--rebuild to start over).")
    else:
        click.echo(f"Building the demo collaborative (seed {seed}) …")
        build_demo(seed=seed)
    summary = demo_summary()
    click.echo(", ".join(f"{count} {name}" for name, count in summary.items()))
    click.echo(f"\nSign in at http://127.0.0.1:{port}/ with password {DEMO_PASSWORD!r} as:")
    for username, role in SIGN_INS.items():
        click.echo(f"  {username:<10} {role}")
    if not no_serve:
        sys.stdout.flush()
        manage("runserver", f"127.0.0.1:{port}", "--noreload")


def _data_dir():  # type: ignore[no-untyped-def]
    from pathlib import Path

    path = Path(os.environ.get("BREAKTHROUGH_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
