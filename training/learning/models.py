"""The learning path and a volunteer's progress through it.

A track ("Basisopleiding Eigen Kracht-coördinator", "Coach") is a set of modules, a number of
classroom or online training days, and maybe a sign-off (a coach confirms the first traject).
Meeting all three earns the track's certificate (``training.certificates``).

Progress (lessons opened and completed, quiz attempts and reflection answers) is keyed by the
lesson's ``translation_key`` (``lesson_key``), so it carries over between the Dutch, French and
English versions of a lesson; ``lesson`` points at the page the volunteer used, for links. Each
row belongs to one volunteer and is shown to them alone. The pages live in ``pages.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from training.languages import EMPTY_SHOWS_DUTCH, in_language

REFLECTION_MAX_LENGTH = 5000
SIGN_OFF_NOTE_MAX_LENGTH = 2000
DEFAULT_VALIDITY_MONTHS = 24


class Track(ClusterableModel):
    """A way to a certificate. Defined by staff in the admin (a Wagtail snippet)."""

    name = models.CharField(_("name"), max_length=150)
    name_fr = models.CharField(
        _("name in French"), max_length=150, blank=True, help_text=EMPTY_SHOWS_DUTCH
    )
    name_en = models.CharField(
        _("name in English"), max_length=150, blank=True, help_text=EMPTY_SHOWS_DUTCH
    )
    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("Short and fixed, e.g. basis.")
    )
    description = models.TextField(_("description"), blank=True)
    required_training_days = models.PositiveSmallIntegerField(
        _("training days to attend"),
        default=0,
        help_text=_("How many of the track's training days the volunteer must have attended."),
    )
    sign_off_required = models.BooleanField(
        _("sign-off required"),
        default=False,
        help_text=_("A coach or staff member confirms something, e.g. the first traject."),
    )
    sign_off_description = models.CharField(
        _("what the sign-off confirms"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the coach confirms that the first traject went well."),
    )
    sign_off_description_fr = models.CharField(
        _("what the sign-off confirms, in French"),
        max_length=200,
        blank=True,
        help_text=EMPTY_SHOWS_DUTCH,
    )
    sign_off_description_en = models.CharField(
        _("what the sign-off confirms, in English"),
        max_length=200,
        blank=True,
        help_text=EMPTY_SHOWS_DUTCH,
    )
    certificate_title = models.CharField(
        _("certificate title"),
        max_length=200,
        help_text=_("As printed on the certificate, e.g. Certified Eigen Kracht coordinator."),
    )
    certificate_title_fr = models.CharField(
        _("certificate title in French"), max_length=200, blank=True, help_text=EMPTY_SHOWS_DUTCH
    )
    certificate_title_en = models.CharField(
        _("certificate title in English"), max_length=200, blank=True, help_text=EMPTY_SHOWS_DUTCH
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), default=DEFAULT_VALIDITY_MONTHS
    )
    refresher_module = models.ForeignKey(
        "training.ModulePage",
        verbose_name=_("refresher module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("To keep the certificate: finish this module again in each period."),
    )
    intervision_per_year = models.PositiveSmallIntegerField(
        _("intervision sessions a year"),
        default=0,
        help_text=_("To keep the certificate: at least this many intervision sessions a year."),
    )
    supervision_per_year = models.PositiveSmallIntegerField(
        _("supervision sessions a year"),
        default=0,
        help_text=_("At least this many supervision sessions a year (0: none asked)."),
    )
    qualifies_for_matching = models.BooleanField(
        _("certificate qualifies for matching"),
        default=False,
        help_text=_(
            "A valid certificate of this track makes a coordinator available to be matched to "
            "a family (the basic training, not e.g. the coach track)."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("name_fr"), FieldPanel("name_en")],
            heading=_("Name"),
        ),
        FieldPanel("code"),
        FieldPanel("description"),
        InlinePanel("track_modules", heading=_("Modules"), label=_("module"), min_num=1),
        FieldPanel("required_training_days"),
        MultiFieldPanel(
            [
                FieldPanel("sign_off_required"),
                FieldPanel("sign_off_description"),
                FieldPanel("sign_off_description_fr"),
                FieldPanel("sign_off_description_en"),
            ],
            heading=_("Sign-off"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("certificate_title"),
                FieldPanel("certificate_title_fr"),
                FieldPanel("certificate_title_en"),
                FieldPanel("validity_months"),
                FieldPanel("refresher_module"),
                FieldPanel("intervision_per_year"),
                FieldPanel("supervision_per_year"),
                FieldPanel("qualifies_for_matching"),
            ],
            heading=_("Certificate and renewal"),
        ),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the active language (Dutch when that one is empty)."""
        return in_language(self, "name")

    @property
    def local_sign_off_description(self) -> str:
        return in_language(self, "sign_off_description")

    @property
    def local_certificate_title(self) -> str:
        return in_language(self, "certificate_title")

    def certificate_title_in(self, language: str) -> str:
        """The certificate's title in a language: the title, else the track's name."""
        return in_language(self, "certificate_title", language) or in_language(
            self, "name", language
        )


