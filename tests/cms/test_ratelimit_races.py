"""The database rate limit (cms/ratelimit.py) under a burst of concurrent requests, and its
window: fixed from the first hit, not moved by the hits after it.

The burst runs on PostgreSQL only: SQLite takes one writer at a time, so there is no race to
test there. The window does not depend on concurrency and runs on both."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.test import RequestFactory

from cms.models import RateLimitCounter
from cms.ratelimit import rate_limit_hit

SCOPE = "test-burst"
LIMIT = 20
PERIOD = 10 * 60


def visitor(address: str = "203.0.113.7"):
    return RequestFactory().post("/formulier/", REMOTE_ADDR=address)


def at_once(call, times: int) -> list:
    """Runs ``call`` in ``times`` threads released together (each with its own database
    connection); returns their results."""
    barrier = threading.Barrier(times)
    results: list = [None] * times
    errors: list[BaseException] = []

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request never came back"
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL")
def test_forty_concurrent_requests_against_a_limit_of_twenty_let_exactly_twenty_through():
    request = visitor()

    def hit():
        return rate_limit_hit(request, scope=SCOPE, limit=LIMIT, period=PERIOD)

    results = at_once(hit, 2 * LIMIT)

    assert results.count(False) == LIMIT  # allowed
    assert results.count(True) == LIMIT  # over the limit
    (counter,) = RateLimitCounter.objects.all()
    assert counter.count == 2 * LIMIT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL")
def test_concurrent_first_hits_of_two_visitors_are_counted_apart():
    first, second = visitor("203.0.113.7"), visitor("198.51.100.9")
    calls = [first, second] * LIMIT

    lock = threading.Lock()
    order = iter(calls)

    def hit():
        with lock:
            request = next(order)
        return request.META["REMOTE_ADDR"], rate_limit_hit(
            request, scope=SCOPE, limit=LIMIT, period=PERIOD
        )

    results = at_once(hit, len(calls))

    # Each visitor made exactly LIMIT requests: none of them is over.
    assert [refused for _address, refused in results] == [False] * len(calls)
    assert sorted(RateLimitCounter.objects.values_list("count", flat=True)) == [LIMIT, LIMIT]


@pytest.mark.django_db
def test_the_window_runs_from_the_first_hit_and_later_hits_do_not_extend_it(time_machine):
    request = visitor()
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    period = datetime.timedelta(seconds=PERIOD)

    def hit():
        return rate_limit_hit(request, scope=SCOPE, limit=LIMIT, period=PERIOD)

    time_machine.move_to(start, tick=False)
    assert [hit() for _ in range(LIMIT)] == [False] * LIMIT
    assert hit() is True

    # Hits late in the window are still refused, and are counted in the same window.
    time_machine.move_to(start + period / 2, tick=False)
    assert hit() is True
    time_machine.move_to(start + period - datetime.timedelta(seconds=1), tick=False)
    assert hit() is True

    # The window ends PERIOD after the first hit, however recent the last one was.
    time_machine.move_to(start + period, tick=False)
    assert hit() is False
    assert [hit() for _ in range(LIMIT - 1)] == [False] * (LIMIT - 1)
    assert hit() is True
