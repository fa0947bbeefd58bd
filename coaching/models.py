"""Coaching: who coaches how many, sessions (intervision, supervision, a coaching conversation)
with their invitations, replies and attendance, notes, the coach's contact log, calendar feeds
and the weekly digest.

Who coaches whom is ``people.CoachAssignment`` (every app scopes access by it); this app adds
what a coach does. Intervision attendance reaches certificate renewal through
``training.certificates.services.renewal_activity_record``: training never reads this app.

Personal data: a session, a contact and a note are about volunteers, never about families.
Notes refer to a traject only by its reference; the forms say so. Private notes are read by
their author alone: no list, export, admin or search shows them.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Region
from people.roles import access_for

DEFAULT_CAPACITY = 8


class CoachingProfile(models.Model):
    """What coaching needs to know of a coach or supervisor: how many coordinators they take,
    whether they lead supervision, whether they want the weekly digest. A coach without a
    profile has the defaults (``coaching.selectors.profile_for``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="coaching_profile",
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=DEFAULT_CAPACITY,
        help_text=_("How many coordinators this coach supports at most."),
    )
    is_supervisor = models.BooleanField(
        _("supervisor"),
        default=False,
        help_text=_("A staff member marked as supervisor may lead supervision sessions."),
    )
    weekly_digest = models.BooleanField(
        _("weekly digest"),
        default=True,
        help_text=_("An e-mail on Monday morning with the week's flags and sessions."),
    )

    class Meta:
        verbose_name = _("coaching profile")
        verbose_name_plural = _("coaching profiles")

    def __str__(self) -> str:
        return f"coaching profile {self.pk}"


class IntervisionGroup(models.Model):
    """A group of coordinators who meet for intervision, saved to invite them again."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.CASCADE,
        related_name="intervision_groups_led",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="intervision_groups",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("intervision group")
        verbose_name_plural = _("intervision groups")
        constraints = [
            models.UniqueConstraint(fields=["coach", "name"], name="coaching_group_name_per_coach")
        ]

    def __str__(self) -> str:
        return self.name


class SessionKind(models.TextChoices):
    INTERVISION = "intervision", _("Intervision")
    SUPERVISION = "supervision", _("Supervision")
    COACHING = "coaching", _("Coaching conversation")


class SessionQuerySet(models.QuerySet):
    def upcoming(self, now: datetime.datetime | None = None) -> SessionQuerySet:
        return self.filter(ends_at__gt=now or timezone.now(), cancelled_at__isnull=True)

    def held(self, now: datetime.datetime | None = None) -> SessionQuerySet:
        return self.filter(ends_at__lte=now or timezone.now(), cancelled_at__isnull=True)

    def in_year(self, year: int) -> SessionQuerySet:
        return self.filter(starts_at__year=year)

    def for_facilitator(self, user) -> SessionQuerySet:
        """The sessions whose facilitator pages (/coach/sessies/...) ``user`` may open: their
        own, every session for administrators. Every session page scopes through this."""
        if access_for(user).is_administrator:
            return self.all()
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(facilitator=user)

    def visible_to(self, user) -> SessionQuerySet:
        """The sessions ``user`` may read at all: the ones they lead or are invited to, every
        session for administrators. (What of a session they see is up to the page.)"""
        if access_for(user).is_administrator:
            return self.all()
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(facilitator=user) | Q(invitations__coordinator=user)).distinct()


class Session(models.Model):
    """One meeting: intervision (a group, led by a coach), supervision (one or more
    coordinators, led by a coach or a supervisor) or a coaching conversation.

    ``summary`` is shared with the invitees who attended; private notes are ``PrivateNote``.
    Times are stored in UTC and shown in Brussels time."""

    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.PROTECT,
        related_name="facilitated_sessions",
    )
    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("intervision group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_(
            "How many people the room holds, the facilitator not counted. Empty: no limit."
        ),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_(
            "Shared with the coordinators who attended. Refer to a traject by its reference only: "
            "no names or details of families."
        ),
    )
    attendance_recorded_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="coaching_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["facilitator", "starts_at"], name="coaching_sess_fac_idx")]

    def __str__(self) -> str:
        return f"session {self.pk}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    @property
    def day(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()


class Reply(models.TextChoices):
    PENDING = "pending", _("No reply yet")
    COMING = "coming", _("Coming")
    NOT_COMING = "not_coming", _("Not coming")


class Invitation(models.Model):
    """A coordinator invited to a session: their reply, and (after the session) whether they
    attended. ``reminded_at`` is claimed by one conditional update, so the reminder the day
    before goes once even when beat runs twice."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="invitations"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="session_invitations",
    )
    reply = models.CharField(
        _("reply"), max_length=20, choices=Reply.choices, default=Reply.PENDING
    )
    reply_note = models.CharField(_("note with the reply"), max_length=300, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "coordinator"], name="coaching_invited_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class PrivateNote(models.Model):
    """A note on a session that only its author reads (not staff, not administrators): one per
    author and session. Never in a list, an export, the admin or search."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("private note"))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        constraints = [
            models.UniqueConstraint(fields=["author", "session"], name="coaching_private_note_once")
        ]

    def __str__(self) -> str:
        return f"private note {self.pk}"


class ContactKind(models.TextChoices):
    CALL = "call", _("Call")
    VISIT = "visit", _("Visit")
    MESSAGE = "message", _("Message")


class Contact(models.Model):
    """A contact a coach had with one of their coordinators."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.CASCADE,
        related_name="contacts_logged",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="coach_contacts",
    )
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("Refer to a traject by its reference only: no names or details of families."),
    )
    created_at = models.DateTimeField(_("logged"), default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["coordinator", "-occurred_on"], name="coaching_contact_last_idx")
        ]

    def __str__(self) -> str:
        return f"contact {self.pk}"


def feed_token_new() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedQuerySet(models.QuerySet):
    def active(self) -> CalendarFeedQuerySet:
        return self.filter(revoked_at__isnull=True)


class CalendarFeed(models.Model):
    """A private address of one user's calendar (their sessions and training days) that a
    calendar program subscribes to. The token is the credential: revoked, it answers 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=feed_token_new)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="coaching_one_active_feed_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"


class WeeklyDigest(models.Model):
    """The Monday e-mail of one coach for one week: the row is claimed before sending, so a
    restart or a second beat sends nothing twice."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    week_of = models.DateField(_("week of"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [
            models.UniqueConstraint(fields=["coach", "week_of"], name="coaching_digest_once_a_week")
        ]

    def __str__(self) -> str:
        return f"weekly digest {self.pk}"
