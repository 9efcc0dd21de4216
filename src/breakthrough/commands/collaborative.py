"""`breakthrough collaborative create`: a new collaborative with its timeline and monthly periods."""

from __future__ import annotations

import datetime as dt

import click


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@click.group()
def collaborative() -> None:
    """Collaboratives: start a new one (a new wave can start from an earlier one)."""


@collaborative.command("create")
@click.option("--name", required=True, help="Its name.")
@click.option("--slug", required=True, help="Its short name (letters, digits, hyphens).")
@click.option("--topic", default="Social and emotional learning", show_default=True)
@click.option("--starts", required=True, callback=_date, help="The first day (pre-work begins), YYYY-MM-DD.")
@click.option("--learning-sessions", required=True, help="The first days of the three sessions: D1,D2,D3.")
@click.option(
    "--action-periods-end",
    callback=_date,
    help="The last day of action period 3 (default: the day before the last month, which is sustainment).",
)
@click.option("--ends", required=True, callback=_date, help="The end date: the last day of sustainment.")
@click.option("--report-due-day", default=10, show_default=True, type=click.IntRange(1, 28))
@click.option("--copy-from", "copy_from", help="Start from this earlier collaborative (its slug).")
@click.option("--staff", "staff", help="Username of the project staff member who runs it (and did this).")
def create(
    name: str,
    slug: str,
    topic: str,
    starts: dt.date,
    learning_sessions: str,
    action_periods_end: dt.date | None,
    ends: dt.date,
    report_due_day: int,
    copy_from: str | None,
    staff: str | None,
) -> None:
    """Create the collaborative, its eight phases and one reporting period per month, and print them."""
    from breakthrough.commands.django_setup import setup_django

    setup_django()
    from django.core.exceptions import ValidationError

    from breakthrough.collaboratives.models import Collaborative
    from breakthrough.core.models import User
    from breakthrough.launch.forms import parse_dates
    from breakthrough.launch.services import launch

    try:
        sessions = parse_dates(learning_sessions)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--learning-sessions") from None
    source = None
    if copy_from:
        source = Collaborative.objects.filter(slug=copy_from).first()
        if source is None:
            raise click.BadParameter(
                f"no collaborative has the short name {copy_from!r}", param_hint="--copy-from"
            )
    by = None
    if staff:
        by = User.objects.filter(username=staff).first()
        if by is None:
            raise click.BadParameter(f"no person has the username {staff!r}", param_hint="--staff")
    if action_periods_end is None:
        action_periods_end = ends.replace(day=1) - dt.timedelta(days=1)
    try:
        collab, copied = launch(
            by=by,
            copy_from=source,
            name=name,
            slug=slug,
            topic=topic,
            start_date=starts,
            learning_sessions=sessions,
            action_periods_end=action_periods_end,
            end_date=ends,
            report_due_day=report_due_day,
        )
    except ValidationError as exc:
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        lines = [f"{field or 'error'}: {' '.join(m)}" for field, m in messages.items()]
        raise click.ClickException("; ".join(lines)) from None
    click.echo(f"Created {collab.name} ({collab.slug}), {collab.start_date} to {collab.end_date}:")
    for phase in collab.phases.order_by("start_date"):
        click.echo(f"  {phase.get_kind_display():<20} {phase.start_date} – {phase.end_date}")
    periods = list(collab.periods.order_by("month"))
    click.echo(f"{len(periods)} monthly periods, {periods[0].month:%B %Y} to {periods[-1].month:%B %Y}.")
    if copied:
        click.echo(
            "Copied from "
            + source.name
            + ": "
            + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in copied.items())
        )
