"""`breakthrough report feasibility`: the feasibility report of a collaborative, as files."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group(name="report")
def report() -> None:
    """Reports drawn from a collaborative's data, written as files."""


@report.command(name="feasibility")
@click.option("--collaborative", "slug", required=True, help="The collaborative's short name (its slug).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder report.pdf, report.html and slides.pptx are written to.",
)
@click.option(
    "--suppressed",
    is_flag=True,
    help="The aggregate version viewers get: small cells hidden, no team's rows, no case profiles.",
)
@click.option("--language", type=click.Choice(["en", "es"]), default="en", show_default=True)
def feasibility(slug: str, out: Path, suppressed: bool, language: str) -> None:
    """The feasibility report: the three questions, the theory of change, the case profiles and the methods
    (report.pdf, report.html), and a slide deck of its key figures (slides.pptx)."""
    from breakthrough.commands.django_setup import setup_django

    setup_django()
    from django.utils import translation

    from breakthrough.collaboratives.models import Collaborative
    from breakthrough.feasibility.report_runs import write_report

    collaborative = Collaborative.objects.active().filter(slug=slug).first()
    if collaborative is None:
        raise click.BadParameter(f"no collaborative {slug!r}", param_hint="--collaborative")
    with (
        translation.override(language),
        click.progressbar(length=1, label="Drawing the report", file=sys.stderr) as bar,
    ):
        state = {"done": 0}

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - state["done"])
            state["done"] = done

        paths = write_report(collaborative, out, suppress=suppressed, progress=progress)
    for path in paths.values():
        click.echo(str(path))
