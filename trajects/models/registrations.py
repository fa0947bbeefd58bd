"""Registrations: a request to start a traject, made on the website by a citizen or a
professional, always with the core person's agreement.

A registration holds a family's personal data: it is read only through
``Registration.objects.visible_to(user)`` (regional staff of its region, administrators), never
in the Wagtail admin, never in logs, e-mails or task arguments.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.access import access_for
from people.models import Language, Postcode, Region
from people.roles import Role

# The organisation's promise: a traject starts within three weeks of the registration.
START_PROMISE_DAYS = 21
REFERENCE_PREFIX = "EKC"


class RegistrationStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_INTAKE = "in_intake", _("In intake")
    ACCEPTED = "accepted", _("Accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DUPLICATE = "duplicate", _("Duplicate")


class Channel(models.TextChoices):
    """How a registration reached EKC: the public form, or a phone call staff typed in."""

    FORM = "form", _("Registration form")
    PHONE = "phone", _("Received by phone")


class RegistrantType(models.TextChoices):
    CORE_PERSON = "core_person", _("The core person themselves")
    FAMILY_OR_FRIEND = "family_or_friend", _("A family member or friend")
    PROFESSIONAL = "professional", _("A professional")


class OrganisationType(models.TextChoices):
    ONE_FAMILY_ONE_PLAN = "1g1p", _("1G1P (one family, one plan)")
    CAW = "caw", _("CAW (centre for general welfare work)")
    CLB = "clb", _("CLB (pupil guidance centre)")
    OCMW = "ocmw", _("OCMW (public social welfare centre)")
    YOUTH_CARE = "youth_care", _("Youth care")
    FOSTER_CARE = "foster_care", _("Foster care")
    OCJ = "ocj", _("OCJ (youth counselling service)")
    OTHER = "other", _("Other")


class ChildrenInvolved(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("I don't know")


class WishedStart(models.TextChoices):
    AS_SOON_AS_POSSIBLE = "asap", _("As soon as possible")
    WITHIN_A_MONTH = "within_month", _("Within a month")
    LATER = "later", _("Later")


class HeardOfUs(models.TextChoices):
    PROFESSIONAL = "professional", _("Through a social worker or an organisation")
    FAMILY_OR_FRIENDS = "family_or_friends", _("Through family, friends or acquaintances")
    EARLIER_CONFERENCE = "earlier_conference", _("I took part in a conference before")
    WEBSITE = "website", _("On the internet")
    SOCIAL_MEDIA = "social_media", _("Through social media")
    PRESS = "press", _("In the newspaper, on the radio or on television")
    EVENT = "event", _("At an event or a talk")
    OTHER = "other", _("Other")


class ReferenceSequence(models.Model):
    """The last reference number given out in a year; its row is locked while a number is taken,
    so two registrations at the same moment never get the same reference."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def format_reference(year: int, number: int) -> str:
    """``EKC-2026-0042``: what a family, a professional and the staff quote on the phone."""
    return f"{REFERENCE_PREFIX}-{year}-{number:04d}"


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegistrationQuerySet:
        """Regional staff: their regions' registrations; administrators: all; anyone else: none."""
        access = access_for(user)
        if access.is_administrator:
            return self.all()
        if access.has(Role.REGIONAL_STAFF):
            return self.filter(region_id__in=access.region_ids)
        return self.none()


