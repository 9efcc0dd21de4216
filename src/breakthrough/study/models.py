"""The feasibility study: instruments, survey waves and answers, blind observations, interviews.

Privacy rules that hold here (each has a test):

- a proprietary instrument stores item numbers and scores only, never item text;
- a survey link keeps only a hash of its token and answers once per wave;
- observations carry a classroom code, the program's address and a time slot, nothing about participation.

Behavior incidents, the enrolled children and their demographics live in ``breakthrough.incidents``.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from breakthrough.collaboratives.access import STUDY_TEAM, collaborative_ids_where
from breakthrough.collaboratives.models import Classroom, Collaborative, Program
from breakthrough.core.models import ArchivedQuerySet, BaseModel, Scoped


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _in_language(en: str, es: str, language: str | None = None) -> str:
    language = (language or get_language() or "en")[:2]
    return es if language == "es" and es else en


class Instrument(BaseModel):
    """A survey or an observation tool: its items, subscales, owner and licence."""

    class Kind(models.TextChoices):
        SURVEY = "survey", _("Survey")
        OBSERVATION = "observation", _("Observation tool")
        SESSION = "session", _("Learning-session observation protocol")
        CHILD = "child", _("Child assessment")

    name = models.CharField(_("name"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    slug = models.SlugField(_("short name"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SURVEY)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    licence = models.CharField(_("license"), max_length=200, blank=True)
    proprietary = models.BooleanField(
        _("proprietary"),
        default=False,
        help_text=_("Only item numbers and scores are stored for proprietary tools, never their item text."),
    )
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Written for illustration; not a validated scale.")
    )

    permission_scope = "instrument"
    collaborative_path = None

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def title(self, language: str | None = None) -> str:
        return _in_language(self.name, self.name_es, language)


class Item(BaseModel):
    """One question (or observation item). Its answers are numbers on its response scale."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.SlugField(_("variable name"), max_length=100)
    section = models.CharField(_("section"), max_length=200, blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)
    labels = models.JSONField(
        _("labels of the scores"),
        default=list,
        blank=True,
        help_text=_('A list of {"value": 1, "en": "…", "es": "…"}, one per score.'),
    )
    required = models.BooleanField(_("required"), default=False)
    reverse_keyed = models.BooleanField(_("reverse-keyed"), default=False)

    permission_scope = "instrument"
    collaborative_path = None

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="one_item_per_number"),
            models.UniqueConstraint(fields=["instrument", "code"], name="one_item_per_code"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.slug} {self.number}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.scale_max <= self.scale_min:
            errors["scale_max"] = _("The highest score must be above the lowest.")
        if self.instrument_id and self.instrument.proprietary and (self.text_en or self.text_es):
            errors["text_en"] = _("A proprietary instrument's item text is not stored; keep the number only.")
        if errors:
            raise ValidationError(errors)

    def text(self, language: str | None = None) -> str:
        return _in_language(self.text_en, self.text_es, language) or f"#{self.number}"

    def choices(self, language: str | None = None) -> list[tuple[int, str]]:
        """Each score with its label in this language (the number alone when it has none)."""
        named = {
            int(c["value"]): _in_language(c.get("en", ""), c.get("es", ""), language) for c in self.labels
        }
        return [(v, named.get(v) or str(v)) for v in range(self.scale_min, self.scale_max + 1)]


