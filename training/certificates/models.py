"""Certificates: proof that a volunteer met a track's rules, valid for a period, verifiable by
anyone who has the code at ``/certificaat/<code>/``.

The verification code is random (``secrets``, 128 bits), never derived from the id, so it cannot
be guessed or enumerated. The holder's name and the title are copied at issue: the certificate
says what was true that day.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.access import access_for, coordinators_of
from people.roles import Role
from training.languages import in_language

CODE_MAX_LENGTH = 32


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date | None = None) -> CertificateQuerySet:
        """Issued on or before the day, not yet expired and not revoked."""
        day = day or timezone.localdate()
        return self.filter(issued_on__lte=day, valid_until__gte=day, revoked_at__isnull=True)

    def expiring_within(self, days: int) -> CertificateQuerySet:
        today = timezone.localdate()
        return self.valid_on(today).filter(valid_until__lte=today + datetime.timedelta(days=days))

    def visible_to(self, user) -> CertificateQuerySet:
        """The holder sees their own; a coach their coordinators'; staff their regions';
        administrators all."""
        access = access_for(user)
        if access.is_administrator:
            return self.all()
        condition = Q(user_id=user.pk)
        if access.has(Role.REGIONAL_STAFF):
            condition |= Q(user__regions__in=access.region_ids)
        if access.has(Role.COACH):
            condition |= Q(user__in=coordinators_of(user))
        return self.filter(condition).distinct()

    def revocable_by(self, user) -> CertificateQuerySet:
        """Those ``user`` may revoke: of holders in their regions (administrators: all). Not
        ``visible_to``: a coach who is also staff may not revoke because they coach someone."""
        access = access_for(user)
        if access.is_administrator:
            return self.all()
        if not access.has(Role.REGIONAL_STAFF):
            return self.none()
        return self.filter(user__regions__in=access.region_ids).distinct()


class Certificate(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    track = models.ForeignKey(
        "training.Track",
        verbose_name=_("track"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(_("verification code"), max_length=CODE_MAX_LENGTH, unique=True)
    holder_name = models.CharField(_("name on the certificate"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    # The title in French and English, copied at issue like the Dutch one (may be empty).
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued"))
    valid_until = models.DateField(_("valid until"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the platform issued it on its own, once the rules were met."),
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_reason = models.TextField(_("reason for revoking"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("issued_on")),
                name="training_certificate_valid_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_until"], name="training_cert_user_idx")]

    def __str__(self) -> str:
        # Neither the name nor the code: a string of a certificate may end up in a log line.
        return f"certificate {self.pk}"

    @property
    def local_title(self) -> str:
        """The title in the active language (Dutch when that one is empty)."""
        return in_language(self, "title")

    def is_valid_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.revoked_at is None and self.issued_on <= day <= self.valid_until


class RenewalActivityKind(models.TextChoices):
    INTERVISION = "intervision", _("Intervision session")


class RenewalActivity(models.Model):
    """Something a certified volunteer did that counts towards keeping the certificate.

    Recorded by a higher app through ``training.certificates.services.renewal_activity_record``
    (the coaching app, for intervision), never read from that app: training does not import it.
    ``reference`` makes recording the same session twice count once.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="renewal_activities",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=RenewalActivityKind.choices)
    occurred_on = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=100)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("renewal activity")
        verbose_name_plural = _("renewal activities")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "reference"], name="training_renewal_activity_once"
            )
        ]

    def __str__(self) -> str:
        return f"renewal activity {self.pk}"
