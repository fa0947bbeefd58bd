"""Training days, the places on them (with a waiting list), and the reminders.

A ``Reminder`` is due at a moment: two days before a training day (for a place on it), or 60
and 14 days before a certificate expires. It lives here, beside the places, because the
training days' services plan and cancel the reminders of places; the certificates area (to the
right) plans those of certificates and sends them all (``training.certificates.reminders``).
The certificate is named by its string, like every relation to a model on the right.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Region
from training.languages import EMPTY_SHOWS_DUTCH, in_language
from training.learning.models import Track


class TrainingDayKind(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    ONLINE = "online", _("Online")


class TrainingDayQuerySet(models.QuerySet):
    def upcoming(self) -> TrainingDayQuerySet:
        return self.filter(starts_at__gte=timezone.now(), cancelled_at__isnull=True)


class TrainingDay(models.Model):
    """A classroom or online training day, with a trainer, a capacity and a waiting list."""

    track = models.ForeignKey(
        Track,
        verbose_name=_("track"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_days",
    )
    title = models.CharField(_("title"), max_length=200)
    title_fr = models.CharField(
        _("title in French"), max_length=200, blank=True, help_text=EMPTY_SHOWS_DUTCH
    )
    title_en = models.CharField(
        _("title in English"), max_length=200, blank=True, help_text=EMPTY_SHOWS_DUTCH
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=TrainingDayKind.choices, default=TrainingDayKind.CLASSROOM
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The region that organises the day; staff of that region manage it."),
    )
    location = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("The address, for a classroom day.")
    )
    online_url = models.URLField(_("link"), blank=True, help_text=_("For an online day."))
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_days_given",
    )
    capacity = models.PositiveSmallIntegerField(_("places"), default=12)
    description = models.TextField(_("description"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = TrainingDayQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training day")
        verbose_name_plural = _("training days")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="training_day_ends_after"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_day_capacity"),
        ]

    def __str__(self) -> str:
        return self.local_title

    @property
    def local_title(self) -> str:
        """The title in the active language (Dutch when that one is empty)."""
        return in_language(self, "title")

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The day must end after it starts.")})
        if self.kind == TrainingDayKind.ONLINE and not self.online_url:
            raise ValidationError({"online_url": _("An online day needs a link.")})
        if self.kind == TrainingDayKind.CLASSROOM and not self.location.strip():
            raise ValidationError({"location": _("A classroom day needs a place.")})


class SeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Enrolled")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class TrainingDayEnrolment(models.Model):
    """A volunteer's place on a training day, or on its waiting list (first come, first served).

    When someone with a place cancels, the first on the waiting list moves up
    (``training.days.services``). The trainer records attendance afterwards.
    """

    day = models.ForeignKey(
        TrainingDay, verbose_name=_("training day"), on_delete=models.CASCADE, related_name="seats"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="training_day_seats",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SeatStatus.choices, default=SeatStatus.CONFIRMED
    )
    created_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    # The moment the volunteer joined the waiting list: the order in which places are offered.
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("place on a training day")
        verbose_name_plural = _("places on training days")
        constraints = [
            models.UniqueConstraint(fields=["day", "user"], name="training_seat_once"),
        ]

    def __str__(self) -> str:
        return f"seat {self.pk}"


class ReminderKind(models.TextChoices):
    TRAINING_DAY = "training_day", _("Training day in two days")
    CERTIFICATE_60 = "certificate_60", _("Certificate expires in 60 days")
    CERTIFICATE_14 = "certificate_14", _("Certificate expires in 14 days")


class Reminder(models.Model):
    """A reminder due at a moment, kept in the database so that none is missed or sent twice.

    Services write the rows when the reason arises (an enrolment, a certificate); the beat task
    ``training.send_due_reminders`` sends what is due and not sent, marking each row in the same
    transaction as the outbox message. A cancelled reason sets ``cancelled_at``.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="training_reminders",
    )
    seat = models.ForeignKey(
        TrainingDayEnrolment,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    certificate = models.ForeignKey(
        "training.Certificate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    due_at = models.DateTimeField(_("due"), db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "seat"],
                condition=Q(seat__isnull=False),
                name="training_reminder_seat_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "certificate"],
                condition=Q(certificate__isnull=False),
                name="training_reminder_certificate_once",
            ),
        ]

    def __str__(self) -> str:
        return f"reminder {self.pk} ({self.kind})"
