"""Two requests scheduling the same facilitator at the same moment book them once: the
facilitator's row is locked while the overlap is checked. PostgreSQL only: SQLite takes one
writer at a time, so there is no race to test there."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from coaching.models import Session, SessionKind
from coaching.sessions.services import session_schedule
from people.factories import CoachAssignmentFactory, CoachFactory, CoordinatorFactory, region

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL"),
]


def at_once(*calls):
    """Runs the calls in threads released together; returns (results, errors) in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except BaseException as exc:  # judged by the test, in its own thread
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_requests_at_once_cannot_book_a_facilitator_twice():
    antwerpen = region("antwerpen")
    coach = CoachFactory(email="race.coach@kring.test", regions=[antwerpen])
    first, second = (
        CoordinatorFactory(email=f"race{n}@kring.test", regions=[antwerpen]) for n in (1, 2)
    )
    for coordinator in (first, second):
        CoachAssignmentFactory(coordinator=coordinator, coach=coach)
    day = timezone.localdate() + datetime.timedelta(days=3)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

    def book(coordinator, offset_minutes):
        start = starts_at + datetime.timedelta(minutes=offset_minutes)
        return lambda: session_schedule(
            kind=SessionKind.COACHING,
            region=antwerpen,
            facilitator=coach,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            invitees=[coordinator],
            created_by=coach,
        )

    results = at_once(book(first, 0), book(second, 30))

    booked = [result for result in results if isinstance(result, Session)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert len(booked) == 1, results
    assert len(refused) == 1, results
    assert "starts_at" in refused[0].message_dict
    assert Session.objects.filter(facilitator=coach).count() == 1
