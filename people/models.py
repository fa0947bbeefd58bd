"""People, their roles and regions, and who coaches whom.

Who coaches whom lives here, not in ``coaching``, because every app scopes access by it.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.roles import Role, access_for


class Language(models.TextChoices):
    """Languages a volunteer or a family may speak; the interface itself is nl, fr, en."""

    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    ARABIC = "ar", _("Arabic")
    TURKISH = "tr", _("Turkish")
    BERBER = "ber", _("Berber (Tamazight)")
    POLISH = "pl", _("Polish")
    ROMANIAN = "ro", _("Romanian")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    SOMALI = "so", _("Somali")
    TIGRINYA = "ti", _("Tigrinya")
    DARI = "prs", _("Dari")
    PASHTO = "ps", _("Pashto")
    SIGN = "vgt", _("Flemish Sign Language")


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegionQuerySet:
        """The regions ``user`` works in, by name; every region for administrators."""
        access = access_for(user)
        regions = self.order_by("name")
        return regions if access.is_administrator else regions.filter(pk__in=access.region_ids)


class Region(models.Model):
    """A region of EKC, served by a regional staff member."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact = models.ForeignKey(
        "people.User",
        verbose_name=_("staff contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The regional staff member who receives this region's registrations."),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class PostcodeQuerySet(models.QuerySet):
    def in_service_area(self) -> PostcodeQuerySet:
        return self.filter(outside_service_area=False)


class Postcode(models.Model):
    """A Belgian postal code and the region whose staff handle it."""

    code = models.CharField(_("postcode"), max_length=4, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="postcodes"
    )
    outside_service_area = models.BooleanField(
        _("outside Flanders and Brussels"),
        default=False,
        help_text=_("Wallonia: handled by the nearest region, which refers on where needed."),
    )

    objects = PostcodeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[1-9][0-9]{3}$"), name="postcode_four_digits"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Place(models.Model):
    """A place name for a postcode (Dutch and French spellings are separate rows)."""

    postcode = models.ForeignKey(
        Postcode, verbose_name=_("postcode"), on_delete=models.CASCADE, related_name="places"
    )
    name = models.CharField(_("name"), max_length=100)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["postcode__code", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["postcode", "name"], name="place_unique_per_postcode")
        ]

    def __str__(self) -> str:
        return f"{self.postcode_id and self.postcode.code} {self.name}"


class UserQuerySet(models.QuerySet):
    def with_role(self, role: Role | str) -> UserQuerySet:
        return self.filter(groups__name=role, is_active=True)

    def coordinators(self) -> UserQuerySet:
        return self.with_role(Role.COORDINATOR)

    def coaches(self) -> UserQuerySet:
        return self.with_role(Role.COACH)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in to Kring: volunteer, coach, staff member, editor or administrator.

    E-mail is the log-in; there is no username.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    postcode = models.ForeignKey(
        Postcode,
        verbose_name=_("postcode"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    languages = models.JSONField(
        _("languages spoken"),
        default=list,
        blank=True,
        help_text=_("Language codes, e.g. nl, fr, ar."),
    )
    available_from = models.DateField(
        _("available for a traject from"),
        null=True,
        blank=True,
        help_text=_("Coordinators on a break: matching passes them by until this day."),
    )
    preferred_language = models.CharField(
        _("interface language"),
        max_length=2,
        default="nl",
        choices=[("nl", "Nederlands"), ("fr", "Français"), ("en", "English")],
    )
    regions = models.ManyToManyField(
        Region,
        verbose_name=_("regions"),
        blank=True,
        related_name="members",
        help_text=_("Staff: the regions they are responsible for. Volunteers: where they work."),
    )
    is_staff = models.BooleanField(
        _("Django admin access"),
        default=False,
        help_text=_("Administrators only: may open /django-admin/."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when the person's data was erased (people.privacy): the row stays, so figures count.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class CoachAssignmentQuerySet(models.QuerySet):
    def active(self) -> CoachAssignmentQuerySet:
        return self.filter(ends_on__isnull=True)

    def on(self, day: date) -> CoachAssignmentQuerySet:
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))


class CoachAssignment(models.Model):
    """A coach supports a coordinator from one date to another; an open end means active.

    A coordinator has at most one active coach: the database holds it. Ending an assignment
    keeps it as history.
    """

    coordinator = models.ForeignKey(
        User,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="coach_assignments",
    )
    coach = models.ForeignKey(
        User,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="coached_assignments",
    )
    starts_on = models.DateField(_("from"), default=timezone.localdate)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    handover_note = models.TextField(
        _("hand-over note"),
        blank=True,
        help_text=_(
            "For the new coach, on a reassignment: what to know about this coordinator. "
            "No names or details of families."
        ),
    )
    assigned_by = models.ForeignKey(
        User,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    over_capacity = models.BooleanField(
        _("above capacity"),
        default=False,
        help_text=_("Assigned although the coach was at capacity: confirmed by who assigned."),
    )

    objects = CoachAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("coach assignment")
        verbose_name_plural = _("coach assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["coordinator"],
                condition=Q(ends_on__isnull=True),
                name="one_active_coach_per_coordinator",
                violation_error_message=_("This coordinator already has an active coach."),
            ),
            models.CheckConstraint(
                condition=~Q(coordinator=models.F("coach")),
                name="coach_is_not_own_coordinator",
                violation_error_message=_("A coordinator cannot coach themselves."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="coach_assignment_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coach} → {self.coordinator}"

    @property
    def is_active(self) -> bool:
        return self.ends_on is None


class OutboxMessage(models.Model):
    """Work to do once a transaction has committed (see ``people.outbox``).

    Holds a topic and an object id only: never personal data.
    """

    topic = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # A delivery holds the message until this moment (a lease longer than the task's hard time
    # limit): a second worker leaves it alone, and a worker killed mid-send loses the claim.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # After a failed attempt the next one waits until this moment (1, 2, 4 … 60 minutes).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # Set after KRING_OUTBOX_MAX_ATTEMPTS failures: the message waits for an administrator.
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "object_id"], name="outbox_one_message_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbox_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} #{self.object_id}"


class OutboxAttempt(models.Model):
    """One try at delivering an outbox message, with its error (e-mail addresses blanked)."""

    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attempt_set")
    started_at = models.DateTimeField(_("started at"))
    succeeded = models.BooleanField(_("succeeded"), default=False)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"{self.message} @ {self.started_at:%Y-%m-%d %H:%M:%S}"


# The areas' models, so that Django finds them (they import nothing from this module).
from people.audit.models import AccessAction, AccessEvent  # noqa: E402, F401
from people.privacy.models import ErasureRequest, RetentionRun  # noqa: E402, F401
