"""Tracks, training days and reminders.

A track ("Basisopleiding Eigen Kracht-coördinator", "Coach") is a set of modules, a number of
classroom or online training days, and maybe a sign-off (a coach confirms the first traject).
Meeting all three earns the track's certificate (``training.models.certificates``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from people.models import Region
from training.models.languages import in_language

DEFAULT_VALIDITY_MONTHS = 24
EMPTY_SHOWS_DUTCH = _("Empty: the Dutch text is shown.")


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
    sign_off_note = models.TextField(_("note with the sign-off"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("track enrolment")
        verbose_name_plural = _("track enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "track"], name="training_trackenrolment_once")
        ]

    def __str__(self) -> str:
        return f"track enrolment {self.pk}"


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
    (``training.training_days``). The trainer records attendance afterwards.
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
