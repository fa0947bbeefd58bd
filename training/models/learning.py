"""A volunteer's progress through the e-learning: lessons opened and completed, quiz attempts and
reflection answers.

Everything is keyed by the lesson's ``translation_key`` (``lesson_key``), so progress carries
over between the Dutch, French and English versions of a lesson; ``lesson`` points at the page
the volunteer used, for links. Each row belongs to one volunteer and is shown to them alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REFLECTION_MAX_LENGTH = 5000


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
