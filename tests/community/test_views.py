"""The community pages as each person sees them: hidden posts, the directory and its email opt-in, the counts
of replies between teams."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from breakthrough.community.models import DirectoryEntry, Thread
from breakthrough.community.services import directory_share_set, post_hide
from tests.community.helpers import reply, teachers_thread


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_hidden_post_shows_its_reason_to_staff_and_disappears_for_others(cast):
    thread = teachers_thread(cast)
    post = reply(thread, cast.outsider, "Off-topic advert text")
    post_hide(post=post, reason="Advertising", by=cast.staff)
    url = reverse("community:thread", args=[thread.pk])
    staff_page = client_for(cast.staff).get(url).content.decode()
    assert "hidden by staff: Advertising" in staff_page
    teacher_page = client_for(cast.teacher).get(url).content.decode()
    assert "Off-topic advert text" not in teacher_page
    assert "Advertising" not in teacher_page
    assert "How do you start the day?" in teacher_page


def test_staff_hide_a_post_from_the_page(cast):
    thread = teachers_thread(cast)
    post = reply(thread, cast.outsider)
    response = client_for(cast.staff).post(reverse("community:post-hide", args=[post.pk]), {"reason": "Spam"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.hidden_reason == "Spam"


def test_starting_a_thread_without_a_message_names_the_field(cast):
    url = reverse("community:thread-create", args=[cast.collaborative.pk, "all"])
    response = client_for(cast.teacher).post(url, {"title": "Hi", "body": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["body"]
    assert not Thread.objects.exists()


def test_an_unknown_space_is_not_found(cast):
    response = client_for(cast.teacher).get(reverse("community:space", args=[cast.collaborative.pk, "nope"]))
    assert response.status_code == 404


def test_the_directory_lists_teams_and_roles_and_emails_only_when_shared(cast):
    directory_share_set(user=cast.outsider, collaborative=cast.collaborative, share_email=True)
    page = client_for(cast.teacher).get(reverse("community:directory")).content.decode()
    assert cast.team_a.name in page
    assert cast.team_b.name in page
    assert "outsider@example.org" in page  # opted in
    assert "director@example.org" not in page  # off by default
    assert str(cast.observer) not in page  # observers and viewers are not listed
    assert str(cast.viewer) not in page


def test_observers_see_only_the_project_staff_in_the_directory(cast):
    page = client_for(cast.observer).get(reverse("community:directory")).content.decode()
    assert str(cast.staff) in page
    assert cast.team_a.name not in page
    assert str(cast.teacher) not in page
    assert str(cast.faculty) not in page


def test_viewers_have_no_directory(cast):
    assert client_for(cast.viewer).get(reverse("community:directory")).status_code == 403


def test_a_person_sets_their_own_email_sharing(cast):
    client = client_for(cast.family)
    field = f"share-{cast.collaborative.pk}"
    response = client.post(reverse("community:directory-settings"), {field: "on"})
    assert response.status_code == 302
    assert DirectoryEntry.objects.get(user=cast.family).share_email
    client.post(reverse("community:directory-settings"), {})
    assert not DirectoryEntry.objects.get(user=cast.family).share_email


@pytest.mark.parametrize("person", ["staff", "evaluator"])
def test_the_study_team_reads_the_counts_of_replies_between_teams(cast, person):
    thread = teachers_thread(cast)
    reply(thread, cast.outsider)
    reply(thread, cast.outsider)
    client = client_for(getattr(cast, person))
    page = client.get(reverse("community:exchanges")).content.decode()
    assert "2 replies between teams" in page
    home = client.get(reverse("community:home")).content.decode()
    assert "2 replies between teams so far" in home


def test_teams_do_not_see_the_counts_on_the_community_page(cast):
    page = client_for(cast.teacher).get(reverse("community:home")).content.decode()
    assert "between teams so far" not in page


def test_a_bad_period_names_the_field(cast):
    response = client_for(cast.evaluator).get(
        reverse("community:exchanges"), {"start": "2026-05-01", "end": "2026-04-01"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["end"]
    assert client_for(cast.evaluator).get(reverse("community:exchanges"), {"start": "May"}).status_code == 400
