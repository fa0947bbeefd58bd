"""A per-visitor rate limit for public forms and look-ups, counted in the database
(``cms.RateLimitCounter``, never Redis, so the forms keep working when Redis is down). The
visitor's address (``people.http.client_ip``: the client's, behind the trusted proxies) is
hashed with the secret key: no IP address is stored.

Every hit is one atomic ``UPDATE … SET count = count + 1`` (or the insert that starts a window,
where a concurrent insert loses on the primary key and counts on the winner's row), so a burst
of concurrent requests gets exactly ``limit`` through, on PostgreSQL as on SQLite.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from cms.models import RateLimitCounter
from people.http import client_ip

# A hit that cannot be counted after this many tries (constant contention) is refused.
TRIES = 5


def _visitor_key(request: HttpRequest, scope: str) -> str:
    address = client_ip(request) or ""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{address}".encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


def _count(key: str, period: int) -> int | None:
    """Counts one attempt; the attempts in the current window, or None to try again."""
    now = timezone.now()
    counters = RateLimitCounter.objects.filter(key=key)
    with transaction.atomic():
        if counters.filter(window_ends__gt=now).update(count=F("count") + 1):
            # The row stays locked by the update until this transaction ends.
            return counters.values_list("count", flat=True).get()
        ends = now + datetime.timedelta(seconds=period)
        if counters.filter(window_ends__lte=now).update(count=1, window_ends=ends):
            return 1
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(key=key, count=1, window_ends=ends)
        except IntegrityError:
            return None  # a concurrent first hit made the row: count on it
        return 1


def rate_limit_hit(request: HttpRequest, *, scope: str, limit: int, period: int) -> bool:
    """Counts one attempt; True when the visitor has gone over ``limit`` in ``period`` seconds."""
    key = _visitor_key(request, scope)
    for _try in range(TRIES):
        count = _count(key, period)
        if count is not None:
            return count > limit
    return True


def rate_limits_clear_expired(*, now: datetime.datetime | None = None) -> int:
    """Deletes the counters whose window has ended (beat runs it daily)."""
    deleted, _rows = RateLimitCounter.objects.filter(
        window_ends__lte=now or timezone.now()
    ).delete()
    return deleted
