"""The `breakthrough` command.

Commands that only compute (`breakthrough spc …`) never set Django up; commands that touch the
database set it up lazily, on first use.
"""

from __future__ import annotations

import datetime
import os
import sys

import click

from breakthrough.commands.django_setup import manage, setup_django
from breakthrough.spc_cli import spc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="breakthrough")
def main() -> None:
    """Breakthrough: run a Breakthrough Series Collaborative in early care and education."""


main.add_command(spc)


MIN_SECRET_KEY_LENGTH = 50  # as Django's check --deploy asks (security.W009)


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
@click.option("--host", help="Address to listen on, instead of SERVER_BIND's (default 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Port to listen on (default 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the site with gunicorn (in DEBUG, Django's development server).

    Outside DEBUG this is a production start and needs a real SECRET_KEY. Workers, threads, timeouts and
    the address come from the SERVER_* settings (docs/deployment.md).
    """
    _data_dir()
    # Each thread keeps its database connection for a minute: opening one (a PostgreSQL process forked,
    # authenticated) costs more than most of a page's queries.
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    setup_django()
    from django.conf import settings

    from breakthrough.settings import DEVELOPMENT_SECRET_KEY

    if not settings.DEBUG and settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise click.ClickException(
            "refusing to start in production with the development SECRET_KEY: set SECRET_KEY "
            "(a long random string), or DEBUG=true for a development server"
        )
    if not settings.DEBUG and len(settings.SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
        raise click.ClickException(
            f"refusing to start in production with a SECRET_KEY of fewer than {MIN_SECRET_KEY_LENGTH} "
            "characters: set a long random string, e.g. from secrets.token_urlsafe(50)"
        )
    bind = settings.SERVER_BIND if host is None and port is None else [_address(host or "127.0.0.1", port)]
    _migrate_if_needed()
    if settings.DEBUG:
        manage("runserver", bind[0], "--noreload")
        return
    _collectstatic_if_needed()
    _serve_gunicorn(bind)


def _migrate_if_needed() -> None:  # `migrate` with nothing to do still costs seconds of checks and signals
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        manage("migrate", "--no-input", "-v0")


def _collectstatic_if_needed() -> None:
    """Collect (hash and compress) the static files, unless no source file changed since the last time."""
    import hashlib
    from pathlib import Path

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda found: found[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    stamp = Path(settings.STATIC_ROOT) / ".sources.sha256"  # inside: a deleted folder is collected again
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    manage("collectstatic", "--no-input", "-v0")
    stamp.write_text(digest.hexdigest())


def _address(host: str, port: int | None) -> str:
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host  # an IPv6 address
    return f"{host}:{port or 8000}"


def _serve_gunicorn(bind: list[str]) -> None:
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    options = {
        "bind": bind,
        "workers": settings.SERVER_WORKERS,
        "worker_class": "gthread",
        "threads": settings.SERVER_THREADS,
        "timeout": settings.SERVER_TIMEOUT,
        "graceful_timeout": settings.SERVER_GRACEFUL_TIMEOUT,
        "preload_app": True,  # workers fork from a process with Django loaded: quick to start, memory shared
        "accesslog": None,  # no paths with personal data in logs
        "errorlog": "-",
        "loglevel": settings.LOGGING["root"]["level"].lower(),
        "control_socket_disable": True,  # its default path is per user, shared by every server they run
        "proc_name": "breakthrough",
    }

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self):  # type: ignore[no-untyped-def]
            return get_wsgi_application()

    connections.close_all()  # migrate's connection must not be shared by the forked workers
    click.echo(
        f"Serving Breakthrough on {', '.join(bind)} with {settings.SERVER_WORKERS} workers × "
        f"{settings.SERVER_THREADS} threads (Ctrl-C to stop)"
    )
    sys.stdout.flush()
    Server().run()


@main.command()
@click.option("--rebuild", is_flag=True, help="Throw the demo database away and build it again.")
@click.option("--no-serve", is_flag=True, help="Only build the demo data; don't start the site.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--seed", default=2026, show_default=True, help="The demo is the same for the same seed.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Build the demo as of this day (YYYY-MM-DD) instead of today: it is then in its eighth month on "
    "that day, and the same seed and day give the same demo.",
)
def demo(rebuild: bool, no_serve: bool, port: int, seed: int, today: datetime.datetime | None) -> None:
    """Build the demo collaborative (once; reused after) and serve it."""
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("TWO_FACTOR_REQUIRED", "false")  # the demo's sign-ins work with the password alone
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
        build_demo(seed=seed, today=today.date() if today else None)
    summary = demo_summary()
    click.echo(", ".join(f"{count} {name}" for name, count in summary.items()))
    click.echo(
        "It was started from an earlier wave, now in sustainment: compare them at "
        f"http://127.0.0.1:{port}/dashboards/waves/ (as staff)."
    )
    click.echo(f"\nSign in at http://127.0.0.1:{port}/ with password {DEMO_PASSWORD!r} as:")
    for username, role in SIGN_INS.items():
        click.echo(f"  {username:<10} {role}")
    if not no_serve:
        sys.stdout.flush()
        worker = _start_worker()  # beside the server, so the demo's reminders and emails go out
        try:
            manage("runserver", f"127.0.0.1:{port}", "--noreload")
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def _start_worker():  # type: ignore[no-untyped-def]
    """`breakthrough worker` in its own process; its emails print to this console (the console backend)."""
    import shutil
    import subprocess
    from pathlib import Path

    command = shutil.which("breakthrough") or str(Path(sys.executable).with_name("breakthrough"))
    click.echo("Starting the background worker (reminders and notification emails) …")
    return subprocess.Popen([command, "worker"], env=os.environ.copy())


def _data_dir():  # type: ignore[no-untyped-def]
    from pathlib import Path

    path = Path(os.environ.get("BREAKTHROUGH_DATA_DIR", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


from breakthrough.commands.backup import backup, restore  # noqa: E402

main.add_command(backup)
main.add_command(restore)

from breakthrough.commands.retention import retention  # noqa: E402

main.add_command(retention)


from breakthrough.commands.collaborative import collaborative  # noqa: E402
from breakthrough.commands.worker import tasks, worker  # noqa: E402

main.add_command(worker)
main.add_command(tasks)
main.add_command(collaborative)

from breakthrough.commands.token import token  # noqa: E402

main.add_command(token)

from breakthrough.commands.export import export  # noqa: E402

main.add_command(export)

from breakthrough.commands.report import report  # noqa: E402

main.add_command(report)
