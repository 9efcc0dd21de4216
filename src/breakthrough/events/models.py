"""Learning sessions, calls and meetings, with who attended."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.access import AFFINITY_GROUPS, PARTICIPANTS, reach_of
from breakthrough.collaboratives.models import TEAM_ROLES, Collaborative, Membership, Team
from breakthrough.core.models import ArchivedQuerySet, BaseModel, User


class EventQuerySet(ArchivedQuerySet):
    def visible_to(self, user: Any) -> EventQuerySet:
        """Agrees with ``access.can_view`` for scope "event"."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        reach = reach_of(user)
        return self.filter(
            models.Q(collaborative__in=reach.oversee)
            | models.Q(collaborative__in=reach.collaboratives(PARTICIPANTS), team__isnull=True)
            | models.Q(team__in=reach.teams)
        )


class Event(BaseModel):
    class Kind(models.TextChoices):
        LEARNING_SESSION = "learning_session", _("Learning session")
        COLLABORATIVE_CALL = "collaborative_call", _("Collaborative call")
        AFFINITY_CALL = "affinity_call", _("Affinity-group call")
        TEAM_MEETING = "team_meeting", _("Team meeting")
        FACULTY_CONSULTATION = "faculty_consultation", _("Faculty consultation")

    class RoleGroup(models.TextChoices):
        DIRECTORS = "directors", _("Directors and administrators")
        TEACHERS = "teachers", _("Teachers")
        FAMILIES = "families", _("Family members")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("where"), max_length=200, blank=True)
    role_group = models.CharField(_("for"), max_length=16, choices=RoleGroup.choices, blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    description = models.TextField(_("description"), blank=True)

    objects = EventQuerySet.as_manager()

    permission_scope = "event"
    team_path = "team"

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["collaborative", "starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("An event cannot end before it starts.")
        if (self.kind == self.Kind.AFFINITY_CALL) != bool(self.role_group):
            errors["role_group"] = _("An affinity-group call names its role group, and only it does.")
        team_kinds = {self.Kind.TEAM_MEETING, self.Kind.FACULTY_CONSULTATION}
        if self.kind in team_kinds and self.team_id is None:
            errors["team"] = _("Team meetings and faculty consultations belong to a team.")
        if self.starts_at and self.collaborative_id:
            errors.update(self.collaborative.dates_outside(starts_at=self.starts_at.date()))
        if errors:
            raise ValidationError(errors)

    def expected_people(self) -> models.QuerySet:
        """Who is expected: the team, the affinity group, or every team member of the collaborative."""
        members = Membership.objects.active().filter(collaborative=self.collaborative_id)
        if self.team_id is not None:
            members = members.filter(team=self.team_id)
        elif self.role_group:
            members = members.filter(role__in=AFFINITY_GROUPS[self.role_group])
        else:
            members = members.filter(role__in=TEAM_ROLES)
        return User.objects.filter(pk__in=members.values("user_id")).order_by("last_name", "first_name")


class Attendance(BaseModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("Attended")
        ABSENT = "absent", _("Did not attend")
        EXCUSED = "excused", _("Excused")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=8, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    permission_scope = "personal"
    collaborative_path = "event.collaborative"
    team_path = "event.team"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["event", "user"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"{self.user} – {self.event}: {self.get_status_display()}"

    def clean(self) -> None:
        if self.event_id and self.user_id:
            member = self.user.memberships.filter(collaborative_id=self.event.collaborative_id).exists()
            if not member:
                raise ValidationError({"user": _("This person is not in the event's collaborative.")})


class EventMaterial(BaseModel):
    """A file attached to an event (slides, handouts). Served only through a permission-checked view."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    # The storage name under MEDIA_ROOT. A plain string rather than a FileField keeps the audit trail JSON.
    stored_name = models.CharField(_("file"), max_length=255, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    permission_scope = "event"
    collaborative_path = "event.collaborative"
    team_path = "event.team"

    class Meta:
        verbose_name = _("event material")
        verbose_name_plural = _("event materials")
        ordering = ["event", "created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return self.stored_name.rsplit("/", 1)[-1]
