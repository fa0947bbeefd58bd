"""Matching: staff propose one coordinator for a traject, the coordinator answers within 48 hours.

A ``Proposal`` is pending until the coordinator accepts (the traject starts with them), declines,
or lets it run out; staff may withdraw it. The database holds that a traject has at most one
pending proposal and a coordinator is asked about at most one traject at a time, so two staff
members proposing at once cannot both succeed. An ``Exclusion`` keeps a coordinator off one
family's shortlist (a conflict of interest that the coordinator or staff records).

Personal data: none of its own; the coordinator's decline note is read by staff only.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajects.models.registrations import Registration
from trajects.traject.models import Traject

# How long a coordinator has to answer a proposal before it goes back to staff.
ANSWER_HOURS = 48


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")
    WITHDRAWN = "withdrawn", _("Withdrawn by staff")


class DeclineReason(models.TextChoices):
    NO_TIME = "no_time", _("I have no time for a traject now")
    CONFLICT_OF_INTEREST = (
        "conflict_of_interest",
        _("I know this family or the people around them (a conflict of interest)"),
    )
    LANGUAGE_OR_PLACE = "language_or_place", _("The language or the place does not suit me")
    OTHER = "other", _("Another reason")


def answer_due(proposed_at):
    return proposed_at + timedelta(hours=ANSWER_HOURS)


class ProposalQuerySet(models.QuerySet):
    def pending(self) -> ProposalQuerySet:
        return self.filter(state=ProposalState.PENDING)

    def for_coordinator(self, user) -> ProposalQuerySet:
        """The proposals made to ``user`` (the portal shows only the pending ones)."""
        return self.filter(coordinator=user) if user.is_authenticated else self.none()


class Proposal(models.Model):
    """Staff asking one coordinator to take one traject."""

    traject = models.ForeignKey(
        Traject, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="proposals"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed on"), default=timezone.now)
    answer_due_at = models.DateTimeField(_("answer due"), db_index=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject"],
                condition=Q(state="pending"),
                name="proposal_one_pending_per_traject",
            ),
            models.UniqueConstraint(
                fields=["coordinator"],
                condition=Q(state="pending"),
                name="proposal_one_pending_per_coordinator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.traject_id} → {self.coordinator_id} ({self.state})"

    def save(self, *args, **kwargs):
        if self.answer_due_at is None:
            self.answer_due_at = answer_due(self.proposed_at)
        super().save(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.state == ProposalState.PENDING


class Exclusion(models.Model):
    """This coordinator is not proposed for this family (a conflict of interest)."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="exclusions",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded on"), default=timezone.now)

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "coordinator"], name="exclusion_once_per_family"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} ≠ {self.coordinator_id}"
