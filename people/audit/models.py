"""The access log: append-only, and holding no copy of the data it is about."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("opened")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded")
    CHANGE = "change", _("changed")
    ERASE = "erase", _("erased")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("log-in failed")
    LOGOUT = "logout", _("logged out")
    MFA_CHANGE = "mfa_change", _("second factor changed")
    PASSWORD_CHANGE = "password_change", _("password changed")
    EMAIL_CHANGE = "email_change", _("e-mail address changed")
    SESSION_END = "session_end", _("session ended")


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Refused: a stored event is never changed (``bulk_update`` goes through here too)."""
        raise TypeError("Access events are append-only.")

    def about(self, obj: models.Model) -> AccessEventQuerySet:
        """The events about one record."""
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AccessEvent(models.Model):
    """One read, export, download or change of a record, or one log-in event.

    Append-only: ``save`` refuses to change a stored event; only the retention run deletes
    events, once they are older than ``KRING_AUDIT_RETENTION_DAYS``. It names the record by its
    type and id: never a copy of what was read.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=20, choices=AccessAction.choices)
    # "trajects.registration", "training.application", "people.user"; blank for log-in events.
    object_type = models.CharField(_("record type"), max_length=60, blank=True)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="access_event_record"),
            models.Index(fields=["actor", "at"], name="access_event_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} #{self.object_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("Access events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refused: events go only when the retention run prunes them
        (``people.audit.services.access_events_prune``)."""
        raise TypeError("Access events are append-only.")

    @property
    def record_label(self) -> str:
        """The record type in words ("registration"), or the label itself for an unknown type;
        blank for log-in events."""
        if not self.object_type:
            return ""
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type