class Subscale(BaseModel):
    """Items scored together: their mean or sum, once enough of them are answered."""

    class Scoring(models.TextChoices):
        MEAN = "mean", _("Mean")
        SUM = "sum", _("Sum")

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="subscales")
    code = models.SlugField(_("code"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    items = models.ManyToManyField(Item, verbose_name=_("items"), related_name="subscales")
    scoring = models.CharField(_("scoring"), max_length=8, choices=Scoring.choices, default=Scoring.MEAN)
    min_answered = models.PositiveSmallIntegerField(_("minimum items answered"), default=1)

    permission_scope = "instrument"
    collaborative_path = None

    class Meta:
        verbose_name = _("subscale")
        verbose_name_plural = _("subscales")
        ordering = ["instrument", "code"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="one_subscale_per_code")]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return _in_language(self.name_en, self.name_es)


class StudyQuerySet(ArchivedQuerySet):
    def of_collaboratives(self, ids: Any) -> StudyQuerySet:
        return self.filter(collaborative_id__in=ids)


class RespondentGroup(BaseModel):
    """Who a wave asks: team members (answer signed in), non-team staff and families (answer by link)."""

    class Kind(models.TextChoices):
        TEAM = "team", _("Collaborative team members")
        STAFF = "staff", _("Non-team staff of the same programs")
        FAMILIES = "families", _("Families")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    objects = StudyQuerySet.as_manager()
    permission_scope = "study"

    class Meta:
        verbose_name = _("respondent group")
        verbose_name_plural = _("respondent groups")
        ordering = ["collaborative", "name"]

    def __str__(self) -> str:
        return self.name


class Wave(BaseModel):
    """One round of a survey or of observations, with its open and close dates."""

    class Kind(models.TextChoices):
        EARLY = "early", _("Baseline / early")
        LATE = "late", _("Follow-up / late")
        OTHER = "other", _("Other")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.EARLY)
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))
    groups = models.ManyToManyField(RespondentGroup, verbose_name=_("respondent groups"), blank=True)
    double_coding_share = models.PositiveSmallIntegerField(
        _("share double-coded (%)"), default=20, help_text=_("Observations only.")
    )

    objects = StudyQuerySet.as_manager()
    permission_scope = "study"

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["collaborative", "opens_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A wave cannot close before it opens.")})
        if self.double_coding_share > 100:
            raise ValidationError({"double_coding_share": _("Choose a share between 0 and 100.")})

    def is_open(self, day: Any = None) -> bool:
        day = day or timezone.localdate()
        return self.archived_at is None and self.opens_on <= day <= self.closes_on


class RespondentRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    DIRECTOR = "director", _("Director / administrator")
    STAFF = "staff", _("Other staff")
    FAMILY = "family", _("Family member")
    LEADER = "leader", _("Leader")


