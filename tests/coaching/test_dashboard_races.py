"""Races on the dashboard: the same contact posted twice at the same moment is logged once, and
two beats running the weekly digest at the same moment send each coach's digest once.
PostgreSQL only: SQLite takes one writer at a time, so there is no race to test there."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from coaching.dashboard.digest import TOPIC_DIGEST, weekly_digests_send
from coaching.dashboard.services import contact_log
from coaching.models import Contact, ContactKind, WeeklyDigest
from people.models import OutboxMessage
from tests.coaching.test_dashboard_digest import MONDAY_7
from tests.coaching.test_dashboard_selectors import coached
from tests.trajects.test_races import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL"),
]


def test_the_same_contact_posted_twice_at_once_is_logged_once(coach):
    coordinator = coached(coach)

    def log():
        return contact_log(
            coach=coach,
            coordinator=coordinator,
            occurred_on=timezone.localdate(),
            kind=ContactKind.CALL,
            note="Called about the intervision.",
        ).pk

    first, second = at_once(log, log)

    assert first == second
    assert Contact.objects.count() == 1


def test_two_beats_at_once_send_each_digest_once(coach, other_coach):
    coached(coach)
    coached(other_coach)

    sent = at_once(*(lambda: weekly_digests_send(now=MONDAY_7) for _ in range(3)))

    assert sum(sent) == 2
    assert WeeklyDigest.objects.count() == 2
    assert OutboxMessage.objects.filter(topic=TOPIC_DIGEST).count() == 2
