"""Volunteer recruitment: the applications of people who want to become a coordinator, and
the steps each one takes through the pipeline.

The recruitment page that carries the application form lives in ``pages.py``
(``training.models`` imports it so that Django finds its models).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.access import access_for
from people.models import Language, Postcode, Region
from people.roles import Role

NAME_MAX_LENGTH = 100
MOTIVATION_MAX_LENGTH = 3000
REMARKS_MAX_LENGTH = 500
OTHER_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000


class ApplicationStatus(models.TextChoices):
    """Where an applicant is on the way to becoming a certified coordinator."""

    NEW = "new", _("New")
    INTAKE = "intake", _("Intake conversation")
    INVITED = "invited", _("Invited to the basic training")
    IN_TRAINING = "in_training", _("In training")
    CERTIFIED = "certified", _("Certified")
    STOPPED = "stopped", _("Stopped")


# The order of the pipeline; "stopped" can follow any step before "certified". Typed as plain
# strings: a status read from a form or a row is a ``str``, and ``index`` takes one.
PIPELINE_ORDER: list[str] = [
    ApplicationStatus.NEW,
    ApplicationStatus.INTAKE,
    ApplicationStatus.INVITED,
    ApplicationStatus.IN_TRAINING,
    ApplicationStatus.CERTIFIED,
]


class StopReason(models.TextChoices):
    """Why an application stopped; the note next to it says more."""

    WITHDRAWN = "withdrawn", _("The applicant withdrew")
    NOT_SUITABLE = "not_suitable", _("Not a fit for the role")
    NO_TIME = "no_time", _("Not enough time or availability")
    NO_CONTACT = "no_contact", _("No contact possible")
    TRAINING_NOT_FINISHED = "training_not_finished", _("Did not finish the training")
    OTHER = "other", _("Other reason")


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", _("Weekdays, during the day")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekends")


class HeardOfUs(models.TextChoices):
    WEBSITE = "website", _("The website of Eigen Kracht Centrale")
    SOCIAL_MEDIA = "social_media", _("Social media")
    VOLUNTEER = "volunteer", _("A coordinator or coach of Eigen Kracht")
    ACQUAINTANCE = "acquaintance", _("Family, friends or colleagues")
    ORGANISATION = "organisation", _("An organisation or a social worker")
    VOLUNTEER_SITE = "volunteer_site", _("A website for volunteer work")
    PRESS = "press", _("Newspaper, radio or television")
    EVENT = "event", _("An information session or an event")
    OTHER = "other", _("Other")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """Administrators see every application, regional staff those of their own regions,
        everyone else none."""
        access = access_for(user)
        if access.is_administrator:
            return self.all()
        if access.has(Role.REGIONAL_STAFF):
            return self.filter(region_id__in=access.region_ids)
        return self.none()


class Application(models.Model):
    """Someone who applied through the recruitment page to become a volunteer coordinator.

    The region comes from the postcode when the application is submitted. Personal data: never
    in logs, task arguments or e-mails (these carry the id or a link), nor in either admin.
    """

    first_name = models.CharField(_("first name"), max_length=NAME_MAX_LENGTH)
    last_name = models.CharField(_("last name"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(
        _("phone"), max_length=30, help_text=_("In E.164 form, e.g. +32470123456.")
    )
    postcode = models.ForeignKey(
        Postcode, verbose_name=_("postcode"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    languages = models.JSONField(_("languages spoken"), default=list)
    motivation = models.TextField(_("motivation"), max_length=MOTIVATION_MAX_LENGTH)
    availability = models.JSONField(_("availability"), default=list)
    availability_remarks = models.CharField(
        _("remarks on availability"), max_length=REMARKS_MAX_LENGTH, blank=True
    )
    heard_of_us = models.CharField(
        _("how they heard of us"), max_length=30, choices=HeardOfUs.choices
    )
    heard_of_us_other = models.CharField(
        _("how they heard of us (other)"), max_length=OTHER_MAX_LENGTH, blank=True
    )
    consent = models.BooleanField(
        _("consent"),
        default=False,
        help_text=_(
            "Agreed that Eigen Kracht Centrale stores and uses these data for the recruitment."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.NEW,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    stop_reason = models.CharField(
        _("reason for stopping"), max_length=30, choices=StopReason.choices, blank=True
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
        help_text=_("The account made from this application, once the applicant is invited."),
    )
    submission_token = models.UUIDField(
        _("submission token"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("One per form shown: a second post of the same form stores nothing new."),
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_("The language of the page the application was sent from; e-mails use it."),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    # Set when the applicant's data was erased (people.privacy): the row stays, so figures count.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("volunteer application")
        verbose_name_plural = _("volunteer applications")
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="training_application_consent"),
        ]
        indexes = [models.Index(fields=["region", "-created_at"], name="training_app_region_date")]

    def __str__(self) -> str:
        # Not the name: a string of an application may end up in a log line.
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("training:application_detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """The number the applicant and staff can quote; says nothing about the person."""
        return f"V-{self.pk:05d}" if self.pk else "V-?"

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]

    def availability_labels(self) -> list[str]:
        labels = dict(Availability.choices)
        return [str(labels.get(code, code)) for code in self.availability]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not isinstance(self.languages, list) or not self.languages:
            errors["languages"] = _("Choose at least one language.")
        elif set(self.languages) - set(Language.values):
            errors["languages"] = _("Choose languages from the list.")
        if not isinstance(self.availability, list) or not self.availability:
            errors["availability"] = _("Choose when you are available.")
        elif set(self.availability) - set(Availability.values):
            errors["availability"] = _("Choose moments from the list.")
        if self.heard_of_us == HeardOfUs.OTHER and not self.heard_of_us_other.strip():
            errors["heard_of_us_other"] = _("Tell us how you heard of us.")
        if not self.consent:
            errors["consent"] = _("We can only handle your application with your consent.")
        if self.postcode_id and self.region_id and self.postcode.region_id != self.region_id:
            errors["region"] = _("The region must be the region of the postcode.")
        if errors:
            raise ValidationError(errors)


class ApplicationStep(models.Model):
    """One step of an application through the pipeline, recorded by staff with a date and a note.

    The application's ``status`` is the status of its latest step; the steps are the history.
    """

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="steps"
    )
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices)
    occurred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    stop_reason = models.CharField(
        _("reason for stopping"), max_length=30, choices=StopReason.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["occurred_on", "created_at", "pk"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")

    def __str__(self) -> str:
        return f"{self.application.reference} {self.status}"
