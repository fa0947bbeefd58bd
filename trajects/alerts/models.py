"""Alerts to staff, kept in the database with their due moments so that none is missed after a
restart and none is sent twice.

- The three-week promise: ``trajects.alerts.services.alerts_schedule`` writes a traject's day-10
  and day-18 alerts when it is accepted and moves them when a pause ends (paused days do not
  count against the promise); they are cancelled once the traject started or ended.
- No step for 14 days (``STALLED``) and the follow-up overdue (``FOLLOW_UP_OVERDUE``), as the
  dashboard defines them (``trajects.figures.selectors.trajects_at_risk``): the beat task finds
  them (``alerts_detect_due``), due at the last step + 14 days (+ 45 once the plan is
  distributed) and the day after the follow-up's day at ``ALERT_HOUR``. A traject is alerted
  once per stall (the due moment is part of the unique key) and once for its follow-up.

The beat task ``trajects.send_due_alerts`` finds and sends what is due, marking each row in the
transaction that writes its outbox message, and cancels those whose reason has gone.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from trajects.traject.models import Traject


class AlertKind(models.TextChoices):
    PROMISE_DAY_10 = "promise_day_10", _("Day 10 and not started")
    PROMISE_DAY_18 = "promise_day_18", _("Day 18 and not started")
    STALLED = "stalled", _("No step for 14 days")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up overdue")


# The three-week promise's alerts, written when the traject is accepted (``alerts_schedule``);
# the other kinds are found by the beat task from what the database holds (``alerts_detect_due``).
PROMISE_KINDS = (AlertKind.PROMISE_DAY_10, AlertKind.PROMISE_DAY_18)

# The kinds a traject gets at most once; a stalled traject can be alerted again after a new step
# (once per due moment).
ONCE_PER_TRAJECT = (
    AlertKind.PROMISE_DAY_10,
    AlertKind.PROMISE_DAY_18,
    AlertKind.FOLLOW_UP_OVERDUE,
)


# Days after the registration (plus the days paused before the start) each alert is due on.
ALERT_DAYS: dict[str, int] = {AlertKind.PROMISE_DAY_10: 10, AlertKind.PROMISE_DAY_18: 18}
# Alerts go out at this hour, Brussels time, on their day.
ALERT_HOUR = 9


class Alert(models.Model):
    traject = models.ForeignKey(
        Traject, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AlertKind.choices)
    due_at = models.DateTimeField(_("due"), db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "kind"],
                condition=models.Q(kind__in=[str(kind) for kind in ONCE_PER_TRAJECT]),
                name="alert_once_per_traject",
            ),
            models.UniqueConstraint(
                fields=["traject", "kind", "due_at"], name="alert_once_per_moment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.traject_id}: {self.kind}"