class Registration(models.Model):
    """A request to start a traject (aanmelding), as the registrant typed it."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.NEW,
    )
    created_at = models.DateTimeField(_("registered on"), default=timezone.now, db_index=True)
    # Set when the registration was erased (people.privacy): the row stays, so figures count.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    language = models.CharField(
        _("language of the form"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_("The language the registrant used; their confirmation is in it."),
    )
    submission_token = models.UUIDField(_("submission token"), unique=True, editable=False)
    channel = models.CharField(
        _("received through"), max_length=10, choices=Channel.choices, default=Channel.FORM
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("call taken by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The staff member who took the phone call."),
    )

    # Who registers.
    registrant_type = models.CharField(
        _("who is registering"), max_length=20, choices=RegistrantType.choices
    )
    organisation_type = models.CharField(
        _("type of organisation"), max_length=20, choices=OrganisationType.choices, blank=True
    )
    organisation_name = models.CharField(_("name of the organisation"), max_length=200, blank=True)
    registrant_name = models.CharField(_("your name"), max_length=150)
    registrant_email = models.EmailField(_("your e-mail address"), max_length=254, blank=True)
    registrant_phone = models.CharField(_("your phone number"), max_length=30, blank=True)

    # The core person (kernpersoon).
    core_name = models.CharField(_("name of the core person"), max_length=150)
    postcode = models.ForeignKey(
        Postcode, verbose_name=_("postcode"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.CharField(_("municipality"), max_length=100)
    core_phone = models.CharField(_("phone number of the core person"), max_length=30, blank=True)
    core_email = models.EmailField(
        _("e-mail address of the core person"), max_length=254, blank=True
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    conference_language = models.CharField(
        _("preferred language for the conference"),
        max_length=3,
        choices=Language.choices,
        default=Language.DUTCH,
    )
    children_involved = models.CharField(
        _("are children involved?"), max_length=10, choices=ChildrenInvolved.choices
    )

    # The question.
    question = models.TextField(_("the question or wish"), max_length=4000)
    wished_start = models.CharField(
        _("when would you like to start?"),
        max_length=20,
        choices=WishedStart.choices,
        default=WishedStart.AS_SOON_AS_POSSIBLE,
    )
    wished_start_date = models.DateField(_("from about this date"), null=True, blank=True)
    heard_of_us = models.CharField(
        _("how did you hear about us?"), max_length=30, choices=HeardOfUs.choices, blank=True
    )
    heard_of_us_other = models.CharField(_("other, namely"), max_length=200, blank=True)

    # Agreement and privacy: a registration is only stored with both.
    core_person_agrees = models.BooleanField(_("the core person knows and agrees"), default=False)
    privacy_acknowledged = models.BooleanField(_("privacy notice read"), default=False)

    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="registrations",
        # ``registration_region_date`` (region, newest first) serves every lookup by region;
        # a second index on the region alone leads SQLite to sort the whole inbox.
        db_index=False,
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.CheckConstraint(
                condition=Q(core_person_agrees=True),
                name="registration_core_person_agrees",
                violation_error_message=_("The core person must know and agree."),
            ),
            models.CheckConstraint(
                condition=Q(privacy_acknowledged=True),
                name="registration_privacy_acknowledged",
                violation_error_message=_("The privacy notice must be acknowledged."),
            ),
            models.CheckConstraint(
                condition=Q(registrant_type=RegistrantType.PROFESSIONAL)
                | Q(organisation_type="", organisation_name=""),
                name="registration_organisation_only_for_professionals",
            ),
            models.CheckConstraint(
                condition=~Q(registrant_type=RegistrantType.PROFESSIONAL)
                | (~Q(organisation_type="") & ~Q(organisation_name="") & ~Q(registrant_email="")),
                name="registration_professional_names_organisation_and_email",
            ),
            models.CheckConstraint(
                condition=~Q(registrant_email="") | ~Q(registrant_phone=""),
                name="registration_registrant_reachable",
            ),
            models.CheckConstraint(
                condition=~Q(core_email="") | ~Q(core_phone=""),
                name="registration_core_person_reachable",
            ),
            models.CheckConstraint(
                condition=Q(channel=Channel.PHONE) | Q(taken_by__isnull=True),
                name="registration_call_taker_only_for_phone",
            ),
            models.CheckConstraint(
                condition=Q(status="duplicate", duplicate_of__isnull=False)
                | (~Q(status="duplicate") & Q(duplicate_of__isnull=True)),
                name="registration_duplicate_names_the_other",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "-created_at"], name="registration_region_date"),
            # The dashboard's registrations waiting (new or in intake): counted and listed.
            models.Index(fields=["status", "region", "created_at"], name="registration_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def in_intake_queue(self) -> bool:
        """New or in intake: staff still decide what becomes of it."""
        return self.status in (RegistrationStatus.NEW, RegistrationStatus.IN_INTAKE)

    @property
    def days_since_registration(self) -> int:
        return (timezone.localdate() - timezone.localdate(self.created_at)).days

    @property
    def start_due_on(self) -> date:
        """The last day of the three-week promise."""
        return timezone.localdate(self.created_at) + timedelta(days=START_PROMISE_DAYS)

    @property
    def past_start_promise(self) -> bool:
        return self.days_since_registration > START_PROMISE_DAYS

    def language_names(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]
