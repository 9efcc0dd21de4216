"""The teams' community space: discussion threads (whole collaborative or one affinity group), replies,
@mentions and links to PDSA cycles and charts, staff moderation; and what each person shares in the
directory."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.models import Collaborative, Team
from breakthrough.core.models import BaseModel
from breakthrough.measures.models import Measure
from breakthrough.pdsa.models import PDSACycle


class Space(models.TextChoices):
    """Where a thread is: the whole collaborative, or one affinity group (``access.AFFINITY_GROUPS``)."""

    ALL = "all", _("Whole collaborative")
    DIRECTORS = "directors", _("Directors and administrators")
    TEACHERS = "teachers", _("Teachers")
    FAMILIES = "families", _("Family members")


class Moderated(models.Model):
    """Hidden by project staff with a reason: others no longer see it; staff see the reason."""

    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def is_hidden_by_staff(self) -> bool:
        return self.hidden_at is not None


class Thread(Moderated, BaseModel):
    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="threads")
    space = models.CharField(_("space"), max_length=16, choices=Space.choices, default=Space.ALL)
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The author's team when they started it (none for staff and faculty): replies from another team count
    # as informal communication between teams.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    last_post_at = models.DateTimeField(_("last post"), null=True, blank=True)

    permission_scope = "discussion"

    class Meta:
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        ordering = ["-last_post_at", "-pk"]
        indexes = [models.Index(fields=["collaborative", "space"])]

    def __str__(self) -> str:
        return self.title

    @property
    def affinity_group(self) -> str:
        return "" if self.space == Space.ALL else self.space


class Post(Moderated, BaseModel):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    body = models.TextField(_("message"))
    is_opener = models.BooleanField(default=False, editable=False)

    permission_scope = "discussion"
    collaborative_path = "thread.collaborative"

    class Meta:
        verbose_name = _("discussion post")
        verbose_name_plural = _("discussion posts")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return f"{reverse('community:thread', args=[self.thread_id])}#post-{self.pk}"

    @property
    def affinity_group(self) -> str:
        return self.thread.affinity_group

    @property
    def is_cross_team(self) -> bool:
        """A reply by someone on a different team than the thread's author."""
        return (
            not self.is_opener
            and self.team_id is not None
            and self.thread.team_id is not None
            and self.team_id != self.thread.team_id
        )


class Mention(BaseModel):
    """An @username in a post, of someone who may read the thread (others are not mentioned)."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    permission_scope = "discussion"
    collaborative_path = "post.thread.collaborative"

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_mention_per_person")]

    def __str__(self) -> str:
        return f"@{self.user.username}"

    @property
    def affinity_group(self) -> str:
        return self.post.affinity_group

    def is_hidden_by_staff(self) -> bool:
        return self.post.is_hidden_by_staff()


class PostLink(BaseModel):
    """A PDSA cycle or a team's chart a post links to. Readers who may not see it get no title."""

    class Kind(models.TextChoices):
        CYCLE = "cycle", _("PDSA cycle")
        CHART = "chart", _("Chart")

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="links")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    cycle = models.ForeignKey(PDSACycle, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    permission_scope = "discussion"
    collaborative_path = "post.thread.collaborative"

    class Meta:
        verbose_name = _("link in a post")
        verbose_name_plural = _("links in posts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.cycle_id or self.measure_id}"

    @property
    def affinity_group(self) -> str:
        return self.post.affinity_group

    def is_hidden_by_staff(self) -> bool:
        return self.post.is_hidden_by_staff()

    def target(self) -> Any:
        return self.cycle if self.kind == self.Kind.CYCLE else self.measure


class DirectoryEntry(BaseModel):
    """What a person shares in one collaborative's member directory. Nothing beyond name, team and role
    unless they opt in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    share_email = models.BooleanField(_("show my email address in the member directory"), default=False)

    permission_scope = "own"

    class Meta:
        verbose_name = _("directory setting")
        verbose_name_plural = _("directory settings")
        constraints = [
            models.UniqueConstraint(fields=["user", "collaborative"], name="one_directory_entry_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.collaborative}"
