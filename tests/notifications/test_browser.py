"""The journey of issue #13 in headless Chromium, with a real worker process beside the live server.

Staff create a collaborative from nothing (started from an earlier one: its framework and measures), look at
and adjust its timeline, and invite a team's teacher, who joins in Spanish. The team's first report comes due:
the worker's reminder reaches her (read from the files the worker's mail backend wrote). Faculty comment on
the report: she sees it under the bell, and the worker emails it to her in Spanish.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import subprocess

import pytest
from django.core import mail
from django.utils import timezone

from breakthrough.collaboratives.models import Collaborative, Program, Role
from breakthrough.collaboratives.services import membership_add
from breakthrough.core.models import User
from breakthrough.framework.models import ChangeIdea
from breakthrough.measures.models import Measure
from breakthrough.measures.services import report_open
from breakthrough.notifications.models import ScheduledRun
from tests.browser_helpers import assert_accessible, sign_in
from tests.factories import make_change_idea, make_measure
from tests.notifications.test_worker import BREAKTHROUGH, ROOT, _env

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("worker")]


def _mail_to(outbox, address):
    """(subject, text) of each email the worker wrote to this address (one file per message)."""
    found = []
    for path in sorted(outbox.iterdir()):
        raw = path.read_text().rsplit("-" * 79, 1)[0].strip()
        message = email.message_from_string(raw, policy=email.policy.default)
        if message["To"] == address:
            found.append((str(message["Subject"]), message.get_body(("plain",)).get_content()))
    return found


def _worker_once(outbox):
    run = subprocess.run(
        [BREAKTHROUGH, "worker", "--once"],
        env=_env(outbox, 0),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr


def test_launch_invite_remind_and_reply_in_spanish(page, live_server, cast, tmp_path):
    outbox = tmp_path / "mail"
    outbox.mkdir()
    make_change_idea(cast.collaborative)  # the earlier collaborative, as the demo's: a framework, a measure
    make_measure(cast.collaborative)
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # began last month
    due_day = min(today.day + 1, 28)  # last month's report is due tomorrow (or, late in a month, was due)
    ls = [start + dt.timedelta(days=d) for d in (45, 120, 220)]
    ap_end, end = start + dt.timedelta(days=300), start + dt.timedelta(days=340)

    sign_in(page, live_server, "staff")
    page.get_by_role("link", name="Set-up").click()
    page.get_by_role("link", name="New collaborative").click()
    page.wait_for_load_state()
    assert "/collaboratives/new/" in page.url, page.content()[:3000]
    assert_accessible(page)
    page.locator("#id_name").fill("Wave 2")
    page.locator("#id_slug").fill("wave-2")
    page.locator("#id_topic_en").fill("Social and emotional learning")
    page.get_by_label("Starts (pre-work begins)").fill(start.isoformat())
    for n, day in enumerate(ls, start=1):
        page.locator(f"#id_ls{n}").fill(day.isoformat())
    page.get_by_label("The last action period ends").fill(ap_end.isoformat())
    page.get_by_label("Sustainment ends (the end date)").fill(end.isoformat())
    page.get_by_label("Monthly report due on day").fill(str(due_day))
    page.get_by_label("Start from an earlier collaborative").select_option(label=cast.collaborative.name)
    page.get_by_role("button", name="Show the timeline").click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert not Collaborative.objects.filter(slug="wave-2").exists()  # shown, not saved
    months = page.locator("#periods tbody tr").count()
    assert months == len({(d.year, d.month) for d in (start + dt.timedelta(days=i) for i in range(341))})
    page.get_by_role("button", name="Create the collaborative").click()
    page.wait_for_load_state()
    assert "Wave 2 is created" in page.content()
    wave = Collaborative.objects.get(slug="wave-2")
    assert ChangeIdea.objects.filter(secondary__primary__collaborative=wave).count() == 1
    assert Measure.objects.filter(collaborative=wave).count() == 1

    # adjust the timeline: the last action period ends a week earlier, sustainment starts then
    page.get_by_label("Action period 3: ends").fill((ap_end - dt.timedelta(days=7)).isoformat())
    page.get_by_label("Sustainment: starts").fill((ap_end - dt.timedelta(days=6)).isoformat())
    page.get_by_role("button", name="Save timeline").click()
    page.wait_for_load_state()
    assert "The timeline is saved." in page.content()
    assert wave.phases.get(kind="sustainment").start_date == ap_end - dt.timedelta(days=6)

    # a team (of a program registered in the new collaborative), and an invitation in Spanish for its teacher
    program = Program.objects.create(
        name="Casa de los Niños", kind=Program.Kind.CHILD_CARE_CENTER, registered_in=wave
    )
    page.reload()
    teams = page.locator("section#teams")
    teams.get_by_label("Program").select_option(label=program.name)
    teams.get_by_label("Team name").fill("Casa team")
    teams.get_by_role("button", name="Add team").click()
    page.wait_for_load_state()
    invitations = page.locator("section#invitations")
    invitations.get_by_label("Email address").fill("lucia@example.org")
    invitations.get_by_label("Role").select_option(label="Teacher")
    invitations.get_by_label("Team").select_option(label="Casa team")
    invitations.get_by_label("Language of the email").select_option(label="Spanish")
    invitations.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()
    assert_accessible(page)
    link = re.search(r"http://\S+/collaboratives/invitations/\S+/", mail.outbox[-1].body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    page.locator("#id_username").fill("lucia")
    page.locator("#id_first_name").fill("Lucía")
    page.locator("#id_last_name").fill("Ramos")
    page.locator("#id_password").fill("a-long-garden-path-42")
    page.locator("#id_password2").fill("a-long-garden-path-42")
    page.locator("button[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/")
    lucia = User.objects.get(username="lucia")
    assert lucia.preferred_language == "es"

    # the first report comes due: the worker reminds her, in Spanish
    _worker_once(outbox)
    (reminder,) = _mail_to(outbox, "lucia@example.org")
    first = start.replace(day=1)
    assert "Casa team" in reminder[0]
    assert "informe" in reminder[0]

    # faculty comment on the team's report: the bell, and an email in Spanish
    team = wave.teams.get()
    report = report_open(team=team, period=wave.periods.get(month=first), by=lucia)
    membership_add(collaborative=wave, user=cast.faculty, role=Role.FACULTY, team=None, by=cast.staff)
    page.context.clear_cookies()
    sign_in(page, live_server, "faculty")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.get_by_label("Add a comment").fill("¡Muy bien! ¿Qué aprendieron en la primera semana?")
    page.get_by_role("button", name="Add comment").click()
    page.wait_for_load_state()
    # The scheduler enqueues the comment scan and the delivery once a minute; this run may fall in the same
    # minute as the first, so forget that minute's slots, as if the next minute had come.
    ScheduledRun.objects.filter(job__in=["comments", "deliver"]).delete()
    _worker_once(outbox)
    replies = [m for m in _mail_to(outbox, "lucia@example.org") if "coment" in m[0]]
    assert len(replies) == 1
    assert "comentó el informe de Casa team" in replies[0][0]
    assert "Hola, Lucía Ramos:" in replies[0][1]

    page.context.clear_cookies()
    sign_in(page, live_server, "lucia", "a-long-garden-path-42")
    bell = page.locator("a.bell")
    assert "sin leer" in bell.inner_text()  # her page is in Spanish: "Notificaciones 2 sin leer"
    bell.click()
    page.wait_for_load_state()
    assert_accessible(page)
    assert "comentó el informe de Casa team" in page.content()
