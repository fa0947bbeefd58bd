"""The registrant's status link: a private, unguessable address (``/aanvraag/<token>/``) where
whoever registered sees where the question stands, without names, details or the reference.

One link per registration, made when the registration is stored. The token is the only key:
32 random bytes (``secrets.token_urlsafe``), so links cannot be guessed or enumerated. Staff can
revoke a link; a revoked link stays revoked (no new one is made by itself), and a link stops
working some months after the question ended (``trajects.status.selectors``).

The token is stored as it is, not hashed: the confirmation e-mail is written after the
registration is committed (through the outbox) and must be able to name it.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajects.models.registrations import Registration

TOKEN_BYTES = 32
# What ``secrets.token_urlsafe(TOKEN_BYTES)`` gives: 43 characters of the URL-safe alphabet.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_well_formed(token: str) -> bool:
    return TOKEN_PATTERN.fullmatch(token) is not None


class StatusLinkQuerySet(models.QuerySet):
    def live(self) -> StatusLinkQuerySet:
        """Links that were not revoked (whether they have expired is the selector's question)."""
        return self.filter(revoked_at__isnull=True)


class StatusLink(models.Model):
    """The registrant's private link to the status page of their registration."""

    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="status_link",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("made on"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = StatusLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("status link")
        verbose_name_plural = _("status links")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=False) | Q(revoked_by__isnull=True),
                name="status_link_revoked_by_only_when_revoked",
            ),
        ]

    def __str__(self) -> str:
        # Never the token: this is what admin lists and logs would show.
        return f"status link of registration {self.registration_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