class SurveyLink(BaseModel):
    """A personal link to answer one wave without an account. Only a hash of its token is stored."""

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="links")
    group = models.ForeignKey(RespondentGroup, on_delete=models.PROTECT, related_name="links")
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=RespondentRole.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    respondent_key = models.CharField(
        _("study code"),
        max_length=32,
        help_text=_("A pseudonymous code that pairs one person's answers across waves. Never a name."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    used_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    objects = ArchivedQuerySet.as_manager()
    permission_scope = "study"
    collaborative_path = "wave.collaborative"

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        ordering = ["wave", "respondent_key"]
        constraints = [models.UniqueConstraint(fields=["wave", "respondent_key"], name="one_link_per_wave")]

    def __str__(self) -> str:
        return f"{self.wave} – {self.respondent_key}"

    def new_token(self) -> str:
        """Set a fresh token and return it; only its hash is kept."""
        token = secrets.token_urlsafe(24)
        self.token_hash = hash_token(token)
        return token


class StudyCodeSecret(Scoped, models.Model):
    """The key of signed-in respondents' study codes (``services.study_code_of``), one row, made on first use.

    Kept apart from SECRET_KEY so that rotating SECRET_KEY neither lets a person answer a wave twice nor
    breaks the pairing of early and late waves. A database that already held codes was seeded, on
    migration, with the key those codes were made with (docs/study.md).
    """

    key = models.CharField(_("key"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    permission_scope = "study"
    collaborative_path = None

    class Meta:
        verbose_name = _("study code key")
        verbose_name_plural = _("study code keys")

    def __str__(self) -> str:
        return f"study code key of {self.created_at:%Y-%m-%d}"


class SurveyLinkContact(Scoped, models.Model):
    """Where a personal link is sent by email. Kept apart from the link so no audit record ever holds it.

    Seen by evaluators and project staff only; never shown to a team, never in a log or the audit trail.
    """

    link = models.OneToOneField(SurveyLink, on_delete=models.CASCADE, related_name="contact")
    email = models.EmailField(_("email address"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    permission_scope = "study"
    collaborative_path = "link.wave.collaborative"

    class Meta:
        verbose_name = _("survey link email address")
        verbose_name_plural = _("survey link email addresses")

    def __str__(self) -> str:
        return str(self.link)


class Response(BaseModel):
    """One person's answers to one wave, signed in or by link. Seen only by evaluators and project staff."""

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    link = models.OneToOneField(
        SurveyLink, on_delete=models.PROTECT, null=True, blank=True, related_name="response"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=RespondentRole.choices)
    on_team = models.BooleanField(_("on a collaborative team"), default=False)
    respondent_key = models.CharField(_("study code"), max_length=32)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    objects = ArchivedQuerySet.as_manager()
    permission_scope = "study"
    collaborative_path = "wave.collaborative"

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["wave", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "respondent_key"], name="one_response_per_wave"),
        ]

    def __str__(self) -> str:
        return f"{self.wave} – {self.respondent_key}"


class Answer(Scoped, models.Model):
    """One item's score in one response; a skipped item has no row."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("score"))

    permission_scope = "study"
    collaborative_path = "response.wave.collaborative"

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"


class ObservationQuerySet(ArchivedQuerySet):
    def visible_to(self, user: Any) -> ObservationQuerySet:

        if user.is_superuser:
            return self
        return self.filter(
            models.Q(observer=user)
            | models.Q(wave__collaborative_id__in=collaborative_ids_where(user, STUDY_TEAM))
        )


class Observation(BaseModel):
    """One observer's visit to one classroom in one wave. What the observer sees of it is blind."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SUBMITTED = "submitted", _("Submitted")

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="observations")
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    observer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("time slot"))
    second_of = models.ForeignKey(
        "self",
        verbose_name=_("second coding of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_codings",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = ObservationQuerySet.as_manager()
    permission_scope = "observation"
    collaborative_path = "wave.collaborative"

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.classroom.code} {self.starts_at:%Y-%m-%d %H:%M}"

    def is_locked_for_observer(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def clean(self) -> None:
        if self.second_of_id and self.second_of.observer_id == self.observer_id:
            raise ValidationError({"observer": _("A second coding needs a different observer.")})


class ObservationScore(Scoped, models.Model):
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("score"))

    permission_scope = "observation"
    collaborative_path = "observation.wave.collaborative"

    class Meta:
        verbose_name = _("observation score")
        verbose_name_plural = _("observation scores")
        constraints = [models.UniqueConstraint(fields=["observation", "item"], name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"

    @property
    def observer_id(self) -> int:
        return self.observation.observer_id

    def is_locked_for_observer(self) -> bool:
        return self.observation.is_locked_for_observer()


class Interview(BaseModel):
    """Notes or a transcript of an interview or focus group."""

    class Informant(models.TextChoices):
        LEADER = "leader", _("Leader")
        DIRECTOR = "director", _("Director")
        TEACHER = "teacher", _("Teacher")
        PARENT = "parent", _("Parent")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    informant = models.CharField(_("informant"), max_length=16, choices=Informant.choices)
    label = models.CharField(_("label"), max_length=100, help_text=_("A neutral label, e.g. 'Director 3'."))
    held_on = models.DateField(_("date"))
    focus_group = models.BooleanField(_("focus group"), default=False)
    text = models.TextField(_("notes or transcript"))

    objects = StudyQuerySet.as_manager()
    permission_scope = "study"

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["collaborative", "-held_on"]

    def __str__(self) -> str:
        return self.label


class Code(BaseModel):
    """A code of the evaluator's code book, tied to a mechanism of the theory of change or a driver."""

    class Mechanism(models.TextChoices):
        SAFETY = "safety", _("Psychological safety")
        RELATIONAL = "relational", _("Relational dynamics within and among programs")
        INQUIRY = "inquiry", _("Inquiry mindset")
        OTHER = "other", _("Other")

    collaborative = models.ForeignKey(Collaborative, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("code"), max_length=100)
    definition = models.TextField(_("definition"), blank=True)
    mechanism = models.CharField(
        _("mechanism"), max_length=16, choices=Mechanism.choices, default=Mechanism.OTHER
    )
    driver = models.ForeignKey(
        "framework.PrimaryDriver", verbose_name=_("driver"), on_delete=models.PROTECT, null=True, blank=True
    )

    objects = StudyQuerySet.as_manager()
    permission_scope = "study"

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("code book")
        ordering = ["collaborative", "name"]
        constraints = [models.UniqueConstraint(fields=["collaborative", "name"], name="one_code_per_name")]

    def __str__(self) -> str:
        return self.name


class Excerpt(BaseModel):
    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="excerpts")
    text = models.TextField(_("excerpt"))
    # Where the passage sits in the interview's text (characters), when it was chosen by selecting it; an
    # excerpt pasted without a position is found at its first occurrence.
    start = models.PositiveIntegerField(_("start"), null=True, blank=True)
    codes = models.ManyToManyField(Code, verbose_name=_("codes"), related_name="excerpts")

    permission_scope = "study"
    collaborative_path = "interview.collaborative"

    class Meta:
        verbose_name = _("coded excerpt")
        verbose_name_plural = _("coded excerpts")
        ordering = ["interview", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def span(self) -> tuple[int, int] | None:
        """The excerpt's characters in its interview's text, or None if the text no longer holds it."""
        text = self.interview.text
        if self.start is not None and text[self.start : self.start + len(self.text)] == self.text:
            return self.start, self.start + len(self.text)
        at = text.find(self.text)
        return None if at < 0 else (at, at + len(self.text))
