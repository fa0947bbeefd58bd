"""The coach's weekly digest: on Monday from 07:00 Brussels time, one e-mail per coach with the
week's flags and sessions, links only, no family details.

Sent once a week, from the database: ``weekly_digests_send`` inserts one ``WeeklyDigest`` row
per coach and week (a unique constraint; ``ignore_conflicts``), then claims each row still
unsent with a conditional update, in the transaction that writes its outbox message. Two
beats at once, or a beat after a restart, find the rows claimed and send nothing again. A
beat that was down at 07:00 catches up at its next run in the same week.
"""

from __future__ import annotations

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from coaching.dashboard.selectors import (
    CoordinatorRow,
    coach_dashboard,
    flag_counts,
    sessions_between,
)
from coaching.models import WeeklyDigest
from coaching.selectors import profile_for
from people.links import absolute_url
from people.models import CoachAssignment, User
from people.outbox import outbox_add

logger = logging.getLogger(__name__)

TOPIC_DIGEST = "coaching.weekly_digest"
BRUSSELS = ZoneInfo("Europe/Brussels")
DIGEST_WEEKDAY = 0  # Monday
DIGEST_HOUR = 7


def digest_week_of(now: datetime.datetime) -> datetime.date | None:
    """The Monday of the week whose digest is due at ``now``: from Monday 07:00 Brussels time
    through Sunday; None on Monday before 07:00 (this week's is not due yet)."""
    local = now.astimezone(BRUSSELS)
    monday = local.date() - datetime.timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    if local.date() == monday and local.hour < DIGEST_HOUR:
        return None
    return monday


def digest_coaches() -> QuerySet[User]:
    """Active coaches with at least one coordinator today who did not switch the digest off."""
    coaching = CoachAssignment.objects.filter(
        coach=OuterRef("pk"), ends_on__isnull=True, coordinator__is_active=True
    )
    return (
        User.objects.coaches()
        .filter(Exists(coaching))
        .exclude(coaching_profile__weekly_digest=False)
        .distinct()
    )


def weekly_digests_send(*, now: datetime.datetime | None = None) -> int:
    """Hands this week's digest of every coach who should have it and has not to the outbox
    (see the module's docstring). Returns how many were handed over."""
    now = now or timezone.now()
    week_of = digest_week_of(now)
    if week_of is None:
        return 0
    coach_ids = list(digest_coaches().values_list("pk", flat=True))
    if not coach_ids:
        return 0
    WeeklyDigest.objects.bulk_create(
        [WeeklyDigest(coach_id=coach_id, week_of=week_of) for coach_id in coach_ids],
        ignore_conflicts=True,
    )
    pending = list(
        WeeklyDigest.objects.filter(
            week_of=week_of, sent_at__isnull=True, coach_id__in=coach_ids
        ).values_list("pk", flat=True)
    )
    sent = 0
    for digest_id in pending:
        with transaction.atomic():
            claimed = WeeklyDigest.objects.filter(pk=digest_id, sent_at__isnull=True).update(
                sent_at=now
            )
            if claimed:
                outbox_add(topic=TOPIC_DIGEST, object_id=digest_id)
                sent += 1
    if sent:
        logger.info("coaching: %s weekly digest(s) handed to the outbox", sent)
    return sent


def _week_bounds(week_of: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(week_of, datetime.time(0), tzinfo=BRUSSELS)
    end = datetime.datetime.combine(
        week_of + datetime.timedelta(days=7), datetime.time(0), tzinfo=BRUSSELS
    )
    return start, end


def _flagged(rows: list[CoordinatorRow]) -> list[dict[str, object]]:
    """The coordinators with a flag, by first name and initial (colleagues; never a family)."""
    return [
        {"name": row.short_name, "flags": [str(info.label) for info in row.flag_infos]}
        for row in rows
        if row.flags
    ]


def digest_context(*, digest: WeeklyDigest, today: datetime.date) -> dict[str, object] | None:
    """What the digest of ``digest`` says, reversed and labelled in the active language; None
    when there is nothing to send (no coordinators any more)."""
    rows = coach_dashboard(coach=digest.coach, today=today)
    if not rows:
        return None
    start, end = _week_bounds(digest.week_of)
    sessions = [
        {
            "starts_at": upcoming.session.starts_at,
            "ends_at": upcoming.session.ends_at,
            "kind": upcoming.session.get_kind_display(),
            "link": absolute_url(upcoming.url),
            "coming": upcoming.coming,
            "no_reply": upcoming.no_reply,
        }
        for upcoming in sessions_between(coach=digest.coach, start=start, end=end)
    ]
    return {
        "week_of": digest.week_of,
        "coordinators": len(rows),
        "counts": [(info.label, count) for info, count in flag_counts(rows) if count],
        "flagged": _flagged(rows),
        "sessions": sessions,
        "dashboard_link": absolute_url(reverse("coaching:dashboard")),
    }


def digest_email_send(*, digest_id: int) -> bool:
    """Sends one coach's weekly digest, in their language: the counts per flag, the flagged
    coordinators by first name and initial, the week's sessions, links to the dashboard and
    the sessions. False when nothing was sent (the coach left, switched it off, or has no
    coordinators any more)."""
    digest = WeeklyDigest.objects.select_related("coach").filter(pk=digest_id).first()
    if digest is None:
        return False
    coach = digest.coach
    if not coach.is_active or not profile_for(coach).weekly_digest:
        return False
    with translation.override(coach.preferred_language or settings.LANGUAGE_CODE):
        context = digest_context(digest=digest, today=timezone.localdate())
        if context is None:
            return False
        subject = render_to_string("coaching/email/digest_subject.txt", context)
        body = render_to_string("coaching/email/digest_message.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [coach.email])
    return True