class TrackModule(Orderable):
    """A module that belongs to a track, in the order the volunteer follows them."""

    track = ParentalKey(Track, on_delete=models.CASCADE, related_name="track_modules")
    module = models.ForeignKey(
        "training.ModulePage",
        verbose_name=_("module"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("module")]

    class Meta(Orderable.Meta):
        verbose_name = _("module of a track")
        verbose_name_plural = _("modules of a track")
        constraints = [
            models.UniqueConstraint(fields=["track", "module"], name="training_trackmodule_once")
        ]

    def __str__(self) -> str:
        return f"track module {self.pk}"


class TrackEnrolment(models.Model):
    """A volunteer follows a track; the sign-off, when the track needs one, is recorded here."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="track_enrolments",
    )
    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.PROTECT, related_name="enrolments"
    )
    started_on = models.DateField(_("started"), default=timezone.localdate)
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sign_off_note = models.TextField(
        _("note with the sign-off"), max_length=SIGN_OFF_NOTE_MAX_LENGTH, blank=True
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("track enrolment")
        verbose_name_plural = _("track enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "track"], name="training_trackenrolment_once")
        ]

    def __str__(self) -> str:
        return f"track enrolment {self.pk}"


class LessonProgress(models.Model):
    """A volunteer opened a lesson (for "continue where you left off") and maybe completed it.

    One row per volunteer and lesson: completing a lesson twice counts once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson_key = models.UUIDField(_("lesson (translation key)"), db_index=True)
    lesson = models.ForeignKey(
        "training.LessonPage",
        verbose_name=_("lesson"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_opened_at = models.DateTimeField(_("first opened"), default=timezone.now)
    last_opened_at = models.DateTimeField(_("last opened"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["-last_opened_at"]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key"], name="training_lessonprogress_once"
            ),
        ]

    def __str__(self) -> str:
        return f"lesson progress {self.pk}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class QuizAttempt(models.Model):
    """One try at a quiz: the answers chosen per question, the score and whether it passed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    lesson_key = models.UUIDField(_("lesson (translation key)"), db_index=True)
    lesson = models.ForeignKey(
        "training.LessonPage",
        verbose_name=_("lesson"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    block_id = models.CharField(_("quiz"), max_length=64)
    # {question id: [answer id, ...]}: ids of the quiz's ListBlock items, never their text.
    answers = models.JSONField(_("answers"), default=dict)
    correct_count = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    question_count = models.PositiveSmallIntegerField(_("questions"), default=0)
    score = models.PositiveSmallIntegerField(_("score (%)"), default=0)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=0)
    passed = models.BooleanField(_("passed"), default=False)
    created_at = models.DateTimeField(_("taken"), default=timezone.now, db_index=True)

    # Not stored: set for display by ``selectors.attempts_name`` (the lesson and the quiz's
    # title in the active language).
    local_lesson: Page | None
    quiz_title: str

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [
            models.Index(fields=["user", "lesson_key", "block_id"], name="training_quiz_user_idx")
        ]

    def __str__(self) -> str:
        return f"quiz attempt {self.pk}"


class ReflectionAnswer(models.Model):
    """A volunteer's own answer to a reflection question. Private: nobody else reads it, not
    their coach, not staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="reflection_answers",
    )
    lesson_key = models.UUIDField(_("lesson (translation key)"))
    block_id = models.CharField(_("question"), max_length=64)
    text = models.TextField(_("answer"), max_length=REFLECTION_MAX_LENGTH)
    updated_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("reflection answer")
        verbose_name_plural = _("reflection answers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key", "block_id"], name="training_reflection_once"
            ),
        ]

    def __str__(self) -> str:
        return f"reflection answer {self.pk}"
