"""Erasure requests (one staff member asks, a colleague confirms) and retention runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    """A request to erase (anonymise) one data subject's record.

    Names the record by its subject kind (``people.privacy.registry.Subject.kind``) and id, never
    by a name. Registrations need a second staff member's confirmation before the erasure runs;
    the others are done by the requester at once (``confirmed_by`` is then the requester).
    """

    subject_kind = models.CharField(_("kind"), max_length=30)
    object_id = models.BigIntegerField(_("record"))
    # Why, in staff's words; the form asks not to write names in it.
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    done_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            # One open request per record: a second click, or a second colleague, finds it.
            models.UniqueConstraint(
                fields=["subject_kind", "object_id"],
                condition=Q(done_at__isnull=True, cancelled_at__isnull=True),
                name="erasure_one_open_request_per_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind} #{self.object_id}"

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.cancelled_at is None


class RetentionRun(models.Model):
    """One run of the retention rules (nightly, or by hand with ``--dry-run``), with its report:
    per rule, how many records were (or would be) anonymised or deleted."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"retention {self.started_at:%Y-%m-%d %H:%M}"
